import { describe, expect, it } from 'vitest';
import { parseText } from '../engine/index';
import { buildSearchIndex, matchEndpoints, searchIndex } from './searchIndex';
import { searchIndexFor } from './search';

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
