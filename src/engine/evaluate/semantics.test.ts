// Table tests written from the NetworkPolicy API reference (networking.k8s.io/v1) and the concepts page
// "Network Policies": each case quotes the sentence it checks, states a cluster in YAML and the verdicts.
import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/index';
import { evaluateConnection } from './evaluateConnection';
import { resolveRef } from './resolveRef';
import { analyze } from './analyze';
import { referenceAllowed } from './reference';
import { portSetHas } from '../match/ports';
import { formatVerdict } from '../explain/explainVerdict';
import type { EvaluateOptions, Protocol } from '../types';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {env: dev}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec:
  containers:
  - name: c
    ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]
status: {podIP: 10.1.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.1.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: prod, labels: {role: client}}
spec: {containers: [{name: c}]}
status: {podIP: 10.1.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: dev, labels: {role: client}}
spec: {containers: [{name: c}]}
status: {podIP: 10.2.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: dev, labels: {app: other}}
spec: {containers: [{name: c}]}
status: {podIP: 10.2.0.13}
`;

type Probe = [from: string, to: string, port: number | string, protocol: Protocol, allowed: boolean];

interface Case {
  name: string;
  policies: string;
  probes: Probe[];
  options?: EvaluateOptions;
}

function check(c: Case) {
  const parsed = parseText(`${CLUSTER}\n---\n${c.policies}`, 'case.yaml');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  for (const [fromRef, toRef, port, protocol, allowed] of c.probes) {
    let cluster = parsed.value.cluster;
    const from = resolveRef(cluster, fromRef);
    if (!from.ok) throw new Error(from.error);
    cluster = from.cluster;
    const to = resolveRef(cluster, toRef);
    if (!to.ok) throw new Error(to.error);
    cluster = to.cluster;
    const connection = { from: from.index, to: to.index, port, protocol };
    const verdict = evaluateConnection(cluster, connection, c.options);
    const label = `${fromRef} -> ${toRef} ${protocol}/${port}\n${formatVerdict(cluster, verdict)}`;
    expect(verdict.allowed, label).toBe(allowed);
    expect(referenceAllowed(cluster, connection, c.options), label).toBe(allowed);
    if (typeof port === 'number') {
      const analysis = analyze(cluster, c.options);
      expect(portSetHas(analysis.allowedPorts(from.index, to.index), protocol, port), label).toBe(allowed);
    }
  }
}

const CASES: Case[] = [
  {
    name: 'no policy: "By default, a pod is non-isolated for egress and ingress; all connections are allowed"',
    policies: '',
    probes: [
      ['prod/client', 'prod/web', 80, 'TCP', true],
      ['dev/other', 'prod/db', 5432, 'TCP', true],
      ['ip:203.0.113.5', 'prod/web', 80, 'UDP', true],
    ],
  },
  {
    name: 'default deny ingress: podSelector {} with no ingress rules isolates every pod of its namespace',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: prod}
spec:
  podSelector: {}
`,
    probes: [
      ['prod/client', 'prod/web', 8080, 'TCP', false],
      ['dev/client', 'prod/db', 5432, 'TCP', false],
      // policyTypes defaults to [Ingress] here, so egress from prod stays open.
      ['prod/web', 'dev/other', 80, 'TCP', true],
      // "traffic from a pod to itself is always allowed"
      ['prod/web', 'prod/web', 8080, 'TCP', true],
    ],
  },
  {
    name: '`ingress: []` admits nothing, `ingress: [{}]` admits everything (an empty rule matches all sources and ports)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: none, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: []
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - {}
`,
    probes: [
      ['prod/client', 'prod/web', 8080, 'TCP', false],
      ['prod/client', 'prod/db', 5432, 'TCP', true],
      ['dev/other', 'prod/db', 1, 'SCTP', true],
      ['ip:198.51.100.1', 'prod/db', 5432, 'TCP', true],
    ],
  },
  {
    name: 'a bare podSelector peer selects pods "in the same namespace as the NetworkPolicy"',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-clients, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchLabels: {role: client}}
`,
    probes: [
      ['prod/client', 'prod/db', 5432, 'TCP', true],
      ['dev/client', 'prod/db', 5432, 'TCP', false],
    ],
  },
  {
    name: 'namespaceSelector and podSelector in ONE peer: pods matching both (AND)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: and, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {env: dev}}
      podSelector: {matchLabels: {role: client}}
`,
    probes: [
      ['dev/client', 'prod/db', 5432, 'TCP', true],
      ['dev/other', 'prod/db', 5432, 'TCP', false],
      ['prod/client', 'prod/db', 5432, 'TCP', false],
    ],
  },
  {
    name: 'namespaceSelector and podSelector as TWO peers: either one (OR)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: or, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {env: dev}}
    - podSelector: {matchLabels: {role: client}}
`,
    probes: [
      ['dev/client', 'prod/db', 5432, 'TCP', true],
      ['dev/other', 'prod/db', 5432, 'TCP', true],
      ['prod/client', 'prod/db', 5432, 'TCP', true],
      ['prod/web', 'prod/db', 5432, 'TCP', false],
    ],
  },
  {
    name: 'namespaceSelector {} selects pods of every namespace, but no external address',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all-ns, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector: {}
`,
    probes: [
      ['dev/other', 'prod/db', 5432, 'TCP', true],
      ['ip:203.0.113.9', 'prod/db', 5432, 'TCP', false],
    ],
  },
  {
    name: 'kubernetes.io/metadata.name is on every namespace, declared or not',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: by-name, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [dev]}]
`,
    probes: [
      ['dev/other', 'prod/db', 5432, 'TCP', true],
      ['prod/client', 'prod/db', 5432, 'TCP', false],
    ],
  },
  {
    name: 'ports: a number, a named port resolved on the destination, endPort ranges, and protocol-only entries',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ports, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - ports:
    - port: http
    - port: 9000
      endPort: 9010
    - protocol: SCTP
    - port: dns
      protocol: UDP
`,
    probes: [
      ['prod/client', 'prod/web', 8080, 'TCP', true],
      ['prod/client', 'prod/web', 'http', 'TCP', true],
      ['prod/client', 'prod/web', 80, 'TCP', false],
      ['prod/client', 'prod/web', 9010, 'TCP', true],
      ['prod/client', 'prod/web', 9011, 'TCP', false],
      ['prod/client', 'prod/web', 9005, 'UDP', false],
      ['prod/client', 'prod/web', 7777, 'SCTP', true],
      ['prod/client', 'prod/web', 53, 'UDP', true],
      // "http" names a TCP port: the same name on UDP does not exist on the pod.
      ['prod/client', 'prod/web', 8080, 'UDP', false],
    ],
  },
  {
    name: 'ports lists that differ only in endPort are different lists (the analysis resolves each list once)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-9000, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 9000}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-9000-9010, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{ports: [{port: 9000, endPort: 9010}]}]
`,
    probes: [
      ['prod/client', 'prod/web', 9000, 'TCP', true],
      ['prod/client', 'prod/web', 9005, 'TCP', false],
      ['prod/client', 'prod/db', 9005, 'TCP', true],
      ['prod/client', 'prod/db', 9011, 'TCP', false],
    ],
  },
  {
    name: 'ipBlock with except; ipBlock also matches pod addresses (implementation-defined)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cidr, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.2.0.0/16]
`,
    probes: [
      ['ip:10.9.9.9', 'prod/web', 8080, 'TCP', true],
      ['ip:10.2.3.4', 'prod/web', 8080, 'TCP', false],
      ['ip:192.168.0.1', 'prod/web', 8080, 'TCP', false],
      ['prod/client', 'prod/web', 8080, 'TCP', true],
      ['dev/client', 'prod/web', 8080, 'TCP', false],
    ],
  },
  {
    name: 'policyTypes defaulting: egress rules without policyTypes isolate egress AND ingress',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-only-rules, namespace: dev}
spec:
  podSelector: {matchLabels: {role: client}}
  egress:
  - to:
    - namespaceSelector: {matchLabels: {env: prod}}
      podSelector: {matchLabels: {app: db}}
    ports: [{port: 5432}]
`,
    probes: [
      ['dev/client', 'prod/db', 5432, 'TCP', true],
      ['dev/client', 'prod/web', 8080, 'TCP', false],
      ['dev/client', 'dev/other', 80, 'TCP', false],
      // Ingress is in the inferred policyTypes and there are no ingress rules: dev/client accepts nothing.
      ['dev/other', 'dev/client', 80, 'TCP', false],
    ],
  },
  {
    name: 'policyTypes defaulting: `egress: []` without policyTypes does not isolate egress',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: empty-egress, namespace: dev}
spec:
  podSelector: {matchLabels: {role: client}}
  egress: []
`,
    probes: [
      ['dev/client', 'prod/db', 5432, 'TCP', true],
      ['dev/other', 'dev/client', 80, 'TCP', false],
    ],
  },
  {
    name: 'a connection needs egress at the source AND ingress at the destination',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: dev}
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-dev, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {env: dev}}}]
`,
    probes: [
      ['dev/client', 'prod/db', 5432, 'TCP', false],
      ['prod/client', 'prod/db', 5432, 'TCP', false],
      ['prod/client', 'prod/web', 8080, 'TCP', true],
    ],
  },
  {
    name: 'policies are additive: the union of the rules of every policy that selects a pod',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: prod}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
`,
    probes: [
      ['prod/web', 'prod/db', 5432, 'TCP', true],
      ['prod/web', 'prod/db', 5433, 'TCP', false],
      ['prod/client', 'prod/db', 1234, 'UDP', true],
    ],
  },
  {
    name: 'legacy (1.5-1.6 beta): policies only act in namespaces annotated DefaultDeny, which isolates every pod',
    options: { semantics: 'legacy' },
    policies: `
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  annotations:
    net.beta.kubernetes.io/network-policy: '{"ingress": {"isolation": "DefaultDeny"}}'
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: legacy, labels: {app: api}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: cache, namespace: legacy, labels: {app: cache}}
spec: {containers: [{name: c}]}
---
apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: legacy}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: cache}}}], ports: [{protocol: TCP, port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-in-prod, namespace: prod}
spec:
  podSelector: {}
`,
    probes: [
      ['legacy/cache', 'legacy/api', 80, 'TCP', true],
      ['legacy/cache', 'legacy/api', 81, 'TCP', false],
      ['legacy/api', 'legacy/cache', 80, 'TCP', false],
      // prod has no annotation: its policy has no effect under the legacy semantics.
      ['prod/client', 'prod/db', 5432, 'TCP', true],
    ],
  },
];

describe('NetworkPolicy semantics (API documentation)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));

  it('explains a denial naming the isolating policy, in the words of the docs', () => {
    const parsed = parseText(
      `${CLUSTER}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow, namespace: prod}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: db}}}]}]\n`,
    );
    const cluster = parsed.value.cluster;
    const from = resolveRef(cluster, 'prod/client');
    const to = resolveRef(cluster, 'prod/web');
    if (!from.ok || !to.ok) throw new Error('refs');
    const text = formatVerdict(
      cluster,
      evaluateConnection(cluster, { from: from.index, to: to.index, port: 80, protocol: 'TCP' }),
    );
    expect(text).toContain(
      'Ingress denied: NetworkPolicy prod/allow selects prod/web, but no ingress rule admits prod/client on TCP 80',
    );
    expect(text).toContain('Egress allowed: no NetworkPolicy selects prod/client for egress');
  });

  it('with a plugin that does not enforce policies, a denied connection is allowed but marked as would-be-denied', () => {
    const parsed = parseText(
      `${CLUSTER}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: prod}\nspec: {podSelector: {}}\n`,
    );
    const cluster = parsed.value.cluster;
    const from = resolveRef(cluster, 'dev/client');
    const to = resolveRef(cluster, 'prod/web');
    if (!from.ok || !to.ok) throw new Error('refs');
    const verdict = evaluateConnection(
      cluster,
      { from: from.index, to: to.index, port: 80, protocol: 'TCP' },
      { enforced: false },
    );
    expect(verdict.allowed).toBe(true);
    expect(verdict.wouldBeAllowed).toBe(false);
    expect(formatVerdict(cluster, verdict)).toContain('does not enforce NetworkPolicy');
  });
});
