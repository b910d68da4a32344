import { useEffect } from 'react';
import { useAppStore, useAppStoreApi, selectReceipt, selectText, type EditReceipt } from '../../state/store';
import type { Workspace } from '../../engine/index';
import { undoEdit } from '../editor/editorRegistry';

/** "Added an ingress rule to monitoring/grafana, line 171": the receipt in words, with the policy found. */
export function receiptText(receipt: EditReceipt, workspace: Workspace | null): string {
  const policy =
    receipt.policy && workspace
      ? workspace.cluster.policies.find(
          (p) => p.range && p.range.line <= receipt.endLine && receipt.line <= p.range.endLine,
        )
      : undefined;
  const where = policy
    ? receipt.policy === 'to'
      ? ` to ${policy.namespace}/${policy.name}`
      : ` (NetworkPolicy ${policy.namespace}/${policy.name})`
    : '';
  return `${receipt.action}${where}, line ${receipt.line}`;
}

/**
 * The confirmation of the last edit made from the UI, where the tools are: what changed and where,
 * a way to see it in the editor, and Undo. Typing afterwards makes it history: it goes away.
 */
export function EditReceiptBar() {
  const store = useAppStoreApi();
  const receipt = useAppStore(selectReceipt);
  const text = useAppStore(selectText);
  // The policy is named once the new text is evaluated (it may be one the edit created).
  const workspace = useAppStore((s) =>
    s.receipt && s.evaluatedText === s.receipt.after ? s.workspace : null,
  );
  useEffect(() => {
    if (receipt && text !== receipt.after) store.getState().dismissReceipt();
  }, [store, receipt, text]);
  if (!receipt || text !== receipt.after) return null;
  const s = store.getState();
  return (
    <div className="receipt">
      <span role="status">
        <span aria-hidden="true">✓ </span>
        {receiptText(receipt, workspace)}.
      </span>
      <button type="button" className="link" onClick={() => s.revealLines(receipt.line, receipt.endLine)}>
        Show in YAML
      </button>
      <button
        type="button"
        onClick={() => undoEdit(store, receipt)}
        title="Take this edit back (one Undo step)"
      >
        Undo
      </button>
      <button type="button" aria-label="Dismiss the confirmation" title="Dismiss" onClick={s.dismissReceipt}>
        ✕
      </button>
    </div>
  );
}
