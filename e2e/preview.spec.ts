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

// At 5,000 pods (16 MB) the engine's applyEdit alone takes about two minutes (it reads every
// document of the text with the yaml library), past the worker's deadline: the preview is then
// retried, so this runs at 1,000 pods until applyEdit reads only the documents it touches.
test('a draw preview on a 1,000-pod cluster lists the connections it opens', async ({ page }) => {
  test.setTimeout(300_000);
  const yaml = toKubectlYaml(
    generateCluster({ pods: 1000, policies: 100, namespaces: 20, seed: 3, mix: 'default-deny-apps' }),
  );
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: yaml }]);
  await app.idle(120_000);
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
  await from.selectOption({ label: await firstOf('team-2') });
  await to.selectOption({ label: await firstOf('team-3') });
  await dialog.getByLabel('Every pod of the source namespace').check();
  const preview = dialog.getByLabel('Preview');
  await expect(preview).toContainText('Opens the drawn connection', { timeout: 240_000 });
  const also = preview.getByRole('list', { name: 'Also opens' });
  await expect(also.locator('li').first()).toContainText(/^team-2\/\S+ → team-3\//);
  await expect(preview).toContainText(/it also opens \d+ more connection/);
});
