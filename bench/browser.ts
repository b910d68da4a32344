// The app in headless Chromium on generated clusters: open-to-graph time, the longest main-thread
// task meanwhile (the page must not freeze), and select-to-highlight. Needs a build in dist/
// (or in BENCH_DIST, to compare two builds).
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium.config';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
};

/** `text` in a file of its own, as a person picks one: handing Playwright a 32 MB buffer instead costs
 * the page a long task of its own decoding it. */
export function writeClusterFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'netpol-open-')), 'cluster.yaml');
  writeFileSync(file, text);
  return file;
}

/** Opens `file` through "Open manifests" and waits until the graph shows its `pods` pods, drawn. */
export async function openClusterFile(page: Page, file: string, pods: number, polling = 50) {
  await page.getByLabel('Open manifests').setInputFiles(file);
  await page.waitForFunction(
    (n) =>
      document.querySelector('[aria-label="Cluster graph"]')?.getAttribute('aria-busy') === 'false' &&
      (document.querySelector('.status-line')?.textContent ?? '').includes(`${n} pods/workloads`),
    pods,
    { timeout: 300_000, polling },
  );
}

export function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(root, path);
    if (!existsSync(file) || path.endsWith('/')) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`,
      });
    }),
  );
}

export interface BrowserFigures {
  'open to graph ms': number;
  'longest task ms': number;
  'tasks over 100 ms': number;
  'graph nodes at open': number;
  'graph edges at open': number;
  'select to highlight ms': number;
  'keystroke to frame ms': number;
  'longest task after a keystroke ms': number;
  'graph nodes': number;
  'graph edges': number;
  'draw preview ms': number;
  'tasks over 50 ms during a preview': number;
  'longest task during a preview ms': number;
}

/**
 * A draw preview, as in e2e/preview.spec.ts: **Draw connection…** from the first pod of one namespace
 * to the first of another, the source widened to its namespace, until the preview lists what opens
 * (the worker plans, edits and analyses the text after the edit). Long tasks (PerformanceObserver
 * `longtask`: 50 ms or more) are counted from the choice of the destination until the preview is shown
 * and SETTLE_MS / 4 more have passed.
 */
export async function measureDrawPreview(page: Page) {
  // After the key presses before it, the workspace is saved (a 16 MB text 1 MB per task) and the
  // editor's YAML worker answers: let that pass, so the tasks counted are the preview's.
  await page.waitForTimeout(SETTLE_MS);
  await page.getByRole('button', { name: 'Draw connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Draw a connection' });
  const from = dialog.getByLabel('From', { exact: true });
  const to = dialog.getByLabel('To', { exact: true });
  const [source, destination] = await from.evaluate((select: HTMLSelectElement) => {
    const pods = [...select.options].filter((o) => o.value.startsWith('ep:'));
    const first = pods[0]!;
    const ns = first.text.split('/')[0]!;
    return [first.text, pods.find((o) => !o.text.startsWith(`${ns}/`))!.text];
  });
  await from.selectOption({ label: source! });
  await dialog.getByLabel('Every pod of the source namespace').check();
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number };
    w.__longest = 0;
    w.__tasks = 0;
  });
  const t0 = Date.now();
  await to.selectOption({ label: destination! });
  await dialog.getByLabel('Preview').getByText('Opens the drawn connection').waitFor({ timeout: 300_000 });
  const shown = Date.now() - t0;
  await page.waitForTimeout(SETTLE_MS / 4);
  const { longest, tasks } = await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number };
    return { longest: w.__longest, tasks: w.__tasks };
  });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  return {
    'draw preview ms': shown,
    'tasks over 50 ms during a preview': tasks,
    'longest task during a preview ms': Math.round(longest),
  };
}

/** How long the page is watched for long tasks after it looks done (see measureInBrowser). */
const SETTLE_MS = 4000;

/**
 * Only the draw preview (`npm run bench -- --draw-preview [--sizes 5000] [--runs 3]`): each run a fresh
 * page opens the cluster, waits for the editor to have the whole text, and previews one drawn
 * connection (see measureDrawPreview): the main-thread long tasks of a preview alone.
 */
export async function measureDrawPreviewOnly(
  run: { yaml: string; pods: number },
  times: number,
): Promise<Awaited<ReturnType<typeof measureDrawPreview>>[]> {
  const dist = process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname;
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('bench: run `npm run build` first (dist/ is missing)');
  const { server, url } = await serve(dist);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const file = writeClusterFile(run.yaml);
  const out: Awaited<ReturnType<typeof measureDrawPreview>>[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      await page.goto(url);
      await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
      await observeLongTasks(page);
      await openClusterFile(page, file, run.pods);
      await page.waitForSelector('[data-testid="monaco-host"][aria-busy="false"]', { timeout: 300_000 });
      out.push(await measureDrawPreview(page));
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

/** Counts main-thread tasks of 50 ms or more (PerformanceObserver `longtask`) into window globals. */
async function observeLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __over100: number; __tasks: number };
    w.__longest = 0;
    w.__over100 = 0;
    w.__tasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longest = Math.max(w.__longest, e.duration);
        if (e.duration > 100) w.__over100++;
        // Every entry is a task of 50 ms or more.
        w.__tasks++;
      }
    }).observe({ type: 'longtask', buffered: false });
  });
}

/** Opens `yaml` through the "Open manifests" input and measures what a person waits for. */

export async function measureInBrowser(
  runs: { label: string; yaml: string; pods: number }[],
): Promise<Map<string, BrowserFigures>> {
  const dist = process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname;
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('bench: run `npm run build` first (dist/ is missing)');
  const { server, url } = await serve(dist);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const out = new Map<string, BrowserFigures>();
  try {
    for (const run of runs) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      // tsx compiles the functions passed to page.evaluate with esbuild's __name helper.
      await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      await page.goto(url);
      await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
      await observeLongTasks(page);
      const file = writeClusterFile(run.yaml);
      const t0 = Date.now();
      await openClusterFile(page, file, run.pods);
      const open = Date.now() - t0;
      // The page is not done when the graph is: the editor takes the text piece by piece and its YAML
      // worker answers later (a 29 MB outline of a 1,000-pod export once froze the page for half a second
      // 1.6 s after the graph was drawn). Long tasks count until the editor has the whole text and
      // SETTLE_MS more have passed.
      await page.waitForSelector('[data-testid="monaco-host"][aria-busy="false"]', { timeout: 300_000 });
      await page.waitForTimeout(SETTLE_MS);
      const { longest, over100 } = await page.evaluate(() => {
        const w = window as unknown as { __longest: number; __over100: number };
        return { longest: w.__longest, over100: w.__over100 };
      });
      const graphCounts = () =>
        page.evaluate(() => {
          const cy = (
            window as unknown as { __netpolCy: { nodes(): { length: number }; edges(): { length: number } } }
          ).__netpolCy;
          return { nodes: cy.nodes().length, edges: cy.edges().length };
        });
      const atOpen = await graphCounts();
      // Big clusters are drawn by namespace: open the first pod's namespace, as a person would.
      const focusBox = page.getByRole('combobox', { name: 'Focus pod' });
      await focusBox.click();
      const first = (await page
        .locator('[aria-label="Pods to focus"] .focus-pod-ref')
        .first()
        .textContent())!;
      await page.keyboard.press('Escape');
      const aggregated = await page.evaluate(
        () =>
          (window as unknown as { __netpolCy: { nodes(s: string): { length: number } } }).__netpolCy.nodes(
            '.namespace-group',
          ).length,
      );
      if (aggregated > 0) {
        await page.getByLabel('Namespace', { exact: true }).selectOption(first.split('/')[0]!);
        await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
      }
      const select = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const cy = (window as unknown as { __netpolCy: { $(s: string): { length: number } } }).__netpolCy;
            // The first pod of Focus pod, clicked once its list is open: the time from the click.
            const input = document.querySelector('input[aria-label="Focus pod"]') as HTMLInputElement;
            input.focus();
            let t = 0;
            const pick = () => {
              const option = document.querySelector<HTMLElement>(
                '[aria-label="Pods to focus"] [role="option"]',
              );
              if (!option) return void requestAnimationFrame(pick);
              t = performance.now();
              option.click();
              requestAnimationFrame(check);
            };
            const check = () =>
              cy.$('.selected-node').length > 0
                ? resolve(performance.now() - t)
                : requestAnimationFrame(check);
            pick();
          }),
      );
      // Typing into the editor: a key press to the frame that shows it (the graph follows later,
      // after the debounce), and the longest task until the page is settled again.
      await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
      const keystroke = await page.evaluate(async () => {
        const editor = (
          window as unknown as {
            __netpolEditor: {
              setPosition(p: { lineNumber: number; column: number }): void;
              focus(): void;
              trigger(source: string, handler: string, payload: unknown): void;
              getModel(): { getLineMaxColumn(line: number): number };
            };
          }
        ).__netpolEditor;
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        editor.focus();
        editor.setPosition({ lineNumber: 1, column: editor.getModel().getLineMaxColumn(1) });
        await frame();
        // Three spaces at the end of the first line, each timed to the frame that shows it: the median.
        const times: number[] = [];
        for (let k = 0; k < 3; k++) {
          const t = performance.now();
          editor.trigger('keyboard', 'type', { text: ' ' });
          await frame();
          times.push(performance.now() - t);
        }
        return times.sort((a, b) => a - b)[1]!;
      });
      await page
        .waitForFunction(
          () => document.querySelector('[aria-label="Cluster graph"]')?.getAttribute('aria-busy') === 'true',
          undefined,
          { timeout: 10_000, polling: 10 },
        )
        .catch(() => undefined);
      await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]', { timeout: 300_000 });
      const typingLongest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
      const counts = await graphCounts();
      const preview = await measureDrawPreview(page);
      out.set(run.label, {
        'open to graph ms': open,
        'longest task ms': Math.round(longest),
        'tasks over 100 ms': over100,
        'graph nodes at open': atOpen.nodes,
        'graph edges at open': atOpen.edges,
        'select to highlight ms': +select.toFixed(1),
        'keystroke to frame ms': +keystroke.toFixed(1),
        'longest task after a keystroke ms': Math.round(typingLongest),
        'graph nodes': counts.nodes,
        'graph edges': counts.edges,
        ...preview,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}
