import { test, expect } from '@playwright/test';
import { AppPage, fixture } from './pages/AppPage';
import { generateCluster, toKubectlYaml } from '../bench/generate';
import { LOCAL_STORAGE_LIMIT, SAVED_PART } from '../src/state/storageLimits';

const WORKSHOP = fixture('course/004-ns1-workshop/cluster.yaml');
const DENY_ALL = fixture('course/004-ns1-workshop/deny-all-by-default-network-policy.yaml');
const ALLOW = fixture('course/004-ns1-workshop/allow-network-policy.yaml');

test('opens with the first lesson loaded: graph, matrix and probes', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await expect(page.getByRole('heading', { name: 'Deny by default, then allow by label' })).toBeVisible();
  await expect.poll(() => app.edgeIds()).toEqual(expect.arrayContaining(['e:0-1', 'e:1-0']));
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await expect(app.matrix.locator('td')).toHaveCount(4);
});

test('opening files replaces the workspace, and Undo brings the previous one back', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([
    { name: 'cluster.yaml', text: WORKSHOP },
    { name: 'deny.yaml', text: DENY_ALL },
  ]);
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await app.expectCell('ns-1/http-echo', 'ns-1/busybox', false);
  expect(await app.editorText()).toContain('# Source: deny.yaml');
  await expect.poll(() => app.edgeIds()).toEqual([]);
  await page.getByRole('button', { name: 'Undo open' }).click();
  await app.idle();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
});

test('typing in the editor updates the graph and the matrix', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${ALLOW}`);
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  // Label busybox app=busybox by typing, as `kubectl label` would.
  await app.typeAfter('run: busybox', '\napp: busybox');
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await expect.poll(() => app.edgeIds()).toContain('e:1-0');
});

test('a YAML error shows a marker and keeps the last graph, marked stale, without touching the text', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const before = await app.edgeIds();
  await app.typeAfter('name: ns-1', '\n  broken: [unclosed');
  await expect(app.editorRegion.locator('.squiggly-error').first()).toBeAttached();
  await expect(
    page.getByText('The YAML has errors: the graph shows the last version that parsed.'),
  ).toBeVisible();
  expect(await app.edgeIds()).toEqual(before);
  expect(await app.editorText()).toContain('broken: [unclosed');
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText('YAML syntax error');
});

test('hundreds of problems are listed a page at a time, errors first', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  // 250 pods with an invalid label key each, and one warning (a v1beta1 policy) that sorts last.
  const pods = Array.from(
    { length: 250 },
    (_, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  labels:\n    bad key: x\n`,
  );
  const legacy =
    'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: old\nspec:\n  podSelector: {}\n';
  await app.openFiles([{ name: 'many.yaml', text: [...pods, legacy].join('---\n') }]);
  await page.getByRole('tab', { name: /Problems/ }).click();
  const list = page.getByRole('list', { name: 'Problems' });
  await expect(list.getByRole('listitem')).toHaveCount(200);
  await expect(page.getByText('Showing 200 of 251 problems, errors first.')).toBeVisible();
  await page.getByRole('button', { name: 'Show 51 more' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(251);
  await expect(page.getByRole('button', { name: /Show \d+ more/ })).toBeHidden();
  // Each leads to its line; the warning comes after every error.
  await expect(list.getByRole('button', { name: /^error at line 1749: invalid label key/ })).toBeVisible();
  await expect(list.getByRole('listitem').last()).toContainText('extensions/v1beta1');
  await list.getByRole('button', { name: /^error at line 1749/ }).click();
  await expect(app.editorRegion.locator('.view-line', { hasText: 'name: p249' })).toBeVisible();
});

test('selecting a matrix cell explains the verdict and shows the YAML behind it', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${ALLOW}`);
  await app.showMatrix();
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await expect(app.explanation).toContainText(
    'Ingress denied: NetworkPolicy ns-1/allow selects ns-1/http-echo, but no ingress rule admits ns-1/busybox on TCP 80',
  );
  await app.explanation
    .getByRole('button', { name: /Show in YAML/ })
    .first()
    .click();
  await expect(app.editorRegion.locator('.revealed-line').first()).toBeAttached();
});

test('selecting an edge of the graph explains it', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await expect.poll(() => app.edgeIds()).toContain('e:1-0');
  await app.clickGraphElement('e:1-0');
  await expect(app.explanation).toContainText('Allowed: ns-1/busybox can connect to ns-1/http-echo');
});

test('export downloads the YAML as written', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`# mine\n${WORKSHOP}---\n${ALLOW}`);
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [all] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Download YAML (all)' }).click(),
  ]);
  const text = await (await all.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toBe(await app.editorText());
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [policies] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Download NetworkPolicies only' }).click(),
  ]);
  const policyText = Buffer.concat(await (await policies.createReadStream()).toArray()).toString('utf8');
  expect(policyText).toContain('name: allow');
  expect(policyText).not.toContain('kind: Pod');
  await app.idle();
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Graph as SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe('graph.svg');
  const svgText = Buffer.concat(await (await svg.createReadStream()).toArray()).toString('utf8');
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('>http-echo<');
  expect(svgText).toContain('>busybox<');
  // Every edge on screen is in the picture: http-echo -> busybox is allowed, busybox -> http-echo is not.
  const onScreen = await app.edgeIds();
  expect(onScreen.length).toBeGreaterThan(0);
  expect(svgText.match(/class="edge allowed"/g)?.length).toBe(onScreen.length);
});

test('a share link restores the workspace in a fresh page, and reload keeps it', async ({
  page,
  browser,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${DENY_ALL}`);
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Share link copied|Copy this link/ }),
  ).toBeVisible();
  const url = await page.evaluate(() => (window as unknown as { __netpolShareUrl: string }).__netpolShareUrl);
  expect(url).toMatch(/#w=/);

  const fresh = await browser.newContext();
  const other = new AppPage(await fresh.newPage());
  await other.goto(url);
  expect(await other.editorText()).toBe(await app.editorText());
  await other.showMatrix();
  await other.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await fresh.close();

  await page.reload();
  await app.idle();
  expect(await app.editorText()).toContain('deny-all-by-default');
});

test('text from YAML is shown as text, never as HTML', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await app.pasteIntoEditor(
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: '${hostile}'\n  namespace: ns\n  annotations: {note: '<script>window.__pwned=2</script>'}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: ns}\n`,
  );
  // Such a name is not a DNS name: the pod is refused as the API server would, and the message quotes
  // the name as text.
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText(
    `Pod name "${hostile}" is not valid`,
  );
  await app.showMatrix();
  await expect(app.matrix.getByRole('rowheader', { name: 'ns/b' })).toBeVisible();
  await expect(app.matrix.getByRole('rowheader', { name: `ns/${hostile}` })).toHaveCount(0);
  // The hover card on the graph shows the other pod's details as text.
  await app.idle();
  const pos = await app.nodePosition('ns/b');
  await page.mouse.move(pos.x, pos.y);
  await expect(page.getByRole('tooltip')).toContainText('Pod ns/b');
  await expect(page.getByRole('tooltip')).toContainText('no labels');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a workspace too big for localStorage survives a reload through IndexedDB', async ({ page }) => {
  test.setTimeout(90_000);
  const yaml = toKubectlYaml(
    generateCluster({ pods: 600, policies: 60, namespaces: 30, mix: 'default-deny-apps', seed: 5 }),
  );
  expect(yaml.length).toBeGreaterThan(LOCAL_STORAGE_LIMIT);
  // Saved in more than one part.
  expect(yaml.length).toBeGreaterThan(SAVED_PART);
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'big.yaml', text: yaml }]);
  await expect(page.locator('.status-line')).toContainText('600 pods/workloads', { timeout: 30_000 });
  const opened = await app.editorText();
  // Saving is debounced: wait until the saved record points at the text in IndexedDB, then reload.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const record = JSON.parse(localStorage.getItem('netpol-lab:workspace:v1') ?? '{}') as {
              slot?: string;
            };
            if (!record.slot) return resolve(0);
            const open = indexedDB.open('netpol-lab', 1);
            open.onsuccess = () => {
              // In parts of SAVED_PART characters under [slot, 0], [slot, 1], ...
              const get = open.result
                .transaction('workspace')
                .objectStore('workspace')
                .getAll(IDBKeyRange.bound([record.slot, 0], [record.slot, Infinity]));
              get.onsuccess = () => resolve((get.result as string[]).join('').length);
              get.onerror = () => resolve(0);
            };
            open.onerror = () => resolve(0);
          }),
      ),
    )
    .toBe(opened.length);
  await page.reload();
  await expect(page.locator('.status-line')).toContainText('600 pods/workloads', { timeout: 30_000 });
  const restored = await app.editorText();
  expect(restored).toBe(opened);
});
