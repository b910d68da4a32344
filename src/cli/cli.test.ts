import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';
import { MAX_INPUT_BYTES } from './readInputs';
import { COURSE_SCENARIOS } from './testdata/scenarios';
import packageJson from '../../package.json';

async function run(args: string[], stdin?: string, maxInputBytes?: number) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: stdin === undefined ? undefined : Readable.from([stdin]),
    maxInputBytes,
  });
  return { code, stdout, stderr };
}

const C1 = 'fixtures/course/001-crash-course';
const C2 = 'fixtures/course/002-web-api-db';
const C3 = 'fixtures/course/003-legacy-default-deny';
const C4 = 'fixtures/course/004-ns1-workshop';

describe('assert on the course scenarios', () => {
  it.each(COURSE_SCENARIOS.map((s) => [s.name, s.inputs, s.expect, s.extra] as const))(
    '%s',
    async (_name, inputs, expectFile, extra) => {
      const r = await run(['assert', '--expect', expectFile, ...extra, ...inputs]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
      expect(r.code).toBe(0);
    },
  );

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
  it('writes json, csv and dot a row at a time, never the whole result as one piece', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 80; i++)
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns${i % 4}}\n`);
    for (const format of ['json', 'csv', 'dot']) {
      const pieces: string[] = [];
      const code = await main(['eval', '--format', format, '-'], {
        stdout: (text) => pieces.push(text),
        stderr: () => {},
        stdin: Readable.from([docs.join('---\n')]),
      });
      expect(code).toBe(0);
      const whole = pieces.join('');
      // 80 open pods: 6,320 allowed pairs, written in at least one piece per source pod.
      expect(pieces.length, format).toBeGreaterThanOrEqual(80);
      expect(Math.max(...pieces.map((p) => p.length)), format).toBeLessThan(whole.length / 40);
      if (format === 'json') {
        const report = JSON.parse(whole);
        expect(report.connections).toHaveLength(80 * 79);
        // Exactly what JSON.stringify(report, null, 2) prints.
        expect(whole).toBe(`${JSON.stringify(report, null, 2)}\n`);
      }
    }
  });

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

  it('refuses a ClusterNetworkPolicy written as v1alpha1 at its apiVersion: lint exit 1, explain exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-'));
    const file = join(dir, 'cnp.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: y, labels: {app: b}}',
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ClusterNetworkPolicy\nmetadata: {name: deny-all}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
      ].join('\n---\n'),
    );
    const lint = await run(['lint', file]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain(
      `${file}:9:13: error: ClusterNetworkPolicy is served as apiVersion "policy.networking.k8s.io/v1alpha2", not "policy.networking.k8s.io/v1alpha1"; the policy is not applied [admin-api-version]`,
    );
    // The other commands refuse the input as unusable, at the same place (exit 2, no stack trace).
    const explain = await run(['explain', '--from', 'x/a', '--to', 'y/b', '--port', '80', file]);
    expect(explain.code).toBe(2);
    expect(explain.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9:13: ClusterNetworkPolicy is served as`),
    );
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
  it('stops quietly with exit 0 when the reader closes the pipe early (| head)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-pipe-'));
    const docs = Array.from(
      { length: 400 },
      (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns${i % 4}}\n`,
    );
    writeFileSync(join(dir, 'pods.yaml'), docs.join('---\n'));
    // 160,000 lines of CSV, far more than a pipe buffers: the writes after `head` exits fail with EPIPE.
    const r = spawnSync(
      'bash',
      [
        '-c',
        'set -o pipefail; "$1" bin/netpol-lab.js eval --format csv "$2" | head -n 2',
        'bash',
        process.execPath,
        join(dir, 'pods.yaml'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('from,to,allowed,ports\nns0/p0,ns1/p1,true,all ports\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const out = execFileSync(process.execPath, ['bin/netpol-lab.js', '--version'], { encoding: 'utf8' });
    expect(out).toBe(`${packageJson.version}\n`);
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('runs through bin/netpol-lab.js', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/netpol-lab.js', 'assert', '--expect', `${C4}/expect-open.yaml`, `${C4}/cluster.yaml`],
      { encoding: 'utf8' },
    );
    expect(out).toBe('1 passed, 0 failed\n');
  });
});

describe('faults of the input (exit 2 with path: reason, never 3, 13 or a hang)', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'netpol-faults-'));
  const noTrace = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/\n\s+at /);

  it('a dangling symlink in a directory', async () => {
    const dir = scratch();
    copyFileSync(`${C4}/cluster.yaml`, join(dir, 'cluster.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    const r = await run(['lint', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${join(dir, 'dangling.yaml')}: no such file or directory\n`);
  });

  it('a symlink loop in a directory', async () => {
    const dir = scratch();
    symlinkSync(join(dir, 'loop.yaml'), join(dir, 'loop.yaml'));
    const r = await run(['eval', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'loop.yaml')}: too many levels of symbolic links`);
  });

  it('a directory symlinked into itself is walked once', async () => {
    const dir = scratch();
    copyFileSync(`${C4}/cluster.yaml`, join(dir, 'cluster.yaml'));
    symlinkSync(dir, join(dir, 'again'));
    const r = await run(['eval', '--format', 'json', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).endpoints).toHaveLength(2);
  });

  it('a file that cannot be read', async () => {
    // Root reads any file whatever its mode, so use a file whose read fails for everyone.
    const r = await run(['eval', '/proc/self/mem']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('/proc/self/mem: input/output error\n');
    if (process.getuid?.() !== 0) {
      const file = join(scratch(), 'secret.yaml');
      writeFileSync(file, 'a: 1\n');
      chmodSync(file, 0);
      const denied = await run(['eval', file]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toBe(`${file}: permission denied\n`);
    }
  });

  it('an endless input (/dev/zero) stops at the size limit', async () => {
    const r = await run(['lint', '/dev/zero'], undefined, 1 << 20);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('/dev/zero: larger than the input limit of 1 MB; refused\n');
  });

  it('standard input over the limit, and inputs over the limit together', async () => {
    const big = `# ${'x'.repeat(700 * 1024)}\n`;
    const r = await run(['eval', '-'], big + big, 1 << 20);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>: larger than the input limit of 1 MB; refused\n');
    const dir = scratch();
    writeFileSync(join(dir, 'a.yaml'), big);
    writeFileSync(join(dir, 'b.yaml'), big);
    const both = await run(['eval', dir], undefined, 1 << 20);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(
      /b\.yaml: the inputs together are larger than the input limit of 1 MB; refused\n$/,
    );
  });

  it('--help states the input size limit', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain(`at most ${MAX_INPUT_BYTES / (1024 * 1024)} MB`);
    expect(MAX_INPUT_BYTES).toBe(256 * 1024 * 1024);
  });

  it('a FIFO named *.yaml inside a directory is skipped with a note, not waited on', async () => {
    const dir = scratch();
    copyFileSync(`${C4}/cluster.yaml`, join(dir, 'cluster.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const r = await run(['eval', '--format', 'json', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).endpoints).toHaveLength(2);
    expect(r.stderr).toBe(
      `${join(dir, 'pipe.yaml')}: skipped: not a regular file (name it on the command line to read it as a stream)\n`,
    );
  });

  it('a FIFO named on the command line is read as a stream', () => {
    const dir = scratch();
    const fifo = join(dir, 'in.yaml');
    execFileSync('mkfifo', [fifo]);
    const out = execFileSync(
      'sh',
      [
        '-c',
        `cat "$1" > "$2" & exec "$3" bin/netpol-lab.js assert --expect "$4" "$2"`,
        'sh',
        `${C4}/cluster.yaml`,
        fifo,
        process.execPath,
        `${C4}/expect-open.yaml`,
      ],
      { encoding: 'utf8' },
    );
    expect(out).toBe('1 passed, 0 failed\n');
  });

  it('standard input twice is a clear error', async () => {
    const r = await run(['lint', '-', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('-: standard input can be read only once; give - one time\n');
  });

  it('a missing file, a missing expectations file and a directory given as --expect', async () => {
    const missing = await run(['eval', 'does-not-exist.yaml']);
    expect(missing.stderr).toBe('does-not-exist.yaml: no such file or directory\n');
    const expectMissing = await run(['assert', '--expect', 'nope.yaml', `${C4}/cluster.yaml`]);
    expect([expectMissing.code, expectMissing.stderr]).toEqual([2, 'nope.yaml: no such file or directory\n']);
    const expectDir = await run(['assert', '--expect', C4, `${C4}/cluster.yaml`]);
    expect([expectDir.code, expectDir.stderr]).toEqual([2, `${C4}: is a directory, not a file\n`]);
    for (const r of [missing, expectMissing, expectDir]) noTrace(r);
  });
});

describe('diff (DESIGN 2.3)', () => {
  it('reports what a default deny closes, with the exit code of diff(1)', async () => {
    const r = await run([
      'diff',
      '--base',
      `${C4}/cluster.yaml`,
      `${C4}/cluster.yaml`,
      `${C4}/deny-all-by-default-network-policy.yaml`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- ns-1/busybox -> ns-1/http-echo: all ports\n');
    expect(r.stdout).toContain('0 connection(s) opened, 2 closed');
  });

  it('json: each changed pair with its ports; no change is exit 0', async () => {
    const closed = await run([
      'diff',
      '--format',
      'json',
      '--base',
      `${C4}/cluster.yaml`,
      '--base',
      `${C4}/deny-all-by-default-network-policy.yaml`,
      `${C4}/cluster.yaml`,
      `${C4}/deny-all-by-default-network-policy.yaml`,
      `${C4}/allow-network-policy.yaml`,
      `${C4}/label-busybox.yaml`,
    ]);
    expect(closed.code).toBe(1);
    const json = JSON.parse(closed.stdout);
    expect(json.changes).toContainEqual({
      from: 'ns-1/busybox',
      to: 'ns-1/http-echo',
      // The workshop's allow policy names no ports: a whole protocol is 1 to 65535.
      added: [
        { protocol: 'TCP', port: 1, endPort: 65535 },
        { protocol: 'UDP', port: 1, endPort: 65535 },
        { protocol: 'SCTP', port: 1, endPort: 65535 },
      ],
      removed: [],
    });
    expect(json.endpointsAdded).toEqual([]);
    const same = await run([
      'diff',
      '--format',
      'json',
      '--base',
      `${C4}/cluster.yaml`,
      `${C4}/cluster.yaml`,
    ]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toEqual({ changes: [], endpointsAdded: [], endpointsRemoved: [] });
  });

  it('refuses a missing --base, a bad format, stdin twice and a base with errors (exit 2)', async () => {
    expect((await run(['diff', `${C4}/cluster.yaml`])).code).toBe(2);
    expect(
      (await run(['diff', '--format', 'xml', '--base', `${C4}/cluster.yaml`, `${C4}/cluster.yaml`])).code,
    ).toBe(2);
    const twice = await run(['diff', '--base', '-', '-'], 'kind: Namespace\nmetadata: {name: a}\n');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('standard input');
    const bad = await run(['diff', '--base', '-', `${C4}/cluster.yaml`], 'kind: Pod\nmetadata: [unclosed\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>:\d+:\d+/);
  });
});

describe('audit', () => {
  it('text: each item a reviewer looks for, with the rule and its place in the YAML', async () => {
    const r = await run(['audit', C1]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not isolated for ingress (3 pods): kube-system/coredns');
    expect(r.stdout).toContain('kube-system/coredns: not isolated for ingress, so every address reaches it');
    expect(r.stdout).toMatch(
      /Rules that admit every namespace \(1\):\n {2}NetworkPolicy monitoring\/grafana, egress rule 1 \(all ports\) at .*policies\.yaml:\d+:\d+/,
    );
  });

  it('json: the same report with REFs and file:line:col', async () => {
    const r = await run(['audit', '--format', 'json', C1]);
    const json = JSON.parse(r.stdout);
    expect(json.notIsolated.ingress).toEqual([
      'kube-system/coredns',
      'monitoring/prometheus-k8s',
      'monitoring/alertmanager',
    ]);
    expect(json.mostPermissiveRules[0]).toEqual(
      expect.objectContaining({
        policy: 'monitoring/grafana',
        direction: 'Egress',
        rule: 1,
        pairs: 7,
        anyAddress: true,
      }),
    );
    expect(json.mostPermissiveRules[0].at).toMatch(/policies\.yaml:\d+:\d+$/);
    expect((await run(['audit', '--format', 'csv', C1])).code).toBe(2);
  });
});
