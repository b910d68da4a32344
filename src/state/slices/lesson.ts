// The lesson player's state, under `lesson` in the app store: which lesson and step, the learner's
// predictions and checks, progress (saved to storage), and the rule for when a lesson lets go of the
// workspace (`derivesFrom`).
import {
  lessons,
  replayText,
  applyAction,
  type Expectation,
  type Lesson,
  type LessonSettings,
  type TaskGrade,
} from '../../lessons/index';
import type { EngineClient } from '../engineClient';
import { enforces, type Settings } from './view';
import type { AppState, SliceCreator } from './types';

const PROGRESS_KEY = 'netpol-lab:lesson-progress:v2';

/** Where progress is kept: the part of `Storage` the lessons use. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface LessonProgress {
  /** Highest step reached per lesson. */
  reached: Record<string, number>;
  /** Steps whose task the learner has checked solved, per lesson. */
  solved: Record<string, number[]>;
}

export interface TaskCheck extends TaskGrade {
  lessonId: string;
  step: number;
}

export interface LessonState {
  lessonId: string | null;
  step: number;
  /** The YAML the current step started from: the lesson stays attached while the text derives from it. */
  baseText: string | null;
  /** The learner's answers on a predict step; null until they predict (verdicts stay hidden until then). */
  predictions: Record<string, Expectation> | null;
  /** The last check of the current step's task (kept across tab switches). */
  check: TaskCheck | null;
  /** Whether the current step's solution was applied by "Show solution". */
  solutionShown: boolean;
  progress: LessonProgress;
  /** The welcome card: on a first visit, and after leaving a lesson. */
  welcome: boolean;
  open: (lesson: Lesson, step?: number) => void;
  goTo: (step: number) => void;
  predict: (predictions: Record<string, Expectation>) => void;
  /**
   * Grades the current step's task on the YAML, in the engine worker; null when there is no task, or
   * when the lesson, step or text changed before the answer came (it is dropped).
   */
  checkTask: () => Promise<TaskCheck | null>;
  showSolution: () => void;
  /** Leaves the lesson; `reason` is told to the learner when they did not ask to leave. */
  close: (reason?: string) => void;
  dismissWelcome: () => void;
  /**
   * Attaches the lesson a saved workspace or share link was in, only if `text` still derives from that
   * step; otherwise the workspace is the user's own and the welcome card is shown. True if attached.
   */
  restore: (
    ref: { id: string; step: number } | null | undefined,
    text: string,
    firstVisit: boolean,
  ) => boolean;
}

export interface LessonSlice {
  lesson: LessonState;
}

export const lessonSettings = (s: Settings): LessonSettings => ({
  semantics: s.semantics,
  enforced: enforces(s.plugin),
  dns: s.dns,
});

/** Whether the verdicts of the current step are hidden because the learner has not predicted yet. */
export const verdictHidden = (s: Pick<LessonState, 'lessonId' | 'step' | 'predictions'>): boolean => {
  const lesson = s.lessonId ? lessons.find((l) => l.id === s.lessonId) : undefined;
  return Boolean(lesson?.steps[s.step]?.predict) && s.predictions === null;
};

/** A lesson is done when every one of its tasks has been solved. */
export function lessonDone(lesson: Lesson, progress: LessonProgress): boolean {
  const solved = new Set(progress.solved[lesson.id] ?? []);
  const tasks = lesson.steps.flatMap((s, i) => (s.task ? [i] : []));
  return tasks.length > 0 && tasks.every((i) => solved.has(i));
}

/** Reads saved progress, keeping only what still fits the lessons (ids, step numbers, task steps). */
export function readProgress(raw: string | null): LessonProgress {
  const progress: LessonProgress = { reached: {}, solved: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    return progress;
  }
  if (typeof parsed !== 'object' || parsed === null) return progress;
  const { reached, solved } = parsed as { reached?: unknown; solved?: unknown };
  for (const lesson of lessons) {
    const r = (reached as Record<string, unknown> | null | undefined)?.[lesson.id];
    if (Number.isInteger(r) && (r as number) >= 0 && (r as number) < lesson.steps.length) {
      progress.reached[lesson.id] = r as number;
    }
    const s = (solved as Record<string, unknown> | null | undefined)?.[lesson.id];
    if (Array.isArray(s)) {
      const steps = [...new Set(s)].filter(
        (i): i is number => Number.isInteger(i) && Boolean(lesson.steps[i as number]?.task),
      );
      if (steps.length) progress.solved[lesson.id] = steps.sort((a, b) => a - b);
    }
  }
  return progress;
}

const significantLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '---' && !l.startsWith('#'));

/**
 * The rule for staying in a lesson: the YAML still derives from the step's own when at least half of the
 * step's lines are still in it and it has not grown into a different document (at most four times the
 * step's size plus room for a few policies). Typing, the edit tools and the solution keep a lesson;
 * pasting or opening another cluster does not.
 */
export function derivesFrom(text: string, base: string): boolean {
  if (text.length > base.length * 4 + 4000) return false;
  const baseLines = significantLines(base);
  if (baseLines.length === 0) return true;
  const have = new Map<string, number>();
  for (const l of significantLines(text)) have.set(l, (have.get(l) ?? 0) + 1);
  let kept = 0;
  for (const l of baseLines) {
    const n = have.get(l) ?? 0;
    if (n > 0) {
      kept++;
      have.set(l, n - 1);
    }
  }
  return kept * 2 >= baseLines.length;
}

/**
 * Leaves the lesson when the YAML stops deriving from it (a paste of other manifests, a whole
 * replacement): its probes would then describe a cluster that is not there. For `store.subscribe`.
 */
export function leaveLessonWhenTextDiverges(state: AppState, prev: AppState): void {
  if (state.text === prev.text) return;
  const l = state.lesson;
  if (!l.lessonId || l.baseText === null) return;
  if (!derivesFrom(state.text, l.baseText)) {
    const title = lessons.find((x) => x.id === l.lessonId)?.title ?? l.lessonId;
    l.close(
      `The YAML no longer comes from the lesson “${title}”, so the lesson was closed. Reopen it from Lessons.`,
    );
  }
}

export const createLessonSlice =
  (storage: ProgressStorage | null = null, engine?: () => EngineClient): SliceCreator<LessonSlice> =>
  (set, get) => {
    const lessonState = () => get().lesson;
    const patch = (p: Partial<LessonState>) => set((s) => ({ lesson: { ...s.lesson, ...p } }));
    const save = (progress: LessonProgress) => {
      try {
        storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
      } catch {
        // Progress is a convenience; the lesson itself still works.
      }
    };
    const current = () => lessons.find((l) => l.id === lessonState().lessonId);
    const apply = (lesson: Lesson, step: number) => {
      const state = replayText(lesson, step);
      const was = lessonState().progress;
      const progress = {
        ...was,
        reached: { ...was.reached, [lesson.id]: Math.max(was.reached[lesson.id] ?? 0, step) },
      };
      // The base first, so the text change below is seen as the lesson's own.
      patch({
        lessonId: lesson.id,
        step,
        baseText: state.text,
        predictions: null,
        check: null,
        solutionShown: false,
        progress,
      });
      const app = get();
      app.setSettings({
        semantics: state.settings.semantics,
        plugin: state.settings.enforced ? 'calico' : 'flannel',
        dns: state.settings.dns,
      });
      app.setText(state.text, 'external');
      app.select(null);
      save(progress);
    };
    let progress: LessonProgress;
    try {
      progress = readProgress(storage?.getItem(PROGRESS_KEY) ?? null);
    } catch {
      progress = readProgress(null);
    }
    return {
      lesson: {
        lessonId: null,
        step: 0,
        baseText: null,
        predictions: null,
        check: null,
        solutionShown: false,
        progress,
        welcome: false,
        open: (lesson, step = 0) => apply(lesson, step),
        goTo: (step) => {
          const lesson = current();
          if (lesson && step >= 0 && step < lesson.steps.length) apply(lesson, step);
        },
        predict: (predictions) => patch({ predictions }),
        checkTask: async () => {
          const lesson = current();
          const { step } = lessonState();
          const task = lesson?.steps[step]?.task;
          if (!lesson || !task || !engine) return null;
          const s = get();
          const settings = lessonSettings(s.settings);
          const grade = await engine().request(
            'gradeTask',
            {
              probes: lesson.probes,
              check: task.check,
              settings,
              text: s.text,
              options: { semantics: settings.semantics, enforced: settings.enforced },
            },
            'gradeTask',
          );
          const now = get();
          if (!grade || now.text !== s.text || current() !== lesson || lessonState().step !== step)
            return null;
          const check: TaskCheck = { ...grade, lessonId: lesson.id, step };
          let progress = lessonState().progress;
          if (grade.solved) {
            const solved = new Set(progress.solved[lesson.id] ?? []);
            solved.add(step);
            progress = {
              ...progress,
              solved: { ...progress.solved, [lesson.id]: [...solved].sort((a, b) => a - b) },
            };
            save(progress);
          }
          patch({ check, progress });
          return check;
        },
        showSolution: () => {
          const lesson = current();
          const task = lesson?.steps[lessonState().step]?.task;
          if (!task) return;
          const s = get();
          const before = lessonSettings(s.settings);
          const next = applyAction(s.text, before, task.solution);
          if (JSON.stringify(next.settings) !== JSON.stringify(before)) {
            s.setSettings({
              semantics: next.settings.semantics,
              // Keep the learner's enforcing plugin when there is one.
              plugin: !next.settings.enforced ? 'flannel' : before.enforced ? s.settings.plugin : 'calico',
              dns: next.settings.dns,
            });
          }
          patch({ solutionShown: true, check: null });
          // Through the editor's edit path: one undo step.
          if (next.text !== s.text) s.setText(next.text, 'external');
        },
        close: (reason) => {
          if (reason && lessonState().lessonId) get().setNotice(reason);
          patch({ lessonId: null, baseText: null, predictions: null, check: null, welcome: true });
        },
        dismissWelcome: () => patch({ welcome: false }),
        restore: (ref, text, firstVisit) => {
          const lesson = ref ? lessons.find((l) => l.id === ref.id) : undefined;
          const step = ref?.step;
          if (lesson && Number.isInteger(step) && step! >= 0 && step! < lesson.steps.length) {
            const base = replayText(lesson, step!).text;
            if (derivesFrom(text, base)) {
              patch({
                lessonId: lesson.id,
                step: step!,
                baseText: base,
                predictions: null,
                welcome: firstVisit,
              });
              return true;
            }
          }
          patch({ lessonId: null, baseText: null, welcome: true });
          return false;
        },
      },
    };
  };
