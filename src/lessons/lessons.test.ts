import { describe, expect, it } from 'vitest';
import { lessons, replayLesson, gradeTask, applyAction } from './index';
import { parseText } from '../engine/index';

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('starts from YAML without errors', () => {
    const errors = parseText(lesson.initial).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  it.each(lesson.steps.map((s, i) => [i, s.title] as const))(
    'step %i (%s) gives the expected probe results',
    (i) => {
      const state = replayLesson(lesson, i);
      const expect_ = lesson.steps[i]!.expect ?? {};
      for (const [name, expected] of Object.entries(expect_)) {
        const probe = state.probes.find((p) => p.name === name);
        expect(probe, `probe ${name}`).toBeDefined();
        expect(probe!.error, probe!.explanation).toBeUndefined();
        expect(
          probe!.allowed ? 'allowed' : 'denied',
          `${lesson.id} step ${i} probe ${name}: ${probe!.probe}\n${probe!.explanation}`,
        ).toBe(expected);
      }
      expect(parseText(state.text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    },
  );

  const tasks = lesson.steps.map((s, i) => [i, s] as const).filter(([, s]) => s.task);
  if (tasks.length) {
    it.each(tasks)('task of step %i is unsolved before and solved by its solution', (i, step) => {
      const before =
        i === 0
          ? { text: lesson.initial, settings: replayLesson(lesson, 0).settings }
          : replayLesson(lesson, i - 1);
      expect(gradeTask(lesson, i, before.text, before.settings).solved).toBe(false);
      const after = applyAction(before.text, before.settings, step.task!.solution);
      expect(gradeTask(lesson, i, after.text, after.settings).solved).toBe(true);
    });
  }
});

describe('the catalogue', () => {
  it('has the course scenarios plus at least ten more lessons, with unique ids', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(15);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(lessons[0]!.id).toBe('ns1-workshop');
  });
});
