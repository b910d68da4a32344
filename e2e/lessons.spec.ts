import { test, expect, type Locator, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { AppPage, fixture } from './pages/AppPage';
import { applyAction, DEFAULT_SETTINGS } from '../src/lessons/replay';
import { encodeShare } from '../src/state/shareCodec';

const WRONG_DIR = new URL('../src/lessons/wrong-answers/', import.meta.url);
/** Recorded wrong answers by lesson: step index and the manifests a learner applied there. */
const wrongAnswers = readdirSync(WRONG_DIR).map((lessonId) => ({
  lessonId,
  answers: readdirSync(new URL(`${lessonId}/`, WRONG_DIR))
    .sort()
    .map((file) => ({
      file,
      step: Number(/^step(\d+)-/.exec(file)![1]),
      yaml: readFileSync(new URL(`${lessonId}/${file}`, WRONG_DIR), 'utf8'),
    })),
}));

const probe = (page: Page, name: string) => page.locator(`[data-probe="${name}"]`);

class LessonsPanel {
  readonly region: Locator;
  readonly task: Locator;
  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Lessons' });
    this.task = this.region.getByRole('group', { name: 'Task' });
  }
  async show() {
    if (!(await this.region.isVisible()))
      await this.page.getByRole('tab', { name: 'Lessons', exact: true }).click();
  }
  async open(lessonId: string) {
    await this.show();
    const back = this.region.getByRole('button', { name: '← All lessons' });
    if (await back.isVisible()) await back.click();
    await this.region.locator(`li[data-lesson="${lessonId}"] button.lesson-open`).click();
  }
  next() {
    return this.region
      .getByRole('navigation', { name: 'Lesson steps' })
      .getByRole('button', { name: 'Next →' });
  }
  async stepCount(): Promise<{ at: number; of: number }> {
    const text = await this.region.getByText(/^Step \d+ of \d+$/).innerText();
    const [, at, of] = /Step (\d+) of (\d+)/.exec(text)!;
    return { at: Number(at), of: Number(of) };
  }
  /** Answers a pending prediction (all "allowed") so the step can be left. */
  async predictIfAsked(answer: 'allowed' | 'denied' = 'allowed') {
    const form = this.region.getByRole('form', { name: 'Your prediction' });
    if (!(await form.isVisible())) return false;
    for (const group of await form.getByRole('group').all()) await group.getByLabel(answer).check();
    await form.getByRole('button', { name: 'Show the results' }).click();
    return true;
  }
  async goToStep(index: number) {
    while ((await this.stepCount()).at - 1 < index) {
      await this.predictIfAsked();
      await this.next().click();
    }
  }
  async check() {
    await this.task.getByRole('button', { name: 'Check my YAML' }).click();
    const status = this.task.getByRole('status');
    await expect(status).not.toBeEmpty();
    return (await status.innerText()).trim();
  }
}

test('first visit: the first lesson is loaded under a welcome card offering lesson, paste or files', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  const welcome = lessons.region.getByRole('group', { name: 'Welcome' });
  await expect(welcome).toBeVisible();
  for (const name of ['Start a lesson', 'Paste YAML', 'Open files'])
    await expect(welcome.getByRole('button', { name })).toBeVisible();
  await expect(
    lessons.region.getByRole('heading', { name: 'Deny by default, then allow by label' }),
  ).toBeVisible();
  await welcome.getByRole('button', { name: 'Start a lesson' }).click();
  await expect(welcome).toBeHidden();
  await expect(lessons.region.getByText('Step 1 of 5')).toBeVisible();
});

test('the ns-1 workshop: write deny-all, replace it, predict, label busybox; progress and Next lesson', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  await lessons.next().click();
  // Step 2: the task is not solved on entry; a failed check lists the failed probes, each with its why.
  await expect(lessons.task).toBeVisible();
  expect(await lessons.check()).toMatch(/^✕ Not yet/);
  const failed = lessons.task.getByRole('list', { name: 'What does not match the goal yet' });
  await expect(failed.getByRole('listitem')).toHaveCount(3);
  await failed.getByText('Why?').first().click();
  await expect(failed.locator('.why').first()).toContainText('not isolated');
  // Write the policy by typing it into the editor.
  const text = await app.editorText();
  await app.pasteIntoEditor(
    `${text}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all-by-default\n  namespace: ns-1\nspec:\n  podSelector: {}\n`,
  );
  expect(await lessons.check()).toMatch(/^✓ Solved/);
  // The check result survives switching tabs.
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await lessons.show();
  await expect(lessons.task.getByRole('status')).toHaveText(/^✓ Solved/);

  // Step 3: Show solution applies it as one undo step.
  await lessons.next().click();
  const entry = await app.editorText();
  expect(await lessons.check()).toMatch(/^✕ Not yet/);
  await lessons.task.getByRole('button', { name: 'Show solution' }).click();
  await expect.poll(() => app.editorText()).toContain('name: allow');
  const solved = await app.editorText();
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => app.editorText()).toBe(entry);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect.poll(() => app.editorText()).toBe(solved);
  expect(await lessons.check()).toMatch(/^✓ Solved/);

  // Step 4 predicts: the verdicts are hidden on the graph, the matrix and the probes until answered.
  await lessons.next().click();
  await expect(page.locator('html')).toHaveAttribute('data-verdict-hidden', 'true');
  await expect(app.graph.locator('canvas').first()).toBeHidden();
  await expect(probe(page, 'post')).toHaveCount(0);
  await app.showMatrix();
  await expect(app.cell('ns-1/busybox', 'ns-1/http-echo')).toBeHidden();
  await lessons.show();
  const form = lessons.region.getByRole('form', { name: 'Your prediction' });
  await form.getByRole('group', { name: 'ns-1/busybox -> ns-1/http-echo:80' }).getByLabel('denied').check();
  await form
    .getByRole('group', { name: 'ns-1/busybox -> svc:ns-1/http-echo:80' })
    .getByLabel('denied')
    .check();
  await form.getByRole('group', { name: 'ns-1/http-echo -> ns-1/busybox:80' }).getByLabel('denied').check();
  await form.getByRole('button', { name: 'Show the results' }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-verdict-hidden', 'true');
  // A right "denied" prediction is a green "right", a wrong one red.
  await expect(probe(page, 'post')).toHaveAttribute('data-prediction', 'right');
  await expect(probe(page, 'post')).toContainText('✓ right');
  const colours = await probe(page, 'post').evaluate((el) => {
    const ok = document.createElement('span');
    ok.style.color = 'var(--ok)';
    document.body.append(ok);
    const wanted = getComputedStyle(ok).color;
    ok.remove();
    return { border: getComputedStyle(el).borderLeftColor, ok: wanted };
  });
  expect(colours.border).toBe(colours.ok);
  await expect(probe(page, 'reverse')).toHaveAttribute('data-prediction', 'wrong');
  await expect(probe(page, 'reverse')).toContainText('✕ wrong');

  // Step 5: label busybox by typing.
  await lessons.next().click();
  expect(await lessons.check()).toMatch(/^✕ Not yet/);
  await app.typeAfter('run: busybox', '\napp: busybox');
  expect(await lessons.check()).toMatch(/^✓ Solved/);
  await expect(lessons.region.getByText('✓ Lesson done: every task solved.')).toBeVisible();
  await expect(
    lessons.region.getByRole('button', { name: 'Next lesson: Web, API and database' }),
  ).toBeVisible();

  // The list shows it done, also after a reload.
  await lessons.region.getByRole('button', { name: '← All lessons' }).click();
  await expect(lessons.region.locator('li[data-lesson="ns1-workshop"]')).toContainText('✓ done');
  await expect(lessons.region.locator('li[data-lesson="web-api-db"]')).not.toContainText('✓ done');
  await page.reload();
  await app.idle();
  await lessons.open('web-api-db');
  await lessons.region.getByRole('button', { name: '← All lessons' }).click();
  await expect(lessons.region.locator('li[data-lesson="ns1-workshop"]')).toContainText('✓ done');
});

test('a task solved by drawing on the graph: web → api on 5000', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  await lessons.open('web-api-db');
  await lessons.goToStep(3);
  await expect(lessons.task).toContainText('web → api:5000 allowed');
  expect(await lessons.check()).toMatch(/^✕ Not yet/);
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'default/web' });
  await dialog.getByLabel('To', { exact: true }).selectOption({ label: 'default/api' });
  await dialog.getByLabel('Ports').fill('5000');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await app.idle();
  expect(await lessons.check()).toMatch(/^✓ Solved/);
});

test('the network plugin lesson: Flannel lets denied traffic through; choosing an enforcing plugin solves it', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  await lessons.open('network-plugin');
  await expect(page.getByLabel('Network plugin')).toHaveValue('flannel');
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'true');
  await expect(probe(page, 'post')).toContainText('an enforcing plugin would deny it');
  await lessons.next().click();
  expect(await lessons.check()).toMatch(/^✕ Not yet/);
  await page.getByLabel('Network plugin').selectOption('cilium');
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'false');
  expect(await lessons.check()).toMatch(/^✓ Solved/);
});

test('the lesson list holds every lesson, each with a task', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  await lessons.region.getByRole('button', { name: '← All lessons' }).click();
  const ids = await lessons.region
    .locator('li[data-lesson]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')!));
  expect(ids.length).toBeGreaterThanOrEqual(17);
  // Every lesson below is walked by its own test; each must have recorded wrong answers.
  expect(ids.sort()).toEqual(wrongAnswers.map((w) => w.lessonId).sort());
});

for (const { lessonId, answers } of wrongAnswers) {
  test(`lesson ${lessonId}, walked through its landmarks: no task solved on entry, its recorded wrong answers not solved, Show solution solves it`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const app = new AppPage(page);
    await app.goto();
    const lessons = new LessonsPanel(page);
    await lessons.open(lessonId);
    const { of } = await lessons.stepCount();
    const tasks: number[] = [];
    for (let i = 0; i < of; i++) {
      await expect(lessons.region.getByText(`Step ${i + 1} of ${of}`)).toBeVisible();
      await lessons.predictIfAsked();
      if (await lessons.task.isVisible()) {
        tasks.push(i);
        expect(await lessons.check(), `step ${i + 1} on entry`).not.toMatch(/^✓ Solved/);
        const entry = await app.editorText();
        for (const w of answers.filter((a) => a.step === i)) {
          // Applied to the step's YAML the way `kubectl apply` would, pasted as a person would, then undone.
          await app.pasteIntoEditor(
            applyAction(entry, DEFAULT_SETTINGS, { type: 'apply', yaml: w.yaml }).text,
          );
          expect(await lessons.check(), w.file).toMatch(/^✕ Not yet/);
          await app.editorRegion.locator('.monaco-editor .view-lines').click();
          await page.keyboard.press('ControlOrMeta+Z');
          await expect.poll(() => app.editorText()).toBe(entry);
        }
        await lessons.task.getByRole('button', { name: 'Show solution' }).click();
        expect(await lessons.check(), `step ${i + 1} with its solution`).toMatch(/^✓ Solved/);
      }
      if (i < of - 1) await lessons.next().click();
    }
    expect(tasks.length).toBeGreaterThan(0);
    // Every recorded wrong answer belongs to a task step that was walked.
    expect(answers.filter((a) => !tasks.includes(a.step)).map((a) => a.file)).toEqual([]);
    await expect(lessons.region.getByText('✓ Lesson done: every task solved.')).toBeVisible();
  });
}

test('pasting other manifests leaves the lesson; reloading keeps it closed; small edits keep it', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = new LessonsPanel(page);
  await lessons.next().click();
  // Typing a line keeps the lesson.
  await app.typeAfter('name: ns-1', '\n  labels: {team: a}');
  await expect(lessons.task).toBeVisible();
  // A paste of another cluster does not.
  await app.pasteIntoEditor(fixture('course/002-web-api-db/cluster.yaml'));
  await expect(page.getByText(/no longer comes from the lesson/)).toBeVisible();
  await expect(lessons.region.getByRole('button', { name: '← All lessons' })).toHaveCount(0);
  await expect(lessons.region.getByRole('group', { name: 'Welcome' })).toBeVisible();
  await expect(lessons.region.locator('li[data-lesson]').first()).toBeVisible();
  await expect(probe(page, 'post')).toHaveCount(0);
  await page.reload();
  await app.idle();
  await lessons.show();
  await expect(lessons.region.getByRole('group', { name: 'Welcome' })).toBeVisible();
  await expect(lessons.region.getByRole('button', { name: '← All lessons' })).toHaveCount(0);
});

test('a share link restores its lesson only when its YAML comes from that lesson', async ({ page }) => {
  const app = new AppPage(page);
  const settings = { semantics: 'current', plugin: 'calico', dns: false } as const;
  const lesson = { id: 'ns1-workshop', step: 0 };
  const own = encodeShare({
    text: fixture('course/002-web-api-db/cluster.yaml'),
    fileNames: ['workspace.yaml'],
    settings,
    lesson,
  });
  await app.goto(`/#w=${own}`);
  const lessons = new LessonsPanel(page);
  await lessons.show();
  await expect(lessons.region.getByRole('group', { name: 'Welcome' })).toBeVisible();
  await expect(lessons.region.getByRole('button', { name: '← All lessons' })).toHaveCount(0);
  const fromLesson = encodeShare({
    text: fixture('course/004-ns1-workshop/cluster.yaml'),
    fileNames: ['workspace.yaml'],
    settings,
    lesson,
  });
  await page.goto('about:blank');
  await app.goto(`/#w=${fromLesson}`);
  await lessons.show();
  await expect(lessons.region.getByRole('button', { name: '← All lessons' })).toBeVisible();
});
