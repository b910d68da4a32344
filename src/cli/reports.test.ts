import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { main } from './main';
import { artifactUri, xmlText } from './reports';
import { COURSE_SCENARIOS } from './testdata/scenarios';
import { validateSarif } from './testdata/validateSarif';
import packageJson from '../../package.json';

async function run(args: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
  });
  return { code, stdout, stderr };
}

const C2 = 'fixtures/course/002-web-api-db';
const C4 = 'fixtures/course/004-ns1-workshop';

/** A workspace with an error, warnings and an info finding, and a name that needs escaping. */
const MIXED = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ghost, namespace: x}
spec:
  podSelector: {matchLabels: {app: nope}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: b}}}]
      ports: [{port: 80, protocol: tcp}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: x}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: x}
spec:
  podSelector: {matchExpressions: [{key: app, operator: Maybe}]}
`;

describe('lint --format sarif', () => {
  it('is valid SARIF 2.1.0 with the fields of DESIGN 2.3, one result per finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-sarif-'));
    const file = join(dir, 'my policies #1.yaml');
    writeFileSync(file, MIXED);
    const text = await run(['lint', file]);
    const r = await run(['lint', '--format', 'sarif', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('netpol-lab');
    expect(run0.tool.driver.version).toBe(packageJson.version);
    const lines = text.stdout.trim().split('\n').slice(0, -1);
    expect(run0.results).toHaveLength(lines.length);
    const levels = new Set<string>(run0.results.map((x: { level: string }) => x.level));
    expect([...levels].sort()).toEqual(['error', 'note', 'warning']);
    for (const [i, result] of run0.results.entries()) {
      // The same finding as the text line: file:line:col: severity: message [code]
      const m = /^(.*):(\d+):(\d+): (\w+): (.*) \[([\w-]+)\]$/.exec(lines[i]!)!;
      expect(result.ruleId).toBe(m[6]);
      expect(result.message.text).toBe(m[5]);
      expect(result.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[m[4]!]);
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe(`file://${dir}/my%20policies%20%231.yaml`);
      expect(decodeURIComponent(new URL(loc.artifactLocation.uri).pathname)).toBe(m[1]);
      expect([loc.region.startLine, loc.region.startColumn]).toEqual([Number(m[2]), Number(m[3])]);
      expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  it('is valid on every course scenario and on the broken policy, with relative URIs', async () => {
    for (const s of COURSE_SCENARIOS) {
      const log = JSON.parse((await run(['lint', '--format', 'sarif', ...s.extra, ...s.inputs])).stdout);
      expect(validateSarif(log), s.name).toBe(true);
    }
    const r = await run(['lint', '--format', 'sarif', `${C2}/cluster.yaml`, `${C2}/network-policy.yaml`]);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: `${C2}/network-policy.yaml` },
      region: { startLine: 12, startColumn: 5 },
    });
  });

  it('has no results, and exit 0, for a clean workspace; stdin is a location too', async () => {
    const clean = JSON.parse((await run(['lint', '--format', 'sarif', `${C4}/cluster.yaml`])).stdout);
    expect(validateSarif(clean)).toBe(true);
    expect(clean.runs[0].results).toEqual([]);
    const stdin = await run(['lint', '--format', 'sarif', '-'], MIXED);
    const log = JSON.parse(stdin.stdout);
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('%3Cstdin%3E');
  });

  it('the schema check itself rejects a log missing what DESIGN 2.3 requires', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
    expect(
      validateSarif({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it('artifact URIs: relative paths stay relative, absolute ones are file URIs', () => {
    expect(artifactUri('a/b c.yaml')).toBe('a/b%20c.yaml');
    expect(artifactUri('/tmp/x?.yaml')).toBe('file:///tmp/x%3F.yaml');
    expect(artifactUri('dir\\win.yaml')).toBe('dir/win.yaml');
  });
});

describe('lint --format json', () => {
  it('lists each finding with file, line, column, severity, code and message, and the counts', async () => {
    const r = await run(['lint', '--format', 'json', `${C2}/cluster.yaml`, `${C2}/network-policy.yaml`]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['findings', 'errors', 'warnings']);
    expect(report.findings[0]).toEqual({
      file: `${C2}/network-policy.yaml`,
      line: 12,
      column: 5,
      severity: 'error',
      code: 'policy-types-stray-colon',
      message: expect.stringContaining('stray colon'),
    });
    expect(report.errors).toBe(1);
    const clean = await run(['lint', '--format', 'json', `${C4}/cluster.yaml`]);
    expect([clean.code, JSON.parse(clean.stdout)]).toEqual([0, { findings: [], errors: 0, warnings: 0 }]);
  });

  it('refuses an unknown format before reading any input', async () => {
    const r = await run(['lint', '--format', 'xml', 'does-not-exist.yaml']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'netpol-lab lint: --format must be text, json or sarif, not "xml"\n',
    ]);
  });
});

describe('assert --format junit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testcase',
  });

  it('one testcase per expectation in file order, a failure with the reason inside each failed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-junit-'));
    const file = join(dir, 'expect.yaml');
    writeFileSync(
      file,
      'expectations:\n' +
        '  - {from: ns-1/busybox, to: ns-1/http-echo, port: 80, allowed: true}\n' +
        '  - {from: ns-1/http-echo, to: ns-1/busybox, port: 80, allowed: true}\n' +
        '  - {from: ns-1/busybox, to: ns-1/http-echo, port: 443, protocol: UDP, allowed: false}\n',
    );
    const args = ['--expect', file, `${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`];
    const r = await run(['assert', '--format', 'junit', ...args]);
    const json = JSON.parse((await run(['assert', '--format', 'json', ...args])).stdout);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = parser.parse(r.stdout);
    expect(doc.testsuites).toMatchObject({ tests: '3', failures: '1' });
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: file, tests: '3', failures: '1' });
    const cases = suite.testcase;
    expect(cases.map((c: { name: string }) => c.name)).toEqual([
      'ns-1/busybox -> ns-1/http-echo TCP 80 is allowed',
      'ns-1/http-echo -> ns-1/busybox TCP 80 is allowed',
      'ns-1/busybox -> ns-1/http-echo UDP 443 is denied',
    ]);
    expect(cases[0].failure.message).toBe(json.results[0].reason);
    expect(cases[0].failure.message).toContain('NetworkPolicy ns-1/allow selects ns-1/http-echo');
    expect(cases[0].failure['#text']).toBe(`expected allowed, got denied: ${json.results[0].reason}`);
    expect(cases[1].failure).toBeUndefined();
    expect(cases[2].failure).toBeUndefined();
  });

  it('passes on every course scenario, one testcase per expectation', async () => {
    for (const s of COURSE_SCENARIOS) {
      const r = await run(['assert', '--format', 'junit', '--expect', s.expect, ...s.extra, ...s.inputs]);
      expect(r.code, s.name).toBe(0);
      const suite = parser.parse(r.stdout).testsuites.testsuite;
      const count = JSON.parse(
        (await run(['assert', '--format', 'json', '--expect', s.expect, ...s.extra, ...s.inputs])).stdout,
      ).passed;
      expect(suite.testcase).toHaveLength(count);
      expect(suite.failures).toBe('0');
    }
  });

  it('escapes names from the YAML, so hostile labels cannot break or inject XML', async () => {
    const yaml =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec: {containers: [{name: c, ports: [{name: "web", containerPort: 80}]}]}\n';
    const dir = mkdtempSync(join(tmpdir(), 'netpol-junit-'));
    const file = join(dir, 'e"<&>.yaml');
    writeFileSync(file, 'expectations:\n  - {from: x/a, to: x/a, port: web, allowed: false}\n');
    const r = await run(['assert', '--format', 'junit', '--expect', file, '-'], yaml);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const suite = parser.parse(r.stdout).testsuites.testsuite;
    expect(suite.name).toBe(file);
    expect(suite.testcase[0].failure.message.length).toBeGreaterThan(0);
    expect(xmlText('a\u0000b\u001b<c>\uFFFF')).toBe('a\uFFFDb\uFFFD&lt;c&gt;\uFFFD');
    expect(XMLValidator.validate(`<a b="${xmlText('"\'<>&\n\u0007')}">${xmlText(']]>\u0001')}</a>`)).toBe(
      true,
    );
  });

  it('refuses an unknown format', async () => {
    const r = await run([
      'assert',
      '--format',
      'xml',
      '--expect',
      `${C4}/expect-open.yaml`,
      `${C4}/cluster.yaml`,
    ]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'netpol-lab assert: --format must be text, json or junit, not "xml"\n',
    ]);
  });
});
