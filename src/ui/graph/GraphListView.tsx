import { useState } from 'react';
import { useAppStore, useAppStoreApi, selectSelection, selectWorkspace } from '../../state/store';
import type { GraphModel } from './toElements';
import { parseNodeId } from './ids';

/** A namespace or a group of peers by its name; any other node by its id. */
const nodeName = (id: unknown, endpoints: readonly { ref: string }[]) => {
  const ref = parseNodeId(String(id));
  if (ref?.type === 'endpoint') return endpoints[ref.index]?.ref ?? String(id);
  if (ref?.type === 'namespace') return ref.name;
  if (ref?.type === 'group') return ref.namespace ? `peers in ${ref.namespace}` : 'peers outside the cluster';
  return String(id);
};

/** Items listed before "… and N more": a longer list is no way to read a big graph (the matrix is). */
const LIST_LIMIT = 300;

/**
 * The graph as lists, for the keyboard and screen readers: every node and every drawn connection is
 * a button that selects it, as a click on the graph does. It mirrors what the graph draws (same
 * filters, same focus), from the same model.
 */
export function GraphListView({
  model,
  onToggleGroup,
}: {
  model: GraphModel | null;
  /** Opens or closes a group of the focus's peers. */
  onToggleGroup?: (namespace: string) => void;
}) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const selection = useAppStore(selectSelection);
  const workspace = useAppStore(selectWorkspace);
  const endpoints = workspace?.cluster.endpoints ?? [];
  const s = store.getState();
  const nodes = model?.elements.filter((e) => e.group === 'nodes') ?? [];
  const edges =
    model?.elements.filter((e) => e.group === 'edges' && !String(e.classes).includes('hidden')) ?? [];
  // Pods, workloads and addresses; the overview draws namespaces instead, and counts them.
  const endpointNodes = nodes.filter((n) => n.data.index !== undefined).length;
  const namespaceCells = nodes.filter((n) => n.data.kind === 'namespace-group').length;
  const addressCells = nodes.filter((n) => n.data.kind === 'external' && n.data.index === undefined).length;
  const nodeCount =
    endpointNodes === 0 && namespaceCells > 0
      ? `${namespaceCells} namespace${namespaceCells === 1 ? '' : 's'}${
          addressCells ? `, ${addressCells} address${addressCells === 1 ? '' : 'es'}` : ''
        }`
      : `${endpointNodes} node${endpointNodes === 1 ? '' : 's'}`;
  return (
    <div className="graph-list">
      <button
        type="button"
        className="graph-list-toggle"
        aria-expanded={open}
        aria-controls="graph-list-body"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? '▾' : '▸'} Graph as a list ({nodeCount}, {edges.length} connection
        {edges.length === 1 ? '' : 's'})
      </button>
      {open && (
        <div className="graph-list-body" id="graph-list-body">
          <ul aria-label="Nodes">
            {nodes.slice(0, LIST_LIMIT).map((n) => {
              const index = n.data.index as number | undefined;
              if (index === undefined) {
                const ref = parseNodeId(String(n.data.id));
                const name = ref?.type === 'namespace' ? ref.name : null;
                if (n.data.kind === 'peer-group') {
                  const ns = String(n.data.namespace);
                  const expanded = n.data.expanded === true;
                  return (
                    <li key={String(n.data.id)}>
                      <button
                        type="button"
                        aria-expanded={expanded}
                        onClick={() => onToggleGroup?.(ns)}
                        title={expanded ? 'Close this group' : 'Open this group to list its pods'}
                      >
                        {ns ? `peers in namespace ${ns}` : 'peers outside the cluster'}:{' '}
                        {String(n.data.peers)}
                      </button>
                    </li>
                  );
                }
                return (
                  <li key={String(n.data.id)}>
                    {name && (n.data.kind === 'namespace' || n.data.kind === 'namespace-group') ? (
                      <button
                        type="button"
                        aria-pressed={selection?.type === 'namespace' && selection.name === name}
                        onClick={() => s.select({ type: 'namespace', name })}
                      >
                        namespace {n.data.kind === 'namespace-group' ? String(n.data.title) : name}
                      </button>
                    ) : (
                      <span>{String(n.data.title ?? n.data.label).replace(/\n/g, ' · ')}</span>
                    )}
                  </li>
                );
              }
              const ep = endpoints[index];
              return (
                <li key={String(n.data.id)}>
                  <button
                    type="button"
                    aria-pressed={selection?.type === 'endpoint' && selection.index === index}
                    onClick={() => s.select({ type: 'endpoint', index })}
                  >
                    {ep?.type === 'external'
                      ? `address ${ep.label}`
                      : ep?.type === 'pod' && ep.ghost
                        ? `what if pod ${ep.ref} (not in the YAML)`
                        : `${ep?.type === 'pod' ? ep.kind : ''} ${ep?.ref}`}
                    {n.data.isoIn ? ' · isolated for ingress' : ''}
                    {n.data.isoOut ? ' · isolated for egress' : ''}
                  </button>
                </li>
              );
            })}
            {nodes.length > LIST_LIMIT && (
              <li>… and {nodes.length - LIST_LIMIT} more: filter by namespace</li>
            )}
          </ul>
          {model?.namespaceFocus && (
            <ul aria-label={`Peers of namespace ${model.namespaceFocus.namespace}`}>
              {model.namespaceFocus.groups.length === 0 && <li>No connection with another namespace.</li>}
              {model.namespaceFocus.groups.map((g) => (
                <li key={g.namespace}>
                  {g.namespace ? `namespace ${g.namespace}` : 'outside the cluster'}
                  {g.outPairs > 0 &&
                    ` · reached: ${g.outPeers} (${g.outPairs.toLocaleString('en')} pairs) on ${g.outPorts}`}
                  {g.inPairs > 0 &&
                    ` · reaching it: ${g.inPeers} (${g.inPairs.toLocaleString('en')} pairs) on ${g.inPorts}`}
                </li>
              ))}
            </ul>
          )}
          <ul aria-label="Connections">
            {edges.length === 0 && <li>No connections drawn.</li>}
            {edges.slice(0, LIST_LIMIT).map((e) => {
              const from = e.data.from as number | undefined;
              const to = e.data.to as number | undefined;
              const allowed = e.data.allowed !== false;
              const name =
                from !== undefined && to !== undefined
                  ? `${endpoints[from]?.ref} → ${endpoints[to]?.ref}`
                  : `${nodeName(e.data.source, endpoints)} → ${nodeName(e.data.target, endpoints)}`;
              const what = allowed
                ? `allowed, ${String(e.data.ports ?? 'some pods')}`
                : e.data.adminDenied && String(e.classes).includes('denied ')
                  ? `⊗ denied by ${String(e.data.adminDenied)}`
                  : String(e.data.label);
              return (
                <li key={String(e.data.id)}>
                  {from !== undefined && to !== undefined ? (
                    <button
                      type="button"
                      aria-pressed={
                        selection?.type === 'pair' && selection.from === from && selection.to === to
                      }
                      onClick={() => s.select({ type: 'pair', from, to })}
                    >
                      {allowed ? '→' : '⊣'} {name}: {what}
                    </button>
                  ) : (
                    <span>
                      {name}: {what}
                    </span>
                  )}
                </li>
              );
            })}
            {edges.length > LIST_LIMIT && (
              <li>… and {edges.length - LIST_LIMIT} more: the Matrix lists every pair</li>
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
