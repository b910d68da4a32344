// `npm run bench:profile [-- 5000] [-- select]`: where the page's main thread spends its time while a
// generated cluster opens (or, with `select`, while its first pod is picked in Focus pod). Prints the
// long tasks and, for each of 100 ms or more, the functions on the stack and with the most self time
// in it (a CPU profile of the page taken through the Chrome DevTools Protocol); PROFILE_BUSY=1 also
// prints every busy stretch between idle samples; PROFILE_MIN (ms, default 100) sets the shortest task
// broken down. A tool for finding freezes, not a benchmark.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium.config';
import { generateCluster, toKubectlYaml } from './generate';
import { openClusterFile, serve, writeClusterFile } from './browser';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

const pods = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
const step = process.argv.includes('select') ? 'select' : 'open';
const yaml = toKubectlYaml(
  generateCluster({ pods, policies: pods / 10, namespaces: pods / 20, mix: 'default-deny-apps', seed: 42 }),
);
const file = writeClusterFile(yaml);

// PROFILE_DIST: a build to profile, e.g. `vite build --minify false --outDir /tmp/dist-plain` for names.
const { server, url } = await serve(
  process.env.PROFILE_DIST ?? new URL('../dist/', import.meta.url).pathname,
);
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.goto(url);
  await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
  await page.evaluate(() => {
    const w = window as unknown as { __tasks: [number, number][] };
    w.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: false });
  });
  const open = () => openClusterFile(page, file, pods);
  if (step === 'select') {
    await open();
    await page.waitForTimeout(1000);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  if (step === 'select') {
    // The PROFILE_OPTION-th pod of Focus pod (from 1), reached with the arrow keys and clicked.
    const option = Number(process.env.PROFILE_OPTION ?? 1);
    const box = page.getByRole('combobox', { name: 'Focus pod' });
    await box.click();
    for (let k = 1; k < option; k++) await page.keyboard.press('ArrowDown');
    await page.locator(`[id="${await box.getAttribute('aria-activedescendant')}"]`).click();
  } else await open();
  await page.waitForTimeout(1000);
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const tasks = await page.evaluate(() => (window as unknown as { __tasks: [number, number][] }).__tasks);
  console.log(`${pods} pods, ${(yaml.length / 1e6).toFixed(1)} MB, ${step}`);
  console.log(`long tasks (start ms after ${step}, duration ms):`);
  for (const [start, duration] of tasks) console.log(`  +${Math.round(start - t0)}  ${duration}`);
  // Busy stretches of the main thread (samples between idle ones), each with the functions that
  // were on the stack longest (inclusive) and that ran longest themselves (self).
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  };
  interface Busy {
    ms: number;
    self: Map<string, number>;
    total: Map<string, number>;
  }
  /** Bills sample `i` to `into`: its own function (self) and each function on its stack (total). */
  const bill = (into: Busy, i: number) => {
    const id = profile.samples[i]!;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    into.ms += ms;
    into.self.set(name(n), (into.self.get(name(n)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) {
      const key = name(byId.get(k)!);
      if (seen.has(key)) continue;
      seen.add(key);
      into.total.set(key, (into.total.get(key) ?? 0) + ms);
    }
  };
  let run: Busy | null = null;
  const runs: Busy[] = [];
  profile.samples.forEach((id, i) => {
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      run = null;
      return;
    }
    if (!run) runs.push((run = { ms: 0, self: new Map(), total: new Map() }));
    bill(run, i);
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .filter(([key]) => !key.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, ms]) => `      ${ms.toFixed(0).padStart(5)}  ${key}`)
      .join('\n');
  // The samples inside each long task of 100 ms or more (the profile starts as `t0` was read).
  const sampleAt: number[] = [];
  let clock = 0;
  profile.timeDeltas.forEach((d, i) => (sampleAt[i] = t0 + (clock += d) / 1000));
  for (const [start, duration] of tasks.filter(([, d]) => d >= Number(process.env.PROFILE_MIN ?? 100))) {
    const inTask: Busy = { ms: 0, self: new Map(), total: new Map() };
    sampleAt.forEach((at, i) => {
      if (at >= start && at <= start + duration) bill(inTask, i);
    });
    console.log(
      `long task +${Math.round(start - t0)} (${duration} ms)\n    on the stack:\n${top(inTask.total, Number(process.env.PROFILE_TOP ?? 14))}\n    self:\n${top(inTask.self, 6)}`,
    );
  }
  if (process.env.PROFILE_BUSY)
    for (const r of runs.filter((x) => x.ms >= 50)) {
      console.log(
        `busy ${r.ms.toFixed(0)} ms\n    on the stack:\n${top(r.total, Number(process.env.PROFILE_TOP ?? 14))}\n    self:\n${top(r.self, 6)}`,
      );
    }
} finally {
  await browser.close();
  server.close();
}
