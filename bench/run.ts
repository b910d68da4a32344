// `npm run bench [-- --quick] [-- --sizes 1000,10000] [-- --mix admin-tiers] [-- --lint-only]`: timings of the engine on generated
// clusters, each also as a ratio to a baseline measured in the same run, so noisy machines still compare.
// `--lint-only` measures parse, analysis and lint alone (with the pod-by-pod reference lint beside them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import os from 'node:os';
import jsyaml from 'js-yaml';
import {
  analysisFromData,
  analysisToData,
  analysisTransferables,
  analyze,
  diffAnalyses,
  lintWorkspace,
  type Analysis,
  parseText,
  type Cluster,
} from '../src/engine/index';
import { lintReference } from '../src/engine/lint/lintReference';
import { listChanges } from '../src/worker/changes';
import { referenceAllowed } from '../src/engine/evaluate/reference';
import { generateCluster, toJson, toKubectlYaml, type PolicyMix } from './generate';
import { measureDrawPreviewOnly, measureInBrowser } from './browser';
import { measureStartup } from './startup';

interface Size {
  pods: number;
  policies: number;
  namespaces: number;
  mix: PolicyMix;
  adminRules?: number;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const lintOnly = args.includes('--lint-only');
const sizesArg = args.find((a, i) => args[i - 1] === '--sizes');
const ALL: Size[] = [
  { pods: 100, policies: 20, namespaces: 5, mix: 'default-deny-apps' },
  { pods: 1000, policies: 100, namespaces: 50, mix: 'default-deny-apps' },
  { pods: 5000, policies: 500, namespaces: 250, mix: 'default-deny-apps' },
  { pods: 10000, policies: 1000, namespaces: 500, mix: 'default-deny-apps' },
  { pods: 10000, policies: 1000, namespaces: 500, mix: 'many-label-sets' },
  { pods: 2000, policies: 6000, namespaces: 100, mix: 'more-policies-than-pods' },
  { pods: 10000, policies: 1000, namespaces: 500, mix: 'admin-tiers', adminRules: 200 },
  { pods: 20000, policies: 2000, namespaces: 500, mix: 'default-deny-apps' },
];
const mixArg = args.find((a, i) => args[i - 1] === '--mix');
// `--sizes` and `--mix` each narrow the cases (both: the cases that match both).
const sizes =
  sizesArg || mixArg
    ? ALL.filter(
        (s) =>
          (!sizesArg || sizesArg.split(',').map(Number).includes(s.pods)) &&
          (!mixArg || mixArg.split(',').includes(s.mix)),
      )
    : quick || lintOnly
      ? ALL.slice(0, 2)
      : ALL;

function time<T>(fn: () => T, repeat = 1): { ms: number; value: T } {
  let value!: T;
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) value = fn();
  return { ms: (performance.now() - t0) / repeat, value };
}

/** Median of three runs, each after a collection so that the previous run's garbage is not billed. */
function medianTime<T>(fn: () => T): { ms: number; value: T } {
  const runs = [0, 1, 2].map(() => {
    global.gc?.();
    return time(fn);
  });
  return runs.sort((a, b) => a.ms - b.ms)[1]!;
}

// Only the draw preview in Chromium, a few times (`-- --draw-preview [--sizes 5000] [--runs 3]`).
if (args.includes('--draw-preview')) {
  const size = (sizesArg || mixArg ? sizes : ALL.filter((s) => s.pods === 5000))[0]!;
  const runs = Number(args.find((a, i) => args[i - 1] === '--runs') ?? 3);
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`draw preview, ${size.pods} pods / ${size.namespaces} ns (${size.mix}), load ${load()}`);
  const yaml = toKubectlYaml(generateCluster({ ...size, seed: 42 }));
  const figures = await measureDrawPreviewOnly({ yaml, pods: size.pods }, runs);
  for (const f of figures) console.log(JSON.stringify(f));
  console.log(`load average after: ${load()}`);
  process.exit(0);
}

const label = (s: Size) =>
  `${s.pods} pods / ${s.policies} policies${s.adminRules ? ` + ${s.adminRules} admin rules` : ''} / ${s.namespaces} ns (${s.mix})`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Reference evaluator on a sample of pairs, extrapolated to all pairs x the probe ports. */
function referenceAllPairsMs(cluster: Cluster, ports: number[]): number {
  const n = cluster.endpoints.length;
  const sample = 3000;
  const random = (() => {
    let s = 1;
    return () => (s = (s * 16807) % 2147483647) / 2147483647;
  })();
  const t0 = performance.now();
  for (let i = 0; i < sample; i++) {
    const from = Math.floor(random() * n);
    const to = Math.floor(random() * n);
    for (const port of ports) referenceAllowed(cluster, { from, to, port, protocol: 'TCP' });
  }
  return ((performance.now() - t0) / sample) * n * n;
}

// The worker script bundled once, as Vite bundles the app's worker.
const heapWorkerFile = join(mkdtempSync(join(os.tmpdir(), 'netpol-bench-')), 'heapWorker.cjs');
buildSync({
  entryPoints: [fileURLToPath(new URL('./heapWorker.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: heapWorkerFile,
  logLevel: 'error',
});

/** Peak heap of a fresh isolate running the app worker's pipeline on `text`, in MB. */
function workerHeapMb(text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(heapWorkerFile);
    worker.once('message', (m: { peakBytes: number }) => {
      resolve(m.peakBytes / 1e6);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(text);
  });
}

const rows: Record<string, string | number>[] = [];

/** Lint against evaluation on the same parsed cluster: lint must stay proportional to the analysis. */
function lintFigures(ws: Parameters<typeof lintWorkspace>[0], evalMs: number) {
  const lint = time(() => lintWorkspace(ws));
  return {
    'lint ms': +lint.ms.toFixed(0),
    findings: lint.value.length,
    'lint / (analyze+complete)': +(lint.ms / evalMs).toFixed(2),
  };
}

/**
 * A change as a pull request makes it: every 50th policy removed. The diff proper (both analyses done)
 * against one analysis with its complete result; the new version's own analysis is reported beside it.
 */
function diffFigures(cluster: Cluster, analysis: Analysis, evalMs: number) {
  const after = { ...cluster, policies: cluster.policies.filter((_, i) => i % 50 !== 7) };
  const afterAnalysis = time(() => {
    const a = analyze(after);
    a.classEdges();
    return a;
  });
  const diff = time(() =>
    diffAnalyses({ cluster, analysis }, { cluster: after, analysis: afterAnalysis.value }),
  );
  // A preview as the engine worker answers it (src/worker/changes.ts): the diff, counted exactly, and
  // the first connections opened and closed as text. Its edit and the new text's parse are apart.
  const preview = time(() =>
    listChanges({ cluster, analysis }, { cluster: after, analysis: afterAnalysis.value }),
  );
  return {
    'diff ms': +diff.ms.toFixed(0),
    'changed pairs': diff.value.changedPairs,
    'diff / (analyze+complete)': +(diff.ms / evalMs).toFixed(2),
    '(analyze+diff) / (analyze+complete)': +((afterAnalysis.ms + diff.ms) / evalMs).toFixed(2),
    'preview list ms': +preview.ms.toFixed(0),
    'preview list / (analyze+complete)': +(preview.ms / evalMs).toFixed(2),
    '(analyze+preview list) / (analyze+complete)': +((afterAnalysis.ms + preview.ms) / evalMs).toFixed(2),
  };
}

if (lintOnly) {
  for (const size of sizes) {
    const ws = parseText(toKubectlYaml(generateCluster({ ...size, seed: 42 })), 'cluster.yaml').value;
    global.gc?.();
    const compile = time(() => analyze(ws.cluster));
    const complete = time(() => compile.value.classEdges());
    const evalMs = compile.ms + complete.ms;
    const row = lintFigures(ws, evalMs);
    const reference = time(() => lintReference(ws));
    rows.push({
      size: label(size),
      'analyze+complete ms': +evalMs.toFixed(0),
      ...row,
      'pod-by-pod lint ms': +reference.ms.toFixed(0),
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
}

for (const size of lintOnly ? [] : sizes) {
  const items = generateCluster({ ...size, seed: 42 });
  const yamlText = toKubectlYaml(items);
  const jsonText = toJson(items);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  // JSON runs are short and GC-noisy: the median of three (the same for the baseline).
  const jsonBaseline = medianTime(() => JSON.parse(jsonText));
  // Next to its baseline, with the same heap: the worker reads a text with nothing else parsed in memory,
  // and a collection costs more while the YAML's cluster (hundreds of MB) is alive.
  const parseJson = medianTime(() => parseText(jsonText, 'cluster.json'));
  const jsyamlBaseline = time(() => jsyaml.load(yamlText));
  const parseYaml = time(() => parseText(yamlText, 'cluster.yaml'));
  const cluster = parseYaml.value.value.cluster;
  const compile = time(() => analyze(cluster));
  const analysis = compile.value;
  const complete = time(() => analysis.classEdges());
  const lint = lintFigures(parseYaml.value.value, compile.ms + complete.ms);
  const changes = diffFigures(cluster, analysis, compile.ms + complete.ms);
  // Each row's time is the least of three runs after a collection: what the row costs. A single run
  // also holds whatever else the machine did then (on a loaded 2-core machine a row of 0.4 ms took 20-200
  // ms of wall time in one run in three, at a different row each time).
  const rowTimes: number[] = [];
  const rowOnce: number[] = [];
  for (let k = 0; k < 40; k++) {
    const i = Math.floor((k * cluster.endpoints.length) / 40);
    global.gc?.();
    const runs = [0, 1, 2].map(() => time(() => analysis.row(i)).ms);
    rowOnce.push(runs[0]!);
    rowTimes.push(Math.min(...runs));
  }
  // As the worker posts it: typed arrays transferred (this detaches them here; nothing below reads them).
  const transfer = time(() => {
    const data = analysisToData(analysis);
    return analysisFromData(structuredClone(data, { transfer: analysisTransferables(data) }));
  });
  const heapAfter = process.memoryUsage().heapUsed;
  const row: Record<string, string | number> = {
    size: label(size),
    'yaml MB': +(yamlText.length / 1e6).toFixed(1),
    'JSON.parse ms (baseline)': +jsonBaseline.ms.toFixed(0),
    'js-yaml ms': +jsyamlBaseline.ms.toFixed(0),
    'parse yaml ms': +parseYaml.ms.toFixed(0),
    'parse yaml / JSON.parse': +(parseYaml.ms / jsonBaseline.ms).toFixed(1),
    'parse json ms': +parseJson.ms.toFixed(0),
    'parse json / JSON.parse': +(parseJson.ms / jsonBaseline.ms).toFixed(1),
    classes: analysis.classCount,
    'analyze ms': +compile.ms.toFixed(0),
    'complete result ms': +complete.ms.toFixed(0),
    'class edges': complete.value.length,
    '(analyze+complete) / parse': +((compile.ms + complete.ms) / parseYaml.ms).toFixed(2),
    ...lint,
    ...changes,
    'row median ms': +median(rowTimes).toFixed(2),
    'row max ms': +Math.max(...rowTimes).toFixed(2),
    'row max ms (one run)': +Math.max(...rowOnce).toFixed(2),
    'transfer ms': +transfer.ms.toFixed(1),
    'heap MB': +((heapAfter - heapBefore) / 1e6).toFixed(0),
    'worker heap MB': +(await workerHeapMb(yamlText)).toFixed(0),
  };
  if (size.pods === 1000 && size.policies === 100) {
    const ports = [80, 443, 5432, 8080, 9090];
    const reference = referenceAllPairsMs(cluster, ports);
    row['reference all pairs ms (est.)'] = +reference.toFixed(0);
    row['fast vs reference'] = `${Math.round(reference / (compile.ms + complete.ms))}x`;
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}

// In headless Chromium, on the built app: the sizes a person would paste whole.
if (!args.includes('--no-browser') && !lintOnly) {
  const runs = sizes
    .filter((s) => s.pods <= 10000 && s.mix === 'default-deny-apps')
    .map((s) => {
      const label = `${s.pods} pods / ${s.policies} policies / ${s.namespaces} ns (${s.mix})`;
      return { label, pods: s.pods, yaml: toKubectlYaml(generateCluster({ ...s, seed: 42 })) };
    });
  try {
    const figures = await measureInBrowser(runs);
    for (const row of rows) {
      const f = figures.get(String(row.size));
      if (f) Object.assign(row, f);
    }
  } catch (e) {
    console.error(`browser figures skipped: ${(e as Error).message}`);
  }
}

// The CLI's whole-process start against a bare node (the bundle that `npm run bench` has just built).
const startup = lintOnly ? undefined : measureStartup();
if (startup) console.log(`\nCLI start-up: ${JSON.stringify(startup, null, 2)}`);

const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
console.log(`\n| ${keys.join(' | ')} |\n| ${keys.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${keys.map((k) => r[k] ?? '').join(' | ')} |`);
if (!quick && !sizesArg && !mixArg && !lintOnly) {
  writeFileSync(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, rows, startup }, null, 2)}\n`,
  );
  console.log('\nwrote bench/results.json');
}
