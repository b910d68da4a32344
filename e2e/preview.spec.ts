import { test, expect, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage';
import { generateCluster, toKubectlYaml } from '../bench/generate';

const SHOP = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, tier: front}}
---
apiVersion: v1
kind: Pod
metadata: {name: cron, namespace: shop, labels: {app: cron, tier: front}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: d, image: d, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

/** Labels of the preview edges on the graph (what a preview draws). */
const previewLabels = (page: Page) =>
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
  );

test('a draw preview lists what a broad selector also opens, and draws it', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'shop.yaml', text: SHOP }]);
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'shop/web' });
  await dialog.getByLabel('To', { exact: true }).selectOption({ label: 'shop/db' });
  await expect(dialog.getByLabel('Ports')).toHaveValue('5432');
  const preview = dialog.getByLabel('Preview');
  await expect(preview).toContainText('Opens the drawn connection');
  await expect(preview.getByRole('list', { name: 'Also opens' })).toHaveCount(0);
  // Only the tier label: cron has it too, so cron -> db opens as well.
  await dialog.getByLabel('Pods with some of these labels').check();
  await dialog.getByRole('checkbox', { name: 'app=web' }).uncheck();
  await expect(preview.getByRole('list', { name: 'Also opens' })).toHaveText([
    'shop/cron → shop/db (TCP 5432)',
  ]);
  await expect(preview).toContainText('it also opens 1 more connection');
  await expect.poll(() => previewLabels(page)).toEqual(['+ opens']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => previewLabels(page)).toEqual([]);
});

// The 5,000-pod export (16 MB, one List): the worker's edit reads only the List items it may touch and
// its second read of the text parses only the item it changed; Apply takes the worker's text as it is.
test('a draw preview on the 5,000-pod cluster lists the connections it opens, and applies', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const yaml = toKubectlYaml(
    generateCluster({ pods: 5000, policies: 500, namespaces: 60, seed: 3, mix: 'default-deny-apps' }),
  );
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: yaml }]);
  await expect(page.getByText(/5\d{3} endpoints: showing namespaces instead of pods/)).toBeVisible({
    timeout: 120_000,
  });
  await app.idle(120_000);
  // The editor has the whole text (it is read-only while it takes it in pieces).
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('aria-busy', 'false', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  const from = dialog.getByLabel('From', { exact: true });
  const to = dialog.getByLabel('To', { exact: true });
  // A pod of team-2 to a pod of team-3 (whose namespace denies ingress by default), the source
  // widened to its whole namespace: every other pod of team-2 is let in too.
  const firstOf = (ns: string) =>
    from.evaluate(
      (select: HTMLSelectElement, ns) =>
        [...select.options].find((o) => o.value.startsWith('ep:') && o.text.startsWith(`${ns}/`))!.text,
      ns,
    );
  const source = await firstOf('team-2');
  const destination = await firstOf('team-3');
  await from.selectOption({ label: source });
  await to.selectOption({ label: destination });
  await dialog.getByLabel('Every pod of the source namespace').check();
  const preview = dialog.getByLabel('Preview');
  await expect(preview).toContainText('Opens the drawn connection', { timeout: 120_000 });
  const also = preview.getByRole('list', { name: 'Also opens' });
  await expect(also.locator('li').first()).toContainText(/^team-2\/\S+ → team-3\//);
  await expect(preview).toContainText(/it also opens \d+ more connection/);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  // The rule is in the YAML, the rest of the 16 MB kept as it was, and the graph follows.
  const text = await app.editorText();
  expect(text.length).toBeGreaterThan(yaml.length);
  expect(text.startsWith(yaml.slice(0, 1000))).toBe(true);
  expect(text.slice(yaml.length - 200)).toContain('kubernetes.io/metadata.name: team-2');
  await app.idle(120_000);
});
