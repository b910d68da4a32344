import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { AppPage } from './pages/AppPage';

/** Serious and critical axe-core violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary ?? ''}`));
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe-core finds no serious violation on any view (${theme})`, async ({ page }) => {
    // Eight views, each checked whole by axe-core: on a shared machine that takes minutes.
    test.setTimeout(240_000);
    const app = new AppPage(page);
    await app.goto();
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    // The first view: a lesson open in the side panel.
    expect(await seriousViolations(page), 'first view').toEqual([]);

    await page
      .getByRole('region', { name: 'Lessons' })
      .getByRole('button', { name: '← All lessons' })
      .click();
    await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first()).toBeVisible();
    expect(await seriousViolations(page), 'lesson list').toEqual([]);

    await app.showMatrix();
    await app.cell('ns-1/busybox', 'ns-1/http-echo').click();
    await expect(app.explanation).toContainText('allowed');
    expect(await seriousViolations(page), 'matrix with a cell explained').toEqual([]);

    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByRole('region', { name: 'Audit' })).toBeVisible();
    expect(await seriousViolations(page), 'audit').toEqual([]);
    await app.find('busy');
    expect(await seriousViolations(page), 'find anything with results').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Draw connection…' }).click();
    await expect(page.getByRole('dialog', { name: 'Draw a connection' })).toBeVisible();
    expect(await seriousViolations(page), 'draw connection dialog').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'New / delete…' }).click();
    await expect(page.getByRole('dialog', { name: 'Create or delete objects' })).toBeVisible();
    expect(await seriousViolations(page), 'objects dialog').toEqual([]);
  });
}
