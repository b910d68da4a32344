import { useMemo, useState } from 'react';
import { formatPortSet, isPortSetEmpty, portSetHas, type Analysis, type Workspace } from '../../engine/index';
import { getStore, useAppStore, selectAnalysis, selectSelection, selectWorkspace } from '../../state/store';

const FULL_LIMIT = 100;

function cellAllowed(
  analysis: Analysis,
  from: number,
  to: number,
  port: number | null,
  protocol: 'TCP' | 'UDP' | 'SCTP',
) {
  const ports = analysis.allowedPorts(from, to);
  return { allowed: port === null ? !isPortSetEmpty(ports) : portSetHas(ports, protocol, port), ports };
}

/** The reachability table of DESIGN 2.4: a row per source, a column per destination, headers are REFs. */
export function MatrixView() {
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const selection = useAppStore(selectSelection);
  const portText = useAppStore((s) => s.port);
  const protocol = useAppStore((s) => s.protocol);
  const [expanded, setExpanded] = useState<string | null>(null);
  const port = /^\d+$/.test(portText) ? Number(portText) : null;
  if (!workspace || !analysis) return <p className="empty-state">Evaluating…</p>;
  const endpoints = workspace.cluster.endpoints;
  if (endpoints.length === 0)
    return <p className="empty-state">No pods or workloads yet: add some YAML to see who can reach whom.</p>;
  if (endpoints.length > FULL_LIMIT && expanded === null) {
    return (
      <GroupedMatrix
        workspace={workspace}
        analysis={analysis}
        port={port}
        protocol={protocol}
        onExpand={setExpanded}
      />
    );
  }
  const rows =
    expanded === null ? endpoints : endpoints.filter((e) => e.type === 'pod' && e.namespace === expanded);
  const columns = expanded === null ? endpoints : endpoints.slice(0, 400);
  return (
    <div className="matrix-wrap">
      {expanded !== null && (
        <button type="button" onClick={() => setExpanded(null)}>
          ← Back to namespaces
        </button>
      )}
      <p className="hint">
        Rows are sources, columns destinations.{' '}
        {port === null ? 'A cell is ✓ when some port is allowed.' : `Showing ${protocol} ${port}.`} Select a
        cell to see why.
      </p>
      <table aria-label="Reachability matrix" className="matrix">
        <thead>
          <tr>
            <th scope="col" className="corner">
              from ↓ / to →
            </th>
            {columns.map((c) => (
              <th scope="col" key={c.index} title={c.ref}>
                <span className="col-head">{c.ref}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <MatrixRows
            rows={rows}
            columns={columns}
            analysis={analysis}
            port={port}
            protocol={protocol}
            selection={selection}
          />
        </tbody>
      </table>
    </div>
  );
}

function MatrixRows({
  rows,
  columns,
  analysis,
  port,
  protocol,
  selection,
}: {
  rows: Workspace['cluster']['endpoints'];
  columns: Workspace['cluster']['endpoints'];
  analysis: Analysis;
  port: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  selection: ReturnType<typeof selectSelection>;
}) {
  return (
    <>
      {rows.map((r) => (
        <tr key={r.index}>
          <th scope="row" title={r.ref}>
            {r.ref}
          </th>
          {columns.map((c) => {
            const { allowed, ports } = cellAllowed(analysis, r.index, c.index, port, protocol);
            const selected =
              selection?.type === 'pair' && selection.from === r.index && selection.to === c.index;
            const self = r.index === c.index;
            const title = `${r.ref} → ${c.ref}: ${allowed ? `allowed (${formatPortSet(ports)})` : 'denied'}`;
            return (
              <td
                key={c.index}
                data-from={r.ref}
                data-to={c.ref}
                data-allowed={allowed ? 'true' : 'false'}
                className={`${allowed ? 'cell-allowed' : 'cell-denied'}${selected ? ' cell-selected' : ''}${self ? ' cell-self' : ''}`}
                title={title}
                aria-selected={selected}
                tabIndex={0}
                onClick={() => getStore().getState().select({ type: 'pair', from: r.index, to: c.index })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    getStore().getState().select({ type: 'pair', from: r.index, to: c.index });
                  }
                }}
              >
                <span aria-hidden="true">{allowed ? '✓' : '✕'}</span>
                <span className="sr-only">{allowed ? 'allowed' : 'denied'}</span>
              </td>
            );
          })}
        </tr>
      ))}
    </>
  );
}

function GroupedMatrix({
  workspace,
  analysis,
  port,
  protocol,
  onExpand,
}: {
  workspace: Workspace;
  analysis: Analysis;
  port: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  onExpand: (ns: string) => void;
}) {
  const groups = useMemo(() => {
    const map = new Map<string, number[]>();
    for (const e of workspace.cluster.endpoints) {
      const key = e.type === 'pod' ? e.namespace : 'outside the cluster';
      map.set(key, [...(map.get(key) ?? []), e.index]);
    }
    return [...map.entries()];
  }, [workspace]);
  // A group cell counts the allowed member pairs, computed once per engine class pair.
  // Counted in class space (engine classes): each class edge stands for all its member pairs.
  const counts = useMemo(() => {
    const groupOf = new Map<number, string>();
    for (const [g, members] of groups) for (const m of members) groupOf.set(m, g);
    const out = new Map<string, { allowed: number; total: number }>();
    for (const [a, fromMembers] of groups) {
      for (const [b, toMembers] of groups) {
        out.set(`${a}|${b}`, {
          allowed: 0,
          total: fromMembers.length * toMembers.length - (a === b ? fromMembers.length : 0),
        });
      }
    }
    for (const e of analysis.classEdges()) {
      if (port !== null && !portSetHas(e.ports, protocol, port)) continue;
      const from = analysis.classMembers(e.from);
      const to = analysis.classMembers(e.to);
      for (const f of from) {
        const ga = groupOf.get(f)!;
        for (const t of to) {
          if (f === t) continue;
          out.get(`${ga}|${groupOf.get(t)!}`)!.allowed++;
        }
      }
    }
    return out;
  }, [groups, analysis, port, protocol]);
  return (
    <div className="matrix-wrap">
      <p className="hint">
        {workspace.cluster.endpoints.length} endpoints, grouped by namespace. A cell shows how many pairs are
        allowed. Open a namespace to see its pods.
      </p>
      <table aria-label="Reachability matrix" className="matrix grouped">
        <thead>
          <tr>
            <th scope="col" className="corner">
              from ↓ / to →
            </th>
            {groups.map(([g]) => (
              <th scope="col" key={g}>
                <span className="col-head">{g}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map(([a]) => (
            <tr key={a}>
              <th scope="row">
                <button type="button" onClick={() => onExpand(a)} aria-label={`Open namespace ${a}`}>
                  ▸ {a}
                </button>
              </th>
              {groups.map(([b]) => {
                const c = counts.get(`${a}|${b}`)!;
                return (
                  <td
                    key={b}
                    data-from={a}
                    data-to={b}
                    data-allowed={c.allowed > 0 ? 'true' : 'false'}
                    className={c.allowed > 0 ? 'cell-allowed' : 'cell-denied'}
                    onClick={() => onExpand(a)}
                  >
                    {c.allowed}/{c.total}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
