// Replaying a lesson: its actions applied step by step to the YAML, and a task graded by its probes
// (solved only when every probe gives its expected result and the YAML has no error).
import { applyEdit, parseAllDocumentsForLessons } from './yamlOps';
import { runProbes } from './probes';
import { parseText } from '../engine/index';
import type { Expectation, Lesson, LessonAction, LessonSettings, ProbeResult, ProbeSpec } from './types';

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

/**
 * The lesson's state on entering step `stepIndex`: every earlier step's action followed by its task's
 * solution (moving past a task applies it), then this step's action. This step's own task is left
 * undone, so no task starts solved.
 */
export function replayLesson(lesson: Lesson, stepIndex: number): ReplayState {
  const { text, settings } = replayText(lesson, stepIndex);
  const last = Math.max(0, Math.min(stepIndex, lesson.steps.length - 1));
  const expect = lesson.steps[last]?.expect ?? {};
  return { text, settings, probes: runProbes(text, lesson.probes, settings, expect) };
}

/**
 * `replayLesson` without the probes: the YAML edits of the lesson's own actions on its own texts
 * (a few kilobytes each, built in), so the page may run it; the probes go to the engine worker.
 */
export function replayText(lesson: Lesson, stepIndex: number): { text: string; settings: LessonSettings } {
  let text = lesson.initial;
  let settings: LessonSettings = { ...DEFAULT_SETTINGS, ...lesson.settings };
  const last = Math.max(0, Math.min(stepIndex, lesson.steps.length - 1));
  for (let i = 0; i <= last; i++) {
    const step = lesson.steps[i]!;
    if (step.action) ({ text, settings } = applyAction(text, settings, step.action));
    if (i < last && step.task) ({ text, settings } = applyAction(text, settings, step.task.solution));
  }
  return { text, settings };
}

export interface TaskGrade {
  solved: boolean;
  /** Every probe of the task's check, with its expected and actual result. */
  probes: ProbeResult[];
  /** Errors the API server would refuse the YAML for: a task is never solved while there are any. */
  errors: { message: string; line: number; col: number }[];
}

/** Grades a task against the learner's own YAML and settings, by probes: never by comparing text. */
export function gradeTask(
  lesson: Lesson,
  stepIndex: number,
  text: string,
  settings: LessonSettings,
): TaskGrade {
  const task = lesson.steps[stepIndex]?.task;
  if (!task) return { solved: true, probes: [], errors: [] };
  return gradeText(text, lesson.probes, task.check, settings);
}

/** A task's check on a text: its probes (those the check names) and the errors of the YAML. */
export function gradeText(
  text: string,
  lessonProbes: ProbeSpec[],
  check: Record<string, Expectation>,
  settings: LessonSettings,
): TaskGrade {
  const errors = parseText(text, 'lesson.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ message: d.message, line: d.range?.line ?? 1, col: d.range?.col ?? 1 }));
  const probes = runProbes(
    text,
    lessonProbes.filter((p) => p.name in check),
    settings,
    check,
  );
  return { solved: errors.length === 0 && probes.every((p) => p.ok), probes, errors };
}
