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
    // The theme switch, last of the header, is reachable and works.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.showMatrix();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
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
