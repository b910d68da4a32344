import { useEffect, useState } from 'react';
import type { ConnectionDelta } from '../../worker/protocol';
import { loadSaved, readSavedText } from '../../state/persistence';
import { useAppStore, selectWorkspace } from '../../state/store';
import { useEngine } from '../../state/useEngine';
import { useDialog } from '../edit/useDialog';
import { ConnectionList } from '../edit/ConnectionList';
import { useGraphChanges } from '../graph/useGraphChanges';

/** The version compared with: its text and how to name it. */
interface Version {
  name: string;
  text: string;
}

/** The files compared with are read whole; past this they are refused (the workspace's own limit is higher). */
const MAX_COMPARE_BYTES = 64 * 1024 * 1024;

/** Connections shown with their explanations: each opens on request. */
const EXPLAINED_LISTED = 50;

type Source = 'file' | 'edit' | 'open' | 'saved';

/**
 * Compare: the workspace against another version (a file, the text before the last edit, the
 * workspace before the last open, or the last one saved in this browser). Lists the connections the
 * workspace opens and closes relative to it, each with the explanation of both sides, and draws them
 * on the graph (dotted "+ opens", dashed "⊣ closes"). Worked out in the engine worker.
 */
export function CompareDialog({ onClose }: { onClose: () => void }) {
  // Not modal: the graph with the changes drawn stays in view.
  const dialog = useDialog(onClose, false);
  const beforeLastEdit = useAppStore((s) => s.beforeLastEdit);
  const previous = useAppStore((s) => s.previous);
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<Version | null>(null);
  const [saved, setSaved] = useState<Version | null | 'none'>(null);
  const [error, setError] = useState<string | null>(null);
  const [reverse, setReverse] = useState(false);

  useEffect(() => {
    if (source !== 'saved') return;
    let live = true;
    const record = loadSaved(window.localStorage).value;
    if (!record) {
      setSaved('none');
      return;
    }
    void readSavedText(record).then((text) => {
      if (live) setSaved(text === null ? 'none' : { name: 'the last saved workspace', text });
    });
    return () => {
      live = false;
    };
  }, [source]);

  const version: Version | null =
    source === 'file'
      ? file
      : source === 'edit'
        ? beforeLastEdit === null
          ? null
          : { name: 'the text before the last edit', text: beforeLastEdit }
        : source === 'open'
          ? previous
            ? { name: 'the workspace before the last open', text: previous.text }
            : null
          : saved && saved !== 'none'
            ? saved
            : null;

  const readFile = async (f: File | undefined) => {
    setError(null);
    if (!f) return;
    if (f.size > MAX_COMPARE_BYTES) {
      setError(`${f.name} is over ${MAX_COMPARE_BYTES / 1024 / 1024} MB: not compared.`);
      return;
    }
    setFile({ name: f.name, text: await f.text() });
  };

  return (
    <dialog ref={dialog} className="dialog compare-dialog" aria-label="Compare versions">
      <h3>Compare the workspace with another version</h3>
      <div className="dialog-grid">
        <label>
          Compare with
          <select value={source} onChange={(e) => setSource(e.target.value as Source)}>
            <option value="file">a file…</option>
            <option value="edit" disabled={beforeLastEdit === null}>
              the text before the last edit
            </option>
            <option value="open" disabled={!previous}>
              the workspace before the last open
            </option>
            <option value="saved">the last saved workspace</option>
          </select>
        </label>
        <label title="Which way to read the change">
          Direction
          <select
            value={reverse ? 'reverse' : 'forward'}
            onChange={(e) => setReverse(e.target.value === 'reverse')}
          >
            <option value="forward">from it to the workspace</option>
            <option value="reverse">from the workspace to it</option>
          </select>
        </label>
        {source === 'file' && (
          <label title="A manifest file (YAML or JSON) to compare the workspace with">
            File to compare with
            <input
              type="file"
              aria-label="File to compare with"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
          </label>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {source === 'saved' && saved === 'none' && (
        <p className="hint">Nothing is saved in this browser yet.</p>
      )}
      {version ? (
        <CompareResult version={version} reverse={reverse} />
      ) : (
        source === 'file' && <p className="hint">Choose a file to compare the workspace with.</p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

function CompareResult({ version, reverse }: { version: Version; reverse: boolean }) {
  const workspace = useAppStore(selectWorkspace);
  const { result } = useEngine('diff', { other: version.text, otherName: version.name, reverse });
  useGraphChanges(workspace, result?.changes.opened ?? NONE, result?.changes.closed ?? NONE);
  if (!result)
    return (
      <p role="status" aria-busy="true">
        Comparing…
      </p>
    );
  const { changes } = result;
  const same = changes.openedCount === 0 && changes.closedCount === 0;
  return (
    <section aria-label="Comparison" className="comparison">
      {result.error && <p className="field-error">{result.error}</p>}
      <p role="status">
        {same
          ? `Same connectivity as ${version.name}.`
          : `From ${reverse ? `the workspace to ${version.name}` : `${version.name} to the workspace`}, ${changeCounts(changes.openedCount, changes.closedCount)}.`}
      </p>
      {(result.endpointsAdded.length > 0 || result.endpointsRemoved.length > 0) && (
        <p className="hint">
          {result.endpointsAdded.length > 0 && `New here: ${result.endpointsAdded.slice(0, 10).join(', ')}. `}
          {result.endpointsRemoved.length > 0 && `Gone: ${result.endpointsRemoved.slice(0, 10).join(', ')}.`}
        </p>
      )}
      {changes.openedCount > 0 && (
        <>
          <h4>
            <span aria-hidden="true">＋ </span>Opened ({changes.openedCount})
          </h4>
          <DeltaList
            label="Opened"
            kind="opened"
            items={changes.opened}
            total={changes.openedCount}
            version={version}
          />
        </>
      )}
      {changes.closedCount > 0 && (
        <>
          <h4>
            <span aria-hidden="true">⊣ </span>Closed ({changes.closedCount})
          </h4>
          <DeltaList
            label="Closed"
            kind="closed"
            items={changes.closed}
            total={changes.closedCount}
            version={version}
          />
        </>
      )}
    </section>
  );
}
const NONE: never[] = [];

function DeltaList({
  label,
  kind,
  items,
  total,
  version,
}: {
  label: string;
  kind: 'opened' | 'closed';
  items: readonly ConnectionDelta[];
  total: number;
  version: Version;
}) {
  if (items.length > EXPLAINED_LISTED)
    return <ConnectionList label={label} items={items.map((c) => `${kind}: ${c.text}`)} total={total} />;
  return (
    <ul aria-label={label} className={`delta-list ${kind}`}>
      {items.map((c) => (
        <li key={c.text}>
          <details>
            <summary>
              <span aria-hidden="true">{kind === 'opened' ? '＋' : '⊣'} </span>
              {kind}: {c.text}
            </summary>
            <div className="delta-sides">
              <SideExplanation title={`In ${version.name}`} pair={c} version={version.text} />
              <SideExplanation title="In the workspace" pair={c} />
            </div>
          </details>
        </li>
      ))}
      {total > items.length && <li>… and {total - items.length} more</li>}
    </ul>
  );
}

/** "1 connection opens and 2 close": the verbs agree with their counts. */
function changeCounts(opened: number, closed: number): string {
  const verb = (n: number, v: string) => (n === 1 ? `${v}s` : v);
  return `${opened} connection${opened === 1 ? '' : 's'} ${verb(opened, 'open')} and ${closed} ${verb(closed, 'close')}`;
}

/** Why a pair is allowed or denied in one version, from the engine worker, in its steps. */
function SideExplanation({
  title,
  pair,
  version,
}: {
  title: string;
  pair: ConnectionDelta;
  version?: string;
}) {
  const { result } = useEngine(
    'explain',
    {
      from: pair.from,
      to: pair.to,
      port: null,
      protocol: 'TCP',
      ...(version !== undefined ? { version } : {}),
    },
    // Both sides of every pair opened at once, each answered.
    `compare:${version === undefined ? 'now' : 'then'}:${pair.from}\u0000${pair.to}`,
  );
  return (
    <div className="delta-side" role="group" aria-label={title}>
      <h5>{title}</h5>
      {!result ? (
        <p role="status">Explaining…</p>
      ) : !result.found ? (
        <p>
          {pair.from} or {pair.to} is not in this version.
        </p>
      ) : (
        <ol className="steps">
          {result.steps.map((s, i) => (
            <li key={i} className={s.allowed ? 'step-allowed' : 'step-denied'}>
              <span aria-hidden="true">{s.allowed ? '✓' : '✕'} </span>
              {s.text}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
