import { useMemo } from 'react';
import { applyEdit, type Edit } from '../../engine/index';
import { useAppStore, useAppStoreApi, selectAnalysis, selectWorkspace } from '../../state/store';
import { connectionChanges } from './planConnection';
import { ConnectionList } from './ConnectionList';

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
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const text = useAppStore((s) => s.text);
  const preview = useMemo(() => {
    if (!workspace || !analysis) return null;
    const r = applyEdit(text, edit);
    const error = r.diagnostics.find((d) => d.severity === 'error');
    if (error)
      return { error: error.message, changed: false, closed: [] as string[], opened: [] as string[] };
    const change = connectionChanges(workspace, analysis, r.value.text);
    return {
      error: null,
      changed: r.value.changed,
      closed: change.closed.map((c) => c.text),
      opened: change.opened.map((c) => c.text),
    };
    // The same edit, rebuilt by each render of the toolbar, is previewed once.
  }, [workspace, analysis, text, JSON.stringify(edit)]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!preview) return null;
  return (
    <div className="edit-preview" role="group" aria-label={label}>
      {preview.error ? (
        <p className="field-error">{preview.error}</p>
      ) : !preview.changed ? (
        <p>Nothing to change: the YAML already has it.</p>
      ) : (
        <>
          <p>
            {what} closes {preview.closed.length} connection{preview.closed.length === 1 ? '' : 's'}
            {preview.closed.length ? ':' : '.'}
          </p>
          <ConnectionList label="Closes" items={preview.closed} />
          {preview.opened.length > 0 && (
            <>
              <p>⚠ It also opens {preview.opened.length}:</p>
              <ConnectionList label="Opens" items={preview.opened} />
            </>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          // A refused edit can still be asked for: the store says why (fix the YAML first, ...).
          disabled={!preview.error && !preview.changed}
          onClick={() => {
            store.getState().applyEdits([edit]);
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
