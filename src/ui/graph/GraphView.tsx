import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core } from 'cytoscape';
import {
  getStore,
  useAppStore,
  useAppStoreShallow,
  useDeferredResult,
  selectAnalysis,
  selectBusy,
  selectGraphFilters,
  selectSelection,
  selectSettings,
  selectStale,
  selectTheme,
  selectWorkspace,
  enforces,
} from '../../state/store';
import { toElements, type GraphElement } from './toElements';
import { graphStyle, POD_NAME_MIN_PX, POD_NAME_PX } from './graphStyle';
import { SMALL_GRAPH } from './layout/limits';
import { parseLabelFilter } from './labelFilter';
import { fitGraph, getGraph, setFitter, setGraph } from './graphRegistry';
import { nodeDetails } from './nodeDetails';
import { createLayoutRunner, type LayoutRunner } from './layout/layoutClient';
import { GraphListView } from './GraphListView';

/** Computes the style of new elements now (Cytoscape would in its next render, all at once). */
function styleNow(elements: cytoscape.Collection) {
  elements.forEach((el) => void el.style('display'));
}

/**
 * New elements added per task when a graph arrives (see the graph effect). In a graph of namespace
 * boxes Cytoscape takes 1 to 3 ms to style each new element (every property it sets dirties the
 * element's whole family): 120 per task made 0.2 s tasks at 100 pods, 40 keeps them near 0.1 s.
 */
const ADD_SLICE = 40;

/** The zoom at which pod names are 11 px on screen: a small graph is never fitted below it. */
const READABLE_ZOOM = 11 / POD_NAME_PX;
/** The share of a small graph that must stay in view for it to be fitted at READABLE_ZOOM. */
const MAX_OVERFLOW = 0.75;
/** A graph of two pods fitted to a big pane would draw them huge: fits stop here. */
const MAX_FIT_ZOOM = 1.6;

export function GraphView() {
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  // Whether the view is still the one the graph fitted itself to (see fitNodes), and whether a fit
  // of ours is moving it now.
  const autoFit = useRef(true);
  const fitting = useRef(false);
  const fitNodes = (cy: Core) => {
    fitting.current = true;
    cy.fit(cy.nodes(), 30);
    // A small graph is shown with its names readable (11 px and more) when that overflows the pane by
    // a little (pan, or zoom out, to see the rest); one that would be cut by more stays whole, names
    // smaller. None is blown up past MAX_FIT_ZOOM either.
    const small = cy.nodes().length <= SMALL_GRAPH;
    const zoom = cy.zoom();
    const wanted =
      small && zoom < READABLE_ZOOM && zoom >= READABLE_ZOOM * MAX_OVERFLOW
        ? READABLE_ZOOM
        : zoom > MAX_FIT_ZOOM
          ? MAX_FIT_ZOOM
          : zoom;
    if (wanted !== zoom) {
      cy.zoom(wanted);
      cy.center(cy.nodes());
    }
    fitting.current = false;
    autoFit.current = true;
  };
  const [layingOut, setLayingOut] = useState(false);
  // A layout is under way: it fits the view when done (a resize meanwhile would fit the unplaced nodes).
  const layoutPending = useRef(false);
  // A graph laid out from scratch is hidden until its positions arrive, rather than shown piled up.
  const [placing, setPlacing] = useState(false);
  // The model the graph shows in full, laid out: until then the region is busy (a test or a screen
  // reader must not act on elements that are still being added or placed).
  const [drawn, setDrawn] = useState<ReturnType<typeof toElements> | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  // Pods' names are too small to draw at this zoom: the legend says how to read them.
  const [namesTooSmall, setNamesTooSmall] = useState(false);
  // A new result reaches the graph in a deferred render: the rest of the page updates first, and
  // building elements, handing them to Cytoscape and laying out fall in later tasks, not one long one.
  const { workspace, analysis, catchingUp } = useDeferredResult();
  const busy = useAppStore(selectBusy);
  const stale = useAppStore(selectStale);
  const theme = useAppStore(selectTheme);
  const settings = useAppStore(selectSettings);
  const selection = useAppStore(selectSelection);
  const filters = useAppStoreShallow(selectGraphFilters);

  const selectedEndpoint = selection?.type === 'endpoint' ? selection.index : null;
  const labelSelector = useMemo(() => {
    const parsed = parseLabelFilter(filters.labelFilter);
    return parsed && 'error' in parsed ? null : parsed;
  }, [filters.labelFilter]);

  const model = useMemo(() => {
    if (!workspace || !analysis) return null;
    const port = /^\d+$/.test(filters.port) ? Number(filters.port) : null;
    return toElements(workspace, analysis, {
      namespaceFilter: filters.namespaceFilter,
      labelSelector,
      port,
      protocol: filters.protocol,
      selected: selectedEndpoint,
      showDenied: filters.showDenied,
      enforced: enforces(settings.plugin),
      semantics: settings.semantics,
    });
  }, [workspace, analysis, filters, labelSelector, selectedEndpoint, settings.plugin, settings.semantics]);
  const modelShowsPods = useMemo(() => showsPods(model), [model]);

  useEffect(() => {
    const cy = cytoscape({
      container: host.current!,
      style: graphStyle(getStore().getState().theme === 'dark'),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    cyRef.current = cy;
    setGraph(cy);
    cy.on('tap', 'node', (event) => {
      const index = event.target.data('index') as number | undefined;
      if (index !== undefined) getStore().getState().select({ type: 'endpoint', index });
      else if (event.target.data('kind') === 'namespace')
        getStore()
          .getState()
          .select({ type: 'namespace', name: (event.target.id() as string).slice('ns:'.length) });
    });
    // A hover card with the node's labels: text rendered by React, never HTML from the YAML.
    cy.on('mouseover', 'node', (event) => {
      const n = event.target;
      const p = event.renderedPosition ?? n.renderedPosition();
      const region = host.current?.parentElement;
      setHover({
        x: p.x + (host.current?.offsetLeft ?? 0),
        y: p.y + (host.current?.offsetTop ?? 0),
        width: region?.clientWidth ?? 0,
        height: region?.clientHeight ?? 0,
        index: n.data('index') as number | undefined,
        namespace: n.data('kind') === 'namespace' ? (n.id() as string).slice('ns:'.length) : undefined,
      });
    });
    cy.on('mouseout', 'node', () => setHover(null));
    cy.on('viewport', () => {
      setHover(null);
      // The zoom only: which nodes are pods is known from the model, not looked up on every pan.
      setNamesTooSmall(podNamesTooSmall(cy.zoom()));
      // Panned or zoomed by anything but our own fit: the person's view, kept from now on.
      if (!fitting.current) autoFit.current = false;
    });
    // Banners and status lines that appear after a fit shrink the graph: fit again, unless the
    // view has been moved since.
    const resized = new ResizeObserver(() => {
      cy.resize();
      if (autoFit.current && !layoutPending.current && cy.nodes().nonempty()) fitNodes(cy);
    });
    resized.observe(host.current!);
    setFitter(() => fitNodes(cy));
    cy.on('tap', 'edge', (event) => {
      const from = event.target.data('from') as number | undefined;
      const to = event.target.data('to') as number | undefined;
      if (from !== undefined && to !== undefined) getStore().getState().select({ type: 'pair', from, to });
    });
    cy.on('tap', (event) => {
      if (event.target === cy) getStore().getState().select(null);
    });
    return () => {
      resized.disconnect();
      setFitter(null);
      setGraph(null);
      cy.destroy();
    };
  }, []);

  useEffect(() => {
    cyRef.current?.style(graphStyle(theme === 'dark'));
  }, [theme]);

  // The elements last given to Cytoscape, to touch only what changed (selecting a pod changes
  // the classes of a few edges and nodes, not the whole graph).
  const shownRef = useRef(new Map<string, GraphElement>());
  const layoutRunner = useRef<LayoutRunner>(null!);
  layoutRunner.current ??= createLayoutRunner();
  // Each layout started; a result is applied only if no later one has started since.
  const layoutGeneration = useRef(0);
  // Elements of a big new graph still to be added, a slice per task (see ADD_SLICE): adds them now.
  const pendingAdd = useRef<(() => void) | null>(null);
  // The latest model: a layout finishing after a newer model changed only classes or edges has drawn
  // that newer one, not the one it started for.
  const latestModel = useRef(model);
  useEffect(() => {
    latestModel.current = model;
    const cy = cyRef.current;
    if (!cy || !model) return;
    // What was last given to Cytoscape must be in it before comparing against it.
    pendingAdd.current?.();
    const wanted = new Map<string, GraphElement>(model.elements.map((e) => [String(e.data.id), e]));
    const shown = shownRef.current;
    const sameData = (a: GraphElement['data'], b: GraphElement['data']) => {
      const ka = Object.keys(a);
      return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
    };
    let added = 0;
    let reparented = 0;
    // What goes into Cytoscape now, and what later, a slice per task: nodes before the layout, edges
    // after it (each edge's curve is computed once, between placed nodes, not again once they move).
    let firstSlice: cytoscape.ElementDefinition[] = [];
    const slices: cytoscape.ElementDefinition[][] = [];
    const edgeSlices: cytoscape.ElementDefinition[][] = [];
    cy.batch(() => {
      // Compared with what was last given to Cytoscape, not read back from it: each Cytoscape lookup
      // makes a collection, and on a selection nearly every element is unchanged.
      for (const id of shown.keys()) if (!wanted.has(id)) cy.getElementById(id).remove();
      const fresh: GraphElement[] = [];
      for (const el of model.elements) {
        const id = String(el.data.id);
        const before = shown.get(id);
        const sameClasses = before !== undefined && (before.classes ?? '') === (el.classes ?? '');
        if (before && sameClasses && sameData(before.data, el.data)) continue;
        let existing = before ? cy.getElementById(id) : null;
        if (existing && existing.nonempty() && before) {
          // An id can pass from one endpoint to another (ep:5 was an address, now a new pod): data()
          // never changes a node's parent, so it is moved into its namespace box, and laid out again.
          if (before.data.parent !== el.data.parent && existing.isNode()) {
            existing.move({ parent: (el.data.parent as string | undefined) ?? null });
            existing = cy.getElementById(id);
            reparented++;
          }
          if (!sameData(before.data, el.data)) existing.data(el.data);
          if (!sameClasses) existing.classes(el.classes ?? '');
        } else fresh.push(el);
      }
      // Nodes before edges, parents before children.
      fresh.sort((a, b) =>
        a.group === b.group
          ? (a.data.parent ? 1 : 0) - (b.data.parent ? 1 : 0)
          : a.group === 'nodes'
            ? -1
            : 1,
      );
      const adds = fresh.map((el) => ({ group: el.group, data: el.data as never, classes: el.classes }));
      added = fresh.filter((el) => el.group === 'nodes').length;
      // Cytoscape styles each new element in the frame after it is added: a thousand at once is a
      // quarter-second task. A new graph (new nodes) goes in a slice per task, hidden until laid out;
      // new edges alone (a pod focused) go in at once.
      if (added === 0 || adds.length <= ADD_SLICE) firstSlice = adds;
      else {
        const nodes = adds.slice(0, added);
        const edges = adds.slice(added);
        for (let i = 0; i < nodes.length; i += ADD_SLICE) slices.push(nodes.slice(i, i + ADD_SLICE));
        for (let i = 0; i < edges.length; i += ADD_SLICE) edgeSlices.push(edges.slice(i, i + ADD_SLICE));
        firstSlice = slices.shift()!;
      }
    });
    // A graph drawn from scratch is hidden until laid out, and meanwhile held at the smallest zoom:
    // Cytoscape draws whatever it holds in the next frame, and at the last graph's zoom it made a
    // large texture for each new element (a 112 ms frame at 100 pods) of a picture nobody sees.
    if (added > 0 && cy.nodes().length === 0) {
      fitting.current = true;
      cy.zoom(cy.minZoom());
      fitting.current = false;
      setPlacing(true);
    }
    // Styled here, in this task, rather than in the next frame's render.
    if (firstSlice.length) styleNow(cy.add(firstSlice));
    shownRef.current = wanted;
    if (added === 0 && reparented === 0) {
      setDrawn(model);
      return;
    }
    setLayingOut(true);
    layoutPending.current = true;
    const generation = ++layoutGeneration.current;
    const aggregated = model.aggregated;
    let timer = 0;
    // Where a sliced graph is: adding nodes, being laid out, adding edges.
    let phase: 'nodes' | 'layout' | 'edges' = 'nodes';
    const finish = () => {
      pendingAdd.current = null;
      // Fitted to the nodes: edges lie between them, and fitting to all elements first computes
      // every edge's curve (a third of a second for a fresh 1,000-pod graph) in the same task.
      layoutPending.current = false;
      fitNodes(cy);
      setPlacing(false);
      setLayingOut(false);
      setDrawn(latestModel.current);
    };
    const finishLater = () => {
      if (!cy.destroyed() && layoutGeneration.current === generation) finish();
    };
    const addEdges = () => {
      if (cy.destroyed() || layoutGeneration.current !== generation) return;
      styleNow(cy.add(edgeSlices.shift()!));
      if (edgeSlices.length > 0) timer = window.setTimeout(addEdges, 0);
      else finish();
    };
    /** Lays out the graph after `added` nodes were added (all of it when they are all its nodes). */
    const layOut = () => {
      phase = 'layout';
      const nodeCount = cy.nodes().length;
      const done = () => {
        if (layoutGeneration.current !== generation) return;
        phase = 'edges';
        timer = window.setTimeout(edgeSlices.length > 0 ? addEdges : finishLater, 0);
      };
      // Namespaces collapsed to single nodes, and graphs past 600 nodes, go on a grid: cheap,
      // readable names, no overlaps (fcose piles dozens of namespaces around the busiest one).
      if (nodeCount > 600 || (aggregated && nodeCount > 12)) {
        // As many columns as make the grid the shape of the view: its cells are as wide and as high
        // as the widest and highest node, and columns chosen for square cells made a wide strip that
        // fitted at half the zoom (namespace names 2 px high at 1,000 pods).
        let cellW = 1;
        let cellH = 1;
        cy.nodes().forEach((n) => {
          cellW = Math.max(cellW, n.outerWidth() + 10);
          cellH = Math.max(cellH, n.outerHeight() + 10);
        });
        const aspect = cy.width() / Math.max(1, cy.height());
        // Of the two whole numbers of columns around the ideal, the one whose grid fills the view more.
        const ideal = Math.sqrt((nodeCount * aspect * cellH) / cellW);
        const fill = (c: number) => Math.min(aspect / (c * cellW), 1 / (Math.ceil(nodeCount / c) * cellH));
        const cols = [Math.floor(ideal), Math.ceil(ideal)]
          .map((c) => Math.max(1, c))
          .reduce((best, c) => (fill(c) > fill(best) ? c : best));
        const layout = cy.layout({
          name: 'grid',
          cols,
          avoidOverlap: true,
          animate: false,
          fit: false,
          ...(aggregated ? { spacingFactor: 1.2 } : {}),
        } as never);
        layout.one('layoutstop', done);
        layout.run();
      } else {
        // fcose for readable clusters, in the layout worker: it takes hundreds of milliseconds on a
        // few hundred nodes. Its cost grows with edges, so dense graphs are laid out by their nodes
        // alone (namespaces still keep their pods together). A graph laid out from scratch stays
        // hidden until it has positions (see above); placed nodes keep theirs as the start of the new
        // layout.
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
            ...(randomize ? {} : { x: p.x, y: p.y }),
          };
        });
        // Read from the model: in a sliced graph the edges go into Cytoscape after the layout.
        const modelEdges = model.elements.filter((el) => el.group === 'edges');
        const edges =
          modelEdges.length > 800
            ? []
            : modelEdges.map((e) => ({
                id: String(e.data.id),
                source: e.data.source as string,
                target: e.data.target as string,
              }));
        void layoutRunner
          .current({ nodes, edges, randomize, quality: nodeCount > 200 ? 'draft' : 'default' })
          .then((result) => {
            if (!result || cy.destroyed() || layoutGeneration.current !== generation) return;
            cy.batch(() => {
              for (const [id, p] of Object.entries(result.positions)) {
                const n = cy.getElementById(id);
                if (n.nonempty() && !n.isParent()) n.position(p);
              }
            });
            done();
          });
      }
    };
    if (slices.length === 0 && edgeSlices.length === 0) {
      layOut();
      return;
    }
    setPlacing(true);
    // A newer model arrived before the last slice: everything goes in at once, and the graph is laid
    // out as planned (or, past its layout, finished).
    pendingAdd.current = () => {
      clearTimeout(timer);
      pendingAdd.current = null;
      cy.batch(() => {
        for (const slice of [...slices.splice(0), ...edgeSlices.splice(0)]) cy.add(slice);
      });
      if (phase === 'nodes') layOut();
      else if (phase === 'edges') finish();
    };
    const step = () => {
      if (cy.destroyed() || layoutGeneration.current !== generation) return;
      if (slices.length > 0) styleNow(cy.add(slices.shift()!));
      // The layout, and then the fit, each in a task of its own: after the last slice, in one task,
      // they made the longest task of opening 10,000 pods (100-125 ms, a grid of 506 namespaces).
      timer = window.setTimeout(slices.length > 0 ? step : layOut, 0);
    };
    timer = window.setTimeout(step, 0);
  }, [model]);

  const ariaBusy = busy || layingOut || catchingUp || drawn !== model;
  return (
    <section
      className="graph-region"
      aria-label="Cluster graph"
      aria-busy={ariaBusy ? 'true' : 'false'}
      // Dimmed while evaluating or laying out, not for the frame between a selection and its drawing.
      data-dim={busy || layingOut || catchingUp}
      data-stale={stale}
      // How many elements the graph shows once drawn (tests compare it with what Cytoscape holds).
      data-elements={model?.elements.length ?? 0}
    >
      {stale && (
        <div className="banner warning" role="status">
          The YAML has errors: the graph shows the last version that parsed. Fix the marked lines to update
          it.
        </div>
      )}
      {model?.aggregated && (
        <div className="banner info" role="status">
          {model.shownEndpoints} endpoints: showing namespaces instead of pods. Pick a namespace in the filter
          to see its pods.
        </div>
      )}
      {model && model.undrawnEdges > 0 && (
        <div className="banner info edges-banner" role="status">
          {model.aggregated
            ? `${model.undrawnEdges} connections between namespaces are too many to draw legibly: pick a namespace in the Namespace filter to see its pods and their connections; the Matrix counts every pair.`
            : `${model.shownEdges + model.undrawnEdges} allowed connections are too many to draw legibly. ${
                model.shownEdges > 0
                  ? `Showing the ${model.shownEdges} of the focused pod;`
                  : 'Click a pod (or pick one in Focus pod) to draw its connections;'
              } the Matrix lists every pair.`}
        </div>
      )}
      {model?.deniedNeedsFocus && (
        <div className="banner info" role="status">
          Show denied: focus a pod (click it, or pick it in Focus pod) to draw what it cannot reach; with this
          many pods all denied pairs would hide the graph. The Matrix shows every pair.
        </div>
      )}
      {workspace && workspace.cluster.endpoints.length === 0 && !busy && (
        <div className="empty-state">
          <p>No pods yet.</p>
          <p>Paste manifests into the editor, open files with “Open manifests”, or pick a lesson.</p>
        </div>
      )}
      <ProgressBox busy={busy} layingOut={layingOut} nodes={() => cyRef.current?.nodes().length ?? 0} />
      <div className="graph-stage">
        <div ref={host} className={placing ? 'graph-host placing' : 'graph-host'} data-testid="graph-host" />
        <div className="graph-controls" role="group" aria-label="Zoom">
          <button
            type="button"
            onClick={fitGraph}
            title="Fit the graph to the window (Alt+F)"
            aria-keyshortcuts="Alt+F"
          >
            Fit
          </button>
          <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in">
            +
          </button>
          <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out" title="Zoom out">
            −
          </button>
        </div>
      </div>
      {hover && workspace && <HoverCard hover={hover} />}
      <GraphLegend namesHidden={namesTooSmall && drawn === model && modelShowsPods} />
      <GraphListView model={model} />
    </section>
  );
}

/** Past half a second of evaluating or laying out, says what is happening (the page stays usable). */
function ProgressBox({ busy, layingOut, nodes }: { busy: boolean; layingOut: boolean; nodes: () => number }) {
  const working = busy || layingOut;
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!working) {
      setSlow(false);
      return;
    }
    const t = setTimeout(() => setSlow(true), 500);
    return () => clearTimeout(t);
  }, [working]);
  // Read here, not in GraphView, so typing does not re-render the graph component.
  const textSize = useAppStore((s) => (slow ? s.text.length : 0));
  if (!slow) return null;
  const size = textSize > 1e6 ? `${(textSize / 1e6).toFixed(1)} MB` : `${Math.ceil(textSize / 1e3)} kB`;
  return (
    <div className="progress" role="status">
      <span className="spinner" aria-hidden="true" />
      {busy ? `Reading and evaluating ${size} of YAML…` : `Laying out ${nodes()} nodes…`}
      {busy && (
        <button
          type="button"
          onClick={() => getStore().getState().cancelEvaluation()}
          title="Stop evaluating: the graph keeps the last result until your next change"
        >
          Cancel
        </button>
      )}
    </div>
  );
}

interface Hover {
  x: number;
  y: number;
  /** Size of the graph region the card is placed in. */
  width: number;
  height: number;
  index?: number;
  namespace?: string;
}

function HoverCard({ hover }: { hover: Hover }) {
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const details = workspace ? nodeDetails(workspace.cluster, analysis, hover) : null;
  if (!details) return null;
  return (
    <div
      className="hover-card"
      role="tooltip"
      // Open towards the middle of the graph, so the card never runs off its edges.
      style={{
        ...(hover.x > hover.width / 2 ? { right: hover.width - hover.x + 14 } : { left: hover.x + 14 }),
        ...(hover.y > hover.height / 2 ? { bottom: hover.height - hover.y + 14 } : { top: hover.y + 14 }),
      }}
    >
      <strong>{details.title}</strong>
      {details.lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

/**
 * Whether pod and workload names are too small to draw at `zoom`, by Cytoscape's rule: a label's
 * size at the zoom of its texture level (the zoom times the pixel ratio, rounded up to a power of two)
 * against its min-zoomed-font-size.
 */
function podNamesTooSmall(zoom: number): boolean {
  const level = 2 ** Math.ceil(Math.log2(zoom * (window.devicePixelRatio || 1)));
  return POD_NAME_PX * level < POD_NAME_MIN_PX;
}

/** Whether a graph model draws pods or workloads (not only namespace boxes and addresses). */
function showsPods(model: ReturnType<typeof toElements> | null): boolean {
  return !!model?.elements.some((e) => e.data.kind === 'pod' || e.data.kind === 'workload');
}

function GraphLegend({ namesHidden }: { namesHidden: boolean }) {
  return (
    <div className="legend" aria-label="Graph legend">
      {namesHidden && (
        <span className="names-hidden">
          Names are too small to show at this zoom: zoom in (+, or the mouse wheel), or point at a box.
        </span>
      )}
      <span>
        <span className="swatch line-allowed" aria-hidden="true" /> allowed (solid, arrow)
      </span>
      <span>
        <span className="swatch line-denied" aria-hidden="true" /> denied (dashed, ⊣)
      </span>
      <span>
        <span className="swatch line-admin-denied" aria-hidden="true" /> ⛔ denied by an admin or baseline
        policy (dash-dot, ■)
      </span>
      <span>
        <span className="swatch box-iso-in" aria-hidden="true" /> ⊘ ingress: isolated for ingress
      </span>
      <span>
        <span className="swatch box-iso-out" aria-hidden="true" /> ⊘ egress: isolated for egress
      </span>
    </div>
  );
}

function zoomBy(factor: number) {
  const cy = getGraph();
  if (!cy) return;
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}
