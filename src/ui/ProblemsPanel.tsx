import { useMemo, useState } from 'react';
import { useAppStore, useAppStoreApi, selectDiagnostics } from '../state/store';
import type { Severity } from '../engine/index';

/** Problems listed at first, and added per "Show more": a cluster export can have thousands. */
export const PROBLEMS_PAGE = 200;

export function ProblemsPanel() {
  const store = useAppStoreApi();
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
            <SeverityIcon severity={d.severity} />
            <button
              type="button"
              className="link"
              onClick={() => d.range && store.getState().revealLines(d.range.line, d.range.endLine)}
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

/**
 * The severity as a shape as well as a colour (a circle with a bar, a triangle with "!", a circle with
 * "i"), drawn inline: an emoji or symbol glyph shows as an empty box where no installed font has it.
 */
export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <svg className={`sev sev-${severity}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      {severity === 'error' ? (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <rect x="3.5" y="6.75" width="9" height="2.5" rx="0.5" fill="#fff" />
        </>
      ) : severity === 'warning' ? (
        <>
          <path d="M8 1.2 15.2 14.5H0.8Z" fill="currentColor" />
          <rect x="7.1" y="5.5" width="1.8" height="5" fill="#fff" />
          <rect x="7.1" y="11.6" width="1.8" height="1.7" fill="#fff" />
        </>
      ) : (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <rect x="7.1" y="6.8" width="1.8" height="5.5" fill="#fff" />
          <rect x="7.1" y="3.7" width="1.8" height="1.8" fill="#fff" />
        </>
      )}
    </svg>
  );
}
