import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { parseText } from '../../engine/index';
import { manifestSchema } from './schema';

// The editor validates with monaco-yaml (JSON schema draft-07); Ajv checks the same schema here.
const validate = new Ajv({ strict: false, allErrors: true }).compile(manifestSchema);
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as unknown);

const FIXTURES = 'fixtures/network-policy-api';
const fixtureDocs = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.split('/').pop()!.startsWith('expect'))
  .flatMap((f) => docsOf(readFileSync(join(FIXTURES, f), 'utf8')));

const CNP = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Admin
  priority: 5
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - {name: no-web, action: Deny, from: [{namespaces: {matchLabels: {team: web}}}], protocols: [{tcp: {destinationPort: {number: 5432}}}, {destinationNamedPort: pg}]}
  egress:
  - action: Pass
    to: [{networks: [10.0.0.0/8]}, {nodes: {}}]
    protocols: [{udp: {destinationPort: {range: {start: 53, end: 54}}}}]
`;

describe('editor schema for the cluster-scoped policies', () => {
  it('accepts every AdminNetworkPolicy and BaselineAdminNetworkPolicy of the conformance fixtures', () => {
    const admin = fixtureDocs.filter((d) =>
      /AdminNetworkPolicy$/.test(String((d as { kind?: string }).kind)),
    );
    expect(admin.length).toBeGreaterThanOrEqual(4);
    for (const doc of fixtureDocs) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a ClusterNetworkPolicy the engine reads without error', () => {
    expect(parseText(CNP).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [doc] = docsOf(CNP);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  // Each mistake is one the engine refuses too (strict field validation), checked alongside.
  it.each([
    ['v1alpha1 ports in a ClusterNetworkPolicy', CNP.replace('protocols: [{tcp', 'ports: [{tcp')],
    ['the v1alpha1 action Allow in a ClusterNetworkPolicy', CNP.replace('action: Deny', 'action: Allow')],
    ['a missing priority', CNP.replace('  priority: 5\n', '')],
    ['a priority above 1000', CNP.replace('priority: 5', 'priority: 1001')],
    ['an unknown tier', CNP.replace('tier: Admin', 'tier: Developer')],
    [
      'a peer with two fields',
      CNP.replace('[{networks: [10.0.0.0/8]}', '[{networks: [10.0.0.0/8], nodes: {}}'),
    ],
    ['a subject with both fields', CNP.replace('subject: {pods:', 'subject: {namespaces: {}, pods:')],
    [
      'nodes as an ingress peer',
      CNP.replace('from: [{namespaces: {matchLabels: {team: web}}}]', 'from: [{nodes: {}}]'),
    ],
    [
      'Pass in a BaselineAdminNetworkPolicy',
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Pass, from: [{namespaces: {}}]}]
`,
    ],
    [
      'a BaselineAdminNetworkPolicy not named default',
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: mine}
spec:
  subject: {namespaces: {}}
`,
    ],
    [
      'an AdminNetworkPolicy with v1alpha2 protocols',
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}]
`,
    ],
  ])('flags %s', (_what, text) => {
    const [doc] = docsOf(text);
    expect(validate(doc)).toBe(false);
    expect(parseText(text).diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('keys each kind to its apiVersion', () => {
    // The engine reads a ClusterNetworkPolicy whatever its version; the editor says which one it is.
    const [doc] = docsOf(CNP.replace('v1alpha2', 'v1alpha1'));
    expect(validate(doc)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/apiVersion')).toBe(true);
  });
});
