import { useMemo, useState } from 'react';
import { useAppStore, useAppStoreApi, selectWorkspace } from '../../state/store';
import { suggestedPriority, type AdminRulePlan } from '../../state/adminRulePreview';
import { useEngine } from '../../state/useEngine';
import { ConnectionList } from './ConnectionList';
import { useDialog } from './useDialog';

/**
 * An admin-tier rule between two namespaces: an AdminNetworkPolicy whose subject is the destination
 * namespace, with one ingress rule from the source namespace. Deny closes the traffic whatever the
 * NetworkPolicies say; Pass hands it to them even if a later admin rule would decide. The preview
 * lists every connection it closes or opens before anything changes; Add appends one document.
 */
export function AdminRuleDialog({ onClose, namespace }: { onClose: () => void; namespace: string }) {
  const workspace = useAppStore(selectWorkspace);
  const text = useAppStore((s) => s.text);
  const namespaces = useMemo(() => workspace?.cluster.namespaces.map((n) => n.name) ?? [], [workspace]);
  const [from, setFrom] = useState(() => namespaces.find((n) => n !== namespace) ?? namespace);
  const [to, setTo] = useState(namespace);
  const [action, setAction] = useState<'Deny' | 'Pass'>('Deny');
  const [priority, setPriority] = useState(() =>
    String(workspace ? suggestedPriority(workspace.cluster) : 100),
  );
  const [port, setPort] = useState('');
  const [protocol, setProtocol] = useState<'TCP' | 'UDP' | 'SCTP'>('TCP');
  const dialog = useDialog(onClose, true);

  const plan: AdminRulePlan | { error: string } = useMemo(() => {
    if (!/^\d+$/.test(priority.trim()))
      return { error: 'Priority must be a whole number from 0 to 1000 (lower is evaluated first).' };
    if (port.trim() && !/^\d+$/.test(port.trim()))
      return { error: 'Port must be a number from 1 to 65535, or empty for every port.' };
    return {
      fromNamespace: from,
      toNamespace: to,
      action,
      priority: Number(priority.trim()),
      ...(port.trim() ? { port: Number(port.trim()), protocol } : {}),
    };
  }, [from, to, action, priority, port, protocol]);

  const store = useAppStoreApi();
  // Worked out in the engine worker: the text with the rule appended is read and analysed there.
  const asked = useEngine('adminRule', 'error' in plan ? null : { plan });
  const preview = 'error' in plan ? plan : asked.result;

  const error = preview?.error;
  const add = () => {
    if (!preview || 'error' in plan || preview.error || !('edit' in preview)) return;
    // The text after the edit is the worker's: the page never re-reads the workspace to append it.
    const computed =
      preview.replacement !== undefined ? { text, replacement: preview.replacement } : undefined;
    if (store.getState().applyEdits([preview.edit], undefined, computed).ok) onClose();
  };

  return (
    <dialog ref={dialog} className="dialog" aria-label="Add an admin rule">
      <h3>Admin rule between two namespaces</h3>
      <form
        className="dialog-grid"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label title="The namespace the traffic comes from">
          From namespace
          <select aria-label="From namespace" value={from} onChange={(e) => setFrom(e.target.value)}>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label title="The namespace the traffic goes to: the policy's subject">
          To namespace
          <select aria-label="To namespace" value={to} onChange={(e) => setTo(e.target.value)}>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label
          title={
            action === 'Deny'
              ? 'Deny: dropped, and no NetworkPolicy of the namespace can allow it again'
              : 'Pass: the admin tier stops here and the namespace owners’ NetworkPolicies decide'
          }
        >
          Action
          <select
            aria-label="Action"
            value={action}
            onChange={(e) => setAction(e.target.value as 'Deny' | 'Pass')}
          >
            <option value="Deny">Deny (beats any NetworkPolicy allow)</option>
            <option value="Pass">Pass (the NetworkPolicies decide)</option>
          </select>
        </label>
        <label title="0 to 1000: lower numbers are evaluated first in the admin tier">
          Priority
          <input
            aria-label="Priority"
            inputMode="numeric"
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
          />
        </label>
        <label title="Empty: every port of every protocol">
          Only port
          <input
            aria-label="Only port"
            inputMode="numeric"
            placeholder="every port"
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />
        </label>
        {port.trim() !== '' && (
          <label>
            Port protocol
            <select
              aria-label="Port protocol"
              value={protocol}
              onChange={(e) => setProtocol(e.target.value as 'TCP' | 'UDP' | 'SCTP')}
            >
              <option value="TCP">TCP</option>
              <option value="UDP">UDP</option>
              <option value="SCTP">SCTP</option>
            </select>
          </label>
        )}
        <div className="edit-preview" role="group" aria-label="Admin rule preview">
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : preview && 'closedCount' in preview ? (
            <>
              <p>
                {action === 'Deny' ? 'Denying' : 'Passing'} traffic from {from} to {to} closes{' '}
                {preview.closedCount} connection{preview.closedCount === 1 ? '' : 's'}
                {preview.closedCount ? ':' : '.'}
              </p>
              <ConnectionList label="Closes" items={preview.closed} />
              {preview.openedCount > 0 && (
                <>
                  <p>
                    {action === 'Pass' ? '' : '⚠ '}It opens {preview.openedCount}:
                  </p>
                  <ConnectionList label="Opens" items={preview.opened} />
                </>
              )}
              <details>
                <summary>YAML to append</summary>
                <pre className="yaml-preview">{preview.yaml}</pre>
              </details>
            </>
          ) : null}
        </div>
        <div className="dialog-actions">
          <button type="submit" disabled={Boolean(error) || !preview}>
            Add the admin rule
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
