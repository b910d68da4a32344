import { describe, expect, it } from 'vitest';
import { analyze, diffAnalyses, parseText } from '../engine/index';
import { writeDiff, type DiffFormat } from './diffFormat';

const BASE = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}, {port: 9000, endPort: 9100, protocol: UDP}]}]
`;
const AFTER = `${BASE.replace('{port: 5432}, ', '')}---
apiVersion: v1
kind: Pod
metadata: {name: cache, namespace: shop}
`;

function print(format: DiffFormat): string {
  const read = (text: string) => {
    const cluster = parseText(text).value.cluster;
    return { cluster, analysis: analyze(cluster) };
  };
  const before = read(BASE);
  const diff = diffAnalyses(before, read(AFTER));
  let out = '';
  writeDiff(before.cluster, diff, format, (t) => (out += t));
  return out;
}

describe('netpol-lab diff printers', () => {
  it('json: one change per ordered pair, ports as protocol/port/endPort (DESIGN 2.3)', () => {
    const json = JSON.parse(print('json'));
    expect(json).toEqual({
      changes: [
        {
          from: 'shop/web',
          to: 'shop/db',
          added: [],
          removed: [{ protocol: 'TCP', port: 5432, endPort: 5432 }],
        },
      ],
      endpointsAdded: ['shop/cache'],
      endpointsRemoved: [],
    });
  });

  it('text: a line per opened or closed pair, the endpoints, and a count', () => {
    expect(print('text')).toBe(
      '- shop/web -> shop/db: TCP 5432\n+ endpoint shop/cache\n0 connection(s) opened, 1 closed, 1 endpoint(s) added, 0 removed\n',
    );
  });

  it('md: a table a pull request comment can show', () => {
    expect(print('md')).toContain('| shop/web | shop/db |  | TCP 5432 |');
  });
});
