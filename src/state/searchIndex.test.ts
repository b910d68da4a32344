import { describe, expect, it } from 'vitest';
import { parseText } from '../engine/index';
import {
  buildSearchIndex,
  buildSearchIndexSteps,
  ENTRIES_PER_STEP,
  matchEndpoints,
  searchIndex,
} from './searchIndex';
import { buildSearchIndexWhenIdle, searchIndexFor } from './search';

const YAML = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: payments } }
---
apiVersion: v1
kind: Pod
metadata: { name: web-1, namespace: shop, labels: { app: web, tier: frontend } }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { app: api, tier: backend } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: webhook, namespace: ops }
spec:
  selector: { matchLabels: { app: hook } }
  template: { metadata: { labels: { app: hook } }, spec: { containers: [{ name: c, image: x }] } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress:
    - from: [{ ipBlock: { cidr: 10.0.0.0/8 } }]
`;

const index = buildSearchIndex(parseText(YAML).value);
const titles = (q: string) => searchIndex(index, q).hits.map((h) => `${h.entry.kind}:${h.entry.title}`);

describe('searchIndex', () => {
  it('matches part of a name, best matches first (prefix of the name before part of it)', () => {
    expect(titles('web')).toEqual(['pod:shop/web-1', 'workload:ops/webhook', 'policy:shop/allow-web']);
  });

  it('matches a label as key=value, and part of a label value', () => {
    expect(titles('app=web')).toEqual(['pod:shop/web-1']);
    expect(titles('tier=front')).toEqual(['pod:shop/web-1']);
    expect(titles('backend')).toEqual(['pod:shop/api']);
  });

  it('needs every word to match, in any case', () => {
    expect(titles('SHOP app=API')).toEqual(['pod:shop/api', 'policy:shop/allow-web']);
    expect(titles('shop nothing-like-this')).toEqual([]);
  });

  it('finds namespaces by their labels, policies by the labels they select, addresses by CIDR', () => {
    expect(titles('team=pay')).toEqual(['namespace:shop']);
    expect(titles('allow')).toEqual(['policy:shop/allow-web']);
    expect(titles('10.0.0.0')).toContain('address:10.0.0.0/8');
  });

  it('gives where a policy is written, and the endpoint of a pod', () => {
    const policy = searchIndex(index, 'allow-web').hits[0]!.entry;
    expect(policy.range?.line).toBe(YAML.split('\n').indexOf('kind: NetworkPolicy'));
    const pod = searchIndex(index, 'web-1').hits[0]!;
    expect(pod.score).toBe(1);
    expect(pod.entry.endpoint).toBe(0);
  });

  it('returns nothing for an empty query, and caps the hits while counting them all', () => {
    expect(searchIndex(index, '   ').hits).toEqual([]);
    const all = searchIndex(index, 'shop', 2);
    expect(all.hits).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
  });

  it('is built once per workspace', () => {
    const ws = parseText(YAML).value;
    expect(searchIndexFor(ws)).toBe(searchIndexFor(ws));
  });

  it('matchEndpoints: every endpoint for an empty query, only endpoints, best name match first', () => {
    const refs = (q: string) => matchEndpoints(index, q).map((i) => index.entries[i]!.title);
    expect(refs('')).toEqual(['shop/api', 'shop/web-1', 'ops/webhook', '10.0.0.0/8', 'other addresses']);
    // No namespace or policy, though they match: only what Focus pod can focus.
    expect(refs('shop')).toEqual(['shop/api', 'shop/web-1']);
    // A label match ranks after a name match.
    expect(refs('web')).toEqual(['shop/web-1', 'ops/webhook']);
    expect(refs('app=hook')).toEqual(['ops/webhook']);
    expect(refs('tier=front shop')).toEqual(['shop/web-1']);
    expect(refs('nothing-like-this')).toEqual([]);
  });
});

describe('building the index in slices', () => {
  // 2,500 pods over 5 namespaces: more than two steps' worth of entries.
  const BIG = Array.from(
    { length: 2500 },
    (_, i) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: { name: p-${i}, namespace: ns-${i % 5}, labels: { app: a${i % 7} } }`,
  ).join('\n');
  const big = () => parseText(BIG).value;
  const manual = () => {
    const queue: { id: number; run: (d: { timeRemaining(): number; didTimeout: boolean }) => void }[] = [];
    let next = 1;
    return {
      queue,
      request(run: (d: { timeRemaining(): number; didTimeout: boolean }) => void) {
        queue.push({ id: next, run });
        return next++;
      },
      cancel(id: number) {
        const i = queue.findIndex((q) => q.id === id);
        if (i >= 0) queue.splice(i, 1);
      },
    };
  };

  it('pauses every ENTRIES_PER_STEP entries and before sorting, and builds the same index', () => {
    const ws = big();
    const steps = buildSearchIndexSteps(ws);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    const entries = ws.cluster.endpoints.length + ws.cluster.namespaces.length;
    expect(entries).toBeGreaterThan(2 * ENTRIES_PER_STEP);
    expect(pauses).toBe(Math.floor(entries / ENTRIES_PER_STEP) + 1);
    const whole = buildSearchIndex(ws);
    expect([...step.value.order]).toEqual([...whole.order]);
    expect(step.value.names).toEqual(whole.names);
    expect(searchIndex(step.value, 'a3 ns-2').total).toBe(searchIndex(whole, 'a3 ns-2').total);
  });

  it('when idle: one step per idle period that has no time left, then ready; a query meanwhile finishes it', () => {
    const ws = big();
    const idle = manual();
    let ready: unknown = null;
    buildSearchIndexWhenIdle(ws, (i) => (ready = i), idle);
    // An idle period with no time left (past its timeout) runs a single step.
    idle.queue.shift()!.run({ timeRemaining: () => 0, didTimeout: true });
    expect(ready).toBeNull();
    expect(idle.queue).toHaveLength(1);
    // A query that cannot wait resumes the same build and finishes it.
    const index = searchIndexFor(ws);
    expect(index.entries).toHaveLength(ws.cluster.endpoints.length + ws.cluster.namespaces.length);
    idle.queue.shift()!.run({ timeRemaining: () => 50, didTimeout: false });
    expect(ready).toBe(index);
    expect(idle.queue).toHaveLength(0);
  });

  it('when idle: stops when cancelled, and a time-boxed slice leaves the rest for the next period', () => {
    const ws = big();
    const idle = manual();
    let ready: unknown = null;
    let clock = 0;
    // Each step "takes" 5 ms: a slice stops after a few of them, well under a long task.
    const stop = buildSearchIndexWhenIdle(
      ws,
      (i) => (ready = i),
      idle,
      () => (clock += 5),
    );
    idle.queue.shift()!.run({ timeRemaining: () => 50, didTimeout: false });
    expect(ready).toBeNull();
    expect(idle.queue).toHaveLength(1);
    stop();
    expect(idle.queue).toHaveLength(0);
    // Started again, it completes over idle periods and hands over the index.
    buildSearchIndexWhenIdle(
      ws,
      (i) => (ready = i),
      idle,
      () => (clock += 1),
    );
    for (let n = 0; n < 20 && idle.queue.length; n++)
      idle.queue.shift()!.run({ timeRemaining: () => 50, didTimeout: false });
    expect(ready).toBe(searchIndexFor(ws));
  });
});
