import { useMemo, useState } from 'react';
import { getStore, useAppStore, selectDiagnostics } from '../state/store';

/** Problems listed at first, and added per "Show more": a cluster export can have thousands. */
export const PROBLEMS_PAGE = 200;

export function ProblemsPanel() {
  const diagnostics = useAppStore(selectDiagnostics);
  const [shown, setShown] = useState(PROBLEMS_PAGE);
  const sorted = useMemo(() => {
    const order = { error: 0, warning: 1, info: 2 } as const;
    return [...diagnostics].sort(
      (a, b) => order[a.severity] - order[b.severity] || (a.range?.line ?? 0) - (b.range?.line ?? 0),
    );
  }, [diagnostics]);
  if (diagnostics.length === 0) return <p className="empty-state">No problems found in the YAML.</p>;
  const left = sorted.length - shown;
  return (
    <>
      <ul className="problems" aria-label="Problems">
        {sorted.slice(0, shown).map((d, i) => (
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
      {left > 0 && (
        <p className="problems-more">
          Showing {shown} of {sorted.length} problems, errors first.{' '}
          <button type="button" onClick={() => setShown(shown + PROBLEMS_PAGE)}>
            Show {Math.min(PROBLEMS_PAGE, left)} more
          </button>
        </p>
      )}
    </>
  );
}
