import { test, expect, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage';

const probe = (page: Page, name: string) => page.locator(`[data-probe="${name}"]`);

test('the ns-1 workshop: predict, reveal, and solve the task by editing YAML', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await expect(lessons.getByText('Step 1 of 4')).toBeVisible();
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'true');
  await lessons.getByRole('button', { name: 'Next →' }).click();
  // Step 2 asks for a prediction before showing results.
  await expect(lessons.getByText('Predict first')).toBeVisible();
  await lessons.getByRole('button', { name: 'Reveal results' }).click();
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'false');
  await expect(probe(page, 'post')).toContainText('expected denied ✓');
  await app.showMatrix();
  await app.expectCell('ns-1/busybox', 'ns-1/http-echo', false);
  await page.getByRole('tab', { name: 'Lessons', exact: true }).click();
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await lessons.getByRole('button', { name: 'Reveal results' }).click();
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await expect(lessons.getByText('Step 4 of 4')).toBeVisible();
  // Step 4 shows the labelled state; go back to step 3's YAML and solve the task by typing the label.
  await lessons.getByRole('button', { name: '← Previous' }).click();
  await lessons.getByRole('button', { name: 'Reveal results' }).click();
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'false');
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await app.pasteIntoEditor(
    (await app.editorText()).replace(/run: busybox\n/, 'run: busybox\n    app: busybox\n'),
  );
  await lessons.getByRole('button', { name: 'Check my YAML' }).click();
  await expect(lessons.getByText('✓ Solved')).toBeVisible();
});

test('a task solved by drawing on the graph: web → api on 5000', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('button', { name: '← All lessons' }).click();
  await lessons.getByRole('button', { name: /Web, API and database/ }).click();
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await expect(lessons.getByText('Task:')).toBeVisible();
  await lessons.getByRole('button', { name: 'Check my YAML' }).click();
  await expect(lessons.getByText('✕ Not yet')).toBeVisible();
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'default/web' });
  await dialog.getByLabel('To', { exact: true }).selectOption({ label: 'default/api' });
  await dialog.getByLabel('Ports').fill('5000');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await app.idle();
  await lessons.getByRole('button', { name: 'Check my YAML' }).click();
  await expect(lessons.getByText('✓ Solved')).toBeVisible();
});

test('the network plugin lesson: Flannel lets denied traffic through, marked as would-be-denied', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('button', { name: '← All lessons' }).click();
  await lessons.getByRole('button', { name: /without a plugin that enforces it/ }).click();
  await expect(page.getByLabel('Network plugin')).toHaveValue('flannel');
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'true');
  await expect(probe(page, 'post')).toContainText('an enforcing plugin would deny it');
  await lessons.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByLabel('Network plugin')).toHaveValue('calico');
  await expect(probe(page, 'post')).toHaveAttribute('data-allowed', 'false');
  await page.screenshot({ path: 'test-results/lesson-network-plugin.png' });
});
