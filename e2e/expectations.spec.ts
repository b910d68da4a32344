// Expectations in the app (issue 20): written in the panel or pinned from an explanation, checked as
// the YAML is edited in Monaco (badge in the list, marker on the graph), exported as the file
// `netpol-lab assert` reads, imported with mistakes named by line, and kept when the tab closes.
import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Core } from 'cytoscape';
import { AppPage, fixture } from './pages/AppPage';
import { parseExpectations } from '../src/engine/report/expectations';

const FILES = [
  { name: 'cluster.yaml', text: fixture('course/002-web-api-db/fixed/cluster.yaml') },
  { name: 'network-policy.yaml', text: fixture('course/002-web-api-db/fixed/network-policy.yaml') },
];

/** The expectation markers on the graph, as Cytoscape holds them. */
const marks = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __netpolCy: Core }).__netpolCy
      .edges('.expect-mark')
      .map((e) => ({
        label: String(e.data('label')),
        fail: e.hasClass('expect-fail'),
        source: e.source().data('ref') as string,
        target: e.target().data('ref') as string,
      }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  );

async function openExpectations(page: Page) {
  await page.getByRole('tab', { name: /^Expectations/ }).click();
  return page.getByRole('region', { name: 'Expectations' });
}

test('an expectation written in the app passes, fails once the YAML is edited, and exports as the file assert reads', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(FILES);
  const panel = await openExpectations(page);
  const form = panel.getByRole('form', { name: 'Add an expectation' });
  // A mistake is named, and what was typed stays.
  await form.getByLabel('From', { exact: true }).fill('default/api');
  await form.getByLabel('To', { exact: true }).fill('default/db');
  await form.getByLabel('Port', { exact: true }).fill('70000');
  await form.getByRole('button', { name: 'Add expectation' }).click();
  await expect(form.getByRole('alert')).toHaveText('Port must be 1 to 65535.');
  await expect(form.getByLabel('From', { exact: true })).toHaveValue('default/api');
  await form.getByLabel('Port', { exact: true }).fill('3306');
  await form.getByRole('button', { name: 'Add expectation' }).click();

  const results = panel.getByRole('list', { name: 'Expectation results' });
  const item = results.getByRole('listitem').filter({
    hasText: 'default/api → default/db on TCP 3306: expected allowed',
  });
  await expect(item).toContainText('✓ pass');
  await expect(panel.getByRole('status').filter({ hasText: 'passed' })).toHaveText('1 passed, 0 failed');
  await expect
    .poll(() => marks(page))
    .toEqual([
      { label: '✓ expected allowed TCP/3306', fail: false, source: 'default/api', target: 'default/db' },
    ]);

  // The policy now admits the api on 33060: the expectation fails, with why.
  await app.typeAfter('port: 3306', '0');
  await expect(item).toContainText('✗ fail');
  await expect(item).toContainText(
    /Actually denied: .*NetworkPolicy default\/network-policy selects default\/db, but no ingress rule admits default\/api/,
  );
  await expect(page.getByRole('tab', { name: 'Expectations (1 failing)' })).toBeVisible();
  await expect
    .poll(() => marks(page))
    .toEqual([
      { label: '✗ should be allowed TCP/3306', fail: true, source: 'default/api', target: 'default/db' },
    ]);

  // The panel with a failure, in both themes: no serious accessibility violation.
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    const axe = await new AxeBuilder({ page }).include('#side-pane').analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      theme,
    ).toEqual([]);
  }

  // Export: the downloaded file is what `netpol-lab assert --expect` reads.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('netpol-expect.yaml');
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
  const parsed = parseExpectations(text, 'netpol-expect.yaml');
  expect(parsed.ok && parsed.value.map(({ line: _l, col: _c, ...e }) => e)).toEqual([
    { from: 'default/api', to: 'default/db', port: 3306, protocol: 'TCP', allowed: true },
  ]);

  // Edited to expect the verdict, it passes; deleted, its marker goes.
  await item.getByRole('button', { name: /^Edit:/ }).click();
  const edit = results.getByRole('form', { name: 'Edit the expectation' });
  await edit.getByLabel('Expect', { exact: true }).selectOption('denied');
  await edit.getByRole('button', { name: 'Save' }).click();
  const denied = results.getByRole('listitem').filter({ hasText: 'expected denied' });
  await expect(denied).toContainText('✓ pass');
  await denied.getByRole('button', { name: /^Delete:/ }).click();
  await expect(results).toHaveCount(0);
  await expect.poll(() => marks(page)).toEqual([]);
});

test('an imported file with a bad line keeps the rest and names the line; Expect this pins a verdict; closing the tab keeps them', async ({
  page,
  context,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(FILES);
  const panel = await openExpectations(page);
  await panel.getByLabel('Import expectations').setInputFiles({
    name: 'team.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(
      [
        'expectations:',
        '  - { from: default/web, to: default/db, port: 3306, allowed: false }',
        '  - { from: default/web, to: default/api, port: 5000, allowed: maybe }',
        '  - { from: default/api, to: default/db, port: 3306, allowed: true }',
      ].join('\n'),
    ),
  });
  await expect(panel.getByText('Imported 2 expectations from team.yaml. 1 problem')).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Problems in the imported file' })).toHaveText([
    'team.yaml, line 3, column 64: allowed must be true or false',
  ]);
  const results = panel.getByRole('list', { name: 'Expectation results' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results.getByRole('listitem').filter({ hasText: '✓ pass' })).toHaveCount(2);
  await expect.poll(async () => (await marks(page)).length).toBe(2);

  // A file dropped on the panel is imported as expectations, not opened as manifests.
  const before = await app.editorText();
  const drop = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    const text = 'expectations:\n  - { from: default/db, to: default/web, port: 80, allowed: true }\n';
    data.items.add(new File([text], 'more.yaml', { type: 'application/yaml' }));
    return data;
  });
  await panel.dispatchEvent('dragover', { dataTransfer: drop });
  await panel.dispatchEvent('drop', { dataTransfer: drop });
  await expect(panel.getByText('Imported 1 expectation from more.yaml.')).toBeVisible();
  await expect(results.getByRole('listitem')).toHaveCount(3);
  expect(await app.editorText()).toBe(before);
  await results
    .getByRole('listitem')
    .filter({ hasText: 'default/db → default/web' })
    .getByRole('button', { name: /^Delete:/ })
    .click();
  await expect(results.getByRole('listitem')).toHaveCount(2);

  // Hostile input: markup in a REF is text, and a file past 1 MB is refused by its size.
  await panel.getByLabel('Import expectations').setInputFiles({
    name: 'odd.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(
      'expectations:\n  - { from: "<img src=x onerror=window.__pwned=1>", to: default/db, port: 1, allowed: true }\n',
    ),
  });
  const odd = results.getByRole('listitem').filter({ hasText: '<img src=x onerror=window.__pwned=1>' });
  await expect(odd).toContainText('? cannot check');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await odd.getByRole('button', { name: /^Delete:/ }).click();
  await panel.getByLabel('Import expectations').setInputFiles({
    name: 'huge.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.alloc(2 * 1024 * 1024, 'x'),
  });
  await expect(panel.getByRole('list', { name: 'Problems in the imported file' })).toHaveText([
    'huge.yaml, line 1, column 1: the file is over 1 MB: not an expectations file',
  ]);
  await expect(results.getByRole('listitem')).toHaveCount(2);

  // Pin web -> api, allowed, from its explanation.
  await app.showMatrix();
  await app.cell('default/web', 'default/api').click();
  await app.explanation.getByRole('button', { name: 'Expect this (allowed)' }).click();
  await app.explanation.getByRole('button', { name: 'Expected allowed: show in Expectations' }).click();
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(results.getByRole('listitem').filter({ hasText: '✓ pass' })).toHaveCount(3);

  // One more, and the tab closed at once: it is there in a new tab.
  const form = panel.getByRole('form', { name: 'Add an expectation' });
  await form.getByLabel('From', { exact: true }).fill('ip:203.0.113.10');
  await form.getByLabel('To', { exact: true }).fill('default/db');
  await form.getByLabel('Port', { exact: true }).fill('3306');
  await form.getByLabel('Expect', { exact: true }).selectOption('denied');
  await form.getByRole('button', { name: 'Add expectation' }).click();
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  const app2 = new AppPage(again);
  await app2.goto();
  const panel2 = await openExpectations(again);
  const results2 = panel2.getByRole('list', { name: 'Expectation results' });
  await expect(results2.getByRole('listitem')).toHaveCount(4);
  await expect(results2.getByRole('listitem').filter({ hasText: '✓ pass' })).toHaveCount(4);
  await expect(results2).toContainText('ip:203.0.113.10 → default/db on TCP 3306: expected denied');
});
