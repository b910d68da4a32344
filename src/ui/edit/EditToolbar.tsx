import { useMemo, useState } from 'react';
import { getStore, useAppStore, selectSelection, selectWorkspace } from '../../state/store';
import { DrawConnectionDialog } from './DrawConnectionDialog';
import { LabelEditor } from './LabelEditor';

/** Graph tools that become YAML edits: isolate a namespace, allow DNS, draw a connection, label. */
export function EditToolbar() {
  const workspace = useAppStore(selectWorkspace);
  const selection = useAppStore(selectSelection);
  const [ns, setNs] = useState('');
  const [drawing, setDrawing] = useState(false);
  const namespaces = useMemo(() => workspace?.cluster.namespaces.map((n) => n.name) ?? [], [workspace]);
  const target = ns || namespaces[0] || 'default';
  const legacy = workspace?.cluster.policies.filter((p) => p.legacy) ?? [];
  const s = getStore().getState();
  const selected = selection?.type === 'endpoint' ? workspace?.cluster.endpoints[selection.index] : undefined;
  return (
    <div className="edit-toolbar" role="toolbar" aria-label="Edit tools">
      <label>
        Namespace to change
        <select aria-label="Namespace to change" value={target} onChange={(e) => setNs(e.target.value)}>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        title="Add a NetworkPolicy that denies all ingress to every pod of the namespace"
        onClick={() => s.applyEdit({ type: 'add-default-deny', namespace: target, policyTypes: ['Ingress'] })}
      >
        Deny ingress
      </button>
      <button
        type="button"
        title="Add a NetworkPolicy that denies all egress from every pod of the namespace"
        onClick={() => s.applyEdit({ type: 'add-default-deny', namespace: target, policyTypes: ['Egress'] })}
      >
        Deny egress
      </button>
      <button
        type="button"
        title="Allow every pod of the namespace to reach the cluster DNS on UDP and TCP 53"
        onClick={() => s.applyEdit({ type: 'allow-dns', namespace: target })}
      >
        Allow DNS
      </button>
      <button
        type="button"
        onClick={() => setDrawing(true)}
        title="Allow a connection between two endpoints: writes the ingress (and egress) rule for you"
      >
        Draw connection…
      </button>
      {legacy.map((p) => (
        <button
          key={p.index}
          type="button"
          onClick={() => s.applyEdit({ type: 'convert-legacy-policy', namespace: p.namespace, name: p.name })}
          title="Rewrite this extensions/v1beta1 policy as networking.k8s.io/v1"
        >
          Convert {p.namespace}/{p.name} to v1
        </button>
      ))}
      {selected && selected.type === 'pod' && <LabelEditor endpoint={selected} />}
      {drawing && (
        <DrawConnectionDialog
          onClose={() => setDrawing(false)}
          initialFrom={selection?.type === 'endpoint' ? selection.index : undefined}
        />
      )}
    </div>
  );
}
