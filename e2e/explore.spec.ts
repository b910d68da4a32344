import { test, expect, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage';
import type { Core } from 'cytoscape';
import { generateCluster, toKubectlYaml } from '../bench/generate';

async function openGenerated(
  page: Page,
  size: { pods: number; policies: number; namespaces: number; seed: number },
) {
  const yaml = toKubectlYaml(generateCluster({ ...size, mix: 'default-deny-apps' }));
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles([{ name: 'cluster.yaml', text: yaml }]);
  await expect(app.statusLine).toContainText(`${size.pods} pods/workloads`, { timeout: 60_000 });
  return { app, yaml };
}

test('Find anything on a 1,000-pod cluster: part of a label, arrow to a pod, Enter focuses it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { app } = await openGenerated(page, { pods: 1000, policies: 100, namespaces: 50, seed: 5 });
  await app.find('tier=d team-7');
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  // Every result is a pod of team-7 with tier db: read what the list says.
  const titles = await page.locator('.search-results .search-title').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  for (const t of titles) expect(t).toMatch(/^team-7\//);
  for (const d of await page.locator('.search-results .search-detail').allTextContents())
    expect(d).toContain('tier=db');
  // The keyboard moves the active option (aria-activedescendant), Enter picks it.
  const box = app.searchBox();
  const picked = titles.length > 1 ? titles[1]! : titles[0]!;
  if (titles.length > 1) await page.keyboard.press('ArrowDown');
  const activeId = await box.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${activeId}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[id="${activeId}"] .search-title`)).toHaveText(picked);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Found' })).toBeHidden();
  // Focused: the Focus pod control names it, and the graph marks its node as the selected one.
  await expect(app.focusPodBox()).toHaveValue(picked);
  await app.idle(60_000);
  await expect
    .poll(() =>
      page.evaluate(
        (ref) =>
          (window as unknown as { __netpolCy: Core }).__netpolCy
            .nodes()
            .filter((n) => n.data('ref') === ref)
            .map((n) => n.hasClass('selected-node'))[0] ?? false,
        picked,
      ),
    )
    .toBe(true);
});

test('Find anything: a policy found by name shows its lines in the editor; nothing found says so', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { app, yaml } = await openGenerated(page, { pods: 200, policies: 30, namespaces: 10, seed: 2 });
  const lines = yaml.split('\n');
  // The first NetworkPolicy of the file, by its name.
  const kindLine = lines.findIndex((l) => l.trim() === 'kind: NetworkPolicy');
  const nameLine = lines.slice(kindLine).findIndex((l) => /^\s+name: /.test(l)) + kindLine;
  const name = lines[nameLine]!.trim().slice('name: '.length);
  await app.find(name);
  await expect(page.getByRole('option').first()).toContainText('Policy');
  await page.keyboard.press('Enter');
  // The editor's cursor is on the policy's first line, and its lines are marked.
  await expect.poll(() => app.editorCursorLine()).toBeLessThanOrEqual(kindLine + 1);
  await expect.poll(() => app.editorCursorLine()).toBeGreaterThan(kindLine - 3);
  await expect(page.locator('.revealed-line').first()).toBeVisible();

  await app.searchBox().fill('no-such-thing-anywhere');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing found' })).toBeVisible();
  // Escape closes the list, then clears the box; what the page shows is left as it was.
  await page.keyboard.press('Escape');
  await expect(page.getByText('Nothing found')).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(app.searchBox()).toHaveValue('');
});

test('Audit on a 1,000-pod cluster: read an item, jump to its rule in the YAML and its pod on the graph', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { app, yaml } = await openGenerated(page, { pods: 1000, policies: 100, namespaces: 50, seed: 5 });
  await page.getByRole('tab', { name: 'Audit' }).click();
  const audit = page.getByRole('region', { name: 'Audit' });
  await expect(audit).toBeVisible();
  // Every finding has its heading, with a count that reads without colour.
  for (const title of [
    'Pods reachable from outside the cluster',
    'Pods not isolated for ingress',
    'Pods not isolated for egress',
    'Namespaces without a default deny',
    'Policies that select nothing',
    'Rules that admit every namespace',
    'Most permissive rules',
  ])
    await expect(audit.getByRole('heading', { name: new RegExp(title) })).toBeVisible();
  // The most permissive rule: its text names the policy and rule, and it opens the rule's lines.
  const permissive = audit.getByRole('list', { name: 'Most permissive rules' }).getByRole('listitem').first();
  const text = (await permissive.textContent())!;
  const m = /^([\w.-]+)\/([\w.-]+), (ingress|egress) rule (\d+) .*: ([\d,]+) pod pairs?/.exec(text);
  expect(m, text).not.toBeNull();
  // The editor holds the whole text (a big one goes in a piece at a time).
  expect(await app.editorText()).toBe(yaml);
  await permissive.getByRole('button').first().click();
  const lines = yaml.split('\n');
  await expect(page.locator('.revealed-line').first()).toBeVisible();
  const line = await app.editorCursorLine();
  // The cursor is inside the named policy's document, on its rules.
  // The cursor is inside the named policy's item of the list, whose rules it shows.
  const isItem = (l: string) => /^ {2}- apiVersion: /.test(l);
  const docStart = lines.slice(0, line).findLastIndex(isItem);
  const docEnd = lines.findIndex((l, i) => i > docStart && isItem(l));
  const doc = lines.slice(docStart, docEnd).join('\n');
  expect(doc).toContain(`name: ${m![2]}\n`);
  expect(doc).toContain(`namespace: ${m![1]}`);
  expect(doc).toContain(m![3] === 'ingress' ? 'ingress:' : 'egress:');
  await expect(page.locator('.revealed-line').first()).toBeVisible();

  // A pod of a finding focuses it on the graph.
  const podItem = audit
    .locator('.audit-items li')
    .filter({ has: page.getByRole('button', { name: /^Show .* in the YAML$/ }) });
  const pod = podItem.first().getByRole('button').first();
  const ref = (await pod.textContent())!;
  expect(ref).toMatch(/^[\w.-]+\/[\w.-]+$/);
  await pod.click();
  await expect(app.focusPodBox()).toHaveValue(ref);
});

test('the matrix switches to a namespace heat map that reads allowed/total pairs, and back', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a1, namespace: a, labels: {app: x}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a2, namespace: a, labels: {app: y}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b1, namespace: b, labels: {app: z}}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: b}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]',
    ].join('\n---\n') + '\n',
  );
  await app.showMatrix();
  const heat = page.getByRole('button', { name: 'Heat map by namespace' });
  // Three pods: the pod-level table first.
  await expect(heat).toHaveAttribute('aria-pressed', 'false');
  await app.expectCell('a/a1', 'b/b1', false);
  await heat.click();
  await expect(heat).toHaveAttribute('aria-pressed', 'true');
  // a → b: 2 pod pairs, none allowed; a → a: 2 of 2; b → a: 2 of 2; b → b: no pair but itself.
  await expect(app.cell('a', 'b')).toHaveText('✕ 0/2');
  await expect(app.cell('a', 'b')).toHaveAttribute('data-allowed', 'false');
  await expect(app.cell('a', 'a')).toHaveText('2/2');
  await expect(app.cell('b', 'a')).toHaveText('2/2');
  await expect(app.cell('b', 'a')).toHaveAttribute('data-allowed', 'true');
  await heat.click();
  await app.expectCell('a/a1', 'b/b1', false);
});

test('the CSV export of a 1,000-pod cluster writes a row per pair of namespaces, and every pair on request', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { app } = await openGenerated(page, { pods: 1000, policies: 100, namespaces: 50, seed: 5 });
  await app.idle(60_000);
  const exportMenu = page.getByRole('button', { name: 'Export ▾' });
  await exportMenu.click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('menuitem', { name: 'Matrix as CSV (by namespace)' }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString());
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('from_namespace,to_namespace,allowed_pairs,total_pairs,ports');
  // 50 namespaces and the outside: a row per ordered pair with pod pairs between them.
  expect(lines.length - 1).toBeGreaterThan(2000);
  expect(lines.length - 1).toBeLessThanOrEqual(51 * 51);
  for (const line of lines.slice(1, 200)) {
    const [, , allowed, total] = line.split(',');
    expect(Number(allowed)).toBeLessThanOrEqual(Number(total));
  }
  await expect(
    page.getByRole('status').filter({ hasText: /CSV written .*a row per pair of namespaces/ }),
  ).toBeVisible();

  await exportMenu.click();
  const [all] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('menuitem', { name: 'Matrix as CSV, every pair' }).click(),
  ]);
  const stream = await all.createReadStream();
  let head = '';
  let rows = 0;
  for await (const chunk of stream) {
    const s = (chunk as Buffer).toString();
    if (head.length < 200) head += s.slice(0, 200);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) rows++;
  }
  expect(head.split('\n')[0]).toBe('from,to,allowed,ports');
  // Every ordered pair of endpoints but the outside-to-outside ones, plus the header.
  expect(rows).toBeGreaterThan(1000 * 999);
});
