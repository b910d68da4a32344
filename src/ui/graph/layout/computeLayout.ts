// The force-directed layout, computed on a headless Cytoscape so that it can run in a Web Worker:
// fcose on a few hundred nodes takes hundreds of milliseconds, which the page must not freeze for.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { SMALL_GRAPH } from './limits';

cytoscape.use(fcose);

export interface LayoutNode {
  id: string;
  parent?: string;
  /** Size of a leaf node, its label included (toElements sizes nodes to fit their labels). */
  w?: number;
  h?: number;
  /** Of a namespace box: the size of its label, drawn centred above the box (names can be far wider). */
  label?: { w: number; h: number };
  /** Current position, kept as a start when only some nodes are new. */
  x?: number;
  y?: number;
}

export interface LayoutRequest {
  id: number;
  nodes: LayoutNode[];
  edges: { id: string; source: string; target: string }[];
  /** Lay out from scratch (every node is new) or refine the given positions. */
  randomize: boolean;
  quality: 'draft' | 'default';
}

export interface LayoutResponse {
  id: number;
  /** Positions of leaf nodes (compound nodes follow their children). */
  positions: Record<string, { x: number; y: number }>;
}

/** Room above a compound node's children for its label, which the page draws on top of the box. */
const COMPOUND_PADDING = 28;

export function computeLayout(request: LayoutRequest): LayoutResponse {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
      { selector: ':parent', style: { padding: `${COMPOUND_PADDING}px` } },
    ],
    elements: [
      ...request.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, ...(n.parent ? { parent: n.parent } : {}), ...(n.w ? { w: n.w, h: n.h } : {}) },
        ...(n.x !== undefined && n.y !== undefined ? { position: { x: n.x, y: n.y } } : {}),
      })),
      ...request.edges.map((e) => ({ group: 'edges' as const, data: e })),
    ],
  });
  cy.layout({
    name: 'fcose',
    quality: request.quality,
    randomize: request.randomize,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    // A small graph is laid out tight, so that fitted to a pane a third of the window wide its names
    // stay 11 px or more (zoom 1); big graphs keep their room between clusters.
    ...(request.nodes.length <= SMALL_GRAPH
      ? {
          nodeRepulsion: 4500,
          // Room for an edge's port label between two pods.
          idealEdgeLength: 90,
          nodeSeparation: 30,
          idealInterClusterEdgeLengthCoefficient: 0.6,
        }
      : { nodeRepulsion: 9000, idealEdgeLength: 110 }),
  } as never).run();
  const positions: LayoutResponse['positions'] = {};
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    const p = n.position();
    positions[n.id()] = { x: p.x, y: p.y };
  });
  cy.destroy();
  if (request.nodes.length <= SMALL_GRAPH) {
    removeOverlaps(request.nodes, positions);
    packGroups(request.nodes, positions);
  }
  return { id: request.id, positions };
}

/** Space kept between two boxes after overlaps are removed: leaf nodes, and namespace boxes. */
const GAP = 12;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * fcose keeps nodes apart by repulsion, not by rule: in a tight layout a few still overlap
 * (prometheus over alertmanager). Pushes overlapping leaf nodes apart along the shorter way out, then
 * namespace boxes (moving all their pods), until nothing overlaps or the passes run out. In place.
 */
export function removeOverlaps(nodes: readonly LayoutNode[], positions: LayoutResponse['positions']) {
  const leaves = nodes.filter((n) => positions[n.id] && n.w);
  const labels = new Map(nodes.filter((n) => n.label).map((n) => [n.id, n.label!]));
  const boxOf = (n: LayoutNode): Box => {
    const p = positions[n.id]!;
    return { x1: p.x - n.w! / 2, y1: p.y - n.h! / 2, x2: p.x + n.w! / 2, y2: p.y + n.h! / 2 };
  };
  // How far to move b (and -half of it a) so that the two boxes are GAP apart, or null if they are.
  const push = (a: Box, b: Box): { x: number; y: number } | null => {
    const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + GAP;
    const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + GAP;
    if (dx <= 0 || dy <= 0) return null;
    const right = (b.x1 + b.x2) / 2 >= (a.x1 + a.x2) / 2 ? 1 : -1;
    const down = (b.y1 + b.y2) / 2 >= (a.y1 + a.y2) / 2 ? 1 : -1;
    return dx < dy ? { x: right * dx, y: 0 } : { x: 0, y: down * dy };
  };
  const move = (ids: readonly string[], by: { x: number; y: number }, share: number) => {
    for (const id of ids) {
      const p = positions[id]!;
      positions[id] = { x: p.x + by.x * share, y: p.y + by.y * share };
    }
  };
  for (let pass = 0; pass < 60; pass++) {
    let moved = false;
    for (let i = 0; i < leaves.length; i++)
      for (let j = i + 1; j < leaves.length; j++) {
        const by = push(boxOf(leaves[i]!), boxOf(leaves[j]!));
        if (!by) continue;
        move([leaves[i]!.id], by, -0.5);
        move([leaves[j]!.id], by, 0.5);
        moved = true;
      }
    // Namespace boxes (their pods' boxes and the padding around them) apart from each other and from
    // nodes outside any namespace.
    const groups = new Map<string, string[]>();
    for (const n of leaves) {
      const key = n.parent ?? `solo:${n.id}`;
      groups.set(key, [...(groups.get(key) ?? []), n.id]);
    }
    const entries = [...groups.entries()];
    const byId = new Map(leaves.map((n) => [n.id, n]));
    const groupBox = ([key, ids]: [string, string[]]): Box => {
      const pad = key.startsWith('solo:') ? 0 : COMPOUND_PADDING;
      const boxes = ids.map((id) => boxOf(byId.get(id)!));
      const box = {
        x1: Math.min(...boxes.map((b) => b.x1)) - pad,
        y1: Math.min(...boxes.map((b) => b.y1)) - pad,
        x2: Math.max(...boxes.map((b) => b.x2)) + pad,
        y2: Math.max(...boxes.map((b) => b.y2)) + pad,
      };
      // A namespace's label, centred above its box, is part of it.
      const label = labels.get(key);
      if (!label) return box;
      const mid = (box.x1 + box.x2) / 2;
      return {
        x1: Math.min(box.x1, mid - label.w / 2),
        y1: box.y1 - label.h,
        x2: Math.max(box.x2, mid + label.w / 2),
        y2: box.y2,
      };
    };
    for (let i = 0; i < entries.length; i++)
      for (let j = i + 1; j < entries.length; j++) {
        const by = push(groupBox(entries[i]!), groupBox(entries[j]!));
        if (!by) continue;
        move(entries[i]![1], by, -0.5);
        move(entries[j]![1], by, 0.5);
        moved = true;
      }
    if (!moved) return;
  }
}

/**
 * The pane a small graph must fit with its pod names at 11 px (zoom 1, or at least 0.75 of it, which
 * the fit rounds up: see fitZoom): the graph pane of a 1280 px window less the fit's margins.
 */
export const SMALL_PANE = { w: 466, h: 471 };

/**
 * Namespace boxes (with their labels, which long names make wider than the box) and nodes outside any
 * namespace, as one piece each: the extent of the graph they make, placed where they are.
 */
function groupBoxes(nodes: readonly LayoutNode[], positions: LayoutResponse['positions']) {
  const labels = new Map(nodes.filter((n) => n.label).map((n) => [n.id, n.label!]));
  const groups = new Map<string, LayoutNode[]>();
  for (const n of nodes) {
    if (!positions[n.id] || !n.w) continue;
    const key = n.parent ?? `solo:${n.id}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.entries()].map(([key, members]) => {
    const pad = key.startsWith('solo:') ? 0 : COMPOUND_PADDING;
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const n of members) {
      const p = positions[n.id]!;
      x1 = Math.min(x1, p.x - n.w! / 2 - pad);
      y1 = Math.min(y1, p.y - n.h! / 2 - pad);
      x2 = Math.max(x2, p.x + n.w! / 2 + pad);
      y2 = Math.max(y2, p.y + n.h! / 2 + pad);
    }
    const label = labels.get(key);
    if (label) {
      const mid = (x1 + x2) / 2;
      x1 = Math.min(x1, mid - label.w / 2);
      x2 = Math.max(x2, mid + label.w / 2);
      y1 -= label.h;
    }
    return { members, box: { x1, y1, x2, y2 } };
  });
}

/** How much a graph of extent w x h must shrink to fit SMALL_PANE (1: it fits at zoom 1). */
const shrinkFor = (w: number, h: number) => Math.min(SMALL_PANE.w / w, SMALL_PANE.h / h);

/**
 * fcose leaves clusters an edge length or more apart: a few namespaces with long names then fit the
 * pane only at a zoom where pod names are 7 px. When the fitted zoom of the layout is under what
 * fitZoom rounds up to readable (0.75), the namespaces are packed instead on a grid in the order fcose
 * placed them (by rows, then columns), GAP apart: the squarest grid that fitZoom rounds up to
 * readable, else the one that fits the pane at the largest zoom, if that beats the layout. Each namespace moves as one piece; inside it nothing changes. In place.
 */
export function packGroups(nodes: readonly LayoutNode[], positions: LayoutResponse['positions']) {
  const groups = groupBoxes(nodes, positions);
  if (groups.length < 2) return;
  const extent = (boxes: readonly Box[]) => ({
    w: Math.max(...boxes.map((b) => b.x2)) - Math.min(...boxes.map((b) => b.x1)),
    h: Math.max(...boxes.map((b) => b.y2)) - Math.min(...boxes.map((b) => b.y1)),
  });
  const now = extent(groups.map((g) => g.box));
  const before = shrinkFor(now.w, now.h);
  if (before >= 0.75) return;
  // Reading order of the layout: rows of about a group's height, left to right within a row.
  const rowH = Math.max(...groups.map((g) => g.box.y2 - g.box.y1));
  const order = [...groups].sort(
    (a, b) =>
      Math.round((a.box.y1 + a.box.y2) / 2 / rowH) - Math.round((b.box.y1 + b.box.y2) / 2 / rowH) ||
      a.box.x1 + a.box.x2 - (b.box.x1 + b.box.x2),
  );
  // The best grid: of those fitZoom rounds up to readable, the squarest (edges between neighbours then
  // cross no other box); if none, the one that fits at the largest zoom.
  const square = Math.sqrt(order.length);
  let best: { zoom: number; cols: number } = { zoom: before, cols: 0 };
  const better = (zoom: number, cols: number) =>
    zoom >= 0.75 && best.zoom >= 0.75
      ? Math.abs(cols - square) < Math.abs(best.cols - square)
      : zoom > best.zoom;
  for (let cols = 1; cols <= order.length; cols++) {
    const widths = Array.from({ length: cols }, (_, c) =>
      Math.max(...order.filter((_, i) => i % cols === c).map((g) => g.box.x2 - g.box.x1)),
    );
    const heights = Array.from({ length: Math.ceil(order.length / cols) }, (_, r) =>
      Math.max(...order.slice(r * cols, r * cols + cols).map((g) => g.box.y2 - g.box.y1)),
    );
    const w = widths.reduce((k, x) => k + x, 0) + GAP * (cols - 1);
    const h = heights.reduce((k, x) => k + x, 0) + GAP * (heights.length - 1);
    const zoom = shrinkFor(w, h);
    if (better(zoom, cols)) best = { zoom, cols };
  }
  if (best.cols === 0) return;
  const cols = best.cols;
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(...order.filter((_, i) => i % cols === c).map((g) => g.box.x2 - g.box.x1)),
  );
  let y = 0;
  for (let r = 0; r * cols < order.length; r++) {
    const row = order.slice(r * cols, r * cols + cols);
    let x = 0;
    row.forEach((g, c) => {
      // Each namespace centred in its cell, its top at the row's top.
      const dx = x + (widths[c]! - (g.box.x2 - g.box.x1)) / 2 - g.box.x1;
      const dy = y - g.box.y1;
      for (const n of g.members) {
        const p = positions[n.id]!;
        positions[n.id] = { x: p.x + dx, y: p.y + dy };
      }
      x += widths[c]! + GAP;
    });
    y += Math.max(...row.map((g) => g.box.y2 - g.box.y1)) + GAP;
  }
}
