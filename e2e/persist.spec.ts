// Never lose work, never leave the user waiting without a way out (share links, two tabs, a tab
// closed mid-save, a worker that never answers, a huge paste).
import { test, expect, type Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { AppPage, fixture } from './pages/AppPage';
import { generateCluster, toKubectlYaml } from '../bench/generate';

const WORKSHOP = fixture('course/004-ns1-workshop/cluster.yaml');
const DENY_ALL = fixture('course/004-ns1-workshop/deny-all-by-default-network-policy.yaml');
const MINE = `# my own work, typed at 2 a.m.\n${WORKSHOP}`;

/** A share link fragment holding any value, the way the app encodes one. */
const fragmentOf = (value: unknown) =>
  Buffer.from(deflateSync(strToU8(JSON.stringify(value)), { level: 9 })).toString('base64url');

async function makeShareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Share link copied|Copy this link/ }),
  ).toBeVisible();
  return page.evaluate(() => (window as unknown as { __netpolShareUrl: string }).__netpolShareUrl);
}

const savedText = (page: Page) =>
  page.evaluate(() => {
    const raw = localStorage.getItem('netpol-lab:workspace:v1');
    return raw ? (JSON.parse(raw) as { text: string }).text : null;
  });

test('opening a share link replaces the workspace, and Undo open brings it back after an edit and a reload', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const sharer = new AppPage(await context.newPage());
  await sharer.goto();
  await sharer.pasteIntoEditor(`${WORKSHOP}---\n${DENY_ALL}`);
  const url = await makeShareLink(sharer.page);
  // The recipient's own work, saved in this browser.
  await sharer.pasteIntoEditor(MINE);
  await expect.poll(() => savedText(sharer.page)).toBe(MINE);
  await sharer.page.close();

  const page = await context.newPage();
  const app = new AppPage(page);
  await app.goto(url);
  await expect(
    page.getByRole('status').filter({ hasText: 'Opened the workspace from the share link' }),
  ).toBeVisible();
  expect(await app.editorText()).toContain('deny-all-by-default');
  // One key typed in the shared workspace, saved, then a reload: the way back is still there.
  await app.typeAfter('name: deny-all-by-default', '-edited');
  const edited = await app.editorText();
  expect(edited).toContain('name: deny-all-by-default-edited');
  await expect.poll(() => savedText(page)).toBe(edited);
  await page.reload();
  await app.idle();
  expect(page.url()).not.toContain('#w=');
  expect(await app.editorText()).toBe(edited);
  await page.getByRole('button', { name: 'Undo open' }).click();
  await app.idle();
  expect(await app.editorText()).toBe(MINE);
  await expect.poll(() => savedText(page)).toBe(MINE);
  await context.close();
});

test('a share link put in the address bar of the open page opens it there, undoably', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const shared = `${WORKSHOP}---\n${DENY_ALL}`;
  await app.pasteIntoEditor(shared);
  const url = await makeShareLink(page);
  await app.pasteIntoEditor(MINE);
  // Only the fragment changes: the page is not loaded again.
  await page.goto(url);
  await expect(
    page.getByRole('status').filter({ hasText: 'Opened the workspace from the share link' }),
  ).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  expect(await app.editorText()).toBe(shared);
  await page.getByRole('button', { name: 'Undo open' }).click();
  expect(await app.editorText()).toBe(MINE);
});

test('a share link restores the open panel, the filters and the selection', async ({ page, browser }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${DENY_ALL}`);
  await app.showMatrix();
  await page.getByLabel('Port').fill('80');
  await page.getByLabel('Protocol').selectOption('UDP');
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await expect(app.explanation).toContainText('ns-1/busybox');
  await page.getByRole('button', { name: 'Hide the YAML editor' }).click();
  const url = await makeShareLink(page);

  const fresh = await browser.newContext();
  const other = new AppPage(await fresh.newPage());
  await other.goto(url);
  await expect(other.page.getByRole('tab', { name: 'Matrix' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.page.getByLabel('Port')).toHaveValue('80');
  await expect(other.page.getByLabel('Protocol')).toHaveValue('UDP');
  await expect(other.cell('ns-1/busybox', 'ns-1/http-echo')).toHaveAttribute('aria-current', 'true');
  await expect(other.explanation).toContainText('ns-1/busybox');
  // The layout too: the editor pane stays collapsed.
  await expect(other.page.getByRole('button', { name: 'Show the YAML editor' })).toBeVisible();
  await fresh.close();
});

for (const step of [1e9, -1, 'constructor']) {
  test(`a share link with lesson step ${JSON.stringify(step)} opens its YAML and says what it ignored`, async ({
    page,
  }) => {
    const fragment = fragmentOf({
      text: WORKSHOP,
      fileNames: ['shared.yaml'],
      settings: { semantics: 'current', plugin: 'calico', dns: false },
      lesson: { id: 'ns1-workshop', step },
    });
    const app = new AppPage(page);
    await app.goto(`/#w=${fragment}`);
    await expect(page.getByRole('status').filter({ hasText: 'Ignored from the link' })).toContainText(
      `step ${JSON.stringify(step)}`,
    );
    expect(await app.editorText()).toBe(WORKSHOP);
    await app.showMatrix();
    await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  });
}

test('an unreadable share link says so, clears the fragment and keeps your workspace', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(MINE);
  await expect.poll(() => savedText(page)).toBe(MINE);
  const url = await makeShareLink(page);
  for (const broken of [url.slice(0, url.length - 10), `${url.split('#')[0]}#w=%%%not-base64`]) {
    await page.goto('about:blank');
    await app.goto(broken);
    await expect(page.getByRole('status').filter({ hasText: 'This link could not be read' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('');
    expect(await app.editorText()).toBe(MINE);
  }
});

test('a share link that would inflate to a huge workspace is refused, and your workspace stays', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(MINE);
  await expect.poll(() => savedText(page)).toBe(MINE);
  // 100 MB of text in a link of about 130 kB.
  const fragment = fragmentOf({ text: 'a'.repeat(100 * 1024 * 1024), fileNames: ['x.yaml'] });
  expect(fragment.length).toBeLessThan(200_000);
  await page.goto('about:blank');
  await app.goto(`/#w=${fragment}`);
  await expect(page.getByRole('status').filter({ hasText: 'This link was refused' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  expect(await app.editorText()).toBe(MINE);
});

test('two tabs: the other tab’s save is announced before anything is overwritten, and both versions stay reachable', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext();
  const a = new AppPage(await context.newPage());
  const b = new AppPage(await context.newPage());
  await a.goto();
  await b.goto();
  const fromA = `# from tab A\n${WORKSHOP}`;
  await a.pasteIntoEditor(fromA);
  await expect.poll(() => savedText(a.page)).toBe(fromA);

  const conflict = b.page.getByRole('alert', { name: 'Another tab saved the workspace' });
  await expect(conflict).toContainText('Another tab changed the saved workspace');
  // Typing in B while undecided saves nothing over A's work.
  await b.typeAfter('namespace', ' # from tab B');
  const fromB = await b.editorText();
  await b.page.waitForTimeout(800);
  expect(await savedText(b.page)).toBe(fromA);
  // Closing B now would drop its edits: the browser asks first.
  const asked = b.page.waitForEvent('dialog');
  await b.page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(b.page.isClosed()).toBe(false);

  // B keeps its own: saved, and A's version kept as a backup.
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => savedText(b.page)).toBe(fromB);
  await expect(b.page.getByRole('status', { name: 'Backup of another tab' })).toBeVisible();

  // A is told in turn, and loads B's version; Undo open brings its own back (and saves it).
  const conflictA = a.page.getByRole('alert', { name: 'Another tab saved the workspace' });
  await conflictA.getByRole('button', { name: 'Load theirs' }).click();
  await a.idle();
  expect(await a.editorText()).toBe(fromB);
  await a.page.getByRole('button', { name: 'Undo open' }).click();
  expect(await a.editorText()).toBe(fromA);
  await expect.poll(() => savedText(a.page)).toBe(fromA);
  await a.page.close();

  // B is told again; it keeps its own once more, and after a reload reaches A's version as the backup.
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => savedText(b.page)).toBe(fromB);
  await b.page.reload();
  await b.idle();
  expect(await b.editorText()).toBe(fromB);
  await b.page.getByRole('button', { name: 'Restore backup' }).click();
  await b.idle();
  expect(await b.editorText()).toBe(fromA);
  await b.page.getByRole('button', { name: 'Undo open' }).click();
  expect(await b.editorText()).toBe(fromB);
  await context.close();
});

test('a tab closed while a 20 MB workspace is being saved leaves the previous workspace intact', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const yaml = toKubectlYaml(
    generateCluster({ pods: 6500, policies: 650, namespaces: 100, mix: 'default-deny-apps', seed: 9 }),
  );
  expect(yaml.length).toBeGreaterThan(20_000_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(MINE);
  await expect.poll(() => savedText(page)).toBe(MINE);

  // Hold the page still once the third part of the big text is handed to IndexedDB, and close it then.
  let midSave!: () => void;
  const reached = new Promise<void>((resolve) => (midSave = resolve));
  await page.exposeFunction('__netpolMidSave', () => midSave());
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    let parts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      const request = put.apply(this, args);
      if (++parts === 3) {
        void (window as unknown as { __netpolMidSave: () => Promise<void> }).__netpolMidSave();
        const until = Date.now() + 20_000;
        while (Date.now() < until);
      }
      return request;
    };
  });
  await page.getByLabel('Open manifests').setInputFiles({
    name: 'cluster.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(yaml),
  });
  await reached;
  await page.close({ runBeforeUnload: false });

  const again = new AppPage(await context.newPage());
  await again.goto();
  expect(await again.editorText()).toBe(MINE);
  await expect(again.page.getByText('could not be read back')).toHaveCount(0);
  await context.close();
});

/** Serves an engine worker that never answers (or closes itself at the first request). */
async function stubWorker(page: Page, body: string) {
  await page.route('**/assets/engine.worker-*.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body }),
  );
}

for (const [what, body] of [
  ['never answers', 'self.onmessage = () => {};'],
  ['closes itself', 'self.onmessage = () => self.close();'],
] as const) {
  test(`a worker that ${what} is replaced past its deadline, the user is told, and later edits are evaluated`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await stubWorker(page, body);
    const app = new AppPage(page);
    await page.goto('/');
    await expect(page.getByRole('status').filter({ hasText: 'did not finish within' })).toBeVisible({
      timeout: 40_000,
    });
    await app.idle(40_000);
    await app.showMatrix();
    await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
    // The replacement hangs too: each edit is still evaluated, on the page, past the deadline.
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.page.evaluate((t) => navigator.clipboard.writeText(t), `${WORKSHOP}---\n${DENY_ALL}`);
    await app.editorRegion.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    await expect(app.cell('ns-1/busybox', 'ns-1/http-echo')).toHaveAttribute('data-allowed', 'false', {
      timeout: 40_000,
    });
    await app.idle(40_000);
  });
}

test('a long evaluation shows progress and can be cancelled', async ({ page }) => {
  await stubWorker(page, 'self.onmessage = () => {};');
  const app = new AppPage(page);
  await page.goto('/');
  const progress = app.graph.getByRole('status').filter({ hasText: 'Reading and evaluating' });
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await app.idle();
  await expect(page.locator('.status-line')).toContainText('Evaluation cancelled');
});

test('pasting a big text goes in like an opened file: in pieces, with progress, undone with Undo open', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto();
  const before = await app.editorText();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const size = await page.evaluate(async () => {
    const pods: string[] = [];
    for (let i = 0; pods.length * 150 < 3_000_000; i++)
      pods.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  namespace: ns-${i % 50}\n  labels: {app: a${i % 20}}\nspec:\n  containers: [{name: c, image: nginx}]\n---\n`,
      );
    const text = pods.join('');
    await navigator.clipboard.writeText(text);
    return text.length;
  });
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.getByRole('status').filter({ hasText: /^Pasted \d+\.\d MB/ })).toBeVisible();
  expect((await app.editorText()).length).toBe(size);
  await app.idle(60_000);
  await page.getByRole('button', { name: 'Undo open' }).click();
  expect(await app.editorText()).toBe(before);
});
