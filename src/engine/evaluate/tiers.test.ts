// Table tests of the cluster-scoped tiers, written from the network-policy API (sigs.k8s.io/network-policy-api):
// the doc comments of apis/v1alpha1 (AdminNetworkPolicy, BaselineAdminNetworkPolicy), apis/v1alpha2
// (ClusterNetworkPolicy) and site-src/api-overview.md. Each case quotes the sentence of issue #21's
// semantics it checks (src/engine/README.md gives each one's source), states the policies in YAML and
// the verdicts, which evaluateConnection, the reference evaluator and the fast evaluator must all give.
import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/index';
import { evaluateConnection } from './evaluateConnection';
import { resolveRef } from './resolveRef';
import { analyze } from './analyze';
import { referenceAllowed } from './reference';
import { portSetHas } from '../match/ports';
import { formatVerdict } from '../explain/explainVerdict';
import type { Protocol } from '../types';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {team: app}}
---
apiVersion: v1
kind: Namespace
metadata: {name: db, labels: {sensitive: "true"}}
---
apiVersion: v1
kind: Namespace
metadata: {name: mon, labels: {team: mon}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.1.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: app, labels: {app: api}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
status: {podIP: 10.1.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: pg, namespace: db, labels: {app: pg}}
spec: {containers: [{name: c, ports: [{name: sql, containerPort: 5432}]}]}
status: {podIP: 10.2.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: prom, namespace: mon, labels: {app: prom}}
spec: {containers: [{name: c}]}
status: {podIP: 10.3.0.10}
---
apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 192.168.0.11}, {type: Hostname, address: worker-1}]}
---
apiVersion: v1
kind: Node
metadata: {name: cp-1, labels: {role: control-plane}}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: mon, labels: {app: agent}}
spec: {hostNetwork: true, nodeName: worker-1, containers: [{name: c, ports: [{name: metrics, containerPort: 9100}]}]}
`;

type Probe = [from: string, to: string, port: number | string, protocol: Protocol, allowed: boolean];

interface Case {
  name: string;
  policies: string;
  probes: Probe[];
}

function check(c: Case) {
  const parsed = parseText(`${CLUSTER}\n---\n${c.policies}`, 'case.yaml');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  // Every admin policy of the case was read (none dropped as invalid).
  expect(parsed.value.cluster.adminPolicies!.length).toBe(
    (c.policies.match(/kind: (Admin|BaselineAdmin|Cluster)NetworkPolicy\n/g) ?? []).length,
  );
  for (const [fromRef, toRef, port, protocol, allowed] of c.probes) {
    let cluster = parsed.value.cluster;
    const from = resolveRef(cluster, fromRef);
    if (!from.ok) throw new Error(from.error);
    cluster = from.cluster;
    const to = resolveRef(cluster, toRef);
    if (!to.ok) throw new Error(to.error);
    cluster = to.cluster;
    const connection = { from: from.index, to: to.index, port, protocol };
    const verdict = evaluateConnection(cluster, connection);
    const label = `${fromRef} -> ${toRef} ${protocol}/${port}\n${formatVerdict(cluster, verdict)}`;
    expect(verdict.allowed, label).toBe(allowed);
    expect(referenceAllowed(cluster, connection), label).toBe(allowed);
    if (typeof port === 'number') {
      const analysis = analyze(cluster);
      expect(portSetHas(analysis.allowedPorts(from.index, to.index), protocol, port), label).toBe(allowed);
    }
  }
}

const anp = (name: string, priority: number, body: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
${body}`;
const banp = (body: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
${body}`;
const cnp = (name: string, tier: string, priority: number, body: string) => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
${body}`;
const np = (name: string, ns: string, body: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}`;
const docs = (...d: string[]) => d.join('\n---\n');

const DB_SUBJECT = `  subject:
    namespaces: {matchLabels: {sensitive: "true"}}`;
const FROM_APP = `    from: [{namespaces: {matchLabels: {team: app}}}]`;

const CASES: Case[] = [
  {
    name: 'Order: "the admin tier by priority (lower number first)": priority 5 Deny beats priority 10 Allow',
    policies: docs(
      anp(
        'allow-app',
        10,
        `${DB_SUBJECT}\n  ingress:\n  - {action: Allow, from: [{namespaces: {matchLabels: {team: app}}}]}`,
      ),
      anp(
        'deny-app',
        5,
        `${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {team: app}}}]}`,
      ),
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', false],
      ['mon/prom', 'db/pg', 5432, 'TCP', true],
    ],
  },
  {
    name: 'Order: "rules in order within a policy; the first matching rule decides"',
    policies: anp(
      'ordered',
      1,
      `${DB_SUBJECT}\n  ingress:\n  - {name: allow-web, action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}\n  - {name: deny-app, action: Deny, from: [{namespaces: {matchLabels: {team: app}}}]}`,
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['app/api', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: 'Order: "then NetworkPolicy, then the baseline tier": a NetworkPolicy allow beats a baseline Deny',
    policies: docs(
      np(
        'allow-web',
        'db',
        `  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: app}}, podSelector: {matchLabels: {app: web}}}]}]`,
      ),
      banp(`${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}`),
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      // NetworkPolicy selects pg for ingress and decides: api is not admitted.
      ['app/api', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: 'Order: "traffic no tier decides is allowed"',
    policies: docs(
      anp(
        'deny-mon',
        1,
        `${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {team: mon}}}]}`,
      ),
      banp(`${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {team: mon}}}]}`),
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['mon/prom', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: 'Pass "skips the rest of its tier: from the admin tier to NetworkPolicy"',
    policies: docs(
      anp(
        'pass-app',
        1,
        `${DB_SUBJECT}\n  ingress:\n  - {action: Pass, from: [{namespaces: {matchLabels: {team: app}}}]}`,
      ),
      anp('deny-all', 2, `${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}`),
      np(
        'only-web',
        'db',
        `  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]}]`,
      ),
    ),
    probes: [
      // Passed to NetworkPolicy, which admits web and not api; the lower-priority Deny is skipped.
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['app/api', 'db/pg', 5432, 'TCP', false],
      // Not passed: the Deny at priority 2 decides.
      ['mon/prom', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: 'Pass skips the rest of its tier "from the baseline tier to the default"',
    policies: docs(
      cnp(
        'pass-app',
        'Baseline',
        1,
        `${DB_SUBJECT}\n  ingress:\n  - {action: Pass, from: [{namespaces: {matchLabels: {team: app}}}]}`,
      ),
      banp(`${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}`),
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['mon/prom', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: '"A NetworkPolicy that selects a pod makes the final decision for it in its direction; baseline rules never apply then"',
    policies: docs(
      np('ingress-only', 'db', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]`),
      banp(
        `${DB_SUBJECT}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n  egress:\n  - {action: Deny, to: [{namespaces: {matchLabels: {team: mon}}}]}`,
      ),
    ),
    probes: [
      // Ingress at pg: NetworkPolicy selects it and admits all; the baseline Deny never applies.
      ['mon/prom', 'db/pg', 5432, 'TCP', true],
      // Egress from pg: no NetworkPolicy selects it for egress, so the baseline decides.
      ['db/pg', 'mon/prom', 80, 'TCP', false],
      ['db/pg', 'app/web', 8080, 'TCP', true],
    ],
  },
  {
    name: '"Admin rules do not isolate: traffic they do not match goes on to the next tier"',
    policies: anp('allow-app', 1, `${DB_SUBJECT}\n  ingress:\n  - {action: Allow, ${FROM_APP.trim()}}`),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['mon/prom', 'db/pg', 5432, 'TCP', true],
    ],
  },
  {
    name: '"Ingress is decided at the destination, egress at the source; both must allow. An egress Accept still needs the destination\'s ingress to allow"',
    policies: docs(
      anp(
        'web-out',
        1,
        `  subject:\n    pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}\n  egress:\n  - {action: Allow, to: [{namespaces: {}}]}`,
      ),
      np('deny-all', 'db', `  podSelector: {}`),
      np('deny-egress', 'app', `  podSelector: {}\n  policyTypes: [Egress]`),
    ),
    probes: [
      // The egress Accept at web skips web's egress NetworkPolicy, but pg's ingress denies.
      ['app/web', 'db/pg', 5432, 'TCP', false],
      ['app/web', 'mon/prom', 80, 'TCP', true],
      // api has no admin Accept: its egress NetworkPolicy denies.
      ['app/api', 'mon/prom', 80, 'TCP', false],
    ],
  },
  {
    name: 'Subjects: `namespaces` selects every pod of the namespaces, `pods` the matching pods in them',
    policies: docs(
      anp(
        'ns-subject',
        1,
        `  subject:\n    namespaces: {matchLabels: {team: app}}\n  egress:\n  - {action: Deny, to: [{namespaces: {matchLabels: {team: mon}}}]}`,
      ),
      anp(
        'pod-subject',
        2,
        `  subject:\n    pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: pg}}}\n  egress:\n  - {action: Deny, to: [{namespaces: {matchLabels: {team: app}}}]}`,
      ),
    ),
    probes: [
      ['app/web', 'mon/prom', 80, 'TCP', false],
      ['app/api', 'mon/prom', 80, 'TCP', false],
      ['db/pg', 'app/web', 8080, 'TCP', false],
      ['mon/prom', 'app/web', 8080, 'TCP', true],
    ],
  },
  {
    name: 'Peers: `nodes` by node labels "selects the nodeIPs ... in node.Status.Addresses"; a host-network pod matches by its node',
    policies: anp(
      'no-workers',
      1,
      `  subject:\n    namespaces: {}\n  egress:\n  - {action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]}`,
    ),
    probes: [
      ['app/web', 'ip:192.168.0.11', 10250, 'TCP', false],
      ['app/web', 'mon/agent', 9100, 'TCP', false],
      ['app/web', 'ip:192.168.0.1', 6443, 'TCP', true],
      ['app/web', 'mon/prom', 80, 'TCP', true],
    ],
  },
  {
    name: 'Peers: `networks` CIDRs, "cluster-internal traffic will be checked against the rule as well" (pod IPs match)',
    policies: anp(
      'no-10-2',
      1,
      `  subject:\n    namespaces: {matchLabels: {team: app}}\n  egress:\n  - {action: Deny, to: [{networks: [10.2.0.0/16, 203.0.113.0/24]}]}`,
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', false],
      ['app/web', 'ip:203.0.113.9', 443, 'TCP', false],
      ['app/web', 'mon/prom', 80, 'TCP', true],
      ['app/web', 'ip:198.51.100.1', 443, 'TCP', true],
    ],
  },
  {
    name: 'Ports: `portNumber`, `portRange` and `namedPort` (resolved on the destination pod)',
    policies: anp(
      'ports',
      1,
      `  subject:\n    namespaces: {}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    ports:\n    - portNumber: {protocol: TCP, port: 5432}\n    - portRange: {protocol: UDP, start: 1000, end: 2000}\n    - namedPort: http`,
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', false],
      ['app/web', 'db/pg', 5433, 'TCP', true],
      ['app/web', 'db/pg', 1500, 'UDP', false],
      ['app/web', 'db/pg', 1500, 'TCP', true],
      ['app/web', 'app/api', 9090, 'TCP', false],
      ['app/web', 'app/api', 8080, 'TCP', true],
      ['app/api', 'app/web', 'http', 'TCP', false],
    ],
  },
  {
    name: '"Host-network pods are never subjects and match only nodes/networks peers by their node\'s address"',
    policies: docs(
      anp(
        'deny-all',
        1,
        `  subject:\n    namespaces: {}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n  egress:\n  - {action: Deny, to: [{namespaces: {}}]}`,
      ),
    ),
    probes: [
      // agent is host-network: not a subject, so its own ingress/egress are not decided by the policy...
      ['mon/agent', 'mon/agent', 9100, 'TCP', true],
      // ...and it is not among the `namespaces: {}` peers: pods may reach it, it may reach nothing that denies.
      ['app/web', 'mon/agent', 9100, 'TCP', true],
      ['mon/agent', 'app/web', 8080, 'TCP', true],
      ['app/web', 'db/pg', 5432, 'TCP', false],
    ],
  },
  {
    name: 'ClusterNetworkPolicy: tiers Admin and Baseline, actions Accept, Deny and Pass, `protocols` ports',
    policies: docs(
      cnp(
        'admin-accept-web',
        'Admin',
        10,
        `${DB_SUBJECT}\n  ingress:\n  - action: Accept\n    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]\n    protocols: [{tcp: {destinationPort: {number: 5432}}}]`,
      ),
      np('deny-all', 'db', `  podSelector: {}`),
      cnp(
        'baseline-deny-mon',
        'Baseline',
        10,
        `  subject:\n    namespaces: {matchLabels: {team: app}}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {matchLabels: {team: mon}}}]\n    protocols: [{tcp: {destinationPort: {range: {start: 8000, end: 8999}}}}, {destinationNamedPort: http}]`,
      ),
    ),
    probes: [
      ['app/web', 'db/pg', 5432, 'TCP', true],
      ['app/web', 'db/pg', 5433, 'TCP', false],
      ['mon/prom', 'app/web', 8080, 'TCP', false],
      ['mon/prom', 'app/api', 9090, 'TCP', false],
      ['mon/prom', 'app/api', 9091, 'TCP', true],
    ],
  },
];

describe('cluster-scoped tiers (network-policy API documentation)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));

  it('explains the deciding tier, policy, priority and rule, and that NetworkPolicy was not consulted', () => {
    const parsed = parseText(
      `${CLUSTER}\n---\n${anp('sensitive-ns', 10, `  subject:\n    namespaces: {matchLabels: {team: app}}\n  egress:\n  - {name: allow-mon, action: Allow, to: [{namespaces: {matchLabels: {team: mon}}}]}\n  - {name: deny-to-db, action: Deny, to: [{namespaces: {matchLabels: {sensitive: "true"}}}]}`)}`,
    );
    const cluster = parsed.value.cluster;
    const from = cluster.endpoints.findIndex((e) => e.ref === 'app/web');
    const to = cluster.endpoints.findIndex((e) => e.ref === 'db/pg');
    const verdict = evaluateConnection(cluster, { from, to, port: 5432, protocol: 'TCP' });
    expect(verdict.egress.cause).toBe('admin-denied');
    expect(verdict.egress.decidedBy).toMatchObject({ ruleIndex: 1, ruleName: 'deny-to-db', action: 'Deny' });
    expect(verdict.egress.tiers?.map((t) => `${t.tier}:${t.outcome}`)).toEqual(['Admin:deny']);
    expect(verdict.ingress.tiers?.map((t) => `${t.tier}:${t.outcome}`)).toEqual([
      'Admin:no-match',
      'NetworkPolicy:not-selected',
      'Baseline:no-match',
      'Default:accept',
    ]);
    expect(formatVerdict(cluster, verdict)).toContain(
      'Egress denied by AdminNetworkPolicy sensitive-ns (priority 10), egress rule 2 `deny-to-db` (Deny); NetworkPolicy was not consulted.',
    );
  });
});
