// The New / delete… dialog: create a namespace, pod or policy, or delete any object, as one YAML edit.
import { useState } from 'react';
import { useAppStore, useAppStoreApi, selectWorkspace } from '../../state/store';
import { applyEditsInWorker } from '../../state/workerEdits';
import { newObjectYaml } from './objectYaml';
import type { Edit } from '../../engine/index';
import { useDialog } from './useDialog';

type Mode = 'Namespace' | 'Pod' | 'NetworkPolicy' | 'delete';

/** Create namespaces, pods and policies, or delete any of them: each one YAML edit, one Undo step. */
export function ObjectsDialog({ onClose, namespace }: { onClose: () => void; namespace: string }) {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const [mode, setMode] = useState<Mode>('Pod');
  const [name, setName] = useState('');
  const [ns, setNs] = useState(namespace);
  const [labels, setLabels] = useState('');
  const [port, setPort] = useState('');
  const [ingress, setIngress] = useState(true);
  const [egress, setEgress] = useState(false);
  const [victim, setVictim] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cluster = workspace?.cluster;
  const dialog = useDialog(onClose, true);

  const deletable: { key: string; label: string; edit: Edit }[] = cluster
    ? [
        // What-if pods and the namespaces only they name are not in the YAML: nothing to delete there.
        ...cluster.endpoints.flatMap((e) =>
          e.type === 'pod' && !e.ghost
            ? [
                {
                  key: `e:${e.ref}`,
                  label: `${e.kind} ${e.ref}`,
                  edit: {
                    type: 'delete-object' as const,
                    kind: e.kind,
                    namespace: e.namespace,
                    name: e.name,
                  },
                },
              ]
            : [],
        ),
        ...cluster.policies.map((p) => ({
          key: `p:${p.namespace}/${p.name}`,
          label: `NetworkPolicy ${p.namespace}/${p.name}`,
          edit: {
            type: 'delete-object' as const,
            kind: 'NetworkPolicy',
            namespace: p.namespace,
            name: p.name,
          },
        })),
        ...(cluster.adminPolicies ?? []).map((p) => ({
          key: `a:${p.kind}/${p.name}`,
          label: `${p.kind} ${p.name} (cluster-wide)`,
          edit: { type: 'delete-object' as const, kind: p.kind, name: p.name },
        })),
        ...cluster.namespaces
          .filter((n) => !n.assumed)
          .map((n) => ({
            key: `n:${n.name}`,
            label: `Namespace ${n.name} and everything in it`,
            edit: { type: 'delete-namespace' as const, name: n.name },
          })),
      ]
    : [];

  const submit = () => {
    let edit: Edit | undefined;
    if (mode === 'delete') {
      edit = (deletable.find((d) => d.key === victim) ?? deletable[0])?.edit;
      if (!edit) return setError('Nothing to delete.');
    } else {
      const r =
        mode === 'Namespace'
          ? newObjectYaml({ kind: mode, name, labels })
          : mode === 'Pod'
            ? newObjectYaml({ kind: mode, namespace: ns, name, labels, port })
            : newObjectYaml({ kind: mode, namespace: ns, name, labels, ingress, egress });
      if ('error' in r) return setError(r.error);
      edit = { type: 'add-object', yaml: r.yaml };
    }
    setError(null);
    void applyEditsInWorker(store, [edit]).then((r) => r.ok && onClose());
  };

  return (
    <dialog ref={dialog} className="dialog" aria-label="Create or delete objects">
      <h3>Create or delete</h3>
      <form
        className="dialog-grid"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          What to do
          <select aria-label="What to do" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="Pod">New pod</option>
            <option value="Namespace">New namespace</option>
            <option value="NetworkPolicy">New policy (isolates, allows nothing yet)</option>
            <option value="delete">Delete an object</option>
          </select>
        </label>
        {mode === 'delete' ? (
          <label>
            Object to delete
            <select aria-label="Object to delete" value={victim} onChange={(e) => setVictim(e.target.value)}>
              {deletable.map((d) => (
                <option key={d.key} value={d.key}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <>
            <label>
              Name
              <input
                aria-label="Name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="web"
              />
            </label>
            {mode !== 'Namespace' && (
              <label>
                Namespace
                <input
                  aria-label="Namespace"
                  list="known-namespaces"
                  value={ns}
                  onChange={(e) => setNs(e.target.value)}
                />
                <datalist id="known-namespaces">
                  {cluster?.namespaces.map((n) => (
                    <option key={n.name} value={n.name} />
                  ))}
                </datalist>
              </label>
            )}
            <label
              title={
                mode === 'NetworkPolicy'
                  ? 'The pods the policy applies to (podSelector); empty: every pod of the namespace'
                  : 'key=value pairs separated by spaces'
              }
            >
              {mode === 'NetworkPolicy' ? 'Applies to pods labelled' : 'Labels'}
              <input
                aria-label={mode === 'NetworkPolicy' ? 'Applies to pods labelled' : 'Labels'}
                value={labels}
                onChange={(e) => setLabels(e.target.value)}
                placeholder={mode === 'NetworkPolicy' ? 'app=db (empty: all pods)' : 'app=web tier=front'}
              />
            </label>
            {mode === 'Pod' && (
              <label title="The containerPort the pod listens on (optional)">
                Container port
                <input
                  aria-label="Container port"
                  value={port}
                  onChange={(e) => setPort(e.target.value)}
                  placeholder="80"
                />
              </label>
            )}
            {mode === 'NetworkPolicy' && (
              <fieldset>
                <legend>Isolate for</legend>
                <label className="check">
                  <input type="checkbox" checked={ingress} onChange={(e) => setIngress(e.target.checked)} />{' '}
                  Ingress
                </label>
                <label className="check">
                  <input type="checkbox" checked={egress} onChange={(e) => setEgress(e.target.checked)} />{' '}
                  Egress
                </label>
              </fieldset>
            )}
          </>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit">{mode === 'delete' ? 'Delete' : 'Create'}</button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
