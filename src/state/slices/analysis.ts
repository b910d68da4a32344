// The analysis derived from the text: evaluations through the worker (debounced while typing), the
// last good result kept while the text does not parse, and cancellation. Invariant: an answer for an
// older request is never shown as current (requests are numbered; only the newest one's answer lands).
import { analysisFromData, type Analysis, type Diagnostic, type Workspace } from '../../engine/index';
import { createWorkerEvaluator, type Evaluator } from '../engineClient';
import { enforces } from './view';
import type { SliceCreator } from './types';

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
  /** Evaluates again after a change to the text or settings: at once, or after the typing debounce. */
  scheduleEvaluation: (immediate?: boolean) => void;
}

/** Diagnostics that stop parsing: while one is present the views show the last good result. */
export const PARSE_STOPPERS = new Set(['yaml-syntax', 'json-syntax', 'input-too-complex', 'binary-input']);

export const createAnalysisSlice =
  (options: { evaluator?: Evaluator; debounceMs?: number } = {}): SliceCreator<AnalysisSlice> =>
  (set, get) => {
    const evaluator =
      options.evaluator ?? createWorkerEvaluator(undefined, { onTrouble: (notice) => set({ notice }) });
    const debounceMs = options.debounceMs ?? 150;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let generation = 0;
    return {
      workspace: null,
      analysis: null,
      diagnostics: [],
      stale: false,
      busy: true,
      cancelled: false,
      evaluatedText: null,
      timings: null,
      scheduleEvaluation: (immediate = false) => {
        set({ busy: true });
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void get().evaluate(), immediate ? 0 : debounceMs);
      },
      evaluate: async () => {
        const mine = ++generation;
        const { text, settings } = get();
        set({ busy: true, cancelled: false });
        const response = await evaluator({
          text,
          fileName: get().fileNames.length === 1 ? get().fileNames[0]! : 'workspace.yaml',
          options: { semantics: settings.semantics, enforced: enforces(settings.plugin) },
          ghosts: get().ghosts,
        });
        // A newer request is in flight: this answer describes an old text, never show it as current.
        if (mine !== generation) return;
        const broken = response.diagnostics.some((d) => PARSE_STOPPERS.has(d.code));
        const timings = { parseMs: response.parseMs, analyzeMs: response.analyzeMs };
        set({ ghostDiagnostics: response.ghostDiagnostics ?? [] });
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
    };
  };
