import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/index';
import { lintWorkspace } from './lintWorkspace';

const cluster = `
apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {team: app}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: pg, namespace: db, labels: {app: pg}}
`;
const anp = (name: string, priority: number, tier: string, rule: string) => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {team: app}}}
  egress: [${rule}]
`;
const codes = (text: string) =>
  lintWorkspace(parseText(text).value)
    .filter((d) => d.code === 'lint-admin-same-priority')
    .map((d) => d.message);

describe('lint of same-priority admin policies (their order is undefined by the API)', () => {
  it('reports two policies of one tier and priority that match a common connection', () => {
    const found = codes(
      [
        cluster,
        anp('allow-db', 5, 'Admin', '{action: Accept, to: [{namespaces: {}}]}'),
        anp(
          'deny-db',
          5,
          'Admin',
          '{action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: pg}}}}]}',
        ),
      ].join('\n---\n'),
    );
    expect(found).toEqual([
      'ClusterNetworkPolicy allow-db (priority 5, Admin tier) and ClusterNetworkPolicy deny-db have the same priority 5 in the Admin tier and both match some connection (app/web -> db/pg): the API leaves their order undefined, so implementations may decide it either way',
    ]);
  });

  it('stays quiet for distinct priorities, other tiers, disjoint peers or disjoint ports', () => {
    const accept =
      '{action: Accept, to: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}';
    expect(
      codes([cluster, anp('a', 5, 'Admin', accept), anp('b', 6, 'Admin', accept)].join('\n---\n')),
    ).toEqual([]);
    expect(
      codes([cluster, anp('a', 5, 'Admin', accept), anp('b', 5, 'Baseline', accept)].join('\n---\n')),
    ).toEqual([]);
    const other = '{action: Deny, to: [{namespaces: {matchLabels: {team: none}}}]}';
    expect(
      codes([cluster, anp('a', 5, 'Admin', accept), anp('b', 5, 'Admin', other)].join('\n---\n')),
    ).toEqual([]);
    const port443 =
      '{action: Deny, to: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 443}}}]}';
    expect(
      codes([cluster, anp('a', 5, 'Admin', accept), anp('b', 5, 'Admin', port443)].join('\n---\n')),
    ).toEqual([]);
  });
});
