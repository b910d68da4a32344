// The built-in lessons, in the order the list shows them, and the functions that replay and grade them.
import type { Lesson } from './types';
import { crashCourse, legacyDefaultDeny, networkPlugin, webApiDb, workshop } from './content/course';
import {
  additive,
  adminDeny,
  adminPass,
  andVsOr,
  bareSelectorNamespace,
  bothEnds,
  dnsEgress,
  emptyMeanings,
  ipBlockExcept,
  namespaceLabels,
  policyTypesDefaulting,
  repliesAllowed,
  servicePorts,
  strayDash,
} from './content/catalogue';

export type * from './types';
export { replayLesson, replayText, applyAction, gradeTask, gradeText, DEFAULT_SETTINGS } from './replay';
export type { TaskGrade } from './replay';
export { runProbes, parseProbe } from './probes';

/** The first lesson is the one `npm start` opens. */
export const lessons: Lesson[] = [
  workshop,
  webApiDb,
  crashCourse,
  legacyDefaultDeny,
  networkPlugin,
  andVsOr,
  strayDash,
  emptyMeanings,
  bareSelectorNamespace,
  servicePorts,
  dnsEgress,
  policyTypesDefaulting,
  bothEnds,
  namespaceLabels,
  ipBlockExcept,
  additive,
  repliesAllowed,
  adminDeny,
  adminPass,
];
