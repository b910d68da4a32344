import { test, expect, type Page } from '@playwright/test';
import type { Core } from 'cytoscape';
import { AppPage, fixture } from './pages/AppPage';

// The network-policy API conformance base (four house namespaces) and its integration test's
// NetworkPolicy, which lets slytherin into gryffindor.
const D = 'network-policy-api';
const CLUSTER = fixture(`${D}/cluster.yaml`);
const NP = fixture(`${D}/integration-anp-np-banp/network-policy.yaml`);
const ANP_DENY = fixture(`${D}/integration-anp-np-banp/anp-deny.yaml`);
const join = (...docs: string[]) => docs.map((d) => d.replace(/\s+$/, '\n')).join('---\n');

const DRACO = 'network-policy-conformance-slytherin/draco-malfoy';
const HARRY = 'network-policy-conformance-gryffindor/harry-potter';

test('an admin Deny beats the NetworkPolicy allow: drawn apart, and explained with its tier, policy and priority', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(join(CLUSTER, NP));
  await app.showMatrix();
  await app.expectCell(DRACO, HARRY, true);

  await app.pasteIntoEditor(join(CLUSTER, NP, ANP_DENY));
  await app.expectCell(DRACO, HARRY, false);
  // The matrix cell says who denied it, in text and in its mark, not only in colour.
  await expect(app.cell(DRACO, HARRY)).toContainText('⊗');
  await expect(app.cell(DRACO, HARRY)).toContainText('denied by admin Deny: pass-example (priority 10)');
  // A pair no rule admits (gryffindor's egress is isolated by its NetworkPolicy) keeps the plain mark.
  const plain = app.cell(HARRY, 'network-policy-conformance-hufflepuff/cedric-diggory');
  await expect(plain).toHaveAttribute('data-allowed', 'false');
  await expect(plain).toContainText('✕');
  await expect(plain).not.toContainText('⊗');

  await app.cell(DRACO, HARRY).click();
  const chain = app.explanation.getByRole('group', { name: 'Tier chain' });
  const ingress = chain.getByRole('list', { name: 'Ingress tiers, in order' });
  await expect(ingress.getByRole('listitem')).toHaveText([
    /^⊗Admin tier: Deny by AdminNetworkPolicy pass-example \(priority 10\), ingress rule 1 `deny-all-ingress-from-slytherin` \(decided: denied\)/,
    /^–NetworkPolicy: not consulted/,
    /^–Baseline tier: not consulted/,
    /^–Default: not consulted/,
  ]);
  await expect(ingress.locator('[aria-current="step"]')).toContainText('Admin tier');
  await expect(app.explanation).toContainText('NetworkPolicy was not consulted');

  // On the graph: focus draco and show what it cannot reach.
  await app.focusPod(DRACO);
  await page.getByLabel('Show denied').check();
  await app.idle();
  await page.getByRole('button', { name: /Graph as a list/ }).click();
  const connections = page.getByRole('list', { name: 'Connections' });
  await expect(
    connections.getByRole('button', {
      name: `⊣ ${DRACO} → ${HARRY}: ⊗ denied by admin Deny: pass-example (priority 10)`,
    }),
  ).toBeVisible();
  const classes = await page.evaluate(() => {
    const cy = (window as unknown as { __netpolCy: Core }).__netpolCy;
    return cy
      .edges()
      .filter((e) => e.data('allowed') === false)
      .map((e) => [e.data('label') as string, e.classes().join(' ')]);
  });
  expect(classes).toContainEqual(['⊗ admin Deny: pass-example (priority 10)', 'denied admin-denied']);
  await expect(page.getByLabel('Graph legend')).toContainText('denied by an admin or baseline policy');
});

/** The four houses and the NetworkPolicy letting slytherin into gryffindor, the matrix open. */
async function openHousesAllowed(page: Page) {
  const app = new AppPage(page);
  await app.goto();
  const before = join(CLUSTER, NP);
  await app.pasteIntoEditor(before);
  await app.showMatrix();
  await app.expectCell(DRACO, HARRY, true);
  return { app, before };
}

test('the Admin rule dialog previews what a Deny closes, appends one document, and Undo takes it back', async ({
  page,
}) => {
  const { app, before } = await openHousesAllowed(page);

  await page.getByRole('button', { name: 'Admin rule…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an admin rule' });
  await dialog.getByLabel('From namespace').selectOption('network-policy-conformance-slytherin');
  await dialog.getByLabel('To namespace').selectOption('network-policy-conformance-gryffindor');
  await expect(dialog.getByLabel('Priority')).toHaveValue('100');
  const preview = dialog.getByRole('group', { name: 'Admin rule preview' });
  await expect(preview).toContainText(
    'Denying traffic from network-policy-conformance-slytherin to network-policy-conformance-gryffindor closes 1 connection:',
  );
  await expect(preview.getByRole('list', { name: 'Closes' })).toContainText(`${DRACO} → ${HARRY}`);
  // A priority the API refuses is said, and nothing can be added.
  await dialog.getByLabel('Priority').fill('1001');
  await expect(preview.getByRole('alert')).toContainText('0 to 1000');
  await expect(dialog.getByRole('button', { name: 'Add the admin rule' })).toBeDisabled();
  await dialog.getByLabel('Priority').fill('5');
  // Pass hands the pair to the NetworkPolicy, which allows it: nothing closes.
  await dialog.getByLabel('Action').selectOption('Pass');
  await expect(preview).toContainText('closes 0 connections.');
  await dialog.getByLabel('Action').selectOption('Deny');
  await dialog.getByRole('button', { name: 'Add the admin rule' }).click();
  await expect(dialog).toBeHidden();

  await app.expectCell(DRACO, HARRY, false);
  await expect(app.cell(DRACO, HARRY)).toContainText('⊗');
  const text = await app.editorText();
  // The text before is kept as it was (its comments too); one AdminNetworkPolicy is appended.
  expect(text.startsWith(before)).toBe(true);
  expect(text.slice(before.length)).toContain('kind: AdminNetworkPolicy');
  expect(text.slice(before.length)).toContain('priority: 5');
  expect(text.slice(before.length)).toContain('action: Deny');

  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Z');
  await app.expectCell(DRACO, HARRY, true);
  expect(await app.editorText()).toBe(before);
});

test('the Admin rule dialog works from the keyboard alone: fields in order, Enter adds, focus returns', async ({
  page,
}) => {
  const { app, before } = await openHousesAllowed(page);

  const opener = page.getByRole('button', { name: 'Admin rule…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add an admin rule' });
  await expect(dialog).toBeVisible();
  const focused = () =>
    page.evaluate(
      () =>
        document.activeElement?.getAttribute('aria-label') ??
        document.activeElement?.textContent?.trim() ??
        '',
    );
  // Focus starts in the dialog and Tab walks its fields in reading order.
  await expect.poll(focused).toBe('From namespace');
  const walk: string[] = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    walk.push(await focused());
  }
  // The protocol is asked only once a port is given.
  expect(walk).toEqual([
    'To namespace',
    'Action',
    'Priority',
    'Only port',
    'YAML to append',
    'Add the admin rule',
    'Cancel',
  ]);
  // Back to the namespaces.
  for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+Tab');
  await expect.poll(focused).toBe('From namespace');
  // A focused select picks the option whose name is typed.
  await page.keyboard.type('network-policy-conformance-s');
  await page.keyboard.press('Tab');
  await page.keyboard.type('network-policy-conformance-g');
  await expect(dialog.getByLabel('From namespace')).toHaveValue('network-policy-conformance-slytherin');
  await expect(dialog.getByLabel('To namespace')).toHaveValue('network-policy-conformance-gryffindor');
  const preview = dialog.getByRole('group', { name: 'Admin rule preview' });
  await expect(preview.getByRole('list', { name: 'Closes' })).toContainText(`${DRACO} → ${HARRY}`);
  // Enter in a field submits the form: the rule is added, the dialog closes, focus is back on its opener.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(focused).toBe('Priority');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await app.expectCell(DRACO, HARRY, false);
  expect((await app.editorText()).slice(before.length)).toContain('kind: AdminNetworkPolicy');

  // Escape closes it without adding anything.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  const after = await app.editorText();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  expect(await app.editorText()).toBe(after);
});
