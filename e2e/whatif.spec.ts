import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Core } from 'cytoscape';
import { AppPage, fixture } from './pages/AppPage';

// The course's Web/API/DB example: only the database is isolated, and only name=api-pod may reach it.
const COURSE = [
  { name: 'cluster.yaml', text: fixture('course/002-web-api-db/cluster.yaml') },
  { name: 'network-policy.yaml', text: fixture('course/002-web-api-db/fixed/network-policy.yaml') },
];

/** Serious and critical axe-core violations inside the What if dialog. */
async function dialogViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('.whatif-dialog').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const openWhatIf = async (page: Page) => {
  await page.getByRole('button', { name: /^What if…/ }).click();
  const dialog = page.getByRole('dialog', { name: 'What if' });
  await expect(dialog).toBeVisible();
  return dialog;
};

test('a what-if pod gets its connections on the graph, the list and the explanation, and never enters the YAML', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(COURSE);
  const before = await app.editorText();
  const dialog = await openWhatIf(page);

  await dialog.getByLabel('Name', { exact: true }).fill('new-frontend');
  await dialog.getByLabel('Namespace').fill('default');
  const labels = dialog.getByLabel('Labels (key=value, one a line)');
  // Hostile input first: refused at the field, shown as text, and what was typed stays.
  await labels.fill('app=<b>frontend</b>');
  await dialog.getByLabel('Container ports (one a line)').fill('http 8080');
  await dialog.getByRole('button', { name: 'Add to graph' }).click();
  await expect(dialog.locator('.field-error')).toContainText('line 1: invalid label value "<b>frontend</b>"');
  await expect(labels).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('b')).toHaveCount(0);
  await expect(labels).toHaveValue('app=<b>frontend</b>');

  await labels.fill('app=frontend');
  await dialog.getByRole('button', { name: 'Add to graph' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Added what if pod default/new-frontend to the graph (not to the YAML); it is focused.',
  );
  await expect(dialog.getByRole('region', { name: 'What-if pods' })).toContainText(
    'what if pod default/new-frontend · app=frontend · ports http 8080/TCP',
  );
  await expect(page.getByRole('button', { name: 'What if… (1)' })).toBeVisible();
  await app.idle();
  expect(await dialogViolations(page), 'the dialog with a what-if pod listed').toEqual([]);
  // The YAML is exactly what it was.
  expect(await app.editorText()).toBe(before);

  // Drawn apart: dotted, and its label says "what if".
  const ghost = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    const n = cy.nodes('.ghost');
    return { count: n.length, label: String(n.data('label')), border: n.style('border-style') };
  });
  expect(ghost).toEqual({ count: 1, label: '👻 what if\nnew-frontend', border: 'dotted' });

  // Read as a person reads it: the graph as a list, focused on the what-if pod.
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  const nodes = page.getByRole('list', { name: 'Nodes' });
  await expect(nodes).toContainText('what if pod default/new-frontend (not in the YAML)');
  const connections = page.getByRole('list', { name: 'Connections' });
  await expect(
    connections.getByRole('button', { name: /→ default\/new-frontend → default\/web: allowed/ }),
  ).toBeVisible();
  await expect(
    connections.getByRole('button', { name: /→ default\/api → default\/new-frontend: allowed/ }),
  ).toBeVisible();
  await expect(connections.getByRole('button', { name: /default\/new-frontend → default\/db/ })).toHaveCount(
    0,
  );

  await connections.getByRole('button', { name: /→ default\/new-frontend → default\/web: allowed/ }).click();
  await expect(app.explanation).toContainText('what if pod default/new-frontend (not in the YAML)');

  // The matrix has its row: the database's policy does not admit it. (The dialog sits over the side
  // panel: close it first, as a person would.)
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await app.showMatrix();
  await app.expectCell('default/new-frontend', 'default/web', true);
  await app.expectCell('default/new-frontend', 'default/db', false);
  await app.expectCell('default/api', 'default/db', true);

  // Remove: one, then all. The what-if pods are still listed when the dialog opens again.
  await openWhatIf(page);
  await expect(dialog.getByRole('region', { name: 'What-if pods' })).toContainText('default/new-frontend');
  await dialog.getByLabel('Namespace').fill('default');
  await dialog.getByLabel('Labels (key=value, one a line)').fill('app=frontend');
  await dialog.getByLabel('Name', { exact: true }).fill('second');
  await dialog.getByRole('button', { name: 'Add to graph' }).click();
  await expect(page.getByRole('button', { name: 'What if… (2)' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Remove what-if pod default/second' }).click();
  await expect(page.getByRole('button', { name: 'What if… (1)' })).toBeVisible();
  await app.idle();
  await expect(nodes).not.toContainText('default/second');
  await dialog.getByRole('button', { name: 'Remove all what-if pods' }).click();
  await expect(dialog).toContainText('No what-if pods yet.');
  await app.idle();
  await expect(nodes).not.toContainText('what if pod');
  expect(await app.editorText()).toBe(before);
});

test('what-if pods are for the visit: a reload keeps the YAML and drops them', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(COURSE);
  const dialog = await openWhatIf(page);
  await dialog.getByLabel('Name', { exact: true }).fill('visitor');
  // A namespace the YAML does not have: assumed, and said so beside the pod.
  await dialog.getByLabel('Namespace').fill('sandbox');
  await dialog.getByLabel('Labels (key=value, one a line)').fill('app=frontend');
  await dialog.getByRole('button', { name: 'Add to graph' }).click();
  await expect(page.getByRole('button', { name: 'What if… (1)' })).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'What-if pods' })).toContainText(
    'namespace sandbox is not in the YAML; it is assumed',
  );
  // Nothing of it is in the YAML to delete.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'New / delete…' }).click();
  const objects = page.getByRole('dialog', { name: 'Create or delete objects' });
  await objects.getByLabel('What to do').selectOption('delete');
  const victims = objects.getByLabel('Object to delete').locator('option');
  await expect(victims).toContainText(['Pod default/db']);
  expect((await victims.allTextContents()).filter((t) => /visitor|sandbox/.test(t))).toEqual([]);
  await page.keyboard.press('Escape');
  const before = await app.editorText();
  // Saved a moment after a change: wait for it before reloading.
  await page.waitForTimeout(1500);
  await page.reload();
  await app.idle();
  expect(await app.editorText()).toBe(before);
  await expect(page.getByRole('button', { name: 'What if…' })).toBeVisible();
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  await expect(page.getByRole('list', { name: 'Nodes' })).toContainText('default/db');
  await expect(page.getByRole('list', { name: 'Nodes' })).not.toContainText('visitor');
});

test('the exposure question names the policy and rule that admit each pod, and adds nothing', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(COURSE);
  const before = await app.editorText();
  const dialog = await openWhatIf(page);
  await dialog.getByLabel('Namespace').fill('default');
  await dialog.getByLabel('Labels (key=value, one a line)').fill('name=api-pod');
  await dialog.getByLabel('Question').selectOption({ label: 'What could it reach?' });
  await dialog.getByRole('button', { name: 'Ask' }).click();
  const answer = dialog.getByRole('region', { name: 'Exposure' });
  await expect(answer.getByRole('status')).toHaveText(
    'Any pod with name=api-pod in namespace default could reach 3 endpoints.',
  );
  await expect(answer.getByRole('list', { name: 'Reachable' })).toContainText(
    'default/db on TCP 3306 — ingress: allowed by NetworkPolicy default/network-policy ingress rule 1; egress: not isolated',
  );

  // The other way: who could reach any pod labelled role=db? Only the API pod, by the same rule.
  await dialog.getByLabel('Labels (key=value, one a line)').fill('role=db');
  await dialog.getByLabel('Question').selectOption({ label: 'Who could reach it?' });
  await dialog.getByRole('button', { name: 'Ask' }).click();
  await expect(answer.getByRole('status')).toHaveText(
    'Any pod with role=db in namespace default could be reached by 1 endpoint.',
  );
  const reachedBy = answer.getByRole('list', { name: 'Reached by' });
  await expect(reachedBy.getByRole('listitem')).toHaveCount(1);
  await expect(reachedBy).toContainText(
    'default/api on TCP 3306 — ingress: allowed by NetworkPolicy default/network-policy',
  );

  // Invalid labels are refused at the field.
  await dialog.getByLabel('Labels (key=value, one a line)').fill('bad key=x');
  await dialog.getByRole('button', { name: 'Ask' }).click();
  await expect(dialog.locator('.field-error')).toContainText('line 1: invalid label key "bad key"');
  expect(await dialogViolations(page), 'the dialog with a field refused').toEqual([]);

  await expect(dialog).toContainText('No what-if pods yet.');
  expect(await app.editorText()).toBe(before);
  // Escape closes it, and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'What if…' })).toBeFocused();
});

test('a namespace not in the YAML is said to be assumed with only its name label; the audit and the CSV mark what-if pods', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.openFiles(COURSE);
  const dialog = await openWhatIf(page);
  const namespace = dialog.getByLabel('Namespace');
  // Said while typing, before anything is added.
  await namespace.fill('sandbox');
  const note = dialog.getByRole('note');
  await expect(note).toHaveText(
    'Namespace sandbox is not in the YAML: it is assumed, with only its kubernetes.io/metadata.name: sandbox label, so a namespaceSelector on any other label does not match it.',
  );
  await expect(namespace).toHaveAccessibleDescription(
    /with only its kubernetes\.io\/metadata\.name: sandbox label/,
  );
  await namespace.fill('default');
  await expect(note).toHaveCount(0);
  await namespace.fill('sandbox');
  await dialog.getByLabel('Name', { exact: true }).fill('visitor');
  await dialog.getByLabel('Labels (key=value, one a line)').fill('app=frontend');
  await dialog.getByRole('button', { name: 'Add to graph' }).click();
  await expect(page.getByRole('button', { name: 'What if… (1)' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await app.idle();

  // The audit includes the what-if pod, marked, and says so at its head.
  await page.getByRole('tab', { name: 'Audit' }).click();
  const audit = page.getByRole('region', { name: 'Audit' });
  await expect(audit).toContainText('Includes 1 what-if pod (not in the YAML), marked “(what if)”.');
  await expect(audit).toContainText('sandbox/visitor (what if)');
  await expect(audit).toContainText('default/web');
  await expect(audit).not.toContainText('default/web (what if)');

  // So does the CSV: its rows name it "(what if)", and the notice says it is in.
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: /^Matrix as CSV/ }).click(),
  ]);
  const rows = Buffer.concat(await (await csv.createReadStream()).toArray())
    .toString('utf8')
    .split('\n');
  expect(rows[0]).toBe('from,to,allowed,ports');
  expect(rows.filter((r) => r.startsWith('sandbox/visitor (what if),default/web,'))).toHaveLength(1);
  expect(rows.some((r) => r.startsWith('default/web,default/db,'))).toBe(true);
  expect(
    rows.filter((r) => r.includes('(what if)')).every((r) => r.includes('sandbox/visitor (what if)')),
  ).toBe(true);
  await expect(page.locator('.notice')).toContainText(
    'It includes 1 what-if pod (not in the YAML), named “(what if)”.',
  );
});
