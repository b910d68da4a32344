// The package as a user gets it: `npm pack`, installed offline into an empty prefix, answering as the
// repository does on every course fixture.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from './main';
import { COURSE_BROKEN_INPUTS, COURSE_SCENARIOS } from './testdata/scenarios';
import packageJson from '../../package.json';

async function inRepository(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: Readable.from([]),
  });
  return { code, stdout, stderr };
}

/**
 * Every course scenario through each command (assert, eval, lint), and every output format once: each
 * question is a process start, so formats are not multiplied by scenarios.
 */
function questions(): string[][] {
  const out: string[][] = [];
  for (const s of COURSE_SCENARIOS) {
    out.push(['assert', '--format', 'json', '--expect', s.expect, ...s.extra, ...s.inputs]);
    out.push(['eval', '--format', 'json', ...s.extra, ...s.inputs]);
    out.push(['lint', '--format', 'json', ...s.extra, ...s.inputs]);
  }
  const s = COURSE_SCENARIOS.at(-1)!;
  for (const format of ['text', 'junit'])
    out.push(['assert', '--format', format, '--expect', s.expect, ...s.extra, ...s.inputs]);
  for (const format of ['table', 'csv', 'md', 'dot'])
    out.push(['eval', '--format', format, ...s.extra, ...s.inputs]);
  out.push(['explain', '--from', 'ns-1/busybox', '--to', 'ns-1/http-echo', '--port', '80', ...s.inputs]);
  for (const inputs of COURSE_BROKEN_INPUTS) {
    out.push(['eval', ...inputs]);
    out.push(['lint', ...inputs]);
    out.push(['lint', '--format', 'sarif', ...inputs]);
  }
  return out;
}

describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'netpol-pack-'));
  const npm = (args: string[], cwd = process.cwd()) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel', 'error'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });

  it('packs the CLI bundle, README and LICENSE, not the sources, tests or fixtures', () => {
    const [report] = JSON.parse(npm(['pack', '--json', '--pack-destination', work])) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = report!.files.map((f) => f.path).sort();
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'bin/netpol-lab.js',
      'dist-cli/THIRD-PARTY-LICENSES.txt',
      'dist-cli/netpol-lab.mjs',
      'package.json',
    ]);
    expect(existsSync(join(work, report!.filename))).toBe(true);
  }, 60_000);

  it('installs offline into an empty prefix and answers as the repository does on every course fixture', async () => {
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(work, 'prefix');
    npm(['install', '--global', '--offline', '--prefix', prefix, join(work, tarball!)], work);
    const installed = join(prefix, 'bin', 'netpol-lab');
    // Nothing but the package itself: the bundle carries its dependencies.
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['netpol-lab']);
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'netpol-lab', 'node_modules'))).toBe(false);

    const version = spawnSync(installed, ['--version'], { encoding: 'utf8' });
    expect(version.stdout).toBe(`${packageJson.version}\n`);
    for (const args of questions()) {
      const expected = await inRepository(args);
      const got = spawnSync(installed, args, { encoding: 'utf8' });
      expect({ code: got.status, stdout: got.stdout, stderr: got.stderr }, args.join(' ')).toEqual(expected);
    }
  }, 120_000);
});
