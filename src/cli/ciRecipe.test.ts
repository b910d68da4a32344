// scripts/ci-recipe.sh runs the README's CI recipe on the course fixtures: its reports must be what a CI
// system reads, and its exit status must fail the job exactly when the policies do.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateSarif } from './testdata/validateSarif';

const C2 = 'fixtures/course/002-web-api-db';
const C4 = 'fixtures/course/004-ns1-workshop';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (n) => n === 'testcase',
});

// The recipe runs the CLI as CI installs it: the bundle, built here from the current sources.
let netpolLab = '';
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-bundle-'));
  execFileSync(process.execPath, ['scripts/build-cli.mjs', dir]);
  netpolLab = `${process.execPath} ${join(dir, 'netpol-lab.mjs')}`;
}, 60_000);

function recipe(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'netpol-recipe-'));
  const r = spawnSync('bash', ['scripts/ci-recipe.sh', out, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NETPOL_LAB: netpolLab },
  });
  return { ...r, out };
}

describe('scripts/ci-recipe.sh (the README CI recipe)', () => {
  it('passes on every course scenario and writes a valid SARIF and JUnit report for each', () => {
    const r = recipe();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = readdirSync(r.out).sort();
    expect(files).toHaveLength(17);
    for (const f of files) {
      const text = readFileSync(join(r.out, f), 'utf8');
      if (f.endsWith('.md')) {
        // The workshop's deny-all closes both directions between its two pods.
        expect(text).toContain('| ns-1/busybox | ns-1/http-echo |  | all ports |');
      } else if (f.endsWith('.sarif')) {
        expect(validateSarif(JSON.parse(text)), f).toBe(true);
      } else {
        const suite = parser.parse(text).testsuites.testsuite;
        expect(suite.failures, f).toBe('0');
        expect(suite.testcase.length, f).toBeGreaterThan(0);
      }
    }
  }, 120_000);

  it('fails the job (exit 1) on a failed expectation, with the failure in the JUnit report', () => {
    const r = recipe(`${C4}/expect-labelled.yaml`, `${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('job: lint exit 0, assert exit 1\n');
    const suite = parser.parse(readFileSync(join(r.out, 'job.junit.xml'), 'utf8')).testsuites.testsuite;
    const failed = suite.testcase.filter((c: { failure?: unknown }) => c.failure);
    expect(failed.length).toBeGreaterThan(0);
    expect(suite.failures).toBe(String(failed.length));
  }, 60_000);

  it('fails the job on a lint error, and still writes the SARIF that shows it', () => {
    const r = recipe(`${C2}/expect.yaml`, `${C2}/cluster.yaml`, `${C2}/network-policy.yaml`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('job: lint exit 1, assert exit 2\n');
    expect(r.stderr).toContain(`${C2}/network-policy.yaml:12:5:`);
    const log = JSON.parse(readFileSync(join(r.out, 'job.sarif'), 'utf8'));
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0].results[0]).toMatchObject({ level: 'error', ruleId: 'policy-types-stray-colon' });
  }, 60_000);
});
