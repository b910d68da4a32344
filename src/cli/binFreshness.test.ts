// bin/netpol-lab.js picks the bundle or the sources: the bundle when installed (no sources beside it) or
// while it is newer than every bundled source, the sources otherwise, so a checkout never runs stale code.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A checkout in miniature: the real bin, a bundle and sources that each say which one ran. */
function layout() {
  const root = mkdtempSync(join(tmpdir(), 'netpol-bin-'));
  for (const dir of ['bin', 'dist-cli', 'src/cli', 'src/engine/parse'])
    mkdirSync(join(root, dir), { recursive: true });
  copyFileSync('bin/netpol-lab.js', join(root, 'bin/netpol-lab.js'));
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{"type": "module"}\n');
  writeFileSync(join(root, 'dist-cli/netpol-lab.mjs'), "console.log('bundle');\n");
  writeFileSync(join(root, 'src/cli/bin.ts'), "console.log('sources');\n");
  writeFileSync(join(root, 'src/engine/parse/x.ts'), 'export {};\n');
  writeFileSync(join(root, 'src/cli/x.test.ts'), 'export {};\n');
  return root;
}

const at = (root: string, path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

function which(root: string): string {
  const r = spawnSync(process.execPath, [join(root, 'bin/netpol-lab.js')], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('bin/netpol-lab.js', () => {
  it('runs the bundle while it is newer than the sources, the sources once they change', () => {
    const root = layout();
    const old = Date.now() / 1000 - 3600;
    for (const p of [
      'package.json',
      'src/cli/bin.ts',
      'src/engine/parse/x.ts',
      'src/cli/x.test.ts',
      'src',
      'src/cli',
      'src/engine',
      'src/engine/parse',
    ])
      at(root, p, old);
    expect(which(root)).toBe('bundle');
    // A test edited after the build is not in the bundle: still fresh.
    at(root, 'src/cli/x.test.ts', old + 7200);
    expect(which(root)).toBe('bundle');
    // An engine source edited after the build: the sources run.
    at(root, 'src/engine/parse/x.ts', old + 7200);
    expect(which(root)).toBe('sources');
  }, 60_000);

  it('runs the sources before any build, and the bundle where there are no sources (installed)', () => {
    const root = layout();
    rmSync(join(root, 'dist-cli'), { recursive: true });
    expect(which(root)).toBe('sources');
    const installed = layout();
    rmSync(join(installed, 'src'), { recursive: true });
    at(installed, 'dist-cli/netpol-lab.mjs', Date.now() / 1000 - 7200);
    expect(which(installed)).toBe('bundle');
  }, 60_000);
});
