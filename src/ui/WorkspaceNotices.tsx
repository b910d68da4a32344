import { useEffect, useState } from 'react';
import { useSync } from '../state/workspaceSync';

/** True once `on` has lasted a second: quick saves pass unannounced. */
function useSlow(on: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!on) {
      setSlow(false);
      return;
    }
    const t = setTimeout(() => setSlow(true), 1000);
    return () => clearTimeout(t);
  }, [on]);
  return slow;
}

/**
 * What the saving needs the user to decide: another tab saved a different workspace (this tab saves
 * nothing until they choose), and the other tab's version kept as a backup.
 */
export function WorkspaceNotices() {
  const theirs = useSync((s) => s.theirs);
  const backup = useSync((s) => s.backup);
  const saving = useSync((s) => s.saving);
  const sync = useSync((s) => s);
  const slow = useSlow(saving);
  if (!theirs && !backup && !slow) return null;
  return (
    <>
      {slow && (
        <div className="notice" role="status" aria-label="Saving">
          <span>Saving the workspace in this browser… Keep this tab open until it is done.</span>
        </div>
      )}
      {theirs && (
        <div className="notice sync-conflict" role="alert" aria-label="Another tab saved the workspace">
          <span>
            Another tab changed the saved workspace. This tab stops saving until you choose, so nothing is
            overwritten.
          </span>
          <button
            type="button"
            onClick={() => void sync.loadTheirs()}
            title="Show the other tab’s workspace here; Undo open brings yours back"
          >
            Load theirs
          </button>
          <button
            type="button"
            onClick={() => sync.keepMine()}
            title="Save this tab’s workspace; the other tab’s is kept as a backup you can restore"
          >
            Keep mine
          </button>
        </div>
      )}
      {!theirs && backup && (
        <div className="notice" role="status" aria-label="Backup of another tab">
          <span>Another tab’s version of the workspace is kept as a backup.</span>
          <button
            type="button"
            onClick={() => void sync.restoreBackup()}
            title="Open the kept version; Undo open brings this one back"
          >
            Restore backup
          </button>
          <button type="button" onClick={() => sync.discardBackup()} title="Delete the kept version">
            Discard backup
          </button>
        </div>
      )}
    </>
  );
}
