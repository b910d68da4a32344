// The Expectations panel's checks, as the engine worker answers them: each expectation's verdict must
// be the reference evaluator's (the naive oracle), on every ordered pair of the course scenarios.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../engine/index';
import { referenceAllowed } from '../engine/evaluate/reference';
import type { ExpectationSpec } from '../engine/index';
import { EngineService } from './engineService';
import type { EvaluateOptions } from '../engine/index';

const course = (dir: string, ...files: string[]) =>
  files.map((f) => readFileSync(`fixtures/course/${dir}/${f}`, 'utf8')).join('\n---\n');

const SCENARIOS: { name: string; text: string; options: EvaluateOptions }[] = [
  {
    name: 'web/api/db',
    text: course('002-web-api-db/fixed', 'cluster.yaml', 'network-policy.yaml'),
    options: {},
  },
  {
    name: 'ns-1 workshop, deny all',
    text: course('004-ns1-workshop', 'cluster.yaml', 'deny-all-by-default-network-policy.yaml'),
    options: {},
  },
  {
    name: 'legacy DefaultDeny',
    text: course('003-legacy-default-deny', 'cluster.yaml', 'test-network-policy.yaml'),
    options: { semantics: 'legacy' },
  },
  { name: 'crash course', text: course('001-crash-course', 'cluster.yaml', 'policies.yaml'), options: {} },
];

const check = (service: EngineService, text: string, options: EvaluateOptions, list: ExpectationSpec[]) =>
  service.handle({ type: 'expectations', id: 1, text, options, expectations: list }).result;

describe('expectations checked in the engine service', () => {
  for (const { name, text, options } of SCENARIOS) {
    it(`agree with the reference evaluator on every pair of ${name}`, () => {
      const cluster = parseText(text).value.cluster;
      const pods = cluster.endpoints.filter((e) => e.type === 'pod');
      expect(pods.length).toBeGreaterThan(1);
      const list: ExpectationSpec[] = [];
      for (const from of pods)
        for (const to of pods)
          for (const port of [80, 3306, 5000])
            for (const allowed of [true, false])
              list.push({ from: from.ref, to: to.ref, port, protocol: 'TCP', allowed });
      const results = check(new EngineService(), text, options, list);
      expect(results).toHaveLength(list.length);
      results.forEach((r, i) => {
        const e = list[i]!;
        const from = cluster.endpoints.find((x) => x.ref === e.from)!.index;
        const to = cluster.endpoints.find((x) => x.ref === e.to)!.index;
        const oracle = referenceAllowed(cluster, { from, to, port: e.port, protocol: e.protocol }, options);
        const where = `${e.from} -> ${e.to}:${e.port} expecting ${e.allowed}`;
        expect(r.status, where).toBe(oracle === e.allowed ? 'pass' : 'fail');
        if (r.status === 'unresolved') return;
        expect(r.allowed, where).toBe(oracle);
        expect([r.from, r.to], where).toEqual([from, to]);
        expect(r.reason, where).not.toBe('');
        expect(r.steps, where).toContain(r.reason);
      });
    });
  }

  it('give the deciding step as the reason of a failure', () => {
    const text = course('002-web-api-db/fixed', 'cluster.yaml', 'network-policy.yaml');
    const [denied, allowed] = check(new EngineService(), text, {}, [
      { from: 'default/web', to: 'default/db', port: 3306, protocol: 'TCP', allowed: true },
      { from: 'default/api', to: 'default/db', port: 3306, protocol: 'TCP', allowed: false },
    ]);
    expect(denied).toMatchObject({ status: 'fail', allowed: false });
    // Which policy isolates the database, and that no rule admits web.
    expect(denied!.status !== 'unresolved' && denied!.reason).toMatch(/selects default\/db.*no ingress rule/);
    expect(allowed).toMatchObject({ status: 'fail', allowed: true });
    // Which rule admits the api.
    expect(allowed!.status !== 'unresolved' && allowed!.reason).toMatch(/rule/);
  });

  it('name a REF that is not in the workspace instead of guessing, and place outside addresses nowhere', () => {
    const text = course('002-web-api-db/fixed', 'cluster.yaml', 'network-policy.yaml');
    const [missing, outside] = check(new EngineService(), text, {}, [
      { from: 'default/wbe', to: 'default/db', port: 3306, protocol: 'TCP', allowed: false },
      { from: 'ip:198.51.100.7', to: 'default/db', port: 3306, protocol: 'TCP', allowed: false },
    ]);
    expect(missing).toEqual({ status: 'unresolved', reason: expect.stringMatching(/^from: no pod .*wbe/) });
    expect(outside).toMatchObject({ status: 'pass', allowed: false, from: null });
  });

  it('check the last text that read while the YAML is broken, as the graph shows it', () => {
    const service = new EngineService();
    const text = course('002-web-api-db/fixed', 'cluster.yaml', 'network-policy.yaml');
    service.handle({ type: 'evaluate', id: 1, text, fileName: 'a.yaml', options: {} });
    const broken = `${text}\n---\nkind: [unclosed\n`;
    const [r] = check(service, broken, {}, [
      { from: 'default/web', to: 'default/db', port: 3306, protocol: 'TCP', allowed: false },
    ]);
    expect(r).toMatchObject({ status: 'pass' });
  });
});
