/** Connections an edit opens or closes, as "from → to (ports)" lines: the first 20, then a count. */
export function ConnectionList({ label, items }: { label: string; items: readonly string[] }) {
  return (
    <ul aria-label={label}>
      {items.slice(0, 20).map((l) => (
        <li key={l}>{l}</li>
      ))}
      {items.length > 20 && <li>… and {items.length - 20} more</li>}
    </ul>
  );
}
