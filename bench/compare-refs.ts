// `npm run bench:compare -- [--old REF] [--new REF|.] [--reps N] [--sizes 1000,10000] [--mix admin-tiers]`:
// the engine of two git refs on the same generated clusters, in ONE process, runs alternating between
// them (old, new, new, old, ...), and per case and phase the median of each and the ratio new/old of the
// medians, with every run listed so the noise is visible. `--new .` (the default) is the working tree.
//
// Each ref's `src/engine` is taken with `git archive` (no checkout, nothing left behind but a temp dir)
// and bundled by esbuild with this checkout's node_modules, so both engines read the same input with the
// same libraries: the ratio is our code's. Phases: parse the `kubectl get -o json` text (`parseText`),
// `analyze`, and the complete result (`classEdges`), the path the worker runs for every text. Each phase
// is timed on the wall clock and in this process's CPU time: on a loaded machine the wall clock also
// counts the time other processes held the cores, the CPU time does not (it does count the collector's
// threads), so the CPU ratio is the steadier one there. On Linux the main thread's own on-CPU time
// (`/proc/self/task/PID/schedstat`) is reported too: it leaves out the collector's helper threads and
// the time spent waiting for a core, and is the steadiest of the three on a shared machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { generateCluster, toJson, type PolicyMix } from './generate';

/** What both refs' engines offer (parseText, analyze, classEdges), in the shape this script uses. */
interface Engine {
  parseText(text: string, name: string): { value: { cluster: unknown } };
  analyze(cluster: unknown): { classEdges(): { length: number } };
}

const PHASES = ['parse json', 'analyze', 'complete result'] as const;
type Phase = (typeof PHASES)[number];

interface Case {
  pods: number;
  policies: number;
  namespaces: number;
  mix: PolicyMix;
  adminRules?: number;
}

const CASES: Case[] = [
  { pods: 1000, policies: 100, namespaces: 50, mix: 'default-deny-apps' },
  { pods: 10000, policies: 1000, namespaces: 500, mix: 'default-deny-apps' },
  { pods: 10000, policies: 1000, namespaces: 500, mix: 'admin-tiers', adminRules: 200 },
];

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
// The commit before the fast evaluator was split along its seams (#19): `git log -- src/engine/evaluate/analyze.ts`.
const OLD = arg('--old', 'd0e7f19');
const NEW = arg('--new', '.');
const REPS = Math.max(1, Number(arg('--reps', '5')));
const sizes = arg('--sizes', '').split(',').filter(Boolean).map(Number);
// `--mix` picks the cases of those mixes (comma-separated); without it, the default mix's.
const mixes = arg('--mix', 'default-deny-apps').split(',');
const cases = CASES.filter((c) => (!sizes.length || sizes.includes(c.pods)) && mixes.includes(c.mix));

const repo = resolve(import.meta.dirname, '..');
const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8' }).trim();

/** Bundles a ref's engine (or the working tree's for '.') into one ES module and imports it. */
async function loadEngine(
  side: 'old' | 'new',
  ref: string,
  dir: string,
): Promise<{ engine: Engine; label: string }> {
  let root = repo;
  let label = 'working tree';
  if (ref !== '.') {
    const sha = git('rev-parse', '--short', `${ref}^{commit}`);
    label = `${ref === sha ? '' : `${ref} = `}${sha}`;
    root = join(dir, side);
    mkdirSync(root, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${repo}" archive "${sha}" src/engine | tar -x -C "${root}"`]);
  }
  // One module per side, so that a ref compared with itself is still two engines.
  const out = join(dir, `${side}.mjs`);
  buildSync({
    entryPoints: [join(root, 'src/engine/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    nodePaths: [join(repo, 'node_modules')],
    // The CommonJS libraries bundled in (yaml) require Node's built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return { engine: (await import(pathToFileURL(out).href)) as Engine, label };
}

type Clock = 'wall' | 'cpu' | 'thread';
type Run = Record<Phase, Record<Clock, number>>;

/** The main thread's on-CPU time in ms (Linux), or NaN where it cannot be read. */
const threadMs = (): number => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
};

function runOnce(engine: Engine, text: string): Run {
  globalThis.gc?.();
  const marks: Record<Clock, number>[] = [];
  const mark = () => {
    const c = process.cpuUsage();
    marks.push({ wall: performance.now(), cpu: (c.user + c.system) / 1000, thread: threadMs() });
  };
  mark();
  const ws = engine.parseText(text, 'cluster.json').value;
  mark();
  const analysis = engine.analyze(ws.cluster);
  mark();
  const edges = analysis.classEdges();
  mark();
  if (edges.length === 0) throw new Error('the cluster has no allowed connection: a broken case');
  const span = (i: number) => ({
    wall: marks[i + 1]!.wall - marks[i]!.wall,
    cpu: marks[i + 1]!.cpu - marks[i]!.cpu,
    thread: marks[i + 1]!.thread - marks[i]!.thread,
  });
  return { 'parse json': span(0), analyze: span(1), 'complete result': span(2) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function main() {
  if (!globalThis.gc) console.warn('(run with node --expose-gc so each run starts after a collection)');
  const dir = mkdtempSync(join(os.tmpdir(), 'netpol-compare-'));
  try {
    const old = await loadEngine('old', OLD, dir);
    const now = await loadEngine('new', NEW, dir);
    const load = os.loadavg().map((l) => l.toFixed(2));
    console.log(
      `# old: ${old.label}; new: ${now.label}; ${REPS} runs each, alternating; ${os.cpus().length} cores, Node ${process.version}; load average ${load.join(' ')} at the start (${new Date().toISOString()})\n`,
    );
    const rows: string[][] = [];
    for (const c of cases) {
      const text = toJson(generateCluster({ ...c, seed: 42 }));
      const name = `${c.pods} pods / ${c.policies} policies${c.adminRules ? ` + ${c.adminRules} admin rules` : ''} / ${c.namespaces} ns (${c.mix})`;
      // A first run of each warms the JIT and is not counted.
      runOnce(old.engine, text);
      runOnce(now.engine, text);
      const runs: Record<'old' | 'new', Run[]> = { old: [], new: [] };
      for (let i = 0; i < REPS; i++) {
        // old, new, new, old, ...: neither side always runs right after the other's garbage.
        const order = i % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
        for (const side of order) runs[side].push(runOnce(side === 'old' ? old.engine : now.engine, text));
      }
      for (const phase of [...PHASES, 'total'] as const) {
        const of = (side: 'old' | 'new', clock: Clock) =>
          runs[side].map((r) =>
            phase === 'total' ? PHASES.reduce((t, p) => t + r[p][clock], 0) : r[phase][clock],
          );
        const [o, n] = [of('old', 'wall'), of('new', 'wall')];
        const cpuRatio = median(of('new', 'cpu')) / median(of('old', 'cpu'));
        const threadRatio = median(of('new', 'thread')) / median(of('old', 'thread'));
        rows.push([
          name,
          phase,
          ms(median(o)),
          ms(median(n)),
          (median(n) / median(o)).toFixed(2),
          cpuRatio.toFixed(2),
          Number.isNaN(threadRatio) ? '' : threadRatio.toFixed(2),
          o.map(ms).join(' '),
          n.map(ms).join(' '),
        ]);
      }
    }
    const head = [
      'case',
      'phase',
      'old median ms',
      'new median ms',
      'new / old (wall)',
      'new / old (CPU)',
      'new / old (main thread CPU)',
      'old runs ms (wall)',
      'new runs ms (wall)',
    ];
    console.log(`| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(
      `\nload average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
