// `npm run bench:trace [-- 5000]`: what each long main-thread task is made of while a generated
// cluster opens, from a Chrome trace (timeline events: timers, animation frames, messages, style,
// layout, paint, garbage collection, and the script functions they call). Unlike `bench:profile`,
// tracing barely slows the page, so the tasks are the size they are without it; the sampling profiler
// doubles some (deserializing a message most of all). TRACE_MIN sets the shortest task listed (ms,
// default 50); TRACE_DIST points it at another build (an unminified one names the functions).
// `-- 5000 preview`: the same for a draw preview (see measureDrawPreview) once the cluster is open.
// Each task also shows its CPU time; TRACE_OUT=file keeps the trace (chrome://tracing, Perfetto).
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium.config';
import { generateCluster, toKubectlYaml } from './generate';
import { measureDrawPreview, openClusterFile, serve, writeClusterFile } from './browser';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: on a shared machine a task's `dur` also holds the time it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { functionName?: string; url?: string; lineNumber?: number } };
}

const preview = process.argv.includes('preview');
const pods = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10000);
const minMs = Number(process.env.TRACE_MIN ?? 50);
const yaml = toKubectlYaml(
  generateCluster({ pods, policies: pods / 10, namespaces: pods / 20, mix: 'default-deny-apps', seed: 42 }),
);
const file = writeClusterFile(yaml);

const { server, url } = await serve(process.env.TRACE_DIST ?? new URL('../dist/', import.meta.url).pathname);
const browser = await chromium.launch(chromiumLaunchOptions);
let trace: Buffer;
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // tsx compiles the functions passed to page.evaluate with esbuild's __name helper.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.goto(url);
  await page.waitForSelector('[aria-label="Cluster graph"][aria-busy="false"]');
  await page.waitForTimeout(2000);
  const startTracing = () =>
    browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'],
    });
  if (!preview) await startTracing();
  await openClusterFile(page, file, pods, 200);
  // Until the editor has the whole text too.
  await page.waitForSelector('[data-testid="monaco-host"][aria-busy="false"]', { timeout: 300_000 });
  if (preview) {
    await page.waitForTimeout(4000);
    await startTracing();
    console.log(JSON.stringify(await measureDrawPreview(page)));
  }
  trace = await browser.stopTracing();
} finally {
  await browser.close();
  server.close();
}

if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, trace);
const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
// The page's main thread: the one that fires its timers and animation frames.
const fired = new Map<string, number>();
for (const e of events)
  if (e.name === 'TimerFire' || e.name === 'FireAnimationFrame')
    fired.set(`${e.pid}:${e.tid}`, (fired.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const main = [...fired].sort((a, b) => b[1] - a[1])[0]?.[0];
const onMain = events
  .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
  .sort((a, b) => a.ts - b.ts);
const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! >= minMs * 1000);
const start = tasks[0]?.ts ?? 0;
const label = (e: TraceEvent) => {
  const d = e.args?.data;
  return d?.functionName || d?.url
    ? `${e.name} ${d.functionName || '(anonymous)'} ${String(d.url ?? '')
        .split('/')
        .pop()}:${d.lineNumber ?? ''}`
    : e.name;
};
// What a task is made of: time per kind of event inside it (nested kinds overlap, so they do not add up).
const KINDS =
  /^(FunctionCall|TimerFire|FireAnimationFrame|HandlePostMessage|EventDispatch|UpdateLayoutTree|Layout|PrePaint|Paint|MajorGC|MinorGC|ParseHTML)$/;
console.log(
  `${pods} pods, ${(yaml.length / 1e6).toFixed(1)} MB: main-thread tasks of ${minMs} ms or more while ${preview ? 'a draw preview runs' : 'it opens'}`,
);
for (const task of tasks) {
  const sums = new Map<string, number>();
  for (const e of onMain) {
    if (e === task || e.ts < task.ts || e.ts + e.dur! > task.ts + task.dur! || !KINDS.test(e.name)) continue;
    sums.set(label(e), (sums.get(label(e)) ?? 0) + e.dur! / 1000);
  }
  const parts = [...sums]
    .filter(([, ms]) => ms >= 3)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, ms]) => `${name} ${Math.round(ms)}`);
  console.log(
    `  +${String(Math.round((task.ts - start) / 1000)).padStart(5)} ms  ${String(Math.round(task.dur! / 1000)).padStart(4)} ms (cpu ${task.tdur === undefined ? '?' : Math.round(task.tdur / 1000)})  ${parts.join(' | ')}`,
  );
}
