// Find anything and the CSV export in headless Chromium on generated clusters: query to results, Enter
// to the found pod shown as focused (search to focus), then to the graph drawing it focused (focus to
// drawn), and the CSV export's time and longest main-thread task. Needs a build in dist/. Run: `npx tsx bench/explore.ts [--sizes 1000,10000]`; prints a table
// and writes bench/explore-results.json.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium.config';
import { openClusterFile, serve, writeClusterFile } from './browser';
import { generateCluster, toKubectlYaml } from './generate';

const SIZES: Record<number, { pods: number; policies: number; namespaces: number; seed: number }> = {
  1000: { pods: 1000, policies: 100, namespaces: 50, seed: 5 },
  10000: { pods: 10000, policies: 1000, namespaces: 100, seed: 7 },
};

const arg = process.argv.indexOf('--sizes');
const sizes = arg > 0 ? process.argv[arg + 1]!.split(',').map(Number) : [1000, 10000];

const dist = process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname;
if (!existsSync(join(dist, 'index.html'))) throw new Error('bench: run `npm run build` first');
const { server, url } = await serve(dist);
const browser = await chromium.launch(chromiumLaunchOptions);
const rows: Record<string, string | number>[] = [];
try {
  for (const n of sizes) {
    const size = SIZES[n]!;
    const yaml = toKubectlYaml(generateCluster({ ...size, mix: 'default-deny-apps' }));
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(url);
    await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
    await openClusterFile(page, writeClusterFile(yaml), size.pods);
    await page.waitForSelector('[data-testid="monaco-host"][aria-busy="false"]', { timeout: 300_000 });
    await page.waitForTimeout(2000);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __over50: number };
      w.__longest = 0;
      w.__over50 = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__longest = Math.max(w.__longest, e.duration);
          if (e.duration > 50) w.__over50++;
        }
      }).observe({ type: 'longtask', buffered: false });
    });
    const resetLongTasks = () =>
      page.evaluate(() => {
        const w = window as unknown as { __longest: number; __over50: number };
        w.__longest = 0;
        w.__over50 = 0;
      });
    const longTasks = () =>
      page.evaluate(() => {
        const w = window as unknown as { __longest: number; __over50: number };
        return { longest: Math.round(w.__longest), over50: w.__over50 };
      });

    // Find anything: a query typed at once (as a paste would), to the frame that lists the results;
    // then Enter, to the first frame where the page shows the found pod as focused (the Focus pod box
    // reads its name: search to focus), and from there to the frame where the graph draws it focused,
    // laid out, fitted and no longer busy (focus to drawn).
    await resetLongTasks();
    const search = await page.evaluate(
      (query) =>
        new Promise<{ results: number; focus: number; drawn: number; picked: string }>((resolve) => {
          const input = document.querySelector('input[aria-label="Find anything"]') as HTMLInputElement;
          const focusBox = document.querySelector('input[aria-label="Focus pod"]') as HTMLInputElement;
          const cy = (window as unknown as { __netpolCy: { $(s: string): { length: number } } }).__netpolCy;
          input.focus();
          const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          const t0 = performance.now();
          set.call(input, query);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const waitResults = () => {
            const option = document.querySelector('[role="option"] .search-title');
            if (!option) return requestAnimationFrame(waitResults);
            const results = performance.now() - t0;
            const picked = option.textContent ?? '';
            const t1 = performance.now();
            input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
            const graph = document.querySelector('[aria-label="Cluster graph"]')!;
            let focus = -1;
            const waitFocus = (now: number) => {
              if (focus < 0 && focusBox.value === picked) focus = now - t1;
              if (
                focus >= 0 &&
                cy.$('.selected-node').length > 0 &&
                graph.getAttribute('aria-busy') === 'false'
              )
                resolve({ results, focus, drawn: now - t1 - focus, picked });
              else requestAnimationFrame(waitFocus);
            };
            requestAnimationFrame(waitFocus);
          };
          requestAnimationFrame(waitResults);
        }),
      'tier=db team-7',
    );
    const searchTasks = await longTasks();

    // The CSV export (by namespace past a million pairs), from the click to the download. The menu
    // item is found before the long tasks are counted: Playwright's role queries run in the page and
    // walk its whole DOM (30-80 ms each on a loaded machine), which is not the export's work.
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const item = (await page
      .getByRole('menuitem', { name: /^Matrix as CSV/ })
      .first()
      .elementHandle())!;
    const label = (await item.textContent()) ?? '';
    await page.waitForTimeout(500);
    await resetLongTasks();
    const t = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 300_000 }),
      item.evaluate((el) => (el as HTMLElement).click()),
    ]);
    const csvMs = Date.now() - t;
    const csvBytes = (await download.createReadStream().then((s) => s.toArray())).reduce(
      (k, b: Buffer) => k + b.length,
      0,
    );
    const csvTasks = await longTasks();
    rows.push({
      size: `${size.pods} pods / ${size.namespaces} ns`,
      'query to results ms': +search.results.toFixed(1),
      'search to focus ms': +search.focus.toFixed(1),
      'focus to drawn ms': +search.drawn.toFixed(1),
      'longest task while searching ms': searchTasks.longest,
      'found pod': search.picked,
      'csv export': label,
      'csv ms': csvMs,
      'csv MB': +(csvBytes / 1e6).toFixed(2),
      'longest task during csv ms': csvTasks.longest,
      'csv tasks over 50 ms': csvTasks.over50,
    });
    console.error(JSON.stringify(rows.at(-1)));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
const keys = Object.keys(rows[0] ?? {});
console.log(`| ${keys.join(' | ')} |\n| ${keys.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${keys.map((k) => r[k]).join(' | ')} |`);
writeFileSync(
  new URL('./explore-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
);
