// The lesson player's state: which lesson and step, progress, and applying a step to the workspace.
import { createStore, useStore } from 'zustand';
import { lessons, replayLesson, type Lesson } from '../lessons/index';
import type { AppStore } from './store';

const PROGRESS_KEY = 'netpol-lab:lesson-progress:v1';

export interface LessonState {
  lessonId: string | null;
  step: number;
  /** Highest step reached per lesson. */
  progress: Record<string, number>;
  revealed: boolean;
  open: (lesson: Lesson, step?: number) => void;
  goTo: (step: number) => void;
  reveal: () => void;
  close: () => void;
}

/** Progress read back from storage: only known lessons, each with a step it has. */
export function readProgress(storage: Storage | null): Record<string, number> {
  const progress: Record<string, number> = {};
  try {
    const raw = JSON.parse(storage?.getItem(PROGRESS_KEY) ?? '{}') as unknown;
    if (typeof raw !== 'object' || raw === null) return progress;
    for (const lesson of lessons) {
      const step = Object.prototype.hasOwnProperty.call(raw, lesson.id)
        ? (raw as Record<string, unknown>)[lesson.id]
        : undefined;
      if (typeof step === 'number' && Number.isInteger(step) && step >= 0 && step < lesson.steps.length)
        progress[lesson.id] = step;
    }
  } catch {
    // Progress is a convenience: start afresh.
  }
  return progress;
}

export function createLessonStore(app: AppStore, storage: Storage | null) {
  const progress = readProgress(storage);
  const store = createStore<LessonState>()((set, get) => {
    const apply = (lesson: Lesson, step: number) => {
      const state = replayLesson(lesson, step);
      app.getState().setSettings({
        semantics: state.settings.semantics,
        plugin: state.settings.enforced ? 'calico' : 'flannel',
        dns: state.settings.dns,
      });
      app.getState().setText(state.text, 'external');
      app.getState().select(null);
      const nextProgress = { ...get().progress, [lesson.id]: Math.max(get().progress[lesson.id] ?? 0, step) };
      try {
        storage?.setItem(PROGRESS_KEY, JSON.stringify(nextProgress));
      } catch {
        // Progress is a convenience; the lesson itself still works.
      }
      set({ lessonId: lesson.id, step, progress: nextProgress, revealed: !lesson.steps[step]?.predict });
    };
    return {
      lessonId: null,
      step: 0,
      progress,
      revealed: true,
      open: (lesson, step = 0) => apply(lesson, step),
      goTo: (step) => {
        const lesson = lessons.find((l) => l.id === get().lessonId);
        if (lesson && step >= 0 && step < lesson.steps.length) apply(lesson, step);
      },
      reveal: () => set({ revealed: true }),
      close: () => set({ lessonId: null }),
    };
  });
  return store;
}

export type LessonStore = ReturnType<typeof createLessonStore>;
let current: LessonStore | null = null;
export const setLessonStore = (s: LessonStore) => (current = s);
export const getLessonStore = () => current!;
export function useLessonStore<T>(selector: (s: LessonState) => T): T {
  return useStore(getLessonStore(), selector);
}
