/**
 * Connections an edit opens or closes, as "from → to (ports)" lines: the first 20, then a count of the
 * rest (`total` when the list itself was cut short by the engine).
 */
export function ConnectionList({
  label,
  items,
  total = items.length,
}: {
  label: string;
  items: readonly string[];
  total?: number;
}) {
  return (
    <ul aria-label={label}>
      {items.slice(0, 20).map((l) => (
        <li key={l}>{l}</li>
      ))}
      {total > Math.min(20, items.length) && <li>… and {total - Math.min(20, items.length)} more</li>}
    </ul>
  );
}
