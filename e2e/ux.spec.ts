import { test, expect, type Page } from '@playwright/test';
import type { Core } from 'cytoscape';
import { AppPage, fixture } from './pages/AppPage';

const WORKSHOP = fixture('course/004-ns1-workshop/cluster.yaml');

/** The page never scrolls sideways: nothing is wider than the window. */
async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
]) {
  test(`no sideways scroll at ${size.width}x${size.height}, the header on one row`, async ({ page }) => {
    await page.setViewportSize(size);
    const app = new AppPage(page);
    await app.goto();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // Every header control is inside the window, on one row.
    const boxes = await page
      .locator('header.toolbar')
      .locator('button, select, label.check, label.file-button')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => ({ right: r.right, top: r.top })),
      );
    for (const b of boxes) expect(b.right).toBeLessThanOrEqual(size.width);
    expect(new Set(boxes.map((b) => Math.round(b.top / 10))).size).toBe(1);
    // The search box gives way first, and keeps room for its placeholder's first word.
    const search = await page.getByRole('combobox', { name: /Find anything/ }).boundingBox();
    expect(search!.width).toBeGreaterThanOrEqual(70);
    // The theme switch, last of the header, is reachable and works.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.showMatrix();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // Every panel tab is whole, inside its column and clear of the collapse button.
    const side = await page
      .getByRole('complementary', { name: 'Matrix, lessons and problems' })
      .boundingBox();
    const collapse = await page.getByRole('button', { name: 'Hide the side panel' }).boundingBox();
    for (const tab of await page.getByRole('tablist', { name: 'Panels' }).getByRole('tab').all()) {
      const b = (await tab.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(side!.x + side!.width);
      const overlaps =
        b.x < collapse!.x + collapse!.width &&
        collapse!.x < b.x + b.width &&
        b.y < collapse!.y + collapse!.height &&
        collapse!.y < b.y + b.height;
      expect(overlaps, `${await tab.textContent()} is under the collapse button`).toBe(false);
    }
  });
}

test('the panes resize from the keyboard and by dragging, and collapse', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const splitter = page.getByRole('separator', { name: 'Resize the YAML editor' });
  const width = async () => (await app.editorRegion.boundingBox())!.width;
  const start = await width();
  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(width).toBeGreaterThan(start + 40);
  await expect(splitter).toHaveAttribute('aria-valuenow', String(Math.round(await width())));
  // Dragging the side panel's splitter to the left widens the panel.
  const side = page.getByRole('complementary', { name: 'Matrix, lessons and problems' });
  const sideStart = (await side.boundingBox())!.width;
  const handle = (await page.getByRole('separator', { name: 'Resize the side panel' }).boundingBox())!;
  await page.mouse.move(handle.x + 3, handle.y + 200);
  await page.mouse.down();
  await page.mouse.move(handle.x - 100, handle.y + 200, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await side.boundingBox())!.width).toBeGreaterThan(sideStart + 80);
  // Collapsing the editor gives the graph its room and keeps the text; showing it again brings it back.
  const graphWidth = (await app.graph.boundingBox())!.width;
  await page.getByRole('button', { name: 'Hide the YAML editor' }).click();
  await expect.poll(async () => (await app.graph.boundingBox())!.width).toBeGreaterThan(graphWidth + 150);
  await expect(app.editorRegion.locator('.monaco-editor')).toBeHidden();
  await page.getByRole('button', { name: 'Show the YAML editor' }).click();
  await expect(app.editorRegion.locator('.monaco-editor')).toBeVisible();
  expect(await app.editorText()).toContain('name: http-echo');
  // Enter on a splitter collapses its pane too.
  await page.getByRole('separator', { name: 'Resize the side panel' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Matrix' })).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Matrix' })).toBeVisible();
});

test('the explanation takes room only with something to explain, and closes', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await expect(app.explanation).toHaveCount(0);
  await app.showMatrix();
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await expect(app.explanation).toContainText('allowed');
  await app.explanation.getByRole('button', { name: 'Close the explanation' }).click();
  await expect(app.explanation).toHaveCount(0);
});

test('dialogs take focus, Escape closes them, and focus returns to the opener', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  for (const [button, name] of [
    ['New / delete…', 'Create or delete objects'],
    ['Draw connection…', 'Draw a connection'],
  ] as const) {
    const opener = page.getByRole('button', { name: button });
    await opener.click();
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await expect
      .poll(() => dialog.evaluate((d) => d.contains(document.activeElement)), `${name} has focus`)
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }
  // The objects dialog is modal: the page behind it is inert.
  await page.getByRole('button', { name: 'New / delete…' }).click();
  expect(await page.evaluate(() => document.querySelector('dialog')!.matches(':modal'))).toBe(true);
  await page.keyboard.press('Escape');
});

test('Tab can leave the editor: a skip link, Ctrl+M with its hint, and a focus ring', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  // The first Tab reaches the skip link, which takes focus past the editor to the graph.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the graph' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#graph-pane')).toBeFocused();
  // In the editor, Ctrl+M makes Tab move focus: the hint says so, and the text is not indented.
  const before = await app.editorText();
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await expect(app.editorRegion.locator('.editor-host')).toHaveCSS('outline-style', 'solid');
  await expect(app.editorRegion.getByText('Ctrl+M: Tab moves focus instead.')).toBeVisible();
  await page.keyboard.press('Control+M');
  await expect(app.editorRegion.getByText('Tab moves focus out of the editor.')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await app.editorText()).toBe(before);
  expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
});

test('every node and connection of the graph is reachable from the keyboard, in a list', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(WORKSHOP);
  const toggle = app.graph.getByRole('button', { name: /Graph as a list/ });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const nodes = app.graph.getByRole('list', { name: 'Nodes' });
  const connections = app.graph.getByRole('list', { name: 'Connections' });
  await expect(nodes.getByRole('button')).toHaveText([
    'namespace ns-1',
    /Pod ns-1\/http-echo/,
    /Pod ns-1\/busybox/,
  ]);
  const edges = await app.edgeIds();
  await expect(connections.getByRole('button')).toHaveCount(edges.length);
  const first = connections.getByRole('button', {
    name: /ns-1\/busybox → ns-1\/http-echo: allowed, all ports/,
  });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(app.explanation).toContainText('ns-1/busybox → ns-1/http-echo');
  await expect(first).toHaveAttribute('aria-pressed', 'true');
});

test('edges say "all ports", and Show denied works with no pod focused', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __netpolCy: Core }).__netpolCy.edges().map((e) => e.data('label') as string),
      ),
    )
    .toEqual(['all ports', 'all ports']);
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  await page
    .getByRole('group', { name: 'Default deny preview' })
    .getByRole('button', { name: 'Add the policy' })
    .click();
  await expect.poll(() => app.edgeIds()).toEqual([]);
  await page.getByLabel('Show denied').check();
  await expect.poll(async () => (await app.edgeIds()).sort()).toEqual(['d:0-1', 'd:1-0']);
});

test('a default deny is previewed with what it closes before anything changes', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const before = await app.editorText();
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  const preview = page.getByRole('group', { name: 'Default deny preview' });
  await expect(preview).toContainText('Denying all ingress in namespace ns-1 closes 2 connections');
  await expect(preview.getByRole('list', { name: 'Closes' })).toContainText('ns-1/busybox → ns-1/http-echo');
  expect(await app.editorText()).toBe(before);
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toBeHidden();
  expect(await app.editorText()).toBe(before);
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  await preview.getByRole('button', { name: 'Add the policy' }).click();
  // Confirmed where it was made, with the line, shown in the editor, and undone with one button.
  const receipt = page.getByRole('status').filter({ hasText: 'Denied all ingress in namespace ns-1' });
  await expect(receipt).toContainText('(NetworkPolicy ns-1/default-deny-ingress), line');
  const line = Number(/line (\d+)/.exec((await receipt.textContent())!)![1]);
  expect(
    (await app.editorText())
      .split('\n')
      .slice(line - 1, line + 3)
      .join('\n'),
  ).toMatch(/apiVersion|kind|---/);
  await expect(app.editorRegion.locator('.revealed-line').first()).toBeVisible();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => app.editorText()).toBe(before);
});

const pod = (ns: string, name: string, labels: string, port?: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\nspec: {containers: [{name: c, image: i${port ? `, ports: [{containerPort: ${port}}]` : ''}}]}\n`;

test('a new pod lands inside its namespace box after an address node took its id', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  // An egress rule to an ipBlock draws an address node after the pods: it holds the next id.
  const egress = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}]}]\n`;
  await app.pasteIntoEditor([pod('shop', 'web', 'app: web', 80), egress].join('---\n'));
  await expect.poll(async () => (await app.edgeIds()).length).toBeGreaterThan(0);
  const external = await page.evaluate(() =>
    (window as unknown as { __netpolCy: Core }).__netpolCy
      .nodes()
      .filter((n) => n.data('kind') === 'external')
      .map((n) => n.id()),
  );
  expect(external.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'New / delete…' }).click();
  const objects = page.getByRole('dialog', { name: 'Create or delete objects' });
  await objects.getByLabel('Name', { exact: true }).fill('db');
  await objects.getByLabel('Namespace', { exact: true }).fill('shop');
  await objects.getByRole('button', { name: 'Create' }).click();
  await app.idle();
  const placed = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    const db = cy.nodes().filter((n) => n.data('ref') === 'shop/db')[0]!;
    const box = cy.getElementById('ns:shop').boundingBox({});
    const p = db.position();
    return {
      parent: db.parent().first().id(),
      inside: p.x > box.x1 && p.x < box.x2 && p.y > box.y1 && p.y < box.y2,
    };
  });
  expect(placed).toEqual({ parent: 'ns:shop', inside: true });
});

test('pod names on a small graph are drawn at 11 px or more, with no two nodes on top of each other', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new AppPage(page);
  await app.goto();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('button', { name: '← All lessons' }).click();
  await lessons.getByRole('button', { name: /AND vs OR/ }).click();
  await app.idle();
  const graph = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    const pods = cy.nodes().filter((n) => n.data('index') !== undefined && n.data('kind') !== 'external');
    const boxes = pods.map((n) => n.boundingBox({ includeLabels: false }));
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps++;
      }
    return { pods: pods.length, fontPx: 11 * cy.zoom(), overlaps };
  });
  expect(graph.pods).toBe(5);
  expect(graph.fontPx).toBeGreaterThanOrEqual(11);
  expect(graph.overlaps).toBe(0);
});

test('long pod names are cut in the matrix headers, whole in their tooltip, and the cells stay clickable', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const long = `a${'b'.repeat(118)}c`;
  await app.pasteIntoEditor([pod('shop', long, 'app: long'), pod('shop', 'web', 'app: web')].join('---\n'));
  await app.showMatrix();
  const header = app.matrix.locator('tbody th', { hasText: long });
  await expect(header).toHaveAttribute('title', `shop/${long}`);
  expect((await header.boundingBox())!.width).toBeLessThan(300);
  await app.cell(`shop/${long}`, 'shop/web').click();
  await expect(app.explanation).toContainText(`shop/${long} → shop/web`);
});

test('the Remove peer confirmation has a row of its own, Confirm removal in view', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(
    `${WORKSHOP}---\n${fixture('course/004-ns1-workshop/allow-network-policy.yaml')}`.replace(
      'run: busybox\n',
      'run: busybox\n    app: busybox\n',
    ),
  );
  await app.showMatrix();
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await app.explanation.getByRole('button', { name: 'Remove peer' }).click();
  const preview = app.explanation.getByRole('group', { name: 'Removal preview' });
  const confirm = preview.getByRole('button', { name: 'Confirm removal' });
  // The worker's answer first (Confirm is enabled with it): the preview grows when it lands.
  await expect(confirm).toBeEnabled();
  await expect(confirm).toBeInViewport();
  const buttons = app.explanation.locator('.remove-actions');
  // Both boxes in one frame: the panel may scroll between two separate reads.
  const [row, box] = await page.evaluate(() => {
    const rect = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    const r = rect('.remove-actions');
    const p = rect('[aria-label="Removal preview"]');
    return [
      { y: r.y, height: r.height },
      { y: p.y, height: p.height },
    ];
  });
  expect(box.y).toBeGreaterThanOrEqual(row.y + row.height - 1);
  // The three buttons keep their size.
  for (const b of await buttons.getByRole('button').all())
    expect((await b.boundingBox())!.width).toBeLessThan(140);
});

test('Draw connection starts with the destination container ports and shows the change as a diff', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(
    [pod('mon', 'grafana', 'app: grafana', 3000), pod('mon', 'prom', 'app: prom', 9500)].join('---\n'),
  );
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'mon/grafana' });
  await dialog.getByLabel('To', { exact: true }).selectOption({ label: 'mon/prom' });
  await expect(dialog.getByLabel('Ports')).toHaveValue('9500');
  const diff = dialog.getByLabel('YAML change');
  await expect(diff.locator('.diff-add').first()).toBeVisible();
  await expect(diff.locator('.diff-add', { hasText: 'port: 9500' })).toHaveCount(1);
  await expect(diff.locator('.diff-add').first()).toHaveText(/^\+ /);
});

test.describe('with the system set to dark', () => {
  test.use({ colorScheme: 'dark' });
  test('the first visit follows the system theme, and the theme button still overrides it', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.goto();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});
