// The preview every visual edit shows before it is applied: its YAML and the connections it opens and
// closes, from the engine worker, drawn on the graph while shown.
import { useMemo } from 'react';
import type { Edit } from '../../engine/index';
import { useAppStore, useAppStoreApi, selectWorkspace } from '../../state/store';
import { useEngine } from '../../state/useEngine';
import { useGraphChanges } from '../graph/useGraphChanges';
import { ConnectionList } from './ConnectionList';

const plural = (n: number) => `${n} connection${n === 1 ? '' : 's'}`;

/**
 * The engine worker's preview of edits: whether they apply, the text after them, and every
 * connection they open and close (drawn on the graph while shown). Null while it works.
 */
export function useEditPreview(edits: readonly Edit[] | null) {
  const workspace = useAppStore(selectWorkspace);
  // The text the preview is of (a preview is shown only for the current text).
  const text = useAppStore((s) => s.text);
  const { result, pending } = useEngine('previewEdits', edits && workspace ? { edits: [...edits] } : null);
  useGraphChanges(workspace, result?.changes.opened ?? NONE, result?.changes.closed ?? NONE);
  const computed = result && !result.error ? { text, replacement: result.replacement } : undefined;
  return { preview: result, pending, computed };
}
const NONE: never[] = [];

/**
 * Before an edit that closes connections is applied: every connection it closes (and any it opens),
 * then Apply or Cancel. Nothing changes until Apply.
 */
export function EditPreview({
  edit,
  what,
  confirm,
  label,
  onDone,
}: {
  label: string;
  edit: Edit;
  /** "Denying all ingress in namespace web": the subject of the sentence. */
  what: string;
  confirm: string;
  onDone: () => void;
}) {
  const store = useAppStoreApi();
  // The same edit, rebuilt by each render of the toolbar, is previewed once (compared by value).
  const edits = useMemo(() => [edit], [JSON.stringify(edit)]); // eslint-disable-line react-hooks/exhaustive-deps
  const { preview, pending, computed } = useEditPreview(edits);
  return (
    <div className="edit-preview" role="group" aria-label={label} aria-busy={pending}>
      {!preview ? (
        <p role="status">Working out what changes…</p>
      ) : preview.error ? (
        <p className="field-error">{preview.error}</p>
      ) : !preview.changed ? (
        <p>Nothing to change: the YAML already has it.</p>
      ) : (
        <ChangeLists what={what} changes={preview.changes} />
      )}
      <div className="dialog-actions">
        <button
          type="button"
          // A refused edit can still be asked for: the store says why (fix the YAML first, ...).
          disabled={!preview || (!preview.error && !preview.changed)}
          onClick={() => {
            if (!preview) return;
            store.getState().applyEdits([edit], undefined, computed);
            onDone();
          }}
        >
          {confirm}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** "X closes N connections:" with the list, then what it also opens. */
export function ChangeLists({
  what,
  changes,
}: {
  what: string;
  changes: {
    opened: { text: string }[];
    closed: { text: string }[];
    openedCount: number;
    closedCount: number;
  };
}) {
  return (
    <>
      <p>
        {what} closes {plural(changes.closedCount)}
        {changes.closedCount ? ':' : '.'}
      </p>
      <ConnectionList label="Closes" items={changes.closed.map((c) => c.text)} total={changes.closedCount} />
      {changes.openedCount > 0 && (
        <>
          <p>⚠ It also opens {changes.openedCount}:</p>
          <ConnectionList
            label="Opens"
            items={changes.opened.map((c) => c.text)}
            total={changes.openedCount}
          />
        </>
      )}
    </>
  );
}
