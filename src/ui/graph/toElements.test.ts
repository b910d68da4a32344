import { describe, expect, it } from 'vitest';
import { analyze, parseText } from '../../engine/index';
import { toElements, type GraphOptions } from './toElements';
import { parseLabelFilter } from './labelFilter';

const YAML = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: x}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: '<b>db</b>', namespace: a, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

const base: GraphOptions = {
  namespaceFilter: '',
  labelSelector: null,
  port: null,
  protocol: 'TCP',
  selected: null,
  showDenied: false,
  enforced: true,
};

function model(options: Partial<GraphOptions> = {}) {
  const ws = parseText(YAML).value;
  return toElements(ws, analyze(ws.cluster), { ...base, ...options });
}

describe('toElements', () => {
  it('draws namespaces as parents, pods inside, allowed edges with their ports, and isolation marks', () => {
    const m = model();
    const byId = new Map(m.elements.map((e) => [e.data.id, e]));
    expect(byId.get('ns:a')!.data.label).toBe('a  ·  team=x');
    expect(byId.get('ep:1')!.data).toMatchObject({
      parent: 'ns:a',
      label: '<b>db</b>\n⊘ ingress',
      isoIn: true,
      isoOut: false,
    });
    expect(byId.get('ep:1')!.classes).toContain('iso-in');
    expect(byId.get('e:0-1')!.data.label).toBe('TCP 5432');
    expect(byId.get('e:1-0')!.data.label).toBe('');
    expect(m.elements.filter((e) => e.group === 'edges')).toHaveLength(2);
  });

  it('filters by port, namespace and label selector', () => {
    expect(
      model({ port: 80 })
        .elements.filter((e) => e.group === 'edges')
        .map((e) => e.data.id),
    ).toEqual(['e:1-0']);
    expect(model({ namespaceFilter: 'other' }).elements).toEqual([]);
    const sel = parseLabelFilter('app in (web)');
    expect(sel && !('error' in sel)).toBe(true);
    const m = model({ labelSelector: sel as never });
    expect(m.elements.filter((e) => e.group === 'nodes').map((e) => e.data.id)).toEqual(['ns:a', 'ep:0']);
  });

  it('shows denied connections of the selected pod dashed, or as would-be-denied without enforcement', () => {
    const denied = model({ selected: 1, showDenied: true, port: 80 }).elements.filter(
      (e) => e.data.allowed === false,
    );
    expect(denied.map((e) => [e.data.id, e.classes, e.data.label])).toEqual([
      ['d:0-1', 'denied', '✕ denied'],
    ]);
    const flannel = model({ selected: 1, showDenied: true, port: 80, enforced: false }).elements.filter(
      (e) => e.data.allowed === false,
    );
    expect(flannel[0]!.classes).toBe('would-deny');
  });

  it('aggregates to namespaces beyond the size limits', () => {
    const m = model({ maxNodes: 1 });
    expect(m.aggregated).toBe(true);
    expect(m.elements.find((e) => e.data.id === 'ns:a')!.data.label).toBe('a\n2 pods');
  });
});

describe('parseLabelFilter', () => {
  it.each([
    ['app=web', { matchLabels: { app: 'web' }, matchExpressions: [] }],
    [
      'tier in (a, b),!legacy',
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
    ],
    [
      'env!=prod,team',
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'team', operator: 'Exists', values: [] },
        ],
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseLabelFilter(text)).toEqual(expected);
  });
  it('says what is wrong', () => {
    expect(parseLabelFilter('app ~ web')).toMatchObject({ error: expect.stringContaining('cannot read') });
    expect(parseLabelFilter('  ')).toBeNull();
  });
});
