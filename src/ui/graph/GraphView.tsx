// The Cluster graph region (DESIGN 2.4): the thin React side of the graph. It derives the model from
// the analysis and the filters, hands it to the GraphController, and shows the notes, legend and list view.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  useAppStore,
  useAppStoreApi,
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
  portFilterOf,
} from '../../state/store';
import { toElements, type FocusSummary, type NamespaceFocus } from './toElements';
import { parseLabelFilter } from './labelFilter';
import { fitGraph, getGraphController, setGraphController } from './graphRegistry';
import { nodeDetails } from './nodeDetails';
import { GraphController, type GraphHover, type GraphViewState } from './GraphController';
import { GraphListView } from './GraphListView';
import { ExpectationLegendItem, useExpectationMarks } from '../expectations/useExpectationMarks';

const NO_GROUPS: ReadonlySet<string> = new Set();

/** The graph region: builds the model from the store and hands it to the one GraphController. */
export function GraphView() {
  const store = useAppStoreApi();
  const host = useRef<HTMLDivElement>(null);
  const controller = useRef<GraphController | null>(null);
  const [view, setView] = useState<GraphViewState | null>(null);
  // A new result reaches the graph in a deferred render: the rest of the page updates first, and
  // building elements, handing them to Cytoscape and laying out fall in later tasks, not one long one.
  const { workspace, analysis, catchingUp } = useDeferredResult();
  const busy = useAppStore(selectBusy);
  const stale = useAppStore(selectStale);
  const theme = useAppStore(selectTheme);
  const settings = useAppStore(selectSettings);
  const selection = useAppStore(selectSelection);
  const filters = useAppStoreShallow(selectGraphFilters);
  useExpectationMarks();

  const selectedEndpoint = selection?.type === 'endpoint' ? selection.index : null;
  const selectedNamespace = selection?.type === 'namespace' ? selection.name : null;
  // The focus's peer groups opened, by namespace: a new focus starts with them all closed.
  const [expanded, setExpanded] = useState<{ focus: number | null; open: ReadonlySet<string> }>({
    focus: null,
    open: new Set(),
  });
  const openGroups = expanded.focus === selectedEndpoint ? expanded.open : NO_GROUPS;
  const toggleGroup = useRef<(namespace: string) => void>(() => {});
  toggleGroup.current = (namespace: string) => {
    const open = new Set(openGroups);
    if (!open.delete(namespace)) open.add(namespace);
    setExpanded({ focus: selectedEndpoint, open });
  };
  const labelSelector = useMemo(() => {
    const parsed = parseLabelFilter(filters.labelFilter);
    return parsed && 'error' in parsed ? null : parsed;
  }, [filters.labelFilter]);

  const model = useMemo(() => {
    if (!workspace || !analysis) return null;
    const port = portFilterOf(filters.port);
    return toElements(workspace, analysis, {
      namespaceFilter: filters.namespaceFilter,
      labelSelector,
      port,
      protocol: filters.protocol,
      selected: selectedEndpoint,
      showDenied: filters.showDenied,
      enforced: enforces(settings.plugin),
      semantics: settings.semantics,
      expanded: openGroups,
      selectedNamespace,
    });
  }, [
    workspace,
    analysis,
    filters,
    labelSelector,
    selectedEndpoint,
    selectedNamespace,
    settings.plugin,
    settings.semantics,
    openGroups,
  ]);
  const modelShowsPods = useMemo(() => showsPods(model), [model]);

  useEffect(() => {
    const c = new GraphController(host.current!, store.getState().theme === 'dark');
    controller.current = c;
    setView(c.getState());
    const offState = c.onState(setView);
    const offPick = c.onPick((pick) => {
      if (pick?.type === 'group') toggleGroup.current(pick.namespace);
      else store.getState().select(pick);
    });
    setGraphController(c);
    return () => {
      offState();
      offPick();
      setGraphController(null);
      c.destroy();
      controller.current = null;
    };
    // The store is the provider's, the same for the page's life: the controller is made once.
  }, [store]);

  useEffect(() => {
    controller.current?.setTheme(theme === 'dark');
  }, [theme]);

  useEffect(() => {
    if (model) controller.current?.show(model);
  }, [model]);

  const layingOut = view?.layingOut ?? false;
  const drawn = view?.drawn ?? null;
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
          {model.overview
            ? `Showing the ${model.overview.heaviest} heaviest of ${model.overview.total} connections between namespaces${
                model.namespaceFocus ? `, and every one of ${model.namespaceFocus.namespace}` : ''
              }: click a namespace (or find it) to see all of its; the Matrix counts every pair.`
            : `${model.shownEdges + model.undrawnEdges} allowed connections are too many to draw legibly. ${
                model.shownEdges > 0
                  ? `Showing the ${model.shownEdges} of the focused ${selectedNamespace !== null ? 'namespace' : 'pod'};`
                  : 'Click a pod (or pick one in Focus pod) to draw its connections;'
              } the Matrix lists every pair.`}
        </div>
      )}
      {model?.namespaceFocus && <NamespaceFocusNote focus={model.namespaceFocus} />}
      {model?.focus && <FocusNote focus={model.focus} filtered={!!filters.namespaceFilter} />}
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
      <ProgressBox busy={busy} layingOut={layingOut} nodes={() => controller.current?.nodeCount() ?? 0} />
      <div className="graph-stage">
        <div
          ref={host}
          className={view?.placing ? 'graph-host placing' : 'graph-host'}
          data-testid="graph-host"
        />
        {!!view?.overviewClipped && drawn === model && (
          <p className="graph-zoom-note" role="status">
            Zoomed in so names are readable: drag to see all {view.overviewClipped} namespaces, or press Fit
            to see them at once (names smaller).
          </p>
        )}
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
      {view?.hover && workspace && <HoverCard hover={view.hover} />}
      <GraphLegend namesHidden={!!view?.namesTooSmall && drawn === model && modelShowsPods} />
      <GraphListView model={model} onToggleGroup={(ns) => toggleGroup.current(ns)} />
    </section>
  );
}

/** Says where the focus's peers are when the view does not show them as pods. */
function FocusNote({ focus, filtered }: { focus: FocusSummary; filtered: boolean }) {
  const peers = focus.groups.reduce((n, g) => n + g.peers, 0);
  const where = `${peers} peer${peers === 1 ? '' : 's'} in ${focus.groups.length} group${focus.groups.length === 1 ? '' : 's'}`;
  return (
    <div className="banner info focus-note" role="status">
      {focus.alone
        ? `Focused on ${focus.ref}: ${where} by namespace (click a group, or open it in “Graph as a list”, to see its pods). Click the background to go back to the namespaces.`
        : focus.outsideFilter > 0
          ? `${focus.outsideFilter} connection${focus.outsideFilter === 1 ? '' : 's'} of ${focus.ref} lead outside the ${filtered ? 'namespace' : 'label'} filter: drawn as ${where} by namespace (click a group to open it).`
          : `${focus.ref} is outside the filters: drawn with its connections to the pods shown.`}
    </div>
  );
}

/** What a focused namespace reaches and is reached from, in words (the list view has each group). */
function NamespaceFocusNote({ focus }: { focus: NamespaceFocus }) {
  const out = focus.groups.filter((g) => g.outPairs > 0);
  const into = focus.groups.filter((g) => g.inPairs > 0);
  const sum = (gs: typeof out, k: 'outPeers' | 'inPeers') => gs.reduce((n, g) => n + g[k], 0);
  const where = (gs: typeof out) => {
    const n = gs.filter((g) => g.namespace !== '').length;
    const outside = gs.length > n ? ' and outside the cluster' : '';
    return `${n} namespace${n === 1 ? '' : 's'}${outside}`;
  };
  return (
    <div className="banner info focus-note" role="status">
      {`Namespace ${focus.namespace} reaches ${out.length ? `${sum(out, 'outPeers')} peers in ${where(out)}` : 'no other namespace'}, and is reached from ${into.length ? `${sum(into, 'inPeers')} peers in ${where(into)}` : 'none'}`}
      {focus.drawnAsGroups ? ' (those outside the view drawn as one node per namespace)' : ''}
      {'. Each with its pairs and ports under “Graph as a list”.'}
    </div>
  );
}

/** Past half a second of evaluating or laying out, says what is happening (the page stays usable). */
function ProgressBox({ busy, layingOut, nodes }: { busy: boolean; layingOut: boolean; nodes: () => number }) {
  const store = useAppStoreApi();
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
          onClick={() => store.getState().cancelEvaluation()}
          title="Stop evaluating: the graph keeps the last result until your next change"
        >
          Cancel
        </button>
      )}
    </div>
  );
}

function HoverCard({ hover }: { hover: GraphHover }) {
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
        <span className="swatch line-admin-denied" aria-hidden="true" /> ⊗ denied by an admin or baseline
        policy (dash-dot, ■)
      </span>
      <span>
        <span className="swatch box-iso-in" aria-hidden="true" /> ⊘ ingress: isolated for ingress
      </span>
      <span>
        <span className="swatch box-iso-out" aria-hidden="true" /> ⊘ egress: isolated for egress
      </span>
      <ExpectationLegendItem />
    </div>
  );
}

function zoomBy(factor: number) {
  getGraphController()?.zoomBy(factor);
}
