import { applyEdit, parseAllDocumentsForLessons } from './yamlOps';
import { runProbes } from './probes';
import type { Lesson, LessonAction, LessonSettings, ProbeResult } from './types';

export const DEFAULT_SETTINGS: LessonSettings = { semantics: 'current', enforced: true, dns: false };

/** Applies one action to the lesson's YAML text and settings. */
export function applyAction(
  text: string,
  settings: LessonSettings,
  action: LessonAction,
): { text: string; settings: LessonSettings } {
  switch (action.type) {
    case 'sequence':
      return action.actions.reduce((acc, a) => applyAction(acc.text, acc.settings, a), { text, settings });
    case 'setting': {
      const next = { ...settings };
      if (action.semantics) next.semantics = action.semantics;
      if (action.enforced !== undefined) next.enforced = action.enforced;
      if (action.dns !== undefined) next.dns = action.dns;
      return { text, settings: next };
    }
    case 'label':
      return {
        text: applyEdit(text, {
          type: 'set-labels',
          kind: action.kind,
          namespace: action.namespace,
          name: action.name,
          labels: action.labels,
        }),
        settings,
      };
    case 'delete':
      return {
        text: applyEdit(text, {
          type: 'delete-object',
          kind: action.kind,
          namespace: action.namespace,
          name: action.name,
        }),
        settings,
      };
    case 'apply': {
      // Like `kubectl apply`: an object with the same kind, namespace and name is replaced.
      let out = text;
      for (const obj of parseAllDocumentsForLessons(action.yaml)) {
        out = applyEdit(
          out,
          { type: 'delete-object', kind: obj.kind, namespace: obj.namespace, name: obj.name },
          true,
        );
      }
      return { text: applyEdit(out, { type: 'add-object', yaml: action.yaml }), settings };
    }
  }
}

export interface ReplayState {
  text: string;
  settings: LessonSettings;
  probes: ProbeResult[];
}

/** The lesson's state after steps 0..stepIndex: text, settings and every probe with its expectation. */
export function replayLesson(lesson: Lesson, stepIndex: number): ReplayState {
  let text = lesson.initial;
  let settings: LessonSettings = { ...DEFAULT_SETTINGS, ...lesson.settings };
  const last = Math.min(stepIndex, lesson.steps.length - 1);
  for (let i = 0; i <= last; i++) {
    const action = lesson.steps[i]!.action;
    if (action) ({ text, settings } = applyAction(text, settings, action));
  }
  const expect = lesson.steps[last]?.expect ?? {};
  return { text, settings, probes: runProbes(text, lesson.probes, settings, expect) };
}

/** Grades a task against the learner's own YAML. */
export function gradeTask(
  lesson: Lesson,
  stepIndex: number,
  text: string,
  settings: LessonSettings,
): { solved: boolean; probes: ProbeResult[] } {
  const task = lesson.steps[stepIndex]?.task;
  if (!task) return { solved: true, probes: [] };
  const probes = runProbes(
    text,
    lesson.probes.filter((p) => p.name in task.check),
    settings,
    task.check,
  );
  return { solved: probes.every((p) => p.ok), probes };
}
