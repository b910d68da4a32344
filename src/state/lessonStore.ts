// The lesson part of the app store, for the lesson player: its hooks and the lesson rules. The state
// itself is the `lesson` slice (./slices/lesson).
import { useAppStore, useAppStoreApi, type AppStore } from './store';
import type { LessonState } from './slices/lesson';

export {
  derivesFrom,
  lessonDone,
  lessonSettings,
  readProgress,
  verdictHidden,
  type LessonProgress,
  type LessonState,
  type TaskCheck,
} from './slices/lesson';

/** A value of the lesson state; re-renders when it changes. */
export function useLessonStore<T>(selector: (s: LessonState) => T): T {
  return useAppStore((s) => selector(s.lesson));
}

export type LessonActions = Pick<
  LessonState,
  'open' | 'goTo' | 'predict' | 'checkTask' | 'showSolution' | 'close' | 'dismissWelcome' | 'restore'
>;

/** The lesson actions, for event handlers: they read the store when called, and never change. */
export function useLessonActions(): LessonActions {
  return useAppStoreApi().getState().lesson;
}

/** See LessonState.restore. */
export function restoreLesson(
  store: AppStore,
  ref: { id: string; step: number } | null | undefined,
  text: string,
  firstVisit: boolean,
): boolean {
  return store.getState().lesson.restore(ref, text, firstVisit);
}
