// The shape of the one app store: the union of its slices, and the type every slice creator has.
import type { StateCreator } from 'zustand';
import type { AnalysisSlice } from './analysis';
import type { DocumentSlice } from './document';
import type { GhostsSlice } from './ghosts';
import type { ExpectationsSlice } from './expectations';
import type { LessonSlice } from './lesson';
import type { SelectionSlice } from './selection';
import type { ViewSlice } from './view';

export type AppState = DocumentSlice &
  AnalysisSlice &
  SelectionSlice &
  ViewSlice &
  LessonSlice &
  GhostsSlice &
  ExpectationsSlice;

/** A slice sees (and may call) the whole state, and owns only its own fields. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
