import { test, expect } from '@playwright/test';
import type { Core } from 'cytoscape';
import { AppPage } from './pages/AppPage';
import { generateCluster, toKubectlYaml } from '../bench/generate';

// In this generated cluster team-2/app-0-2 reaches 20 pods of kube-system, 4 pods in each of eight
// other team namespaces and addresses outside the cluster; none of its peers is in team-2.
const CLUSTER = { pods: 1000, policies: 100, namespaces: 50, seed: 1, mix: 'default-deny-apps' } as const;

test('a focused pod shows its peers in other namespaces as groups with counts, and a group opens', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: toKubectlYaml(generateCluster(CLUSTER)) }]);
  await expect(page.getByText(/endpoints: showing namespaces instead of pods/)).toBeVisible({
    timeout: 60_000,
  });

  // The namespace filter on team-2, then the pod focused: its peers all live elsewhere.
  await page.getByLabel('Namespace', { exact: true }).selectOption('team-2');
  await app.idle(60_000);
  await app.focusPod('team-2/app-0-2');
  await app.idle(60_000);
  const note = app.graph.getByRole('status').filter({ hasText: /lead outside the namespace filter/ });
  await expect(note).toContainText(/\d+ connections of team-2\/app-0-2 lead outside the namespace filter/);
  await expect(note).toContainText(/drawn as \d+ peers in \d+ groups by namespace/);

  await page.getByRole('button', { name: /Graph as a list/ }).click();
  const nodes = app.graph.getByRole('list', { name: 'Nodes' });
  const kubeSystem = nodes.getByRole('button', { name: 'peers in namespace kube-system: 20' });
  await expect(kubeSystem).toHaveAttribute('aria-expanded', 'false');
  const team14 = nodes.getByRole('button', { name: 'peers in namespace team-14: 4' });
  await expect(team14).toBeVisible();
  await expect(nodes.getByRole('button', { name: /peers outside the cluster: \d+/ })).toBeVisible();
  // The group's edge carries the count and the ports.
  const connections = app.graph.getByRole('list', { name: 'Connections' });
  await expect(connections).toContainText('kube-system');
  await app.expectGraphComplete();
  const groupEdge = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    const e = cy.getElementById('gout:kube-system');
    return { label: e.data('label') as string, source: e.data('source') as string };
  });
  expect(groupEdge.label).toMatch(/^20 × /);

  // A click on the group in the graph opens it: its four pods, each with its own edge.
  await app.clickGraphElement('grp:team-14');
  await app.idle(60_000);
  await expect(team14).toHaveAttribute('aria-expanded', 'true');
  await expect(nodes.getByRole('button', { name: /team-14\// })).toHaveCount(4);
  await app.expectGraphComplete();
  const opened = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    return cy.getElementById('grp:team-14').children().length;
  });
  expect(opened).toBe(4);
  // And from the keyboard, in the list: closed again.
  await team14.focus();
  await page.keyboard.press('Enter');
  await expect(team14).toHaveAttribute('aria-expanded', 'false');

  // Without the filter the cluster is drawn as namespaces: the focus stays, alone with its groups.
  await page.getByLabel('Namespace', { exact: true }).selectOption('');
  await app.idle(60_000);
  await expect(app.graph.getByRole('status').filter({ hasText: 'Focused on team-2/app-0-2' })).toBeVisible();
  await expect(kubeSystem).toBeVisible();
});

test('Focus pod is a combobox: type part of a label, arrow, Enter; a windowed list of every pod', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: toKubectlYaml(generateCluster(CLUSTER)) }]);
  await expect(app.statusLine).toContainText('1000 pods/workloads', { timeout: 60_000 });
  const box = app.focusPodBox();
  const list = app.focusPodList();

  // Opened empty, it offers every endpoint, but only a screenful of rows is in the page.
  await box.click();
  await expect(list).toBeVisible();
  const count = page.getByRole('status').filter({ hasText: / match/ });
  const total = Number(((await count.textContent()) ?? '').replace(/\D/g, ''));
  expect(total).toBeGreaterThanOrEqual(1000);
  const options = list.getByRole('option');
  expect(await options.count()).toBeLessThan(60);
  await expect(options.first()).toHaveAttribute('aria-setsize', String(total));
  // PageDown twice moves 24 rows: the active option is rendered, in view, and says its position.
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  const activeOption = async () =>
    page.locator(`[id="${String(await box.getAttribute('aria-activedescendant'))}"]`);
  await expect(await activeOption()).toHaveAttribute('aria-posinset', '25');
  await expect(await activeOption()).toBeInViewport();

  // Typed words narrow it by label and namespace.
  await page.keyboard.type('tier=db team-7', { delay: 10 });
  const refs = await list.locator('.focus-pod-ref').allTextContents();
  expect(refs.length).toBeGreaterThan(1);
  for (const r of refs) expect(r).toMatch(/^team-7\//);
  for (const d of await list.locator('.focus-pod-detail').allTextContents()) expect(d).toContain('tier=db');
  await page.keyboard.press('ArrowDown');
  await expect(await activeOption()).toHaveAttribute('aria-selected', 'true');
  await expect(await activeOption()).toHaveAttribute('aria-posinset', '2');
  const picked = refs[1]!;
  await expect((await activeOption()).locator('.focus-pod-ref')).toHaveText(picked);
  // Escape closes the list and gives back what the box showed (nothing was focused).
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(box).toHaveValue('');

  // Again, and Enter focuses the active one: the box names it, the graph marks it.
  await page.keyboard.type('tier=db team-7', { delay: 10 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  await expect(box).toHaveValue(picked);
  await app.idle(60_000);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { __netpolCy: Core }).__netpolCy
            .nodes('.selected-node')
            .map((n) => n.data('ref') as string)[0] ?? '',
      ),
    )
    .toBe(picked);
  // Typing something else then Escape leaves the focus as it was.
  await box.click();
  await page.keyboard.type('no-such-pod');
  await expect(page.getByRole('status').filter({ hasText: 'No pod matches' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue(picked);
  // Clear focus empties it.
  await page.getByRole('button', { name: 'Clear focus' }).click();
  await expect(box).toHaveValue('');
});

test('the overview draws its heaviest namespace edges; a focused namespace shows every peer namespace with counts and ports', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: toKubectlYaml(generateCluster(CLUSTER)) }]);
  const overview = app.graph
    .getByRole('status')
    .filter({ hasText: /Showing the 30 heaviest of \d+ connections between namespaces/ });
  await expect(overview).toBeVisible({ timeout: 60_000 });
  const total = Number(/heaviest of (\d+)/.exec((await overview.textContent()) ?? '')![1]);
  expect(total).toBeGreaterThan(100);
  await app.expectGraphComplete();
  const edgesAt = (ns: string) =>
    page.evaluate(
      (id) =>
        (window as unknown as { __netpolCy: Core }).__netpolCy
          .edges()
          // Between namespaces (an outside address is a node of its own in the overview).
          .filter(
            (e) =>
              (e.source().id() === id || e.target().id() === id) &&
              e.source().id().startsWith('ns:') &&
              e.target().id().startsWith('ns:'),
          )
          .map((e) => ({ label: e.data('label') as string, highlight: e.hasClass('highlight') })),
      `ns:${ns}`,
    );
  expect(
    await app.page.evaluate(() => (window as unknown as { __netpolCy: Core }).__netpolCy.edges().length),
  ).toBe(30);

  // A click on team-2's box focuses it: every one of its connections is drawn, with pairs and ports.
  await app.clickGraphElement('ns:team-2');
  const note = app.graph.getByRole('status').filter({ hasText: /^Namespace team-2 reaches/ });
  await expect(note).toContainText(
    /reaches \d+ peers in \d+ namespaces and outside the cluster, and is reached from (none|\d+ peers)/,
  );
  await expect(overview).toContainText('and every one of team-2');
  await app.expectGraphComplete();
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  const peers = app.graph.getByRole('list', { name: 'Peers of namespace team-2' });
  // team-2's pods reach 20 pods of kube-system (one of them, app-0-2, reaches all 20).
  await expect(
    peers.getByRole('listitem').filter({ hasText: /^namespace kube-system · reached: 20 \(\d+ pairs\) on / }),
  ).toBeVisible();
  const namespaceGroups = await peers
    .getByRole('listitem')
    .filter({ hasText: /^namespace / })
    .count();
  const drawn = await edgesAt('team-2');
  // An edge per namespace and direction: at least one per peer namespace, every one highlighted, with
  // its pod pairs and ports.
  expect(drawn.length).toBeGreaterThanOrEqual(namespaceGroups);
  for (const e of drawn) {
    expect(e.highlight).toBe(true);
    expect(e.label).toMatch(/^[\d,]+ pairs? · /);
  }

  // Found by name in Find anything, another namespace takes the focus.
  await app.find('team-5');
  await expect(page.getByRole('option').first()).toContainText('Namespace');
  await page.keyboard.press('Enter');
  await expect(app.graph.getByRole('status').filter({ hasText: /^Namespace team-5 reaches/ })).toBeVisible();
  await expect(app.graph.getByRole('list', { name: 'Peers of namespace team-5' })).toBeVisible();

  // In the pod view of team-2 (the filter), focusing its box draws its peers as one node per namespace.
  await page.getByLabel('Namespace', { exact: true }).selectOption('team-2');
  await app.idle(60_000);
  await app.clickNamespace('team-2');
  await expect(app.graph.getByRole('status').filter({ hasText: /^Namespace team-2 reaches/ })).toContainText(
    'drawn as one node per namespace',
  );
  await app.expectGraphComplete();
  const group = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    return {
      label: cy.getElementById('grp:kube-system').data('label') as string,
      edge: cy.getElementById('gout:kube-system').data('label') as string,
    };
  });
  expect(group.label).toBe('kube-system\n20 peers');
  expect(group.edge).toMatch(/^[\d,]+ pairs · /);
});
