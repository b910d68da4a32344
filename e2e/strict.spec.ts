import { expect, test } from '@playwright/test';
import { AppPage, fixture } from './pages/AppPage';

const WORKSHOP = fixture('course/004-ns1-workshop/cluster.yaml');
const ALLOW = fixture('course/004-ns1-workshop/allow-network-policy.yaml');

test('a matchLabel typo is an error in Problems and the status line, and the policy is not applied', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.pasteIntoEditor(`${WORKSHOP}---\n${ALLOW}`);
  await app.showMatrix();
  // The allow policy isolates http-echo, and busybox lacks the label it admits.
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await expect(app.statusLine).toContainText('Up to date');

  // Type the typo as a person does: delete the "s:" of the policy's first matchLabels, type ":".
  const text = await app.editorText();
  const policyStart = text.indexOf('name: allow');
  const line = text.slice(0, text.indexOf('matchLabels:', policyStart)).split('\n').length;
  await app.editorRegion.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(':');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await app.editorText()).split('\n')[line - 1]).toBe('    matchLabel:');
  await app.idle();

  // The status line counts the error instead of saying "Up to date".
  await expect(app.statusLine).toContainText('1 error');
  await expect(app.statusLine).not.toContainText('Up to date');
  await page.getByRole('tab', { name: /Problems \(1 error/ }).click();
  const problems = page.getByRole('list', { name: 'Problems' });
  const item = problems.getByRole('listitem').filter({ hasText: 'matchLabel' });
  await expect(item).toContainText(
    'unknown field "spec.podSelector.matchLabel" (did you mean "matchLabels"?); NetworkPolicy ns-1/allow is not applied',
  );
  await expect(item.getByRole('button', { name: `error at line ${line}: unknown field` })).toHaveText(
    `line ${line}:5`,
  );
  // The error icon is drawn, not a glyph that may be missing from the fonts.
  await expect(item.locator('svg.sev-error')).toBeVisible();
  // Refused as the API server would refuse it: the policy no longer isolates http-echo.
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
});

test('an invalid CIDR is counted in the status line, and its policy is not applied', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ns-1}
spec:
  podSelector: {}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/33}
`;
  await app.pasteIntoEditor(`${WORKSHOP}---\n${policy}`);
  await expect(app.statusLine).toContainText('1 error');
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText(
    'invalid CIDR "10.0.0.0/33"; NetworkPolicy ns-1/p is not applied',
  );
  // Refused as the API server refuses it: the policy does not isolate ns-1 (applied, it would deny this).
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', true);
});
