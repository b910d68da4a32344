import type {
  Analysis,
  Endpoint,
  LabelSelector,
  PortSet,
  Protocol,
  Semantics,
  Workspace,
} from '../../engine/index';
import { formatPortSet, portSetPasses, selectorMatches } from '../../state/engineHelpers';
import { adminDenialLabel, adminDenials } from '../../state/adminDenial';
import {
  allowedEdgeId,
  deniedEdgeId,
  endpointId,
  groupEdgeId,
  groupId,
  namespaceEdgeId,
  namespaceId,
  parseNodeId,
} from './ids';
import {
  focusPeers,
  namespacePeers,
  OUTSIDE_GROUP,
  portSummary,
  type NamespacePeerGroup,
  type PeerGroup,
  type PeerLink,
} from './focusPeers';

/** Per analysis and filter: the namespace edges, each with its ends and the pod pairs it carries. */
const aggregatedEdgeCache = new WeakMap<
  Analysis,
  Map<string, Map<string, readonly [string, string, number]>>
>();

/** Above this many edges only the selected pod's edges carry port labels. */
export const EDGE_LABEL_LIMIT = 400;
/**
 * Above this many edges the graph draws only the selected pod's edges: a hairball that size says
 * nothing, and every edge costs style and paint on each change (the matrix lists them all).
 */
export const DENSE_EDGE_LIMIT = 600;
/**
 * "Show denied" with no pod focused draws every denied pair of the view up to this many endpoints
 * (at most n(n-1) dashed edges, still readable); past it, a pod must be focused and the graph says so.
 */
export const DENIED_ALL_LIMIT = 12;
/** Namespace edges up to which each carries its count; past it only a focused namespace's do. */
export const NS_EDGE_LABEL_LIMIT = 60;
/**
 * Namespace edges the overview draws besides the focused namespace's: the heaviest (most pod pairs).
 * Fifty namespace boxes joined by three hundred weighted edges read as a grey mat; thirty, each with its
 * count, still read, and a focused namespace adds all of its own.
 */
export const OVERVIEW_EDGE_LIMIT = 30;

const pairsText = (n: number) => `${n.toLocaleString('en')} pair${n === 1 ? '' : 's'}`;
/** Width class of an edge standing for `n` pairs: 1 for one, +1 for each doubling. */
export const edgeWeight = (n: number) => Math.max(1, Math.round(Math.log2(n + 1)));

/**
 * A namespace's isolation in words and symbols (not colour alone): whether every pod, some, or none
 * is isolated (a policy selects it) for ingress and for egress.
 */
export function isolationBadge(c: { pods: number; isoIn: number; isoOut: number }): string {
  const side = (n: number, name: string) =>
    n === 0 ? '' : n === c.pods ? `⊘ ${name}` : `◐ ${name} ${n}/${c.pods}`;
  const parts = [side(c.isoIn, 'ingress'), side(c.isoOut, 'egress')].filter(Boolean);
  return parts.length ? parts.join('  ') : '○ open: no isolation';
}

/**
 * An overview cell's size for its label at NS_CELL_PX (normal weight: about 6.6 px a character, 14
 * px a line), with a small margin: the tighter the cells, the larger the fitted grid draws names.
 */
export function cellSize(label: string): { w: number; h: number } {
  const lines = label.split('\n');
  return { w: Math.round(Math.max(...lines.map((l) => l.length)) * 6.6 + 12), h: lines.length * 14 + 8 };
}

/** Characters of a namespace name drawn in an overview cell; longer names end in … (in full in `title`). */
export const NS_CELL_CHARS = 14;

/** A namespace name cut to NS_CELL_CHARS, keeping its start and its end (team-payments-…-prod). */
export function shortName(name: string, max = NS_CELL_CHARS): string {
  if (name.length <= max) return name;
  const tail = Math.floor((max - 1) / 3);
  return `${name.slice(0, max - 1 - tail)}…${name.slice(name.length - tail)}`;
}

/**
 * The isolation of a namespace's pods in a few characters, per direction: ⊘ every pod isolated, ◐ some,
 * ○ none ("⊘in ◐out"); `isolationBadge` says the same in words with the counts.
 */
export function isolationMarks(c: { pods: number; isoIn: number; isoOut: number }): string {
  const mark = (n: number) => (n === 0 ? '○' : n === c.pods ? '⊘' : '◐');
  return `${mark(c.isoIn)}in ${mark(c.isoOut)}out`;
}

export interface GraphOptions {
  namespaceFilter: string;
  labelSelector: LabelSelector | null;
  port: number | null;
  protocol: Protocol;
  selected: number | null;
  showDenied: boolean;
  enforced: boolean;
  /** The tiers of admin and baseline policies apply under the current semantics only. */
  semantics?: Semantics;
  /** A namespace selected (clicked): its edges in the overview are highlighted and counted. */
  selectedNamespace?: string | null;
  /** Namespaces whose group of the focused endpoint's peers is open (OUTSIDE_GROUP for addresses). */
  expanded?: ReadonlySet<string>;
  /** Above these, the graph shows namespaces instead of pods (issue 6). */
  maxNodes?: number;
  maxEdges?: number;
  /** Namespace edges drawn in the overview besides the focused namespace's (OVERVIEW_EDGE_LIMIT). */
  maxOverviewEdges?: number;
}

export interface GraphElement {
  group: 'nodes' | 'edges';
  data: Record<string, string | number | boolean | undefined>;
  classes?: string;
}

export interface GraphModel {
  elements: GraphElement[];
  aggregated: boolean;
  shownEndpoints: number;
  shownEdges: number;
  /** Allowed connections left undrawn because there are too many to draw legibly (0: none). */
  undrawnEdges: number;
  /** "Show denied" is on but draws nothing until a pod is focused (too many endpoints for all pairs). */
  deniedNeedsFocus?: boolean;
  /** The focused endpoint's peers that the view would not show, drawn as groups by namespace. */
  focus?: FocusSummary;
  /** A focused namespace: every namespace its pods reach or are reached from, with counts and ports. */
  namespaceFocus?: NamespaceFocus;
  /** The overview draws only its heaviest namespace edges (and the focused namespace's). */
  overview?: { heaviest: number; total: number };
}

export interface NamespaceFocus {
  namespace: string;
  groups: NamespacePeerGroup[];
  /** The groups are drawn as nodes of their own (their pods are outside the view). */
  drawnAsGroups: boolean;
}

export interface FocusSummary {
  ref: string;
  groups: { namespace: string; peers: number; out: number; in: number; expanded: boolean }[];
  /** Connections of the focus with peers outside the namespace and label filters (drawn as groups). */
  outsideFilter: number;
  /** The view is the focus and its groups alone (the cluster is too big to draw its pods). */
  alone: boolean;
}

/** Node size from its label (Cytoscape sizes nodes, not text). */
export function sizeFor(label: string, diamond = false): { w: number; h: number } {
  const lines = label.split('\n');
  const w = Math.max(...lines.map((l) => l.length)) * 7 + 24;
  const h = lines.length * 15 + 16;
  return diamond ? { w: w * 1.5, h: h * 1.6 } : { w, h };
}

const labelText = (labels: Readonly<Record<string, string>>, skip?: string) =>
  Object.entries(labels)
    .filter(([k]) => k !== skip)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function visible(ep: Endpoint, o: GraphOptions): boolean {
  if (ep.type === 'external') return !o.namespaceFilter && !o.labelSelector;
  if (o.namespaceFilter && ep.namespace !== o.namespaceFilter) return false;
  if (o.labelSelector && !selectorMatches(o.labelSelector, ep.labels)) return false;
  return true;
}

/** A pod or workload node (in its namespace box, unless `parent` says otherwise). */
function endpointNode(
  ep: Endpoint & { type: 'pod' },
  analysis: Analysis,
  o: GraphOptions,
  parent: string | undefined = namespaceId(ep.namespace),
  name = ep.name,
): GraphElement {
  const iso = analysis.isolation(ep.index);
  const marks = [iso.ingress ? '⊘ ingress' : '', iso.egress ? '⊘ egress' : ''].filter(Boolean).join(' ');
  const kind = ep.kind === 'Pod' ? 'pod' : 'workload';
  const classes = [
    kind,
    iso.ingress ? 'iso-in' : '',
    iso.egress ? 'iso-out' : '',
    o.selected === ep.index ? 'selected-node' : '',
    ep.ghost ? 'ghost' : '',
  ]
    .filter(Boolean)
    .join(' ');
  // A what-if pod says so in words, besides its dotted outline: not by colour or line alone.
  const label = `${ep.ghost ? '👻 what if\n' : ''}${ep.kind === 'Pod' ? '' : `${ep.kind} `}${name}${marks ? `\n${marks}` : ''}`;
  return {
    group: 'nodes',
    data: {
      id: endpointId(ep.index),
      ...(parent ? { parent } : {}),
      label,
      ...sizeFor(label),
      kind,
      index: ep.index,
      ref: ep.ref,
      labels: labelText(ep.labels),
      isoIn: iso.ingress,
      isoOut: iso.egress,
    },
    classes,
  };
}

function externalNode(ep: Endpoint & { type: 'external' }, parent?: string): GraphElement {
  const label = `${ep.label}\n${ep.address}`;
  return {
    group: 'nodes',
    data: {
      id: endpointId(ep.index),
      ...(parent ? { parent } : {}),
      label,
      ...sizeFor(label, true),
      kind: 'external',
      index: ep.index,
      ref: ep.ref,
    },
    classes: 'external',
  };
}

const allowedEdge = (from: number, to: number, ports: string, highlight: boolean): GraphElement => ({
  group: 'edges',
  data: {
    id: allowedEdgeId(from, to),
    source: endpointId(from),
    target: endpointId(to),
    label: ports,
    ports,
    allowed: true,
    from,
    to,
  },
  classes: highlight ? 'allowed highlight' : 'allowed',
});

/**
 * The focus's peer groups as elements: a collapsed group is one node with an edge each way carrying
 * the count and ports; an open one is a box holding its peers, each with its own edges.
 */
function groupElements(
  focus: number,
  groups: readonly PeerGroup[],
  endpoints: readonly Endpoint[],
  analysis: Analysis,
  o: GraphOptions,
): GraphElement[] {
  const out: GraphElement[] = [];
  for (const g of groups) {
    const id = groupId(g.namespace);
    const name = g.namespace === OUTSIDE_GROUP ? 'outside the cluster' : g.namespace;
    const open = o.expanded?.has(g.namespace) ?? false;
    const count = `${g.peers} peer${g.peers === 1 ? '' : 's'}`;
    if (open) {
      out.push({
        group: 'nodes',
        data: {
          id,
          label: `▾ ${name} · ${count}`,
          kind: 'peer-group',
          namespace: g.namespace,
          peers: g.peers,
          expanded: true,
        },
        classes: 'peer-group expanded',
      });
      const placed = new Set<number>();
      for (const link of [...g.out, ...g.in]) {
        if (placed.has(link.index)) continue;
        placed.add(link.index);
        const ep = endpoints[link.index]!;
        out.push(ep.type === 'pod' ? endpointNode(ep, analysis, o, id) : externalNode(ep, id));
      }
      for (const l of g.out) out.push(allowedEdge(focus, l.index, l.ports, true));
      for (const l of g.in) out.push(allowedEdge(l.index, focus, l.ports, true));
      continue;
    }
    const label = `▸ ${name}\n${count}`;
    out.push({
      group: 'nodes',
      data: {
        id,
        label,
        ...sizeFor(label),
        kind: 'peer-group',
        namespace: g.namespace,
        peers: g.peers,
        expanded: false,
      },
      classes: 'peer-group',
    });
    const edge = (outward: boolean, links: readonly PeerLink[]) =>
      out.push({
        group: 'edges',
        data: {
          id: groupEdgeId(g.namespace, outward),
          source: outward ? endpointId(focus) : id,
          target: outward ? id : endpointId(focus),
          label: `${links.length} × ${portSummary(links)}`,
          ports: `${links.length} pod${links.length === 1 ? '' : 's'} on ${portSummary(links)}`,
          count: links.length,
          allowed: true,
        },
        classes: 'allowed highlight group-edge',
      });
    if (g.out.length) edge(true, g.out);
    if (g.in.length) edge(false, g.in);
  }
  return out;
}

const summarize = (
  ref: string,
  groups: readonly PeerGroup[],
  o: GraphOptions,
  outsideFilter: number,
  alone: boolean,
): FocusSummary => ({
  ref,
  groups: groups.map((g) => ({
    namespace: g.namespace,
    peers: g.peers,
    out: g.out.length,
    in: g.in.length,
    expanded: o.expanded?.has(g.namespace) ?? false,
  })),
  outsideFilter,
  alone,
});

/**
 * Workspace + analysis -> Cytoscape elements (pure, tested in Node). Labels are plain strings: Cytoscape
 * draws them as canvas text, never as HTML.
 */
export function toElements(ws: Workspace, analysis: Analysis, o: GraphOptions): GraphModel {
  const maxNodes = o.maxNodes ?? 2000;
  const maxEdges = o.maxEdges ?? 4000;
  const endpoints = ws.cluster.endpoints;
  const shown = endpoints.filter((ep) => visible(ep, o));
  const shownSet = new Set(shown.map((e) => e.index));
  const portOk = (ports: PortSet) => portSetPasses(ports, o.protocol, o.port);

  const elements: GraphElement[] = [];
  const namespaces = new Map(ws.cluster.namespaces.map((n) => [n.name, n]));
  const usedNs = new Set(
    shown.filter((e) => e.type === 'pod').map((e) => (e.type === 'pod' ? e.namespace : '')),
  );

  // Aggregate first if the pod-level graph would be too big to draw.
  let edgeCount = 0;
  let aggregated = shown.length > maxNodes;
  const edges: { from: number; to: number; label: string }[] = [];
  if (!aggregated) {
    for (const ep of shown) {
      for (const e of analysis.row(ep.index)) {
        if (!shownSet.has(e.to) || !portOk(e.ports)) continue;
        edges.push({ from: e.from, to: e.to, label: formatPortSet(e.ports) });
        if (++edgeCount > maxEdges) {
          aggregated = true;
          break;
        }
      }
      if (aggregated) break;
    }
  }

  const focusEp = o.selected !== null ? endpoints[o.selected] : undefined;
  if (aggregated && focusEp) {
    // Too many pods to draw: the focus alone, with every peer grouped by namespace.
    const groups = focusPeers(endpoints, analysis, focusEp.index, portOk);
    const self =
      focusEp.type === 'pod'
        ? endpointNode(focusEp, analysis, o, undefined, `${focusEp.namespace}/${focusEp.name}`)
        : externalNode(focusEp);
    const els = [self, ...groupElements(focusEp.index, groups, endpoints, analysis, o)];
    const links = groups.reduce((n, g) => n + g.out.length + g.in.length, 0);
    return {
      elements: els,
      aggregated: false,
      shownEndpoints: shown.length,
      shownEdges: links,
      undrawnEdges: 0,
      focus: summarize(focusEp.ref, groups, o, 0, true),
    };
  }

  if (aggregated) {
    const nsOf = (ep: Endpoint) => (ep.type === 'pod' ? namespaceId(ep.namespace) : endpointId(ep.index));
    const counts = new Map<string, { pods: number; isoIn: number; isoOut: number }>();
    for (const ep of shown) {
      const id = nsOf(ep);
      let c = counts.get(id);
      if (!c) counts.set(id, (c = { pods: 0, isoIn: 0, isoOut: 0 }));
      c.pods++;
      if (ep.type === 'pod') {
        const iso = analysis.isolation(ep.index);
        if (iso.ingress) c.isoIn++;
        if (iso.egress) c.isoOut++;
      }
    }
    // Every namespace is one cell of the same size (the size of the largest label): a grid of equal
    // cells fits tighter than one sized by its biggest namespace, so the names are drawn larger at the
    // fitted zoom. The pod count is the number in the cell; the full name and the isolation in words
    // are in `title` (the list view, the hover card names it too).
    const cells: GraphElement[] = [];
    let cellW = 0;
    let cellH = 0;
    for (const [id, count] of counts) {
      const ref = parseNodeId(id);
      const ep = ref?.type === 'endpoint' ? endpoints[ref.index] : undefined;
      if (ref?.type !== 'namespace') {
        // Outside addresses are cells of the grid too, as large as the namespaces' (a wider diamond
        // would widen every column).
        const label = ep?.type === 'external' ? ep.label : id;
        const address: GraphElement = {
          group: 'nodes',
          data: { id, label: shortName(label), title: label, kind: 'external' },
          classes: 'external cell',
        };
        const size = cellSize(shortName(label));
        cellW = Math.max(cellW, size.w);
        cellH = Math.max(cellH, size.h);
        cells.push(address);
        elements.push(address);
        continue;
      }
      const pods = `${count.pods} pod${count.pods === 1 ? '' : 's'}`;
      const label = `${shortName(ref.name)}\n${count.pods} · ${isolationMarks(count)}`;
      const size = cellSize(label);
      cellW = Math.max(cellW, size.w);
      cellH = Math.max(cellH, size.h);
      const cell: GraphElement = {
        group: 'nodes',
        data: {
          id,
          label,
          title: `${ref.name}: ${pods}, ${isolationBadge(count)}`,
          kind: 'namespace-group',
          pods: count.pods,
          isoIn: count.isoIn === count.pods,
          isoOut: count.isoOut === count.pods,
        },
        classes: [
          'namespace-group',
          count.isoIn === count.pods ? 'iso-in' : '',
          count.isoOut === count.pods ? 'iso-out' : '',
          o.selectedNamespace === ref.name ? 'selected-node' : '',
        ]
          .filter(Boolean)
          .join(' '),
      };
      cells.push(cell);
      elements.push(cell);
    }
    for (const cell of cells) Object.assign(cell.data, { w: cellW, h: cellH });
    // In class space: a class edge joins the namespaces of the shown members of its two classes
    // (one each, as a class never spans namespaces), so the cost is the class edges, not the pairs.
    // Selecting a pod does not change them: kept per analysis and filter.
    const cacheKey = `${o.port}|${o.protocol}|${o.namespaceFilter}|${JSON.stringify(o.labelSelector)}`;
    let perAnalysis = aggregatedEdgeCache.get(analysis);
    if (!perAnalysis) aggregatedEdgeCache.set(analysis, (perAnalysis = new Map()));
    let nsEdges = perAnalysis.get(cacheKey);
    if (!nsEdges) {
      // Groups as numbers, and a pair as one number, so 300,000 class edges cost no strings.
      const groupIds = new Map<string, number>();
      const groupNames: string[] = [];
      const idOf = (name: string) => {
        let id = groupIds.get(name);
        if (id === undefined) {
          id = groupNames.push(name) - 1;
          groupIds.set(name, id);
        }
        return id;
      };
      // Per class: the group of its shown members when they share one (pods of a class always do),
      // -1 when they do not (externals of one class may be drawn apart), -2 when none is shown.
      const classGroup = new Int32Array(analysis.classCount).fill(-2);
      // Shown members per class: a class edge stands for (members of one) x (members of the other) pairs.
      const classShown = new Int32Array(analysis.classCount);
      for (const ep of shown) {
        const c = analysis.classOf(ep.index);
        const g = idOf(nsOf(ep));
        classGroup[c] = classGroup[c] === -2 || classGroup[c] === g ? g : -1;
        classShown[c]!++;
      }
      // A class drawn apart: its groups, each with how many of its members it holds.
      const groupsOf = new Map<number, Map<number, number>>();
      const groupsOfClass = (c: number) => {
        let g = groupsOf.get(c);
        if (!g) {
          g = new Map();
          for (const m of analysis.classMembers(c)) {
            if (!shownSet.has(m)) continue;
            const id = idOf(nsOf(endpoints[m]!));
            g.set(id, (g.get(id) ?? 0) + 1);
          }
          groupsOf.set(c, g);
        }
        return g;
      };
      // Pairs of groups seen, one number each (source x width + target), in the order first seen;
      // a table of all pairs while it stays small (thousands of externals drawn apart make it a Set).
      const width = groupNames.length;
      const table = width <= 4096 ? new Uint8Array(width * width) : null;
      const seen = table ? null : new Set<number>();
      const pairs: number[] = [];
      const podPairs = new Map<number, number>();
      const join = (a: number, b: number, n: number) => {
        const k = a * width + b;
        if (a === b) return;
        podPairs.set(k, (podPairs.get(k) ?? 0) + n);
        if (table ? table[k] : seen!.has(k)) return;
        if (table) table[k] = 1;
        else seen!.add(k);
        pairs.push(k);
      };
      const classEdges = analysis.classEdges();
      // A filter is decided once per distinct port set, not once per edge.
      const passes = classEdges.portSets.map(portOk);
      for (let i = 0; i < classEdges.length; i++) {
        if (!passes[classEdges.ports[i]!]) continue;
        const from = classEdges.from[i]!;
        const to = classEdges.to[i]!;
        const ga = classGroup[from]!;
        const gb = classGroup[to]!;
        if (ga === -2 || gb === -2) continue;
        if (ga >= 0 && gb >= 0) join(ga, gb, classShown[from]! * classShown[to]!);
        else
          for (const [a, na] of ga >= 0 ? new Map([[ga, classShown[from]!]]) : groupsOfClass(from))
            for (const [b, nb] of gb >= 0 ? new Map([[gb, classShown[to]!]]) : groupsOfClass(to))
              join(a, b, na * nb);
      }
      nsEdges = new Map(
        pairs.map((k) => {
          const a = groupNames[Math.floor(k / width)]!;
          const b = groupNames[k % width]!;
          return [namespaceEdgeId(a, b), [a, b, podPairs.get(k)!] as const];
        }),
      );
      perAnalysis.set(cacheKey, nsEdges);
    }
    // Fifty namespaces can be joined by hundreds of edges, hundreds by tens of thousands: past a few
    // dozen the overview draws the heaviest and every edge of the focused namespace, and says so (the
    // matrix counts every pair; a namespace filter opens one).
    const focusName = o.selectedNamespace ?? null;
    const focusNs = focusName ? namespaceId(focusName) : null;
    const limit = o.maxOverviewEdges ?? OVERVIEW_EDGE_LIMIT;
    const heavy = new Set<string>();
    if (nsEdges.size > limit)
      for (const [id] of [...nsEdges].sort(
        ([x, [, , n]], [y, [, , m]]) => m - n || (x < y ? -1 : x > y ? 1 : 0),
      )) {
        if (heavy.size === limit) break;
        heavy.add(id);
      }
    const drawAll = nsEdges.size <= limit;
    const namespaceFocus =
      focusName && namespaces.has(focusName)
        ? {
            namespace: focusName,
            groups: namespacePeers(endpoints, analysis, focusName, portOk, (i) => shownSet.has(i)),
            drawnAsGroups: false,
          }
        : undefined;
    const portsTo = new Map(namespaceFocus?.groups.map((g) => [g.namespace, g]) ?? []);
    const labelAllNs = nsEdges.size <= NS_EDGE_LABEL_LIMIT || !drawAll;
    let drawn = 0;
    for (const [id, [a, b, n]] of nsEdges) {
      const touches = focusNs !== null && (a === focusNs || b === focusNs);
      if (!drawAll && !touches && !heavy.has(id)) continue;
      drawn++;
      // The focused namespace's edges also say their ports.
      const peer = touches ? parseNodeId(a === focusNs ? b : a) : null;
      const group = peer?.type === 'namespace' ? portsTo.get(peer.name) : undefined;
      const ports = group ? (a === focusNs ? group.outPorts : group.inPorts) : '';
      elements.push({
        group: 'edges',
        data: {
          id,
          source: a,
          target: b,
          label: labelAllNs || touches ? `${pairsText(n)}${ports ? ` · ${ports}` : ''}` : '',
          ports: `${pairsText(n)}${ports ? ` on ${ports}` : ''}`,
          pairs: n,
          weight: edgeWeight(n),
          allowed: true,
        },
        classes: ['allowed aggregated', touches ? 'highlight' : focusNs ? 'dimmed' : '']
          .filter(Boolean)
          .join(' '),
      });
    }
    return {
      elements,
      aggregated: true,
      shownEndpoints: shown.length,
      shownEdges: drawn,
      undrawnEdges: nsEdges.size - drawn,
      ...(drawAll ? {} : { overview: { heaviest: heavy.size, total: nsEdges.size } }),
      ...(namespaceFocus ? { namespaceFocus } : {}),
    };
  }

  for (const name of usedNs) {
    const ns = namespaces.get(name);
    const labels = ns ? labelText(ns.labels, 'kubernetes.io/metadata.name') : '';
    elements.push({
      group: 'nodes',
      data: {
        id: namespaceId(name),
        // The name on a line of its own, its labels under it: one long line fitted the graph to it.
        label: labels ? `${name}\n${labels.replace(/\n/g, ', ')}` : name,
        kind: 'namespace',
      },
      classes: 'namespace',
    });
  }
  for (const ep of shown)
    elements.push(ep.type === 'external' ? externalNode(ep) : endpointNode(ep, analysis, o));
  // Past a few hundred edges their port labels overlap into noise and cost a frame each to draw:
  // keep them for the selected pod's edges only.
  const labelAll = edges.length <= EDGE_LABEL_LIMIT;
  const dense = edges.length > DENSE_EDGE_LIMIT;
  let undrawn = 0;
  // A focused namespace highlights every drawn edge of its pods, as a focused pod does its own.
  const focusName = o.selectedNamespace && usedNs.has(o.selectedNamespace) ? o.selectedNamespace : null;
  const inFocusNs = (i: number) => {
    const ep = endpoints[i];
    return ep?.type === 'pod' && ep.namespace === focusName;
  };
  const focusing = o.selected !== null || focusName !== null;
  for (const e of edges) {
    const touches =
      (o.selected !== null && (e.from === o.selected || e.to === o.selected)) ||
      (focusName !== null && (inFocusNs(e.from) || inFocusNs(e.to)));
    const dimmed = focusing && !touches;
    if (dense && !touches) {
      undrawn++;
      continue;
    }
    elements.push({
      group: 'edges',
      data: {
        id: allowedEdgeId(e.from, e.to),
        source: endpointId(e.from),
        target: endpointId(e.to),
        // "all ports" said in words: an unlabelled arrow reads as "some port, not told".
        label: !(labelAll || touches) ? '' : e.label,
        ports: e.label,
        allowed: true,
        from: e.from,
        to: e.to,
      },
      // In a dense graph the focused pod's edges are shown alone: dimming thousands of others
      // still costs a full redraw of each of them, and hides nothing from the hairball.
      classes: ['allowed', touches ? 'highlight' : '', dimmed ? (labelAll ? 'dimmed' : 'hidden') : '']
        .filter(Boolean)
        .join(' '),
    });
  }
  // The focus's peers outside the filters: grouped by namespace rather than left out. A focus outside
  // the filters is drawn too, with its edges to the pods shown.
  let focusSummary: FocusSummary | undefined;
  if (focusEp) {
    const groups = focusPeers(endpoints, analysis, focusEp.index, portOk, (i) => !shownSet.has(i));
    if (!shownSet.has(focusEp.index)) {
      elements.push(
        focusEp.type === 'pod'
          ? endpointNode(focusEp, analysis, o, undefined, `${focusEp.namespace}/${focusEp.name}`)
          : externalNode(focusEp),
      );
      for (const e of analysis.row(focusEp.index))
        if (shownSet.has(e.to) && portOk(e.ports))
          elements.push(allowedEdge(e.from, e.to, formatPortSet(e.ports), true));
      for (const e of analysis.column(focusEp.index))
        if (shownSet.has(e.from) && portOk(e.ports))
          elements.push(allowedEdge(e.from, e.to, formatPortSet(e.ports), true));
    }
    elements.push(...groupElements(focusEp.index, groups, endpoints, analysis, o));
    const outside = groups.reduce((n, g) => n + g.out.length + g.in.length, 0);
    if (groups.length > 0 || !shownSet.has(focusEp.index))
      focusSummary = summarize(focusEp.ref, groups, o, outside, false);
  }
  // A focused namespace's peers outside the view: a node per namespace, joined to its box by an edge
  // each way with the pod pairs and ports. The summary counts every peer, drawn as pods or not.
  let namespaceFocus: NamespaceFocus | undefined;
  if (focusName !== null) {
    const box = namespaceId(focusName);
    const outside = namespacePeers(endpoints, analysis, focusName, portOk, (i) => !shownSet.has(i));
    for (const g of outside) {
      const id = groupId(g.namespace);
      const name = g.namespace === OUTSIDE_GROUP ? 'outside the cluster' : g.namespace;
      const label = `${name}\n${g.peers} peer${g.peers === 1 ? '' : 's'}`;
      elements.push({
        group: 'nodes',
        data: {
          id,
          label,
          ...sizeFor(label),
          kind: 'namespace-peers',
          namespace: g.namespace,
          peers: g.peers,
        },
        classes: 'peer-group',
      });
      const edge = (outward: boolean, pairs: number, ports: string) =>
        elements.push({
          group: 'edges',
          data: {
            id: groupEdgeId(g.namespace, outward),
            source: outward ? box : id,
            target: outward ? id : box,
            label: `${pairsText(pairs)} · ${ports}`,
            ports: `${pairsText(pairs)} on ${ports}`,
            pairs,
            weight: edgeWeight(pairs),
            allowed: true,
          },
          classes: 'allowed highlight group-edge',
        });
      if (g.outPairs) edge(true, g.outPairs, g.outPorts);
      if (g.inPairs) edge(false, g.inPairs, g.inPorts);
    }
    namespaceFocus = {
      namespace: focusName,
      groups: namespacePeers(endpoints, analysis, focusName, portOk),
      drawnAsGroups: outside.length > 0,
    };
  }
  // Denied (or, with a non-enforcing plugin, would-be-denied) connections of the selected pod, or of
  // every pair of a small view when no pod is focused.
  const focused = o.selected !== null && shownSet.has(o.selected);
  const deniedAll = o.showDenied && o.selected === null && shown.length <= DENIED_ALL_LIMIT;
  if (o.showDenied && (focused || deniedAll)) {
    const pairs: (readonly [number, number])[] = [];
    if (focused) {
      const s = o.selected!;
      for (const other of shown)
        if (other.index !== s) pairs.push([s, other.index] as const, [other.index, s] as const);
    } else
      for (const a of shown)
        for (const b of shown) if (a.index !== b.index) pairs.push([a.index, b.index] as const);
    // An admin or baseline Deny is drawn apart from "no rule admits it": a NetworkPolicy allow cannot
    // open it, so the fix is in another place (and often another team's).
    const denialOf = adminDenials(ws.cluster, analysis, { semantics: o.semantics ?? 'current' });
    for (const [from, to] of pairs) {
      if (endpoints[from]!.type === 'external' && endpoints[to]!.type === 'external') continue;
      if (portOk(analysis.allowedPorts(from, to))) continue;
      const denial = denialOf(from, to, o.port, o.protocol);
      const byAdmin = denial ? adminDenialLabel(denial) : '';
      elements.push({
        group: 'edges',
        data: {
          id: deniedEdgeId(from, to),
          source: endpointId(from),
          target: endpointId(to),
          label: o.enforced
            ? denial
              ? `⊗ ${byAdmin}`
              : '✕ denied'
            : `⚠ would be denied${denial ? ` (${byAdmin})` : ''} (not enforced)`,
          allowed: false,
          adminDenied: byAdmin || undefined,
          from,
          to,
        },
        classes: [o.enforced ? 'denied' : 'would-deny', denial ? 'admin-denied' : '']
          .filter(Boolean)
          .join(' '),
      });
    }
  }
  return {
    elements,
    aggregated: false,
    shownEndpoints: shown.length,
    shownEdges: edges.length - undrawn,
    undrawnEdges: undrawn,
    deniedNeedsFocus: o.showDenied && !focused && !deniedAll,
    ...(focusSummary ? { focus: focusSummary } : {}),
    ...(namespaceFocus ? { namespaceFocus } : {}),
  };
}
