import { test, expect } from '@playwright/test';
import { AppPage, fixture } from './pages/AppPage';

const WORKSHOP = fixture('course/004-ns1-workshop/cluster.yaml');
const ALLOW = fixture('course/004-ns1-workshop/allow-network-policy.yaml');

test('adding a default deny from the toolbar closes connections, and Undo in the editor reopens them', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  await page
    .getByRole('group', { name: 'Default deny preview' })
    .getByRole('button', { name: 'Add the policy' })
    .click();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  expect(await app.editorText()).toContain('name: default-deny-ingress');
  await expect.poll(() => app.edgeIds()).toEqual([]);
  // One undo step in the editor takes the whole edit back.
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  expect(await app.editorText()).not.toContain('default-deny-ingress');
});

test('labelling a pod from the UI makes the allow rule match', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${ALLOW}`);
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await app.focusPod('ns-1/busybox');
  // The box starts with the labels the pod has: add one to them.
  const box = page.getByLabel('Label ns-1/busybox');
  await expect(box).toHaveValue('run=busybox');
  const before = await app.editorText();
  await box.fill('run=busybox app=busybox');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  const after = await app.editorText();
  expect(after).toMatch(/run: busybox\n\s+app: busybox/);
  // Only the labels node changed: one line added, every other line as it was.
  expect(after.replace(/\n\s+app: busybox/, '')).toBe(before);
  // The change is confirmed where it was made, with its line, and Undo takes it back.
  const line = after.split('\n').findIndex((l) => l.includes('app: busybox')) + 1;
  await expect(
    page.getByRole('status').filter({ hasText: 'Changed the labels of Pod ns-1/busybox' }),
  ).toContainText(`line ${line}`);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => app.editorText()).toBe(before);
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
});

test('drawing a connection with the mouse writes the rule, previews it, and can be undone', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  await page
    .getByRole('group', { name: 'Default deny preview' })
    .getByRole('button', { name: 'Add the policy' })
    .click();
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  await expect(dialog).toBeVisible();
  // Drag from busybox to http-echo on the graph, once the layout has settled.
  await app.idle();
  await expect
    .poll(async () => {
      const a = JSON.stringify(await app.nodePosition('ns-1/busybox'));
      await page.waitForTimeout(200);
      return a === JSON.stringify(await app.nodePosition('ns-1/busybox'));
    })
    .toBe(true);
  const from = await app.nodePosition('ns-1/busybox');
  const to = await app.nodePosition('ns-1/http-echo');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await expect(dialog.getByLabel('From', { exact: true }).locator('option:checked')).toHaveText(
    'ns-1/busybox',
  );
  await expect(dialog.getByLabel('To', { exact: true }).locator('option:checked')).toHaveText(
    'ns-1/http-echo',
  );
  await dialog.getByLabel('Ports').fill('80');
  await expect(dialog.getByLabel('Preview')).toContainText('Opens the drawn connection');
  await expect(dialog.getByLabel('Preview')).toContainText('podSelector');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  expect(await app.editorText()).toContain('name: allow-ingress-to-http-echo');
  await page.getByLabel('Port').fill('81');
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  // Not a port: said beside the field, and every port shown (not port 70000's nothing, nor a silent "any").
  await page.getByLabel('Port').fill('70000');
  await expect(page.getByRole('group', { name: 'Filters' }).getByRole('alert')).toHaveText(
    'Port must be a number from 1 to 65535: every port is shown until it is one.',
  );
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await page.getByLabel('Port').fill('');
  await expect(page.getByRole('group', { name: 'Filters' }).getByRole('alert')).toHaveCount(0);
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  expect(await app.editorText()).not.toContain('allow-ingress-to-http-echo');
});

test('an edit on broken YAML is refused and the text is kept', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.typeAfter('name: ns-1', '\n  oops: [');
  const before = await app.editorText();
  await page.getByRole('button', { name: 'Deny ingress' }).click();
  await page
    .getByRole('group', { name: 'Default deny preview' })
    .getByRole('button', { name: 'Add the policy' })
    .click();
  // The refusal names the problem and its line, as Problems lists it first.
  await page.getByRole('tab', { name: /Problems/ }).click();
  const first = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
  const where = (await first.getByRole('button').textContent())!.replace('line ', '');
  const message = (await first.locator('.msg').textContent())!;
  expect(message).toMatch(/^YAML syntax error: \S/);
  await expect(
    page.getByRole('status').filter({ hasText: `Fix the YAML first at line ${where}: ${message}.` }),
  ).toBeVisible();
  expect(await app.editorText()).toBe(before);
});

test('create a namespace and a pod, label a namespace on the graph, add and delete a policy', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.showMatrix();
  const objects = page.getByRole('dialog', { name: 'Create or delete objects' });
  const open = () => page.getByRole('button', { name: 'New / delete…' }).click();

  await open();
  await objects.getByLabel('What to do').selectOption({ label: 'New namespace' });
  await objects.getByLabel('Name', { exact: true }).fill('shop');
  await objects.getByLabel('Labels').fill('team=blue');
  await objects.getByRole('button', { name: 'Create' }).click();
  await expect(objects).toBeHidden();
  expect(await app.editorText()).toMatch(
    /kind: Namespace\nmetadata:\n {2}name: shop\n {2}labels:\n {4}team: blue/,
  );

  await open();
  await objects.getByLabel('Name', { exact: true }).fill('Web!');
  await objects.getByRole('button', { name: 'Create' }).click();
  await expect(objects.getByRole('alert')).toContainText('is not a valid name');
  await objects.getByLabel('Name', { exact: true }).fill('web');
  await objects.getByLabel('Namespace', { exact: true }).fill('shop');
  await objects.getByLabel('Labels').fill('app=web');
  await objects.getByRole('button', { name: 'Create' }).click();
  await app.expectCell('shop/web', 'ns-1/http-echo', true);

  // A click on the namespace box selects the namespace; its labels are edited like kubectl label.
  await app.idle();
  await app.clickNamespace('ns-1');
  await page.getByLabel('Label namespace ns-1').fill('team=red');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await expect.poll(() => app.editorText()).toMatch(/name: ns-1 *\n {2}labels:\n {4}team: red/);

  await open();
  await objects.getByLabel('What to do').selectOption({ label: 'New policy (isolates, allows nothing yet)' });
  await objects.getByLabel('Name', { exact: true }).fill('lock');
  await objects.getByLabel('Namespace', { exact: true }).fill('ns-1');
  await objects.getByRole('button', { name: 'Create' }).click();
  await app.expectCell('shop/web', 'ns-1/http-echo', false);

  await open();
  await objects.getByLabel('What to do').selectOption({ label: 'Delete an object' });
  await objects.getByLabel('Object to delete').selectOption({ label: 'NetworkPolicy ns-1/lock' });
  await objects.getByRole('button', { name: 'Delete' }).click();
  await app.expectCell('shop/web', 'ns-1/http-echo', true);

  await open();
  await objects.getByLabel('What to do').selectOption({ label: 'Delete an object' });
  await objects.getByLabel('Object to delete').selectOption({ label: 'Namespace shop and everything in it' });
  await objects.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => app.editorText()).not.toContain('shop');
  await expect(page.locator('td[data-from="shop/web"]')).toHaveCount(0);
});

test('removing the rule behind a connection previews what closes, then closes it', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${ALLOW.replace('app: busybox', 'run: busybox')}`);
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
  await app.explanation.getByRole('button', { name: 'Remove rule' }).click();
  const preview = app.explanation.getByRole('group', { name: 'Removal preview' });
  await expect(preview).toContainText('Removing the whole rule closes 1 connection');
  await expect(preview.getByRole('list', { name: 'Closes' })).toHaveText(
    'ns-1/busybox → ns-1/http-echo (all ports)',
  );
  // Nothing changes until it is confirmed.
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
  await preview.getByRole('button', { name: 'Confirm removal' }).click();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  expect(await app.editorText()).not.toContain('from:');
});
