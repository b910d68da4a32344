import { test, expect } from '@playwright/test';
import { AppPage } from './pages/AppPage';

const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: w, image: w, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: d, image: d, ports: [{containerPort: 5432}]}]}
`;
const DENY_DB = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-db, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}
`;

test('Compare against a file with one policy removed lists the connections it opens, each explained on both sides', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'shop.yaml', text: CLUSTER + DENY_DB }]);
  await page.getByRole('button', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare versions' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('File to compare with').setInputFiles({
    name: 'without-deny.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(CLUSTER),
  });
  const comparison = dialog.getByRole('region', { name: 'Comparison' });
  // From the file (no policy) to the workspace (deny-db): web -> db closes.
  await expect(comparison.getByRole('status')).toHaveText(
    'From without-deny.yaml to the workspace, 0 connections open and 1 closes.',
  );
  await expect(comparison.getByRole('list', { name: 'Closed' })).toHaveText([
    /closed: shop\/web → shop\/db \(all ports\)/,
  ]);
  // Read the other way, the file (the policy removed) opens it.
  await dialog.getByLabel('Direction').selectOption('reverse');
  const opened = comparison.getByRole('list', { name: 'Opened' });
  await expect(opened).toHaveText([/opened: shop\/web → shop\/db \(all ports\)/]);
  await expect(comparison.getByRole('list', { name: 'Closed' })).toHaveCount(0);
  // Drawn on the graph, in words as well as in line style.
  await expect
    .poll(() =>
      page.evaluate(() =>
        (
          window as unknown as {
            __netpolCy: {
              edges: (s: string) => { map: (f: (e: { data: (k: string) => string }) => string) => string[] };
            };
          }
        ).__netpolCy
          .edges('.preview')
          .map((e) => e.data('label')),
      ),
    )
    .toEqual(['+ opens']);
  // Each side explained: denied in the workspace (deny-db isolates db), allowed in the file.
  await opened.getByText('opened: shop/web → shop/db').click();
  await expect(opened.getByRole('group', { name: 'In the workspace' })).toContainText('deny-db');
  await expect(opened.getByRole('group', { name: 'In the workspace' }).locator('li').last()).toContainText(
    'Denied: shop/web cannot connect to shop/db',
  );
  await expect(opened.getByRole('group', { name: 'In without-deny.yaml' })).toContainText(/Allowed/);
  // Closing the dialog takes the preview edges off the graph.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            window as unknown as { __netpolCy: { edges: (s: string) => { length: number } } }
          ).__netpolCy.edges('.preview').length,
      ),
    )
    .toBe(0);
});

test('a file that does not parse is compared as far as it reads, and says where it broke', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'shop.yaml', text: CLUSTER }]);
  await page.getByRole('button', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare versions' });
  await dialog.getByLabel('File to compare with').setInputFiles({
    name: 'broken.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: web\n'),
  });
  await expect(dialog.locator('.field-error')).toContainText(/broken\.yaml line \d+:\d+/);
});

test('Compare works from the keyboard alone: pick a version, read a change and its explanation, close', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'shop.yaml', text: CLUSTER + DENY_DB }]);
  await app.openFiles([{ name: 'open.yaml', text: CLUSTER }]);
  const opener = page.getByRole('button', { name: 'Compare…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Compare versions' });
  await expect(dialog).toBeVisible();
  const source = dialog.getByRole('combobox', { name: 'Compare with' });
  await expect(source).toBeFocused();
  // A focused select picks the option whose words are typed.
  await page.keyboard.type('the workspace before');
  await expect(source).toHaveValue('open');
  const comparison = dialog.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('status').first()).toHaveText(
    'From the workspace before the last open to the workspace, 1 connection opens and 0 close.',
  );
  // Tab reaches the direction, then the change, which opens its explanation with Enter.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('combobox', { name: 'Direction' })).toBeFocused();
  await page.keyboard.press('Tab');
  const change = comparison.getByRole('list', { name: 'Opened' }).locator('summary');
  await expect(change).toBeFocused();
  await page.keyboard.press('Enter');
  const opened = comparison.getByRole('list', { name: 'Opened' });
  await expect(opened.getByRole('group', { name: 'In the workspace', exact: true })).toContainText(/Allowed/);
  await expect(opened.getByRole('group', { name: 'In the workspace before the last open' })).toContainText(
    'deny-db',
  );
  // Then Close, and focus goes back to the button that opened the dialog.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});
