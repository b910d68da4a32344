// The one app store (DESIGN 3.6): slices in `./slices/` (document, analysis, selection, view, lesson)
// composed here, and reached from components through <AppStoreProvider> and the hooks below. The YAML
// text is the single source of truth; the analysis is derived from it in actions (through the worker),
// never in components.
import { createContext, createElement, useContext, useDeferredValue, useMemo, type ReactNode } from 'react';
import { createStore, useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createInlineClient, createWorkerEvaluator, type EngineClient, type Evaluator } from './engineClient';
import { createAnalysisSlice } from './slices/analysis';
import { createDocumentSlice } from './slices/document';
import { createGhostsSlice } from './slices/ghosts';
import { createExpectationsSlice } from './slices/expectations';
import { watchExpectations } from './expectationChecks';
import { createLessonSlice, leaveLessonWhenTextDiverges, type ProgressStorage } from './slices/lesson';
import { createSelectionSlice } from './slices/selection';
import { createViewSlice, type Settings } from './slices/view';
import type { AppState } from './slices/types';

export type { AppState } from './slices/types';
export type { AnalysisSlice } from './slices/analysis';
export {
  brokenYamlNotice,
  joinFiles,
  type DocumentSlice,
  type EditReceipt,
  type EditsResult,
  type PreviousWorkspace,
} from './slices/document';
export type { Selection, SelectionSlice } from './slices/selection';
export type { GhostsSlice } from './slices/ghosts';
export type { ExpectationItem, ExpectationsSlice } from './slices/expectations';
export {
  PLUGINS,
  enforces,
  portFilterOf,
  portFilterProblem,
  type PanelTab,
  type Settings,
  type ViewSlice,
} from './slices/view';

export interface StoreOptions {
  text?: string;
  evaluator?: Evaluator;
  debounceMs?: number;
  settings?: Partial<Settings>;
  /** Where lesson progress is read from and saved to; none keeps it for the visit. */
  storage?: ProgressStorage | null;
}

export function createAppStore(options: StoreOptions = {}) {
  // Made here, not in the analysis slice, because its engine client also serves previews, explanations
  // and comparisons (`engineOf`).
  const evaluator =
    options.evaluator ??
    createWorkerEvaluator(undefined, { onTrouble: (notice) => store.setState({ notice }) });
  // The client `engineOf(store)` gives; the lesson slice asks it for task checks.
  const client = evaluator.client ?? createInlineClient();
  const store = createStore<AppState>()((...a) => ({
    ...createDocumentSlice(options.text)(...a),
    ...createAnalysisSlice({ evaluator, debounceMs: options.debounceMs })(...a),
    ...createSelectionSlice(...a),
    ...createViewSlice(options.settings)(...a),
    ...createLessonSlice(options.storage, () => client)(...a),
    ...createGhostsSlice(...a),
    ...createExpectationsSlice(() => client)(...a),
  }));
  store.subscribe(leaveLessonWhenTextDiverges);
  watchExpectations(store, () => engineOf(store));
  engines.set(store, client);
  // The first evaluation.
  store.setState({ busy: true });
  setTimeout(() => void store.getState().evaluate(), 0);
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;

const engines = new WeakMap<AppStore, EngineClient>();

/** The engine client of a store: previews, explanations and comparisons go through it to the worker. */
export function engineOf(store: AppStore): EngineClient {
  let engine = engines.get(store);
  if (!engine) engines.set(store, (engine = createInlineClient()));
  return engine;
}

const AppStoreContext = createContext<AppStore | null>(null);

/** Makes `store` the one the hooks below read, for everything rendered inside. */
export function AppStoreProvider({ store, children }: { store: AppStore; children?: ReactNode }) {
  return createElement(AppStoreContext.Provider, { value: store }, children);
}

/** The store itself, for event handlers that read the state when they run or call its actions. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi needs an <AppStoreProvider> above it');
  return store;
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

export function useAppStoreShallow<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), useShallow(selector));
}

/**
 * The workspace and its analysis, moving together, for views that may follow a new result in a later,
 * interruptible render (a big result drawn in one task would freeze the page). `catchingUp` is true
 * while they still show the previous one.
 */
export function useDeferredResult() {
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const live = useMemo(() => ({ workspace, analysis }), [workspace, analysis]);
  const shown = useDeferredValue(live);
  return { ...shown, catchingUp: shown !== live };
}

// Named selectors at module scope.
export const selectText = (s: AppState) => s.text;
export const selectBusy = (s: AppState) => s.busy;
export const selectStale = (s: AppState) => s.stale;
export const selectWorkspace = (s: AppState) => s.workspace;
export const selectAnalysis = (s: AppState) => s.analysis;
export const selectDiagnostics = (s: AppState) => s.diagnostics;
export const selectSelection = (s: AppState) => s.selection;
export const selectTab = (s: AppState) => s.tab;
export const selectSettings = (s: AppState) => s.settings;
export const selectGhosts = (s: AppState) => s.ghosts;
export const selectGhostDiagnostics = (s: AppState) => s.ghostDiagnostics;
export const selectExpectations = (s: AppState) => s.expectations;
export const selectExpectationResults = (s: AppState) => s.expectationResults;
export const selectTheme = (s: AppState) => s.theme;
export const selectNotice = (s: AppState) => s.notice;
export const selectReceipt = (s: AppState) => s.receipt;
export const selectPanes = (s: AppState) => s.panes;
export const selectPortFilter = (s: AppState) => ({ port: s.port, protocol: s.protocol });
export const selectGraphFilters = (s: AppState) => ({
  namespaceFilter: s.namespaceFilter,
  labelFilter: s.labelFilter,
  showDenied: s.showDenied,
  port: s.port,
  protocol: s.protocol,
});
