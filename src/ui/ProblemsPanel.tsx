import { getStore, useAppStore, selectDiagnostics } from '../state/store';

export function ProblemsPanel() {
  const diagnostics = useAppStore(selectDiagnostics);
  if (diagnostics.length === 0) return <p className="empty-state">No problems found in the YAML.</p>;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...diagnostics].sort(
    (a, b) => order[a.severity] - order[b.severity] || (a.range?.line ?? 0) - (b.range?.line ?? 0),
  );
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((d, i) => (
        <li key={i} className={`problem ${d.severity}`}>
          <span className="sev" aria-hidden="true">
            {d.severity === 'error' ? '⛔' : d.severity === 'warning' ? '⚠' : 'ℹ'}
          </span>
          <button
            type="button"
            className="link"
            onClick={() => d.range && getStore().getState().revealLines(d.range.line, d.range.endLine)}
            aria-label={`${d.severity} at line ${d.range?.line ?? '?'}: ${d.message}`}
          >
            {d.range ? `line ${d.range.line}:${d.range.col}` : 'input'}
          </button>{' '}
          <span className="msg">{d.message}</span> <code className="code">{d.code}</code>
        </li>
      ))}
    </ul>
  );
}
