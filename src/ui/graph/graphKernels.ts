/**
 * The pure decisions of the graph controller, tested in Node: what changed between the elements
 * shown and the ones wanted, which layout a graph gets, how many columns its grid has, and how a fit
 * is clamped. No Cytoscape here: the controller applies what these return.
 */
import type { GraphElement } from './toElements';
import { NS_CELL_PX, POD_NAME_PX } from './graphStyle';

export interface ElementDiff {
  /** Ids shown and no longer wanted. */
  removed: string[];
  /** Elements kept under their id whose data or classes changed; `parent` set when a node moves box. */
  changed: { element: GraphElement; data: boolean; classes: boolean; parent?: string | null }[];
  /** Elements to add, nodes before edges and parents before children (Cytoscape needs both). */
  added: GraphElement[];
  /** How many of `added` are nodes (they come first). */
  addedNodes: number;
}

const sameData = (a: GraphElement['data'], b: GraphElement['data']) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * The changes that turn `shown` (what was last given to Cytoscape, by id) into `wanted`. Compared with
 * what was given rather than read back from Cytoscape: each lookup there makes a collection, and on a
 * selection nearly every element is unchanged.
 */
export function diffElements(
  shown: ReadonlyMap<string, GraphElement>,
  wanted: readonly GraphElement[],
): ElementDiff {
  const wantedIds = new Set<string>();
  for (const el of wanted) wantedIds.add(String(el.data.id));
  const removed: string[] = [];
  for (const id of shown.keys()) if (!wantedIds.has(id)) removed.push(id);
  const changed: ElementDiff['changed'] = [];
  const fresh: GraphElement[] = [];
  for (const el of wanted) {
    const before = shown.get(String(el.data.id));
    if (!before || before.group !== el.group) {
      if (before) removed.push(String(el.data.id));
      fresh.push(el);
      continue;
    }
    const classes = (before.classes ?? '') !== (el.classes ?? '');
    const data = !sameData(before.data, el.data);
    if (!classes && !data) continue;
    // An id can pass from one endpoint to another (ep:5 was an address, now a new pod): data() never
    // changes a node's parent, so the controller moves it into its new box.
    const parentMoved = el.group === 'nodes' && before.data.parent !== el.data.parent;
    changed.push({
      element: el,
      data,
      classes,
      ...(parentMoved ? { parent: (el.data.parent as string | undefined) ?? null } : {}),
    });
  }
  const added = orderForAdd(fresh);
  return { removed, changed, added, addedNodes: added.filter((e) => e.group === 'nodes').length };
}

/** Nodes before edges, parents before children: the order Cytoscape accepts new elements in. */
export function orderForAdd(elements: readonly GraphElement[]): GraphElement[] {
  const rank = (e: GraphElement) => (e.group === 'nodes' ? (e.data.parent ? 1 : 0) : 2);
  return [...elements].sort((a, b) => rank(a) - rank(b));
}

/** Past this many nodes a graph goes on a grid: fcose takes seconds and piles nodes up. */
export const GRID_NODES = 600;
/** Collapsed namespaces past this many go on a grid (fcose piles them around the busiest one). */
export const GRID_NAMESPACES = 12;

/** Grid for namespaces collapsed to nodes and for big graphs (cheap, names readable, no overlaps), else fcose. */
export function chooseLayout(
  nodeCount: number,
  aggregated: boolean,
  /** The view is one focused endpoint and its collapsed peer groups: a star, placed in this task. */
  focusStar = false,
): 'grid' | 'fcose' | 'concentric' {
  if (focusStar) return 'concentric';
  return nodeCount > GRID_NODES || (aggregated && nodeCount > GRID_NAMESPACES) ? 'grid' : 'fcose';
}

/**
 * Columns of a grid of `sizes` (its cells as wide and as high as the widest and highest node, plus a
 * gap) that make it the shape of a view of width/height `aspect`: of the two whole numbers around the
 * ideal, the one whose grid fills the view more. Columns for square cells made a wide strip that fitted
 * at half the zoom (namespace names 2 px high at 1,000 pods).
 */
export function gridColumns(sizes: readonly { w: number; h: number }[], aspect: number, gap = 10): number {
  const n = sizes.length;
  if (n <= 1) return 1;
  let cellW = 1;
  let cellH = 1;
  for (const s of sizes) {
    cellW = Math.max(cellW, s.w + gap);
    cellH = Math.max(cellH, s.h + gap);
  }
  const a = Number.isFinite(aspect) && aspect > 0 ? aspect : 1;
  const ideal = Math.sqrt((n * a * cellH) / cellW);
  const fill = (c: number) => Math.min(a / (c * cellW), 1 / (Math.ceil(n / c) * cellH));
  return [Math.floor(ideal), Math.ceil(ideal)]
    .map((c) => Math.min(n, Math.max(1, c)))
    .reduce((best, c) => (fill(c) > fill(best) ? c : best));
}

/** The overview is not fitted below the zoom at which its namespace names are 11 px on screen. */
export const OVERVIEW_READABLE_ZOOM = 11 / NS_CELL_PX;
/** The margin `fit` leaves around the graph, in px on screen. */
export const FIT_PADDING = 30;

/**
 * The grid of an overview of `n` equal cells (`cell`: a cell's size with its gap) in a view of
 * `view` px: the shape of the view (see gridColumns) when, fitted, its names are drawn at 11 px or
 * more; else as many columns as fit the view's width at the readable zoom, and `clipped`: the view
 * shows the grid at that zoom from its top and the rest is a drag away (50 namespaces in a 418 px
 * pane are 2 px names when fitted whole).
 */
export function overviewGrid(
  n: number,
  cell: { w: number; h: number },
  view: { w: number; h: number },
  readable = OVERVIEW_READABLE_ZOOM,
): { cols: number; clipped: boolean } {
  const w = Math.max(1, view.w - 2 * FIT_PADDING);
  const h = Math.max(1, view.h - 2 * FIT_PADDING);
  const cols = gridColumns(
    Array.from({ length: n }, () => cell),
    w / h,
    0,
  );
  const fitted = Math.min(w / (cols * cell.w), h / (Math.ceil(n / cols) * cell.h));
  if (fitted >= readable || n <= 1) return { cols, clipped: false };
  return { cols: Math.max(1, Math.min(n, Math.floor(w / (readable * cell.w)))), clipped: true };
}

/** The zoom at which pod names are 11 px on screen (see graphStyle): a small graph is not fitted below it. */
export const READABLE_ZOOM = 11 / POD_NAME_PX;
/** The share of a small graph that must stay in view for it to be fitted at READABLE_ZOOM. */
export const MAX_OVERFLOW = 0.75;
/** A graph of two pods fitted to a big pane would draw them huge: fits stop here. */
export const MAX_FIT_ZOOM = 1.6;

/**
 * The zoom a fit settles on, from the zoom that shows every node: a small graph is shown with its
 * names readable when that overflows the pane by a little (pan to see the rest); one that would be
 * cut by more stays whole, names smaller; none is blown up past MAX_FIT_ZOOM.
 */
export function fitZoom(fitted: number, small: boolean, readable = READABLE_ZOOM): number {
  if (small && fitted < readable && fitted >= readable * MAX_OVERFLOW) return readable;
  return fitted > MAX_FIT_ZOOM ? MAX_FIT_ZOOM : fitted;
}

/** Splits `items` into slices of `size` (the last one shorter). */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
