// Whole-process start of the CLI against a bare `node -e 0`, measured in alternating runs so that a
// machine that slows down or speeds up during the measurement affects both sides alike.
// `tsx bench/startup.ts [runs]` alone, or as part of `npm run bench` (after `npm run build:cli`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = 'fixtures/course/004-ns1-workshop';

export interface StartupFigures {
  runs: number;
  'node -e 0 ms (baseline)': number;
  'netpol-lab --version ms': number;
  '--version / node -e 0': number;
  'netpol-lab lint (course 004) ms': number;
  'lint (course 004) / node -e 0': number;
  'bin/netpol-lab.js --version in the checkout ms': number;
  'checkout --version / node -e 0': number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function measureStartup(runs = 21): StartupFigures {
  const bundle = `${root}dist-cli/netpol-lab.mjs`;
  if (!existsSync(bundle)) throw new Error('no dist-cli/netpol-lab.mjs: run `npm run build:cli` first');
  const commands: Record<string, string[]> = {
    bare: ['-e', '0'],
    version: [bundle, '--version'],
    lint: [bundle, 'lint', `${FIXTURE}/cluster.yaml`, `${FIXTURE}/allow-network-policy.yaml`],
    checkout: [`${root}bin/netpol-lab.js`, '--version'],
  };
  const times: Record<string, number[]> = { bare: [], version: [], lint: [], checkout: [] };
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i > 0) times[name]!.push(ms); // the first round warms the file cache
    }
  }
  const bare = median(times.bare!);
  const ratio = (name: string) => +(median(times[name]!) / bare).toFixed(2);
  return {
    runs,
    'node -e 0 ms (baseline)': +bare.toFixed(1),
    'netpol-lab --version ms': +median(times.version!).toFixed(1),
    '--version / node -e 0': ratio('version'),
    'netpol-lab lint (course 004) ms': +median(times.lint!).toFixed(1),
    'lint (course 004) / node -e 0': ratio('lint'),
    'bin/netpol-lab.js --version in the checkout ms': +median(times.checkout!).toFixed(1),
    'checkout --version / node -e 0': ratio('checkout'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv[2] ?? 21);
  console.log(JSON.stringify(measureStartup(runs), null, 2));
}
