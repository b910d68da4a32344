import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { createInlineEvaluator } from './engineClient';
import { derivesFrom, readProgress, restoreLesson, verdictHidden } from './lessonStore';
import { lessons, replayLesson } from '../lessons/index';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
}

function setup(storage = new MemoryStorage()) {
  const app = createAppStore({ text: '', evaluator: createInlineEvaluator(), debounceMs: 0, storage });
  const lesson = { getState: () => app.getState().lesson };
  return { app, lesson, storage };
}

const workshop = lessons.find((l) => l.id === 'ns1-workshop')!;
const OTHER = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: mine}\n';

describe('the lesson store', () => {
  it('enters a task step unsolved; the solution, shown or moved past, solves it', async () => {
    const { app, lesson } = setup();
    lesson.getState().open(workshop, 1);
    expect((await lesson.getState().checkTask())!.solved).toBe(false);
    lesson.getState().showSolution();
    expect(app.getState().text).toContain('deny-all-by-default');
    expect((await lesson.getState().checkTask())!.solved).toBe(true);
    expect(lesson.getState().progress.solved['ns1-workshop']).toEqual([1]);
  });

  it('is done only when every task of the lesson is checked solved', async () => {
    const { lesson, storage } = setup();
    const taskSteps = workshop.steps.flatMap((s, i) => (s.task ? [i] : []));
    for (const i of taskSteps) {
      lesson.getState().open(workshop, i);
      lesson.getState().showSolution();
      await lesson.getState().checkTask();
    }
    expect(readProgress(storage.getItem('netpol-lab:lesson-progress:v2')).solved['ns1-workshop']).toEqual(
      taskSteps,
    );
    // Reaching the last step alone is not done.
    const other = setup();
    other.lesson.getState().open(workshop, workshop.steps.length - 1);
    expect(other.lesson.getState().progress.solved['ns1-workshop']).toBeUndefined();
  });

  it('hides the verdicts of a predict step until the learner predicts', () => {
    const { lesson } = setup();
    const i = workshop.steps.findIndex((s) => s.predict);
    lesson.getState().open(workshop, i);
    expect(verdictHidden(lesson.getState())).toBe(true);
    lesson.getState().predict({ post: 'denied' });
    expect(verdictHidden(lesson.getState())).toBe(false);
    lesson.getState().goTo(i + 1);
    expect(verdictHidden(lesson.getState())).toBe(false);
  });

  it('leaves the lesson when other manifests are pasted, not when the YAML is edited', () => {
    const { app, lesson } = setup();
    lesson.getState().open(workshop, 1);
    app
      .getState()
      .setText(app.getState().text.replace('run: busybox', 'run: busybox\n    tier: a'), 'editor');
    expect(lesson.getState().lessonId).toBe('ns1-workshop');
    app.getState().setText(OTHER, 'editor');
    expect(lesson.getState().lessonId).toBeNull();
    expect(lesson.getState().welcome).toBe(true);
    expect(app.getState().notice).toMatch(/no longer comes from the lesson/);
  });

  it('check results stay with their step', async () => {
    const { lesson } = setup();
    lesson.getState().open(workshop, 1);
    await lesson.getState().checkTask();
    expect(lesson.getState().check?.step).toBe(1);
    lesson.getState().goTo(2);
    expect(lesson.getState().check).toBeNull();
  });
});

describe('restoring a lesson on load', () => {
  it('attaches only when the text derives from the lesson step', () => {
    const { app, lesson } = setup();
    const text = replayLesson(workshop, 2).text;
    expect(restoreLesson(app, { id: 'ns1-workshop', step: 2 }, text, false)).toBe(true);
    expect(lesson.getState().lessonId).toBe('ns1-workshop');
    expect(lesson.getState().welcome).toBe(false);
    expect(restoreLesson(app, { id: 'ns1-workshop', step: 2 }, OTHER, false)).toBe(false);
    expect(lesson.getState().lessonId).toBeNull();
    expect(lesson.getState().welcome).toBe(true);
    expect(restoreLesson(app, { id: 'ns1-workshop', step: 99 }, text, false)).toBe(false);
    expect(restoreLesson(app, { id: 'nope', step: 0 }, text, false)).toBe(false);
    expect(restoreLesson(app, { id: 'ns1-workshop', step: 0 }, replayLesson(workshop, 0).text, true)).toBe(
      true,
    );
    expect(lesson.getState().welcome).toBe(true);
  });
});

describe('derivesFrom', () => {
  const base = replayLesson(workshop, 0).text;
  it('keeps small edits and added policies', () => {
    expect(derivesFrom(base, base)).toBe(true);
    expect(derivesFrom(`${base}---\n${replayLesson(workshop, 2).text}`, base)).toBe(true);
    expect(derivesFrom(base.replace('run: busybox', 'run: box'), base)).toBe(true);
  });
  it('drops a replaced or hugely grown document', () => {
    expect(derivesFrom(OTHER, base)).toBe(false);
    expect(derivesFrom('', base)).toBe(false);
    expect(derivesFrom(`${base}${'# padding\n'.repeat(10_000)}`, base)).toBe(false);
  });
});

describe('readProgress', () => {
  it('keeps only what fits the lessons, whatever was stored', () => {
    for (const raw of [null, '', 'not json', '[]', '7', 'null', '{"reached": 5, "solved": "x"}'])
      expect(readProgress(raw)).toEqual({ reached: {}, solved: {} });
    const taskStep = workshop.steps.findIndex((s) => s.task);
    expect(
      readProgress(
        JSON.stringify({
          reached: { 'ns1-workshop': 2, 'web-api-db': 99, nope: 1, 'crash-course': -1, replies: 1.5 },
          solved: { 'ns1-workshop': [taskStep, 0, taskStep, 'x', 99], nope: [1], 'web-api-db': {} },
        }),
      ),
    ).toEqual({ reached: { 'ns1-workshop': 2 }, solved: { 'ns1-workshop': [taskStep] } });
  });
});
