// Invalid values refuse the whole object, as the API server refuses it (DESIGN 2.3): each case is an
// error at the value, with its code, saying that the object is not applied; the object is missing from
// the cluster while its neighbours in the same file are applied. Every case runs on both read paths
// (the `yaml` Document API and the bulk reader), in YAML and as a JSON List, which must agree.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseText } from './parseWorkspace';
import type { Diagnostic, Workspace } from '../types';

type Case = {
  name: string;
  /** Lines under `spec:` of NetworkPolicy n/bad (two-space indented). */
  spec: string;
  code: string;
  /** Line of the finding in the YAML text. */
  line: number;
  /** The text the finding points at in YAML (in JSON: the same value, as JSON writes it). */
  token: string;
  /** What the finding's text holds in JSON, when not the token without quotes. */
  jsonToken?: string;
  says: string;
};

const ingressPeer = (peer: string) => `  ingress:\n  - from:\n    - ${peer}`;
const ingressPort = (port: string) => `  ingress:\n  - ports:\n    - ${port}`;

const CASES: Case[] = [
  {
    name: 'a bad CIDR',
    spec: ingressPeer('ipBlock: {cidr: 10.0.0.0/33}'),
    code: 'cidr-syntax',
    line: 8,
    token: '10.0.0.0/33',
    says: 'invalid CIDR "10.0.0.0/33"',
  },
  {
    name: 'a CIDR without a prefix length',
    spec: ingressPeer('ipBlock: {cidr: 10.0.0.1}'),
    code: 'cidr-syntax',
    line: 8,
    token: '10.0.0.1',
    says: 'invalid CIDR "10.0.0.1"',
  },
  {
    name: 'an except outside the CIDR',
    spec: ingressPeer('ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}'),
    code: 'except-outside-cidr',
    line: 8,
    token: '10.1.0.0/24',
    says: 'except "10.1.0.0/24" must be a strict subset of cidr "10.0.0.0/16"',
  },
  {
    name: 'an except equal to the CIDR',
    spec: ingressPeer('ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}'),
    code: 'except-outside-cidr',
    line: 8,
    token: '10.0.0.0/16',
    says: 'except "10.0.0.0/16" must be a strict subset of cidr "10.0.0.0/16"',
  },
  {
    name: 'an unknown operator',
    spec: ingressPeer('podSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}'),
    code: 'selector-operator',
    line: 8,
    token: 'Equals',
    says: 'invalid selector operator "Equals"',
  },
  {
    name: 'an unknown operator, in block style',
    spec: '  egress:\n  - to:\n    - namespaceSelector:\n        matchExpressions:\n        - {key: a, operator: in, values: [b]}',
    code: 'selector-operator',
    line: 10,
    token: 'in',
    says: 'invalid selector operator "in"',
  },
  {
    name: 'In without values',
    spec: ingressPeer('namespaceSelector: {matchExpressions: [{key: a, operator: In}]}'),
    code: 'selector-values',
    line: 8,
    token: 'operator',
    says: 'operator In needs a non-empty values list',
  },
  {
    name: 'a label key with a space in a selector',
    spec: ingressPeer('podSelector: {matchLabels: {"a b": x}}'),
    code: 'label-key',
    line: 8,
    token: '"a b"',
    says: 'invalid label key "a b"',
  },
  {
    name: 'an empty peer',
    spec: ingressPeer('{}'),
    code: 'peer-empty',
    line: 8,
    token: '{}',
    says: 'a peer must set podSelector, namespaceSelector or ipBlock',
  },
  {
    name: 'port 0',
    spec: ingressPort('{port: 0}'),
    code: 'port-range',
    line: 8,
    token: '0',
    says: 'port 0 is out of range 1-65535',
  },
  {
    name: 'port 65536',
    spec: ingressPort('{port: 65536}'),
    code: 'port-range',
    line: 8,
    token: '65536',
    says: 'port 65536 is out of range 1-65535',
  },
  {
    name: 'endPort 65536',
    spec: ingressPort('{port: 80, endPort: 65536}'),
    code: 'port-range',
    line: 8,
    token: '65536',
    says: 'port 65536 is out of range 1-65535',
  },
  {
    name: 'endPort below port',
    spec: ingressPort('{port: 90, endPort: 80}'),
    code: 'endport-below-port',
    line: 8,
    token: '80',
    says: 'endPort 80 is below port 90',
  },
  {
    name: 'endPort with a named port',
    spec: ingressPort('{port: http, endPort: 8080}'),
    code: 'endport-named',
    line: 8,
    token: '8080',
    says: 'endPort requires a numeric port, not "http"',
  },
  {
    name: 'endPort without port',
    spec: ingressPort('{endPort: 8080}'),
    code: 'endport-without-port',
    line: 8,
    token: '8080',
    says: 'endPort requires port',
  },
  {
    name: 'a bad port name',
    spec: ingressPort('{port: Not_A_Name}'),
    code: 'port-name',
    line: 8,
    token: 'Not_A_Name',
    says: 'invalid named port "Not_A_Name"',
  },
  {
    name: 'a bad protocol',
    spec: ingressPort('{protocol: ICMP, port: 1}'),
    code: 'protocol-unknown',
    line: 8,
    token: 'ICMP',
    says: 'unsupported protocol "ICMP"',
  },
  {
    name: 'a policyTypes typo',
    spec: '  policyTypes: [Ingress, Egres]',
    code: 'policy-types-unknown',
    line: 6,
    token: 'Egres',
    says: 'unknown policyType "Egres": must be Ingress or Egress',
  },
  {
    name: 'a stray colon in policyTypes',
    spec: '  policyTypes:\n  - Egress:',
    code: 'policy-types-stray-colon',
    line: 7,
    token: 'Egress:',
    jsonToken: 'Egress',
    says: 'policyTypes item "Egress:" has a stray colon',
  },
];

const yamlOf = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: n}\nspec:\n  podSelector: {}\n${spec}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ok, namespace: n}\nspec:\n  podSelector: {}\n  ingress: [{}]\n`;

/** The same objects as `kubectl get -o json` prints them: a List, two-space indented. */
const jsonOf = (yaml: string) =>
  JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: parseAllDocuments(yaml).map((d) => (d as { toJS(): unknown }).toJS()),
    },
    null,
    2,
  );

const applied = (w: Workspace) => w.cluster.policies.map((p) => p.name);
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('an invalid value refuses its whole NetworkPolicy, as kubectl apply is refused', () => {
  it.each(CASES)('$name: an error at the value, on both read paths, in YAML and JSON', (c) => {
    const yaml = yamlOf(c.spec);
    const json = jsonOf(yaml);
    const seen: Record<string, Diagnostic> = {};
    for (const [format, text] of [
      ['yaml', yaml],
      ['json', json],
    ] as const)
      for (const fast of [false, true]) {
        const where = `${format}, ${fast ? 'bulk' : 'document'} path`;
        const { value, diagnostics } = parseText(text, `x.${format}`, { fast });
        expect(
          errors(diagnostics).map((d) => d.code),
          where,
        ).toEqual([c.code]);
        const d = errors(diagnostics)[0]!;
        expect(d.message, where).toContain(c.says);
        expect(d.message.endsWith('; NetworkPolicy n/bad is not applied'), d.message).toBe(true);
        expect(d.fileName).toBe(`x.${format}`);
        const at = text.slice(d.range!.offset, d.range!.endOffset);
        if (format === 'yaml') {
          expect(d.range!.line, where).toBe(c.line);
          expect(at, where).toBe(c.token);
        } else expect(at, where).toContain(c.jsonToken ?? c.token.replace(/^"|"$/g, ''));
        // Line and column agree with the offset.
        expect(text.split('\n')[d.range!.line - 1]!.slice(d.range!.col - 1), where).toBe(
          text.slice(d.range!.offset).split('\n')[0],
        );
        // The whole policy is refused; the other one in the same file is applied.
        expect(applied(value), where).toEqual(['ok']);
        const previous = seen[format];
        if (previous) expect(d, `${format}: both paths agree`).toEqual(previous);
        seen[format] = d;
      }
  });

  it('refuses a policy with several invalid values once, reporting each', () => {
    const { value, diagnostics } = parseText(
      yamlOf(`${ingressPeer('ipBlock: {cidr: 300.0.0.0/8}')}\n    ports: [{port: 0}, {protocol: ICMP}]`),
    );
    expect(errors(diagnostics).map((d) => d.code)).toEqual(['cidr-syntax', 'port-range', 'protocol-unknown']);
    expect(applied(value)).toEqual(['ok']);
    // Its pods are not isolated by it: nothing of a refused policy is evaluated.
    expect(value.cluster.policies.every((p) => p.name !== 'bad')).toBe(true);
  });

  it('refuses a Pod with an invalid container port and a Service with an invalid port, not their neighbours', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: n}
spec:
  containers:
  - name: c
    ports: [{containerPort: 0}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: n}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: n}
spec:
  ports: [{port: 70000}]
`;
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(text, 'x.yaml', { fast });
      expect(errors(diagnostics).map((d) => [d.code, d.range!.line, d.message])).toEqual([
        ['port-range', 7, 'port 0 is out of range 1-65535; Pod n/web is not applied'],
        ['port-range', 17, 'port 70000 is out of range 1-65535; Service n/web is not applied'],
      ]);
      expect(value.cluster.endpoints.map((e) => e.ref)).toEqual(['n/db']);
      expect(value.cluster.services).toEqual([]);
    }
  });

  it('refuses an AdminNetworkPolicy with an invalid CIDR, saying so', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: [10.0.0.0/33]
`;
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(text, 'x.yaml', { fast });
      expect(errors(diagnostics).map((d) => [d.code, d.range!.line, d.message])).toEqual([
        ['cidr-syntax', 10, 'invalid CIDR "10.0.0.0/33"; AdminNetworkPolicy a is not applied'],
      ]);
      expect(value.cluster.adminPolicies).toEqual([]);
    }
  });
});
