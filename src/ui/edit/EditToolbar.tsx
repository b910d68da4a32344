import { useMemo, useState } from 'react';
import { useAppStore, useAppStoreApi, selectSelection, selectWorkspace } from '../../state/store';
import { applyEditsInWorker } from '../../state/workerEdits';
import { DrawConnectionDialog } from './DrawConnectionDialog';
import { LabelEditor, type LabelTarget } from './LabelEditor';
import { ObjectsDialog } from './ObjectsDialog';
import { EditPreview } from './EditPreview';
import { AdminRuleDialog } from './AdminRuleDialog';

/** Graph tools that become YAML edits: isolate a namespace, allow DNS, draw a connection, label. */
export function EditToolbar() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const selection = useAppStore(selectSelection);
  const [ns, setNs] = useState('');
  const [dialog, setDialog] = useState<'draw' | 'objects' | 'admin' | null>(null);
  // A default deny closes connections: it is previewed, like a drawn connection, before it is applied.
  const [deny, setDeny] = useState<'Ingress' | 'Egress' | null>(null);
  const previewDeny = (direction: 'Ingress' | 'Egress') => setDeny(direction);
  const namespaces = useMemo(() => workspace?.cluster.namespaces.map((n) => n.name) ?? [], [workspace]);
  const target = (selection?.type === 'namespace' ? selection.name : ns) || namespaces[0] || 'default';
  const legacy = workspace?.cluster.policies.filter((p) => p.legacy) ?? [];
  const selected = selection?.type === 'endpoint' ? workspace?.cluster.endpoints[selection.index] : undefined;
  // A what-if pod is not in the YAML: no labels there to edit (What if… removes it and adds another).
  const labelTarget: LabelTarget | undefined =
    selected?.type === 'pod' && !selected.ghost
      ? {
          kind: selected.kind,
          namespace: selected.namespace,
          name: selected.name,
          title: selected.ref,
          labels: selected.labels,
        }
      : selection?.type === 'namespace'
        ? {
            kind: 'Namespace',
            name: selection.name,
            title: `namespace ${selection.name}`,
            labels: Object.fromEntries(
              Object.entries(
                workspace?.cluster.namespaces.find((n) => n.name === selection.name)?.labels ?? {},
              ).filter(([k]) => k !== 'kubernetes.io/metadata.name'),
            ),
          }
        : undefined;
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
        title="Add a NetworkPolicy that denies all ingress to every pod of the namespace (shows what closes first)"
        aria-expanded={deny === 'Ingress'}
        onClick={() => previewDeny('Ingress')}
      >
        Deny ingress
      </button>
      <button
        type="button"
        title="Add a NetworkPolicy that denies all egress from every pod of the namespace (shows what closes first)"
        aria-expanded={deny === 'Egress'}
        onClick={() => previewDeny('Egress')}
      >
        Deny egress
      </button>
      <button
        type="button"
        title="Allow every pod of the namespace to reach the cluster DNS on UDP and TCP 53"
        onClick={() => void applyEditsInWorker(store, [{ type: 'allow-dns', namespace: target }])}
      >
        Allow DNS
      </button>
      <button
        type="button"
        onClick={() => setDialog('draw')}
        title="Allow a connection between two endpoints: writes the ingress (and egress) rule for you"
      >
        Draw connection…
      </button>
      <button
        type="button"
        onClick={() => setDialog('admin')}
        title="Add an AdminNetworkPolicy that denies or passes traffic between two namespaces, above every NetworkPolicy (shows what it closes first)"
      >
        Admin rule…
      </button>
      <button
        type="button"
        onClick={() => setDialog('objects')}
        title="Create a namespace, pod or policy, or delete one"
      >
        New / delete…
      </button>
      {legacy.map((p) => (
        <button
          key={p.index}
          type="button"
          onClick={() =>
            void applyEditsInWorker(store, [
              { type: 'convert-legacy-policy', namespace: p.namespace, name: p.name },
            ])
          }
          title="Rewrite this extensions/v1beta1 policy as networking.k8s.io/v1"
        >
          Convert {p.namespace}/{p.name} to v1
        </button>
      ))}
      <LabelEditor
        key={`${labelTarget?.title ?? ''} ${JSON.stringify(labelTarget?.labels ?? {})}`}
        target={labelTarget}
      />
      {deny && (
        <EditPreview
          edit={{ type: 'add-default-deny', namespace: target, policyTypes: [deny] }}
          what={`Denying all ${deny.toLowerCase()} in namespace ${target}`}
          label="Default deny preview"
          confirm="Add the policy"
          onDone={() => setDeny(null)}
        />
      )}
      {dialog === 'objects' && <ObjectsDialog onClose={() => setDialog(null)} namespace={target} />}
      {dialog === 'admin' && <AdminRuleDialog onClose={() => setDialog(null)} namespace={target} />}
      {dialog === 'draw' && (
        <DrawConnectionDialog
          onClose={() => setDialog(null)}
          initialFrom={selection?.type === 'endpoint' ? selection.index : undefined}
        />
      )}
    </div>
  );
}
