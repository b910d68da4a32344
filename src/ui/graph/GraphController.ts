/**
 * The Cytoscape adapter: owns the one Cytoscape instance of the page and everything that touches it
 * (adding a model's elements in slices, laying out, fitting, picking, previews, exports). Framework
 * free: a thin React component creates it once, calls `show(model)` and listens with `onState`.
 * Invariant: the elements in Cytoscape are those of the last model shown (plus preview edges), once
 * `state.drawn` is that model.
 */
import cytoscape, { type Core } from 'cytoscape';
import type { GraphElement, GraphModel } from './toElements';
import { graphStyle, POD_NAME_MIN_PX, POD_NAME_PX } from './graphStyle';
import { SMALL_GRAPH } from './layout/limits';
import { createLayoutRunner, type LayoutRunner } from './layout/layoutClient';
import {
  chooseLayout,
  diffElements,
  FIT_PADDING,
  fitZoom,
  gridColumns,
  MAX_FIT_ZOOM,
  orderForAdd,
  overviewGrid,
  OVERVIEW_READABLE_ZOOM,
  slices,
} from './graphKernels';
import { endpointId, markEdgeId, parseNodeId, previewEdgeId, type EndRef } from './ids';
import type { GraphSnapshot } from './toSvg';

/**
 * New elements added per task when a graph arrives. In a graph of namespace boxes Cytoscape takes 1 to
 * 3 ms to style each new element (every property it sets dirties the element's whole family): 40 per
 * task keeps tasks near 0.1 s.
 */
const ADD_SLICE = 40;
/** Preview edges drawn at most: past it the dialog's list says the rest. */
const PREVIEW_LIMIT = 200;
/** A view whose width/height changed by more than this share since its grid was laid out gets a new grid. */
const REGRID_ASPECT_CHANGE = 0.1;
/** Expectation markers drawn at most: the Expectations panel lists them all. */
const MARK_LIMIT = 200;
/** Above this many edges fcose lays out the nodes alone (its cost grows with edges). */
const LAYOUT_EDGE_LIMIT = 800;

/** An expectation drawn on the graph between two endpoints: its pass or fail, and its label (✓/✗ in words). */
export interface GraphMark {
  from: number;
  to: number;
  status: 'pass' | 'fail';
  label: string;
}

/** What a tap picks: an endpoint, a namespace, the edge of a pair, or nothing (the background). */
export type GraphPick =
  | { type: 'endpoint'; index: number }
  | { type: 'namespace'; name: string }
  | { type: 'pair'; from: number; to: number }
  /** A group of a focused endpoint's peers (opens or closes it). */
  | { type: 'group'; namespace: string }
  | null;

export interface GraphHover {
  x: number;
  y: number;
  /** Size of the graph region the card is placed in. */
  width: number;
  height: number;
  index?: number;
  namespace?: string;
}

export interface GraphViewState {
  /** A layout is running: the region is busy. */
  layingOut: boolean;
  /** A graph drawn from scratch is hidden until its nodes are placed. */
  placing: boolean;
  /** The model shown in full and laid out (null before the first). */
  drawn: GraphModel | null;
  /** Pod names are too small to draw at this zoom. */
  namesTooSmall: boolean;
  /**
   * Cells of an overview shown at the zoom that keeps their names readable, which does not hold them
   * all: the view starts at the top and the rest is a drag away (0: every node is in view or the
   * person moved the view).
   */
  overviewClipped: number;
  hover: GraphHover | null;
}

/** The global hook for tests and benchmarks: only in development, or in a browser driven by automation. */
function testHooksEnabled(): boolean {
  return import.meta.env.DEV || (typeof navigator !== 'undefined' && navigator.webdriver === true);
}

/** Computes the style of new elements now (Cytoscape would in its next render, all at once). */
function styleNow(elements: cytoscape.Collection) {
  elements.forEach((el) => void el.style('display'));
}

const toDefinition = (el: GraphElement): cytoscape.ElementDefinition => ({
  group: el.group,
  data: el.data as never,
  classes: el.classes,
});

/**
 * Whether pod and workload names are too small to draw at `zoom`, by Cytoscape's rule: a label's
 * size at the zoom of its texture level (the zoom times the pixel ratio, rounded up to a power of two)
 * against its min-zoomed-font-size.
 */
function podNamesTooSmall(zoom: number): boolean {
  const level = 2 ** Math.ceil(Math.log2(zoom * (window.devicePixelRatio || 1)));
  return POD_NAME_PX * level < POD_NAME_MIN_PX;
}

/**
 * The size of a namespace box's label (graphStyle: 14 px bold, 7.1 px a character measured in
 * Chromium, 7.6 with a margin; 17 px a line; wrapped at 320 px), for the layout to keep it clear of
 * its neighbours.
 */
function namespaceLabelSize(label: string): { w: number; h: number } {
  const lines = label.split('\n');
  let rows = 0;
  let w = 0;
  lines.forEach((l, i) => {
    const px = l.length * 7.6;
    // The name has no space to wrap at; the labels under it wrap at 320 px.
    rows += i === 0 ? 1 : Math.max(1, Math.ceil(px / 320));
    w = Math.max(w, i === 0 ? px : Math.min(px, 320));
  });
  return { w, h: rows * 17 };
}

export class GraphController {
  private readonly cy: Core;
  private readonly resized: ResizeObserver;
  private readonly layoutRunner: LayoutRunner = createLayoutRunner();
  private readonly stateListeners = new Set<(state: GraphViewState) => void>();
  private readonly pickListeners = new Set<(pick: GraphPick) => void>();
  private state: GraphViewState = {
    layingOut: false,
    placing: false,
    drawn: null,
    namesTooSmall: false,
    overviewClipped: 0,
    hover: null,
  };
  /** The elements last given to Cytoscape, by id, to touch only what changed. */
  private shown = new Map<string, GraphElement>();
  /** The latest model: a layout finishing after a newer model changed only classes has drawn that one. */
  private latest: GraphModel | null = null;
  /** Each layout started; a result is applied only if no later one has started since. */
  private generation = 0;
  /** Elements of a big new graph still to be added, a slice per task: adds them now. */
  private pendingAdd: (() => void) | null = null;
  /** Whether the view is still the one the graph fitted itself to, and whether our fit moves it now. */
  private autoFit = true;
  private fitting = false;
  /** A layout is under way: it fits the view when done (a resize meanwhile would fit unplaced nodes). */
  private layoutPending = false;
  private preview: cytoscape.Collection;
  /** The expectation markers asked for, drawn again whenever a new model is drawn. */
  private marks: readonly GraphMark[] = [];
  private markEdges: cytoscape.Collection;
  /** The view's shape when the graph was last laid out on a grid; null when fcose placed it. */
  private grid: { aspect: number; aggregated: boolean; clipped: boolean } | null = null;

  constructor(
    private readonly container: HTMLElement,
    dark: boolean,
  ) {
    const cy = cytoscape({
      container,
      style: graphStyle(dark),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    this.cy = cy;
    this.preview = cy.collection();
    this.markEdges = cy.collection();
    cy.on('tap', 'node', (event) => {
      const ref = parseNodeId(event.target.id() as string);
      if (ref?.type === 'endpoint') this.emitPick({ type: 'endpoint', index: ref.index });
      else if (ref?.type === 'namespace') this.emitPick({ type: 'namespace', name: ref.name });
      else if (ref?.type === 'group') this.emitPick({ type: 'group', namespace: ref.namespace });
    });
    cy.on('tap', 'edge', (event) => {
      const from = event.target.data('from') as number | undefined;
      const to = event.target.data('to') as number | undefined;
      if (from !== undefined && to !== undefined) this.emitPick({ type: 'pair', from, to });
    });
    cy.on('tap', (event) => {
      if (event.target === cy) this.emitPick(null);
    });
    // A hover card with the node's labels: the component renders it as text, never HTML from the YAML.
    cy.on('mouseover', 'node', (event) => {
      const n = event.target;
      const p = event.renderedPosition ?? n.renderedPosition();
      const region = container.parentElement;
      const ref = parseNodeId(n.id() as string);
      this.setState({
        hover: {
          x: p.x + container.offsetLeft,
          y: p.y + container.offsetTop,
          width: region?.clientWidth ?? 0,
          height: region?.clientHeight ?? 0,
          index: n.data('index') as number | undefined,
          namespace: ref?.type === 'namespace' ? ref.name : undefined,
        },
      });
    });
    cy.on('mouseout', 'node', () => this.setState({ hover: null }));
    cy.on('viewport', () => {
      // The zoom only: which nodes are pods is known from the model, not looked up on every pan.
      this.setState({ hover: null, namesTooSmall: podNamesTooSmall(cy.zoom()) });
      // Panned or zoomed by anything but our own fit: the person's view, kept from now on (and the
      // note that the overview starts at its top has served).
      if (!this.fitting) {
        this.autoFit = false;
        this.setState({ overviewClipped: 0 });
      }
    });
    // Banners and status lines that appear after a fit shrink the graph: fit again, unless the view
    // has been moved since.
    this.resized = new ResizeObserver(() => {
      cy.resize();
      if (!this.autoFit || this.layoutPending || cy.nodes().empty()) return;
      // A grid laid out for a view of another shape fills it badly: lay it out again for this one.
      const aspect = cy.width() / Math.max(1, cy.height());
      if (this.grid && Math.abs(aspect / this.grid.aspect - 1) > REGRID_ASPECT_CHANGE) {
        this.runGrid(this.grid.aggregated, () => undefined);
      }
      this.fit();
    });
    this.resized.observe(container);
    if (testHooksEnabled()) (window as unknown as { __netpolCy?: Core }).__netpolCy = cy;
  }

  getState(): GraphViewState {
    return this.state;
  }

  /** Calls `listener` with the new state after every change; returns the unsubscribe. */
  onState(listener: (state: GraphViewState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Calls `listener` when a node, an edge or the background is tapped; returns the unsubscribe. */
  onPick(listener: (pick: GraphPick) => void): () => void {
    this.pickListeners.add(listener);
    return () => this.pickListeners.delete(listener);
  }

  /**
   * Drawing mode: press on one node and release on another (or tap one, then the other) calls
   * `listener` with the two; nodes cannot be dragged meanwhile. Returns the function that ends it.
   */
  onConnect(listener: (from: EndRef, to: EndRef) => void): () => void {
    const cy = this.cy;
    let pending: EndRef | null = null;
    const key = (r: EndRef) => (r.type === 'namespace' ? `ns:${r.name}` : `ep:${r.index}`);
    const inside = (pos: { x: number; y: number }, b: { x1: number; x2: number; y1: number; y2: number }) =>
      pos.x >= b.x1 && pos.x <= b.x2 && pos.y >= b.y1 && pos.y <= b.y2;
    // A pod inside a namespace wins over the namespace around it.
    const endAt = (pos: { x: number; y: number }): EndRef | null => {
      let namespace: EndRef | null = null;
      for (const n of cy.nodes()) {
        const ref = parseNodeId(n.id());
        if (!ref || ref.type === 'group' || !inside(pos, n.boundingBox({}))) continue;
        if (ref.type === 'endpoint') return ref;
        if (n.data('kind') === 'namespace') namespace ??= ref;
      }
      return namespace;
    };
    const down = (e: cytoscape.EventObject) => {
      const end = endAt(e.position);
      if (end && pending === null) pending = end;
    };
    const up = (e: cytoscape.EventObject) => {
      const end = endAt(e.position);
      if (end && pending !== null && key(end) !== key(pending)) {
        listener(pending, end);
        pending = null;
      }
    };
    cy.autoungrabify(true);
    cy.on('tapstart', down);
    cy.on('tapend', up);
    return () => {
      if (cy.destroyed()) return;
      cy.removeListener('tapstart', down);
      cy.removeListener('tapend', up);
      cy.autoungrabify(false);
    };
  }

  /**
   * Edges for the connections a previewed change opens (dotted, "+ opens") and closes (dashed and
   * barred, "⊣ closes"), between the nodes shown, replacing the last preview; the lists beside the
   * preview name the rest past PREVIEW_LIMIT.
   */
  setPreview(
    opened: readonly { from: number; to: number }[],
    closed: readonly { from: number; to: number }[] = [],
  ) {
    const cy = this.cy;
    if (cy.destroyed()) return;
    cy.batch(() => {
      this.preview.remove();
      this.preview = cy.collection();
      const put = (pairs: readonly { from: number; to: number }[], kind: 'opens' | 'closes') =>
        pairs.slice(0, PREVIEW_LIMIT).forEach(({ from, to }, i) => {
          const source = endpointId(from);
          const target = endpointId(to);
          if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) return;
          this.preview = this.preview.union(
            cy.add({
              group: 'edges',
              data: {
                id: previewEdgeId(i, kind),
                source,
                target,
                label: kind === 'opens' ? '+ opens' : '⊣ closes',
              },
              classes: kind === 'opens' ? 'preview' : 'preview preview-closed',
            }),
          );
        });
      put(opened, 'opens');
      put(closed, 'closes');
    });
  }

  /**
   * Markers for expectations between the endpoints drawn (✓ holds, ✗ fails), replacing the last ones.
   * They are drawn again after every model shown; pairs whose ends are not drawn (another namespace
   * filtered out, pods collapsed into namespaces) get none: the Expectations panel lists every one.
   */
  setMarks(marks: readonly GraphMark[]) {
    this.marks = marks;
    this.drawMarks();
  }

  private drawMarks() {
    const cy = this.cy;
    if (cy.destroyed()) return;
    cy.batch(() => {
      this.markEdges.remove();
      this.markEdges = cy.collection();
      this.marks.slice(0, MARK_LIMIT).forEach((m, i) => {
        const source = endpointId(m.from);
        const target = endpointId(m.to);
        if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) return;
        this.markEdges = this.markEdges.union(
          cy.add({
            group: 'edges',
            data: { id: markEdgeId(i), source, target, label: m.label, from: m.from, to: m.to },
            classes: m.status === 'fail' ? 'expect-mark expect-fail' : 'expect-mark expect-pass',
          }),
        );
      });
    });
  }

  /** Whether the graph draws the node with this id (see ids.ts). */
  hasNode(id: string): boolean {
    return !this.cy.destroyed() && this.cy.getElementById(id).nonempty();
  }

  /** Brings a drawn node into view without changing the zoom. */
  center(id: string) {
    if (this.cy.destroyed()) return;
    const node = this.cy.getElementById(id);
    if (node.nonempty() && node.visible()) this.cy.center(node);
  }

  setTheme(dark: boolean) {
    this.cy.style(graphStyle(dark));
  }

  /**
   * Lays the nodes out on a grid the shape of the view, and remembers that shape: a banner or a
   * panel that changes the view's shape afterwards lays the grid out again (see the ResizeObserver).
   */
  private runGrid(aggregated: boolean, onStop: () => void) {
    const cy = this.cy;
    const aspect = cy.width() / Math.max(1, cy.height());
    const sizes = cy.nodes().map((n) => ({ w: n.outerWidth(), h: n.outerHeight() }));
    let cols = gridColumns(sizes, aspect);
    let clipped = false;
    let boundingBox: { x1: number; y1: number; w: number; h: number } | undefined;
    if (aggregated) {
      // Equal cells (see toElements), gaps of a fifth of a cell across and a quarter down.
      const cell = {
        w: Math.max(...sizes.map((z) => z.w)) * 1.2,
        h: Math.max(...sizes.map((z) => z.h)) * 1.25,
      };
      ({ cols, clipped } = overviewGrid(sizes.length, cell, { w: cy.width(), h: cy.height() }));
      boundingBox = { x1: 0, y1: 0, w: cols * cell.w, h: Math.ceil(sizes.length / cols) * cell.h };
    }
    this.grid = { aspect, aggregated, clipped };
    const layout = cy.layout({
      name: 'grid',
      cols,
      avoidOverlap: true,
      animate: false,
      fit: false,
      ...(boundingBox ? { boundingBox, condense: true } : {}),
    } as never);
    layout.one('layoutstop', onStop);
    layout.run();
  }

  /**
   * Fits the view to the nodes (edges lie between them; fitting to them would compute every curve).
   * An overview too big for readable names is shown from its top at the readable zoom, unless `all`
   * (the Fit button: every node, whatever the size of the names).
   */
  fit(all = false) {
    const cy = this.cy;
    if (cy.destroyed()) return;
    this.fitting = true;
    const nodes = cy.nodes();
    cy.fit(nodes, FIT_PADDING);
    const zoom = cy.zoom();
    const clipped = !all && !!this.grid?.clipped && zoom < OVERVIEW_READABLE_ZOOM;
    if (clipped) {
      // The columns fill the width (their count was chosen for it at the readable zoom or more).
      const box = nodes.boundingBox({ includeLabels: false });
      const z = Math.min(
        MAX_FIT_ZOOM,
        Math.max(OVERVIEW_READABLE_ZOOM, (cy.width() - 2 * FIT_PADDING) / Math.max(1, box.w)),
      );
      cy.viewport({
        zoom: z,
        pan: { x: (cy.width() - box.w * z) / 2 - box.x1 * z, y: FIT_PADDING - box.y1 * z },
      });
    } else {
      const wanted = fitZoom(zoom, nodes.length <= SMALL_GRAPH);
      if (wanted !== zoom) {
        cy.zoom(wanted);
        cy.center(nodes);
      }
    }
    this.fitting = false;
    this.autoFit = true;
    this.setState({ overviewClipped: clipped ? nodes.filter('.namespace-group').length : 0 });
  }

  /** Zooms about the middle of the view. */
  zoomBy(factor: number) {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  nodeCount(): number {
    return this.cy.destroyed() ? 0 : this.cy.nodes().length;
  }

  /** The whole graph as a PNG. */
  png(background: string): Blob {
    return this.cy.png({ full: true, scale: 2, output: 'blob', bg: background }) as unknown as Blob;
  }

  /** The visible graph in model coordinates, for the SVG export (hidden elements left out). */
  snapshot(): GraphSnapshot {
    const cy = this.cy;
    return {
      nodes: cy.nodes(':visible').map((n) => ({
        label: String(n.data('label') ?? ''),
        classes: n.classes(),
        box: n.boundingBox({ includeLabels: false, includeOverlays: false }),
      })),
      edges: cy.edges(':visible').map((e) => ({
        label: String(e.data('label') ?? ''),
        classes: e.classes(),
        source: e.sourceEndpoint(),
        target: e.targetEndpoint(),
        mid: e.midpoint(),
      })),
    };
  }

  destroy() {
    this.generation++;
    this.resized.disconnect();
    this.stateListeners.clear();
    this.pickListeners.clear();
    const hook = window as unknown as { __netpolCy?: Core };
    if (hook.__netpolCy === this.cy) delete hook.__netpolCy;
    this.cy.destroy();
  }

  /**
   * Shows `model`: changes what differs from the last model in place; new nodes are added a slice per
   * task, laid out, then their edges added (each edge's curve is computed once, between placed nodes).
   */
  show(model: GraphModel) {
    this.latest = model;
    const cy = this.cy;
    if (cy.destroyed()) return;
    // What was last given to Cytoscape must be in it before comparing against it.
    this.pendingAdd?.();
    const diff = diffElements(this.shown, model.elements);
    let reparented = 0;
    let firstSlice: cytoscape.ElementDefinition[] = [];
    let nodeSlices: cytoscape.ElementDefinition[][] = [];
    let edgeSlices: cytoscape.ElementDefinition[][] = [];
    let added = diff.addedNodes;
    cy.batch(() => {
      for (const id of diff.removed) cy.getElementById(id).remove();
      // Elements Cytoscape dropped with their parent or ends are added again.
      const lost: GraphElement[] = [];
      for (const change of diff.changed) {
        const el = change.element;
        const id = String(el.data.id);
        let existing = cy.getElementById(id);
        if (existing.empty()) {
          lost.push(el);
          continue;
        }
        if (change.parent !== undefined && existing.isNode()) {
          existing.move({ parent: change.parent });
          existing = cy.getElementById(id);
          reparented++;
        }
        if (change.data) existing.data(el.data);
        if (change.classes) existing.classes(el.classes ?? '');
      }
      const fresh = lost.length ? orderForAdd([...diff.added, ...lost]) : diff.added;
      added = fresh.filter((e) => e.group === 'nodes').length;
      const adds = fresh.map(toDefinition);
      // Cytoscape styles each new element in the frame after it is added: a thousand at once is a
      // quarter-second task. A new graph (new nodes) goes in a slice per task, hidden until laid out;
      // new edges alone (a pod focused) go in at once.
      if (added === 0 || adds.length <= ADD_SLICE) firstSlice = adds;
      else {
        nodeSlices = slices(adds.slice(0, added), ADD_SLICE);
        edgeSlices = slices(adds.slice(added), ADD_SLICE);
        firstSlice = nodeSlices.shift()!;
      }
    });
    // A graph drawn from scratch is hidden until laid out, and meanwhile held at the smallest zoom:
    // Cytoscape draws whatever it holds in the next frame, and at the last graph's zoom it made a large
    // texture for each new element of a picture nobody sees.
    if (added > 0 && cy.nodes().length === 0) {
      this.fitting = true;
      cy.zoom(cy.minZoom());
      this.fitting = false;
      this.setState({ placing: true });
    }
    // Styled here, in this task, rather than in the next frame's render.
    if (firstSlice.length) styleNow(cy.add(firstSlice));
    this.shown = new Map(model.elements.map((e) => [String(e.data.id), e]));
    if (added === 0 && reparented === 0) {
      this.drawMarks();
      this.setState({ drawn: model });
      return;
    }
    this.layOutNew(model, added, nodeSlices, edgeSlices);
  }

  /** Adds the remaining slices, lays out, adds edges, fits: each step in a task of its own. */
  private layOutNew(
    model: GraphModel,
    added: number,
    nodeSlices: cytoscape.ElementDefinition[][],
    edgeSlices: cytoscape.ElementDefinition[][],
  ) {
    const cy = this.cy;
    this.setState({ layingOut: true });
    this.layoutPending = true;
    const generation = ++this.generation;
    const current = () => !cy.destroyed() && this.generation === generation;
    let timer = 0;
    // Where a sliced graph is: adding nodes, being laid out, adding edges.
    let phase: 'nodes' | 'layout' | 'edges' = 'nodes';
    const finish = () => {
      this.pendingAdd = null;
      this.layoutPending = false;
      this.drawMarks();
      this.fit();
      this.setState({ placing: false, layingOut: false, drawn: this.latest });
    };
    const finishLater = () => {
      if (current()) finish();
    };
    const addEdges = () => {
      if (!current()) return;
      styleNow(cy.add(edgeSlices.shift()!));
      if (edgeSlices.length > 0) timer = window.setTimeout(addEdges, 0);
      else finish();
    };
    const done = () => {
      if (this.generation !== generation) return;
      phase = 'edges';
      timer = window.setTimeout(edgeSlices.length > 0 ? addEdges : finishLater, 0);
    };
    const layOut = () => {
      phase = 'layout';
      const nodeCount = cy.nodes().length;
      // A focus alone with its peer groups closed: the focus in the middle, its groups around it,
      // placed here rather than after a round trip to the layout worker (search to focus, at any size).
      const star = !!model.focus?.alone && cy.nodes(':parent').empty();
      const kind = chooseLayout(nodeCount, model.aggregated, star);
      if (kind === 'grid') {
        this.runGrid(model.aggregated, done);
        return;
      }
      if (kind === 'concentric') {
        this.grid = null;
        const layout = cy.layout({
          name: 'concentric',
          concentric: (n: cytoscape.NodeSingular) => (n.hasClass('selected-node') ? 2 : 1),
          levelWidth: () => 1,
          minNodeSpacing: 30,
          avoidOverlap: true,
          animate: false,
          fit: false,
        } as never);
        // A dozen nodes: their edges and the fit go in this task too, so the first frame painted after
        // the focus is the finished picture (a frame at the old zoom cost a repaint of its own).
        layout.one('layoutstop', () => {
          if (!current()) return;
          if (edgeSlices.length > 0) return done();
          phase = 'edges';
          finish();
        });
        layout.run();
        return;
      }
      this.grid = null;
      // fcose in the layout worker: it takes hundreds of milliseconds on a few hundred nodes. Dense
      // graphs are laid out by their nodes alone (namespaces still keep their pods together). Placed
      // nodes keep their positions as the start of the new layout.
      const randomize = added === nodeCount;
      const nodes = cy.nodes().map((n) => {
        const parent = n.data('parent') as string | undefined;
        const w = n.data('w') as number | undefined;
        const h = n.data('h') as number | undefined;
        const p = n.position();
        return {
          id: n.id(),
          ...(parent ? { parent } : {}),
          ...(w ? { w, h } : {}),
          ...(n.isParent() ? { label: namespaceLabelSize(String(n.data('label') ?? '')) } : {}),
          ...(randomize ? {} : { x: p.x, y: p.y }),
        };
      });
      // Read from the model: in a sliced graph the edges go into Cytoscape after the layout.
      const modelEdges = model.elements.filter((el) => el.group === 'edges');
      const edges =
        modelEdges.length > LAYOUT_EDGE_LIMIT
          ? []
          : modelEdges.map((e) => ({
              id: String(e.data.id),
              source: e.data.source as string,
              target: e.data.target as string,
            }));
      void this.layoutRunner({
        nodes,
        edges,
        randomize,
        quality: nodeCount > 200 ? 'draft' : 'default',
      }).then((result) => {
        if (!result || !current()) return;
        cy.batch(() => {
          for (const [id, p] of Object.entries(result.positions)) {
            const n = cy.getElementById(id);
            if (n.nonempty() && !n.isParent()) n.position(p);
          }
        });
        done();
      });
    };
    if (nodeSlices.length === 0 && edgeSlices.length === 0) {
      layOut();
      return;
    }
    this.setState({ placing: true });
    // A newer model arrived before the last slice: everything goes in at once, and the graph is laid
    // out as planned (or, past its layout, finished).
    this.pendingAdd = () => {
      clearTimeout(timer);
      this.pendingAdd = null;
      cy.batch(() => {
        for (const slice of [...nodeSlices.splice(0), ...edgeSlices.splice(0)]) cy.add(slice);
      });
      if (phase === 'nodes') layOut();
      else if (phase === 'edges') finish();
    };
    const step = () => {
      if (!current()) return;
      if (nodeSlices.length > 0) styleNow(cy.add(nodeSlices.shift()!));
      // The layout, and then the fit, each in a task of its own: after the last slice, in one task,
      // they made the longest task of opening 10,000 pods (a grid of 506 namespaces).
      timer = window.setTimeout(nodeSlices.length > 0 ? step : layOut, 0);
    };
    timer = window.setTimeout(step, 0);
  }

  private emitPick(pick: GraphPick) {
    for (const l of this.pickListeners) l(pick);
  }

  private setState(patch: Partial<GraphViewState>) {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof GraphViewState)[]).every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const l of this.stateListeners) l(next);
  }
}
