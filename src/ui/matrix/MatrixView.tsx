// The Reachability matrix (DESIGN 2.4): every pair up to 100 endpoints, else a namespace heat map whose
// cells open their pods; filtered by Port and Protocol.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AdminRuleMatch, Analysis, Workspace } from '../../engine/index';
import { formatPortSet, portSetPasses } from '../../state/engineHelpers';
import { groupCounts, heatLevel } from './groupCounts';
import { adminDenialLabel, adminDenials } from '../../state/adminDenial';
import {
  useAppStore,
  useAppStoreApi,
  useDeferredResult,
  selectSelection,
  selectSettings,
  portFilterOf,
} from '../../state/store';

const FULL_LIMIT = 100;
/** Up to this many endpoints the pod-level table stays on offer beside the heat map. */
const SWITCH_LIMIT = 200;

function cellAllowed(
  analysis: Analysis,
  from: number,
  to: number,
  port: number | null,
  protocol: 'TCP' | 'UDP' | 'SCTP',
) {
  const ports = analysis.allowedPorts(from, to);
  return { allowed: portSetPasses(ports, protocol, port), ports };
}

/** The reachability table of DESIGN 2.4: a row per source, a column per destination, headers are REFs. */
export function MatrixView() {
  // A new result is drawn in the graph first; the table follows in a later, interruptible render.
  const { workspace, analysis } = useDeferredResult();
  const selection = useAppStore(selectSelection);
  const semantics = useAppStore(selectSettings).semantics;
  const portText = useAppStore((s) => s.port);
  const protocol = useAppStore((s) => s.protocol);
  const [expanded, setExpanded] = useState<string | null>(null);
  // null: the heat map above FULL_LIMIT endpoints, the pod-level table up to it.
  const [heatChoice, setHeatChoice] = useState<boolean | null>(null);
  const port = portFilterOf(portText);
  const denialOf = useMemo(
    () => (workspace && analysis ? adminDenials(workspace.cluster, analysis, { semantics }) : null),
    [workspace, analysis, semantics],
  );
  if (!workspace || !analysis) return <p className="empty-state">Evaluating…</p>;
  const endpoints = workspace.cluster.endpoints;
  if (endpoints.length === 0)
    return <p className="empty-state">No pods or workloads yet: add some YAML to see who can reach whom.</p>;
  const switchable = endpoints.length <= SWITCH_LIMIT;
  const heat = switchable ? (heatChoice ?? endpoints.length > FULL_LIMIT) : true;
  const heatSwitch = switchable && expanded === null && (
    <button
      type="button"
      className="heat-switch"
      aria-pressed={heat}
      title="Show allowed pairs per namespace pair (namespace × namespace), or every pod pair"
      onClick={() => setHeatChoice(!heat)}
    >
      Heat map by namespace
    </button>
  );
  if (heat && expanded === null) {
    return (
      <GroupedMatrix
        workspace={workspace}
        analysis={analysis}
        port={port}
        protocol={protocol}
        onExpand={setExpanded}
        heatSwitch={heatSwitch}
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
      {heatSwitch}
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
            denialOf={denialOf}
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
  denialOf,
}: {
  rows: Workspace['cluster']['endpoints'];
  columns: Workspace['cluster']['endpoints'];
  analysis: Analysis;
  port: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  selection: ReturnType<typeof selectSelection>;
  denialOf:
    | ((
        from: number,
        to: number,
        port: number | null,
        protocol: 'TCP' | 'UDP' | 'SCTP',
      ) => AdminRuleMatch | null)
    | null;
}) {
  const store = useAppStoreApi();
  return (
    <>
      {rows.map((r) => (
        <tr key={r.index}>
          <th scope="row" title={r.ref}>
            <span className="row-head">{r.ref}</span>
          </th>
          {columns.map((c) => {
            const { allowed, ports } = cellAllowed(analysis, r.index, c.index, port, protocol);
            const selected =
              selection?.type === 'pair' && selection.from === r.index && selection.to === c.index;
            const self = r.index === c.index;
            const denial = allowed ? null : (denialOf?.(r.index, c.index, port, protocol) ?? null);
            const denied = denial ? `denied by ${adminDenialLabel(denial)}` : 'denied';
            const title = `${r.ref} → ${c.ref}: ${allowed ? `allowed (${formatPortSet(ports)})` : denied}`;
            return (
              <td
                key={c.index}
                data-from={r.ref}
                data-to={c.ref}
                data-allowed={allowed ? 'true' : 'false'}
                className={`${allowed ? 'cell-allowed' : 'cell-denied'}${denial ? ' cell-admin-denied' : ''}${selected ? ' cell-selected' : ''}${self ? ' cell-self' : ''}`}
                title={title}
                // The explained cell: aria-current, as aria-selected belongs to grids, not tables.
                aria-current={selected ? 'true' : undefined}
                tabIndex={0}
                onClick={() => store.getState().select({ type: 'pair', from: r.index, to: c.index })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    store.getState().select({ type: 'pair', from: r.index, to: c.index });
                  }
                }}
              >
                <span aria-hidden="true">{allowed ? '✓' : denial ? '⊗' : '✕'}</span>
                <span className="sr-only">{allowed ? 'allowed' : denied}</span>
              </td>
            );
          })}
        </tr>
      ))}
    </>
  );
}

/** Past this many groups the grouped table renders only the rows and columns in view. */
const WINDOW_LIMIT = 40;
const ROW_H = 28;
const COL_W = 76;

function GroupedMatrix({
  workspace,
  analysis,
  port,
  protocol,
  onExpand,
  heatSwitch,
}: {
  workspace: Workspace;
  analysis: Analysis;
  port: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  onExpand: (ns: string) => void;
  heatSwitch: ReactNode;
}) {
  const groups = useMemo(() => {
    const map = new Map<string, number[]>();
    for (const e of workspace.cluster.endpoints) {
      const key = e.type === 'pod' ? e.namespace : 'outside the cluster';
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(e.index);
    }
    return [...map.entries()];
  }, [workspace]);
  const counts = useMemo(
    () =>
      groupCounts(
        analysis,
        groups,
        port,
        protocol,
        workspace.cluster.endpoints.filter((e) => e.type === 'external').map((e) => e.index),
      ),
    [groups, analysis, port, protocol, workspace],
  );
  // Windowing: hundreds of namespaces make hundreds of thousands of cells; draw those in view.
  const windowed = groups.length > WINDOW_LIMIT;
  const wrap = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, left: 0, height: 600, width: 800 });
  const onScroll = () => {
    const el = wrap.current;
    if (el)
      setView({ top: el.scrollTop, left: el.scrollLeft, height: el.clientHeight, width: el.clientWidth });
  };
  // The size of the view, told after layout: reading clientHeight on mount would force a layout of
  // the whole page in the middle of rendering a big result.
  useEffect(() => {
    const el = wrap.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setView((v) => ({ ...v, height: entry.contentRect.height, width: entry.contentRect.width }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const span = (offset: number, size: number, cell: number) => {
    const first = Math.max(0, Math.floor(offset / cell) - 4);
    return [first, Math.min(groups.length, first + Math.ceil(size / cell) + 8)] as const;
  };
  const [r0, r1] = windowed ? span(view.top, view.height, ROW_H) : [0, groups.length];
  const [c0, c1] = windowed ? span(view.left, view.width, COL_W) : [0, groups.length];
  const rows = groups.slice(r0, r1);
  const cols = groups.slice(c0, c1);
  const cellStyle = windowed ? { width: COL_W, minWidth: COL_W, maxWidth: COL_W } : undefined;
  return (
    <div className="matrix-wrap" ref={wrap} onScroll={windowed ? onScroll : undefined}>
      {heatSwitch}
      <p className="hint">
        {workspace.cluster.endpoints.length} endpoints in {groups.length} groups, by namespace. A cell shows
        how many pod pairs are allowed of all pairs (allowed/total); the more allowed, the deeper its green,
        none ✕. Open a namespace to see its pods.
      </p>
      <table
        aria-label="Reachability matrix"
        className={`matrix grouped${windowed ? ' windowed' : ''}`}
        aria-rowcount={groups.length + 1}
        aria-colcount={groups.length + 1}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="corner" style={windowed ? { width: 190 } : undefined}>
              from ↓ / to →
            </th>
            {c0 > 0 && (
              <th aria-hidden="true" style={{ width: c0 * COL_W, minWidth: c0 * COL_W, padding: 0 }} />
            )}
            {cols.map(([g], i) => (
              <th scope="col" key={g} style={cellStyle} aria-colindex={c0 + i + 2}>
                <span className="col-head">{g}</span>
              </th>
            ))}
            {c1 < groups.length && (
              <th
                aria-hidden="true"
                style={{
                  width: (groups.length - c1) * COL_W,
                  minWidth: (groups.length - c1) * COL_W,
                  padding: 0,
                }}
              />
            )}
          </tr>
        </thead>
        <tbody>
          {r0 > 0 && (
            <tr aria-hidden="true" style={{ height: r0 * ROW_H }}>
              <th colSpan={cols.length + 3} className="spacer" />
            </tr>
          )}
          {rows.map(([a], ri) => (
            <tr key={a} aria-rowindex={r0 + ri + 2} style={windowed ? { height: ROW_H } : undefined}>
              <th scope="row">
                <button type="button" onClick={() => onExpand(a)} aria-label={`Open namespace ${a}`}>
                  ▸ {a}
                </button>
              </th>
              {c0 > 0 && <th aria-hidden="true" className="spacer" />}
              {cols.map(([b], ci) => {
                const c = {
                  allowed: counts.allowed(r0 + ri, c0 + ci),
                  total: counts.total(r0 + ri, c0 + ci),
                };
                const level = heatLevel(c.allowed, c.total);
                return (
                  <td
                    key={b}
                    data-from={a}
                    data-to={b}
                    data-allowed={c.allowed > 0 ? 'true' : 'false'}
                    className={c.allowed > 0 ? 'cell-heat' : 'cell-denied'}
                    style={{ ...cellStyle, ['--heat' as string]: level }}
                    title={`${a} → ${b}: ${c.allowed} of ${c.total} pod pairs allowed (${Math.round(level * 100)}%)`}
                    onClick={() => onExpand(a)}
                  >
                    {c.allowed > 0 ? `${c.allowed}/${c.total}` : `✕ 0/${c.total}`}
                  </td>
                );
              })}
              {c1 < groups.length && <th aria-hidden="true" className="spacer" />}
            </tr>
          ))}
          {r1 < groups.length && (
            <tr aria-hidden="true" style={{ height: (groups.length - r1) * ROW_H }}>
              <th colSpan={cols.length + 3} className="spacer" />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
