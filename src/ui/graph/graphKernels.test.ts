import { describe, expect, it } from 'vitest';
import {
  chooseLayout,
  diffElements,
  FIT_PADDING,
  fitZoom,
  gridColumns,
  MAX_FIT_ZOOM,
  overviewGrid,
  OVERVIEW_READABLE_ZOOM,
  READABLE_ZOOM,
  slices,
} from './graphKernels';
import { NS_CELL_PX } from './graphStyle';
import type { GraphElement } from './toElements';
import { allowedEdgeId, endpointId, namespaceEdgeId, namespaceId, namespaceOfId, parseNodeId } from './ids';

const ns = (name: string): GraphElement => ({
  group: 'nodes',
  data: { id: namespaceId(name), label: name, kind: 'namespace' },
  classes: 'namespace',
});
const pod = (i: number, parent: string, classes = 'pod'): GraphElement => ({
  group: 'nodes',
  data: { id: endpointId(i), parent: namespaceId(parent), label: `p${i}`, index: i },
  classes,
});
const edge = (a: number, b: number, label = ''): GraphElement => ({
  group: 'edges',
  data: { id: allowedEdgeId(a, b), source: endpointId(a), target: endpointId(b), label },
  classes: 'allowed',
});
const byId = (els: GraphElement[]) => new Map(els.map((e) => [String(e.data.id), e]));

describe('diffElements', () => {
  it('adds everything to an empty graph, nodes before edges and parents before children', () => {
    const d = diffElements(new Map(), [edge(0, 1), pod(0, 'a'), pod(1, 'a'), ns('a')]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.added.map((e) => e.data.id)).toEqual(['ns:a', 'ep:0', 'ep:1', 'e:0-1']);
    expect(d.addedNodes).toBe(3);
  });

  it('touches nothing when the same model comes again', () => {
    const els = [ns('a'), pod(0, 'a'), pod(1, 'a'), edge(0, 1, '80')];
    const copy = els.map((e) => ({ ...e, data: { ...e.data } }));
    const d = diffElements(byId(els), copy);
    expect(d).toEqual({ removed: [], changed: [], added: [], addedNodes: 0 });
  });

  it('reports a class change apart from a data change, and removes what is no longer wanted', () => {
    const before = [ns('a'), pod(0, 'a'), pod(1, 'a'), edge(0, 1, '80'), edge(1, 0)];
    const after = [ns('a'), pod(0, 'a', 'pod selected-node'), pod(1, 'a'), edge(0, 1, '443')];
    const d = diffElements(byId(before), after);
    expect(d.removed).toEqual(['e:1-0']);
    expect(d.added).toEqual([]);
    expect(d.changed.map((c) => [c.element.data.id, c.data, c.classes])).toEqual([
      ['ep:0', false, true],
      ['e:0-1', true, false],
    ]);
  });

  it('moves a node whose namespace changed into its new box', () => {
    const d = diffElements(byId([ns('a'), ns('b'), pod(0, 'a')]), [ns('b'), pod(0, 'b')]);
    expect(d.removed).toEqual(['ns:a']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.parent).toBe('ns:b');
  });
});

describe('chooseLayout', () => {
  it('puts collapsed namespaces past a dozen and graphs past 600 nodes on a grid', () => {
    expect(chooseLayout(12, true)).toBe('fcose');
    expect(chooseLayout(13, true)).toBe('grid');
    expect(chooseLayout(13, false)).toBe('fcose');
    expect(chooseLayout(600, false)).toBe('fcose');
    expect(chooseLayout(601, false)).toBe('grid');
  });

  it('places a focus alone with its collapsed groups as a star, whatever their number', () => {
    expect(chooseLayout(12, false, true)).toBe('concentric');
    expect(chooseLayout(700, false, true)).toBe('concentric');
  });
});

describe('gridColumns', () => {
  const boxes = (n: number, w = 90, h = 40) => Array.from({ length: n }, () => ({ w, h }));
  it('makes the grid the shape of the view', () => {
    // 50 cells of 100 x 50 (with the gap) in a view twice as wide as high: 7 columns x 8 rows make
    // 700 x 400, the nearest to 2:1 (6 x 9 is 600 x 450, 8 x 7 is 800 x 350).
    expect(gridColumns(boxes(50), 2)).toBe(7);
    // The same in a tall view: fewer columns.
    expect(gridColumns(boxes(50), 0.5)).toBeLessThan(5);
  });
  it('never has more columns than nodes, nor fewer than one, whatever the aspect', () => {
    expect(gridColumns(boxes(3), 100)).toBe(3);
    expect(gridColumns(boxes(1), 1)).toBe(1);
    expect(gridColumns([], 1)).toBe(1);
    for (const aspect of [0, -1, NaN, Infinity]) {
      const c = gridColumns(boxes(20), aspect);
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(20);
    }
  });
  it('sizes cells by the widest node', () => {
    expect(gridColumns([...boxes(49), { w: 990, h: 40 }], 2)).toBeLessThan(gridColumns(boxes(50), 2));
  });
});

describe('fitZoom', () => {
  it('keeps a small graph readable when that cuts little of it, and never blows a graph up', () => {
    expect(fitZoom(READABLE_ZOOM * 0.8, true)).toBe(READABLE_ZOOM);
    expect(fitZoom(READABLE_ZOOM * 0.5, true)).toBe(READABLE_ZOOM * 0.5);
    expect(fitZoom(READABLE_ZOOM * 0.8, false)).toBe(READABLE_ZOOM * 0.8);
    expect(fitZoom(3, true)).toBe(MAX_FIT_ZOOM);
  });
});

describe('slices', () => {
  it('cuts into pieces of the size, the last shorter', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([], 2)).toEqual([]);
  });
});

describe('ids', () => {
  it('reads back what it builds, and nothing else', () => {
    expect(parseNodeId(namespaceId('team-3'))).toEqual({ type: 'namespace', name: 'team-3' });
    expect(parseNodeId(endpointId(42))).toEqual({ type: 'endpoint', index: 42 });
    expect(parseNodeId('ep:x')).toBeNull();
    expect(parseNodeId('ns:')).toBeNull();
    expect(parseNodeId(allowedEdgeId(1, 2))).toBeNull();
    expect(parseNodeId(namespaceEdgeId('a', 'b'))).toBeNull();
    expect(namespaceOfId(endpointId(1))).toBeNull();
    expect(namespaceOfId('ns:a')).toBe('a');
  });
});

describe('overviewGrid', () => {
  // A cell of the 1,000-pod overview with its gap ("kube-system" over "20 · ◐in ○out"), and graph
  // panes measured in the app at 1024, 1280 and 1440 px wide windows.
  const cell = { w: 120, h: 52 };
  const names = (zoom: number) => zoom * NS_CELL_PX;
  const zoomOf = (g: { cols: number; clipped: boolean }, n: number, view: { w: number; h: number }) => {
    const w = view.w - 2 * FIT_PADDING;
    const h = view.h - 2 * FIT_PADDING;
    const fitted = Math.min(w / (g.cols * cell.w), h / (Math.ceil(n / g.cols) * cell.h));
    return g.clipped ? OVERVIEW_READABLE_ZOOM : fitted;
  };

  it('a grid that fits with readable names is the shape of the view and not clipped', () => {
    const view = { w: 900, h: 700 };
    const g = overviewGrid(20, cell, view);
    expect(g.clipped).toBe(false);
    expect(names(zoomOf(g, 20, view))).toBeGreaterThanOrEqual(11);
  });

  it('50 namespaces in a 1024 px window: names stay 11 px, as many columns as fit the width', () => {
    for (const view of [
      { w: 418, h: 335 },
      { w: 526, h: 441 },
    ]) {
      const g = overviewGrid(56, cell, view);
      expect(g.clipped).toBe(true);
      expect(names(zoomOf(g, 56, view))).toBeGreaterThanOrEqual(11);
      // The columns fill the width at that zoom: one more would not fit.
      expect(g.cols * cell.w * OVERVIEW_READABLE_ZOOM).toBeLessThanOrEqual(view.w - 2 * FIT_PADDING);
      expect((g.cols + 1) * cell.w * OVERVIEW_READABLE_ZOOM).toBeGreaterThan(view.w - 2 * FIT_PADDING);
    }
  });

  it('never fewer than one column, never more than the cells, whatever the view', () => {
    expect(overviewGrid(56, cell, { w: 10, h: 10 }).cols).toBe(1);
    expect(overviewGrid(3, cell, { w: 5000, h: 100 }).cols).toBeLessThanOrEqual(3);
    expect(overviewGrid(1, cell, { w: 10, h: 10 })).toEqual({ cols: 1, clipped: false });
  });
});
