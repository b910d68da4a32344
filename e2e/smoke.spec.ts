import { test, expect } from '@playwright/test';

test('the built app opens with its main regions', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'netpol-lab' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'YAML editor' })).toBeAttached();
  await expect(page.getByRole('region', { name: 'Cluster graph' })).toBeAttached();
});
