import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';

async function run(args: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: stdin === undefined ? undefined : Readable.from([stdin]),
  });
  return { code, stdout, stderr };
}

const C1 = 'fixtures/course/001-crash-course';
const C2 = 'fixtures/course/002-web-api-db';
const C3 = 'fixtures/course/003-legacy-default-deny';
const C4 = 'fixtures/course/004-ns1-workshop';

describe('assert on the course scenarios', () => {
  it.each([
    ['001 crash course', [`${C1}/cluster.yaml`, `${C1}/policies.yaml`], `${C1}/expect.yaml`, []],
    ['002 web/api/db (colon fixed)', [`${C2}/fixed`], `${C2}/expect.yaml`, []],
    [
      '003 legacy semantics',
      [`${C3}/cluster.yaml`, `${C3}/test-network-policy.yaml`],
      `${C3}/expect-legacy.yaml`,
      ['--semantics', 'legacy'],
    ],
    [
      '003 current semantics',
      [`${C3}/cluster.yaml`, `${C3}/test-network-policy.yaml`],
      `${C3}/expect-current.yaml`,
      [],
    ],
    ['004 step 1: open', [`${C4}/cluster.yaml`], `${C4}/expect-open.yaml`, []],
    [
      '004 step 2: deny all',
      [`${C4}/cluster.yaml`, `${C4}/deny-all-by-default-network-policy.yaml`],
      `${C4}/expect-deny-all.yaml`,
      [],
    ],
    [
      '004 step 3: allow, unlabelled',
      [`${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`],
      `${C4}/expect-allow-unlabelled.yaml`,
      [],
    ],
    [
      '004 step 4: labelled',
      [`${C4}/cluster.yaml`, `${C4}/allow-network-policy.yaml`, `${C4}/label-busybox.yaml`],
      `${C4}/expect-labelled.yaml`,
      [],
    ],
  ])('%s', async (_name, inputs, expectFile, extra) => {
    const r = await run(['assert', '--expect', expectFile, ...extra, ...inputs]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(r.code).toBe(0);
  });

  it('fails with exit 1, one line per failed expectation, when an expectation is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-'));
    const file = join(dir, 'expect.yaml');
    writeFileSync(
      file,
      'expectations:\n  - {from: ns-1/busybox, to: ns-1/http-echo, port: 80, allowed: true}\n  - {from: ns-1/http-echo, to: ns-1/busybox, port: 80, allowed: true}\n',
    );
    const r = await run([
      'assert',
      '--expect',
      file,
      `${C4}/cluster.yaml`,
      `${C4}/allow-network-policy.yaml`,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('FAIL ns-1/busybox -> ns-1/http-echo TCP 80: expected allowed, got denied');
    expect(lines[0]).toContain('NetworkPolicy ns-1/allow selects ns-1/http-echo');
    expect(lines[1]).toBe('1 passed, 1 failed');
  });

  it('prints the JSON report of DESIGN 2.3 in file order', async () => {
    const r = await run([
      'assert',
      '--format',
      'json',
      '--expect',
      `${C4}/expect-allow-unlabelled.yaml`,
      `${C4}/cluster.yaml`,
      `${C4}/allow-network-policy.yaml`,
    ]);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['passed', 'failed', 'results']);
    expect(report.passed).toBe(2);
    expect(report.results[0]).toMatchObject({
      from: 'ns-1/busybox',
      to: 'ns-1/http-echo',
      port: 80,
      protocol: 'TCP',
      expected: false,
      allowed: false,
      ok: true,
    });
    expect(Object.keys(report.results[0])).toEqual([
      'from',
      'to',
      'port',
      'protocol',
      'expected',
      'allowed',
      'ok',
      'reason',
    ]);
  });
});

describe('eval', () => {
  it('json lists endpoints and only the allowed connections with their ports', async () => {
    const r = await run([
      'eval',
      '--format',
      'json',
      `${C4}/cluster.yaml`,
      `${C4}/allow-network-policy.yaml`,
      `${C4}/label-busybox.yaml`,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.endpoints.map((e: { ref: string }) => e.ref)).toEqual(['ns-1/http-echo', 'ns-1/busybox']);
    expect(out.connections).toEqual([
      {
        from: 'ns-1/http-echo',
        to: 'ns-1/busybox',
        ports: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] },
      },
      {
        from: 'ns-1/busybox',
        to: 'ns-1/http-echo',
        ports: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] },
      },
    ]);
  });

  it('table, csv, md and dot agree on a denied pair', async () => {
    const inputs = [`${C4}/cluster.yaml`, `${C4}/deny-all-by-default-network-policy.yaml`];
    const table = await run(['eval', ...inputs]);
    expect(table.stdout).toContain('ns-1/busybox');
    expect(table.stdout).toMatch(/ns-1\/busybox\s+✗/);
    const csv = await run(['eval', '--format', 'csv', '--port', '80', ...inputs]);
    expect(csv.stdout.split('\n')).toContain('ns-1/busybox,ns-1/http-echo,false,');
    const md = await run(['eval', '--format', 'md', ...inputs]);
    expect(md.stdout).toContain('| from \\ to | ns-1/http-echo | ns-1/busybox |');
    const dot = await run(['eval', '--format', 'dot', ...inputs]);
    expect(dot.stdout).toContain('digraph netpol');
    expect(dot.stdout).not.toContain('->');
  });

  it('reads directories and standard input', async () => {
    const dir = await run(['eval', '--format', 'json', `${C2}/fixed`]);
    expect(JSON.parse(dir.stdout).endpoints).toHaveLength(3);
    const stdin = await run(
      ['eval', '--format', 'json', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n',
    );
    expect(JSON.parse(stdin.stdout).endpoints[0].ref).toBe('x/a');
  });
});

describe('eval on a big cluster', () => {
  it('summarises per namespace instead of printing a pod x pod table', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 80; i++)
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns${i % 4}}\n`);
    docs.push(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: ns0}\nspec: {podSelector: {}}\n',
    );
    const r = await run(['eval', '-'], docs.join('---\n'));
    expect(r.stdout.split('\n')[0]).toBe(
      '80 endpoints: allowed pairs per namespace (use --format json or csv for every pair)',
    );
    expect(r.stdout).toMatch(/^ns1\s+0\/400\s+380\/380/m);
  });
});

describe('explain', () => {
  it('explains in words, naming the isolating policy', async () => {
    const r = await run([
      'explain',
      '--from',
      'ns-1/busybox',
      '--to',
      'ns-1/http-echo',
      '--port',
      '80',
      `${C4}/cluster.yaml`,
      `${C4}/allow-network-policy.yaml`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Ingress denied: NetworkPolicy ns-1/allow selects ns-1/http-echo, but no ingress rule admits ns-1/busybox on TCP 80',
    );
  });

  it('explains the legacy DefaultDeny', async () => {
    const r = await run([
      'explain',
      '--semantics',
      'legacy',
      '--from',
      'default/redis',
      '--to',
      'default/frontend',
      '--port',
      '80',
      `${C3}/cluster.yaml`,
      `${C3}/test-network-policy.yaml`,
    ]);
    expect(r.stdout).toContain('annotated DefaultDeny');
  });

  it('rejects an unknown REF with exit 2 and a suggestion', async () => {
    const r = await run([
      'explain',
      '--from',
      'ns-1/busy',
      '--to',
      'ns-1/http-echo',
      '--port',
      '80',
      `${C4}/cluster.yaml`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean ns-1/busybox');
  });
});

describe('errors', () => {
  it('exit 2 with file:line:col for a YAML error, no stack trace', async () => {
    const r = await run(['eval', `${C2}/cluster.yaml`, `${C2}/network-policy.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fixtures\/course\/002-web-api-db\/network-policy.yaml:12:5: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['no arguments', []],
    ['an unknown command', ['frobnicate', 'x.yaml']],
    ['a missing file', ['eval', 'does-not-exist.yaml']],
    ['a bad protocol', ['eval', '--protocol', 'ICMP', `${C4}/cluster.yaml`]],
    ['a bad port', ['eval', '--port', '99999', `${C4}/cluster.yaml`]],
    ['a bad semantics', ['eval', '--semantics', 'old', `${C4}/cluster.yaml`]],
  ])('exit 2 for %s', async (_name, args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.length + r.stdout.length).toBeGreaterThan(0);
  });

  it('exit 2 quickly for hostile input', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 15; i++)
      bomb.push(
        `b${i}: &b${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*b${i - 1}`)
          .join(',')}]`,
      );
    expect((await run(['eval', '-'], bomb.join('\n'))).code).toBe(2);
    expect((await run(['eval', '-'], '['.repeat(50000))).code).toBe(2);
    expect((await run(['eval', '-'], '\u0000\u0001\u0002binary')).code).toBe(2);
  });
});

describe('lint', () => {
  it('prints findings as file:line:col: severity: message [code], exit 1 on errors', async () => {
    const r = await run(['lint', `${C2}/cluster.yaml`, `${C2}/network-policy.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fixtures/course/002-web-api-db/network-policy.yaml:12:5: error:');
  });

  it('warns about a policy that selects nothing and a missing DNS allowance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ghost}\nspec:\n  podSelector: {matchLabels: {app: nope}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n',
    );
    const r = await run(['lint', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[lint-policy-selects-nothing]');
    expect(r.stdout).toContain('[lint-no-dns-egress]');
    expect(r.stdout).toContain('[lint-deny-all-egress]');
  });

  it('refuses a matchLabel typo as kubectl apply would, exit 1, with the file name escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-'));
    const file = join(dir, 'db\u202epolicy.yaml');
    writeFileSync(
      file,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db}\nspec:\n  podSelector:\n    matchLabel: {app: db}\n',
    );
    const r = await run(['lint', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${join(dir, 'db\\u202epolicy.yaml')}:6:5: error: unknown field "spec.podSelector.matchLabel" (did you mean "matchLabels"?); NetworkPolicy default/db is not applied [unknown-field]`,
    );
    expect(r.stdout).not.toContain('\u202e');
  });
});

describe('the installed command', () => {
  it('runs through bin/netpol-lab.js', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/netpol-lab.js', 'assert', '--expect', `${C4}/expect-open.yaml`, `${C4}/cluster.yaml`],
      { encoding: 'utf8' },
    );
    expect(out).toBe('1 passed, 0 failed\n');
  });
});
