import { describe, expect, it } from 'vitest';
import { lessons, replayLesson, gradeTask, applyAction } from './index';
import { parseText } from '../engine/index';

// Recorded wrong answers, one file per answer: wrong-answers/<lesson id>/step<N>-<what>.yaml holds the
// manifests a learner applied (as `kubectl apply` would) on entering step N. e2e/lessons.spec.ts pastes
// the same files into the app.
const wrongFiles = import.meta.glob<string>('./wrong-answers/*/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const wrongAnswers = Object.entries(wrongFiles).map(([path, yaml]) => {
  const m = /^\.\/wrong-answers\/([^/]+)\/step(\d+)-[\w-]+\.yaml$/.exec(path);
  return { path, lessonId: m?.[1], step: m ? Number(m[2]) : -1, yaml };
});

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('starts from YAML without errors', () => {
    const errors = parseText(lesson.initial).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('asks the learner to do something at least once, and predict steps have something to predict', () => {
    expect(lesson.steps.some((s) => s.task)).toBe(true);
    for (const s of lesson.steps)
      if (s.predict) expect(Object.keys(s.expect ?? {}).length).toBeGreaterThan(0);
  });

  it.each(lesson.steps.map((s, i) => [i, s.title] as const))(
    'step %i (%s) gives the expected probe results on entry',
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
  it.each(tasks)('task of step %i starts unsolved and is solved by its solution', (i, step) => {
    for (const name of Object.keys(step.task!.check)) {
      expect(
        lesson.probes.map((p) => p.name),
        `probe ${name} of the check`,
      ).toContain(name);
    }
    const entry = replayLesson(lesson, i);
    expect(gradeTask(lesson, i, entry.text, entry.settings).solved).toBe(false);
    const after = applyAction(entry.text, entry.settings, step.task!.solution);
    const graded = gradeTask(lesson, i, after.text, after.settings);
    expect(graded.probes.filter((p) => !p.ok).map((p) => `${p.name}: ${p.explanation}`)).toEqual([]);
    expect(graded.solved).toBe(true);
  });

  it.each(tasks)('task of step %i has recorded wrong answers, each graded not solved', (i) => {
    const mine = wrongAnswers.filter((w) => w.lessonId === lesson.id && w.step === i);
    expect(mine.length, `wrong-answers/${lesson.id}/step${i}-*.yaml`).toBeGreaterThan(0);
    const entry = replayLesson(lesson, i);
    for (const w of mine) {
      const after = applyAction(entry.text, entry.settings, { type: 'apply', yaml: w.yaml });
      expect(after.text, w.path).not.toBe(entry.text);
      expect(gradeTask(lesson, i, after.text, after.settings).solved, w.path).toBe(false);
    }
  });
});

describe('the catalogue', () => {
  it('has the course scenarios plus at least ten more lessons, with unique ids', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(15);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(lessons[0]!.id).toBe('ns1-workshop');
  });

  it('has at least 17 tasks', () => {
    expect(lessons.flatMap((l) => l.steps.filter((s) => s.task)).length).toBeGreaterThanOrEqual(17);
  });

  it('every wrong-answer file belongs to a task', () => {
    for (const w of wrongAnswers) {
      const lesson = lessons.find((l) => l.id === w.lessonId);
      expect(lesson?.steps[w.step]?.task, w.path).toBeDefined();
    }
  });
});
