// One Zustand store made of typed slices (DESIGN 3.6). The YAML text is the single source of truth; the
// analysis is derived from it in actions (through the worker), never in components.
import { useDeferredValue, useMemo } from 'react';
import { createStore, useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import {
  analysisFromData,
  applyEdit as engineApplyEdit,
  escapeInvisible,
  type Analysis,
  type Diagnostic,
  type Edit,
  type Protocol,
  type Semantics,
  type Workspace,
} from '../engine/index';
import { createInlineClient, createWorkerEvaluator, type EngineClient, type Evaluator } from './engineClient';
import { DEFAULT_PANES, type Panes } from './panes';
import { changedLines, describeEdit, type EditDescription } from './describeEdit';

export interface Settings {
  semantics: Semantics;
  /** The network plugin: Flannel alone does not enforce NetworkPolicy. */
  plugin: string;
  /** Lessons: a probe to a Service by name needs DNS (UDP 53 to kube-dns) first. */
  dns: boolean;
}

export const PLUGINS: { id: string; label: string; enforces: boolean }[] = [
  { id: 'calico', label: 'Calico', enforces: true },
  { id: 'cilium', label: 'Cilium', enforces: true },
  { id: 'weave', label: 'Weave Net', enforces: true },
  { id: 'kube-router', label: 'kube-router', enforces: true },
  { id: 'antrea', label: 'Antrea', enforces: true },
  { id: 'romana', label: 'Romana', enforces: true },
  { id: 'flannel', label: 'Flannel (does not enforce)', enforces: false },
];

export const enforces = (plugin: string) => PLUGINS.find((p) => p.id === plugin)?.enforces ?? true;

export type Selection =
  | { type: 'endpoint'; index: number }
  | { type: 'pair'; from: number; to: number }
  | { type: 'namespace'; name: string }
  | null;

/** The last edit made from the UI: what it did, where, and the text before it (for Undo). */
export interface EditReceipt extends EditDescription {
  line: number;
  endLine: number;
  before: string;
  after: string;
}

export type PanelTab = 'matrix' | 'explanation' | 'problems' | 'lessons';

export interface PreviousWorkspace {
  text: string;
  fileNames: string[];
  /** Restored too when given (a share link or another tab's version brings its own). */
  settings?: Settings;
}

export interface DocumentSlice {
  text: string;
  fileNames: string[];
  /** The workspace before the last open (files, share link, another tab's version), for Undo open. */
  previous: PreviousWorkspace | null;
  /** Bumped when the text is replaced from outside the editor (open, lesson, edit, share link). */
  externalVersion: number;
  notice: string | null;
  setText: (text: string, origin?: 'editor' | 'external') => void;
  openFiles: (files: { name: string; text: string }[]) => void;
  /** Replaces the whole workspace (text, file names, settings) from outside; Undo open brings it back. */
  openWorkspace: (workspace: PreviousWorkspace, notice: string) => void;
  undoOpen: () => void;
  applyEdit: (edit: Edit) => boolean;
  /** Replaces the text with the result of a UI edit: one undo step, confirmed and shown in the editor. */
  commitEdit: (text: string, description: EditDescription) => boolean;
  receipt: EditReceipt | null;
  /** The text before the last edit made with the app's tools (not typing), for Compare. */
  beforeLastEdit: string | null;
  dismissReceipt: () => void;
  setNotice: (notice: string | null) => void;
}

export interface AnalysisSlice {
  workspace: Workspace | null;
  analysis: Analysis | null;
  diagnostics: Diagnostic[];
  /** The text has errors that stop parsing: the graph shows the last good result. */
  stale: boolean;
  busy: boolean;
  /** The last evaluation was cancelled: the views show an older text's result. */
  cancelled: boolean;
  evaluatedText: string | null;
  timings: { parseMs: number; analyzeMs: number } | null;
  evaluate: () => Promise<void>;
  /** Stops the evaluation under way: the views keep the last result until the next change. */
  cancelEvaluation: () => void;
}

export interface SelectionSlice {
  selection: Selection;
  select: (selection: Selection) => void;
  /** Ask the editor to reveal and highlight a range (offsets into the text). */
  reveal: { line: number; endLine: number; nonce: number } | null;
  revealLines: (line: number, endLine: number) => void;
}

export interface ViewSlice {
  tab: PanelTab;
  port: string;
  protocol: Protocol;
  namespaceFilter: string;
  labelFilter: string;
  showDenied: boolean;
  theme: 'light' | 'dark';
  settings: Settings;
  /** Widths and collapsed state of the editor and side panes, next to the graph. */
  panes: Panes;
  setTab: (tab: PanelTab) => void;
  setPort: (port: string) => void;
  setProtocol: (protocol: Protocol) => void;
  setNamespaceFilter: (ns: string) => void;
  setLabelFilter: (filter: string) => void;
  setShowDenied: (show: boolean) => void;
  setTheme: (theme: 'light' | 'dark') => void;
  setSettings: (settings: Partial<Settings>) => void;
  setPanes: (panes: Panes) => void;
}

export type AppState = DocumentSlice & AnalysisSlice & SelectionSlice & ViewSlice;

const PARSE_STOPPERS = new Set(['yaml-syntax', 'json-syntax', 'input-too-complex', 'binary-input']);

/**
 * Why an edit is refused while the YAML does not parse, naming the problem and its line: "the YAML
 * has errors" alone sends people hunting.
 */
export function brokenYamlNotice(diagnostics: readonly Diagnostic[]): string {
  const stopper = diagnostics.find((d) => PARSE_STOPPERS.has(d.code));
  if (!stopper) return 'Fix the YAML errors first: edits are never applied to a broken document.';
  const where = stopper.range ? ` at line ${stopper.range.line}:${stopper.range.col}` : '';
  return `Fix the YAML first${where}: ${stopper.message}. Edits are never applied to a broken document.`;
}

export interface StoreOptions {
  text?: string;
  evaluator?: Evaluator;
  debounceMs?: number;
  settings?: Partial<Settings>;
}

export function joinFiles(files: { name: string; text: string }[]): string {
  if (files.length === 1) return files[0]!.text;
  // A byte-order mark starts a file, not a document in the middle of the text (where it would become
  // part of the first key); a name with a line break in it must not end the comment.
  return files
    .map(
      (f) => `# Source: ${escapeInvisible(f.name)}\n${f.text.replace(/^\ufeff/, '').replace(/\s+$/, '')}\n`,
    )
    .join('---\n');
}

export function createAppStore(options: StoreOptions = {}) {
  const evaluator =
    options.evaluator ??
    createWorkerEvaluator(undefined, { onTrouble: (notice) => store.setState({ notice }) });
  const debounceMs = options.debounceMs ?? 150;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;

  const store = createStore<AppState>()((set, get) => {
    const schedule = (immediate = false) => {
      set({ busy: true });
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void get().evaluate(), immediate ? 0 : debounceMs);
    };
    return {
      // document
      text: options.text ?? '',
      fileNames: ['workspace.yaml'],
      previous: null,
      externalVersion: 0,
      notice: null,
      setText: (text, origin = 'editor') => {
        if (text === get().text && origin === 'editor') return;
        set((s) => ({
          text,
          externalVersion: origin === 'external' ? s.externalVersion + 1 : s.externalVersion,
        }));
        schedule(origin === 'external');
      },
      openFiles: (files) => {
        const s = get();
        set({
          previous: { text: s.text, fileNames: s.fileNames },
          fileNames: files.map((f) => f.name),
          selection: null,
          receipt: null,
        });
        s.setText(joinFiles(files), 'external');
        set({
          // File names are untrusted text: a bidi override would make one look like another.
          notice: `Opened ${files.map((f) => escapeInvisible(f.name)).join(', ')}. Undo brings the previous workspace back.`,
        });
      },
      openWorkspace: (workspace, notice) => {
        const s = get();
        set({
          previous: { text: s.text, fileNames: s.fileNames, settings: s.settings },
          fileNames: workspace.fileNames,
          selection: null,
          ...(workspace.settings ? { settings: workspace.settings } : {}),
        });
        s.setText(workspace.text, 'external');
        if (workspace.settings) schedule(true);
        set({ notice });
      },
      undoOpen: () => {
        const previous = get().previous;
        if (!previous) return;
        set({
          previous: null,
          fileNames: previous.fileNames,
          selection: null,
          notice: 'Previous workspace restored.',
          ...(previous.settings ? { settings: previous.settings } : {}),
        });
        get().setText(previous.text, 'external');
        if (previous.settings) schedule(true);
      },
      applyEdit: (edit) => {
        const s = get();
        if (s.diagnostics.some((d) => PARSE_STOPPERS.has(d.code)) || s.stale) {
          set({ notice: brokenYamlNotice(s.diagnostics) });
          return false;
        }
        const result = engineApplyEdit(s.text, edit);
        const error = result.diagnostics.find((d) => d.severity === 'error');
        if (error) {
          set({ notice: error.message });
          return false;
        }
        if (!result.value.changed) return false;
        return s.commitEdit(result.value.text, describeEdit(edit));
      },
      commitEdit: (text, description) => {
        const s = get();
        if (s.diagnostics.some((d) => PARSE_STOPPERS.has(d.code)) || s.stale) {
          set({ notice: brokenYamlNotice(s.diagnostics) });
          return false;
        }
        const before = s.text;
        if (text === before) return false;
        const lines = changedLines(before, text);
        s.setText(text, 'external');
        set({ receipt: { ...description, ...lines, before, after: text }, beforeLastEdit: before });
        s.revealLines(lines.line, lines.endLine);
        return true;
      },
      receipt: null,
      beforeLastEdit: null,
      dismissReceipt: () => set({ receipt: null }),
      setNotice: (notice) => set({ notice }),

      // analysis
      workspace: null,
      analysis: null,
      diagnostics: [],
      stale: false,
      busy: true,
      cancelled: false,
      evaluatedText: null,
      timings: null,
      evaluate: async () => {
        const mine = ++generation;
        const { text, settings } = get();
        set({ busy: true, cancelled: false });
        const response = await evaluator({
          text,
          fileName: get().fileNames.length === 1 ? get().fileNames[0]! : 'workspace.yaml',
          options: { semantics: settings.semantics, enforced: enforces(settings.plugin) },
        });
        // A newer request is in flight: this answer describes an old text, never show it as current.
        if (mine !== generation) return;
        const broken = response.diagnostics.some((d) => PARSE_STOPPERS.has(d.code));
        const timings = { parseMs: response.parseMs, analyzeMs: response.analyzeMs };
        if (broken && get().workspace) {
          set({ diagnostics: response.diagnostics, stale: true, busy: false, evaluatedText: text, timings });
          return;
        }
        set({
          workspace: response.workspace,
          analysis: analysisFromData(response.data),
          diagnostics: response.diagnostics,
          stale: broken,
          busy: false,
          evaluatedText: text,
          timings,
        });
      },

      cancelEvaluation: () => {
        if (!get().busy) return;
        generation++;
        if (timer) clearTimeout(timer);
        evaluator.cancel?.();
        set({
          busy: false,
          cancelled: true,
          notice: 'Evaluation cancelled: the graph and matrix show the last result until your next change.',
        });
      },

      // selection
      selection: null,
      select: (selection) => set({ selection }),
      reveal: null,
      revealLines: (line, endLine) =>
        set((s) => ({ reveal: { line, endLine, nonce: (s.reveal?.nonce ?? 0) + 1 } })),

      // view
      tab: 'matrix',
      port: '',
      protocol: 'TCP',
      namespaceFilter: '',
      labelFilter: '',
      showDenied: false,
      theme: 'light',
      settings: { semantics: 'current', plugin: 'calico', dns: false, ...options.settings },
      panes: DEFAULT_PANES,
      setTab: (tab) => set({ tab }),
      setPort: (port) => set({ port }),
      setProtocol: (protocol) => set({ protocol }),
      setNamespaceFilter: (namespaceFilter) => set({ namespaceFilter }),
      setLabelFilter: (labelFilter) => set({ labelFilter }),
      setShowDenied: (showDenied) => set({ showDenied }),
      setTheme: (theme) => set({ theme }),
      setPanes: (panes) => set({ panes }),
      setSettings: (settings) => {
        set((s) => ({ settings: { ...s.settings, ...settings } }));
        schedule(true);
      },
    };
  });
  if (evaluator.client) engines.set(store, evaluator.client);
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

let defaultStore: AppStore | null = null;
export function setDefaultStore(store: AppStore) {
  defaultStore = store;
}
export function getStore(): AppStore {
  if (!defaultStore) throw new Error('the app store is not created yet');
  return defaultStore;
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(getStore(), selector);
}

export function useAppStoreShallow<T>(selector: (s: AppState) => T): T {
  return useStore(getStore(), useShallow(selector));
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
