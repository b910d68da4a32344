import { describe, expect, it } from 'vitest';
import { parseText } from './parseWorkspace';

const where = (text: string) => {
  const parsed = parseText(text, 'admin.yaml');
  return {
    cluster: parsed.value.cluster,
    errors: parsed.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code}@${d.range?.line}:${d.range?.col}`),
    diagnostics: parsed.diagnostics,
  };
};

describe('reading AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy and Node', () => {
  it('normalizes the three kinds to one model (Allow read as Accept, BANP last in the baseline tier)', () => {
    const { cluster, errors } = where(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {matchLabels: {x: y}}, podSelector: {}}}
  egress:
  - name: r
    action: Allow
    to: [{nodes: {matchLabels: {role: w}}}, {networks: [10.0.0.0/8]}]
    ports: [{portNumber: {port: 53, protocol: UDP}}, {portRange: {start: 1000, end: 2000}}]
  - {action: Pass, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {a: b}}}}], ports: [{namedPort: http}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Baseline
  priority: 0
  subject: {namespaces: {}}
  ingress:
  - action: Accept
    from: [{namespaces: {}}]
    protocols: [{udp: {destinationPort: {number: 53}}}, {sctp: {destinationPort: {range: {start: 5, end: 9}}}}, {destinationNamedPort: dns}]
`);
    expect(errors).toEqual([]);
    const [a, b, c] = cluster.adminPolicies!;
    expect(a).toMatchObject({
      kind: 'AdminNetworkPolicy',
      tier: 'Admin',
      priority: 10,
      subject: { type: 'pods' },
    });
    expect(a!.egress[0]).toMatchObject({ name: 'r', action: 'Accept', actionWritten: 'Allow' });
    expect(a!.egress[0]!.peers.map((p) => p.type)).toEqual(['nodes', 'networks']);
    expect(a!.egress[0]!.ports).toEqual([
      expect.objectContaining({ type: 'number', protocol: 'UDP', port: 53, endPort: 53 }),
      expect.objectContaining({ type: 'number', protocol: 'TCP', port: 1000, endPort: 2000 }),
    ]);
    expect(a!.egress[1]).toMatchObject({ action: 'Pass', ports: [{ type: 'named', name: 'http' }] });
    expect(b).toMatchObject({ kind: 'BaselineAdminNetworkPolicy', tier: 'Baseline', priority: null });
    expect(b!.ingress[0]!.ports).toBeNull();
    expect(c).toMatchObject({ kind: 'ClusterNetworkPolicy', tier: 'Baseline', priority: 0 });
    expect(c!.ingress[0]!.ports).toEqual([
      expect.objectContaining({ protocol: 'UDP', port: 53, endPort: 53 }),
      expect.objectContaining({ protocol: 'SCTP', port: 5, endPort: 9 }),
      expect.objectContaining({ type: 'named', name: 'dns' }),
    ]);
  });

  it('reports what the API server would reject at the key, and does not apply the object', () => {
    const { cluster, errors } = where(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: bad}
spec:
  priority: 1001
  subjekt: {namespaces: {}}
  egress:
  - action: Accept
    to: [{networks: [10.0.0.0/33]}]
    ports: [{portNumber: {port: 80}, namedPort: http}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: not-default}
spec:
  subject: {namespaces: {}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Middle
  priority: 1
  subject: {namespaces: {}, pods: {podSelector: {}}}
  ingress:
  - {action: Allow, from: []}
`);
    expect(cluster.adminPolicies).toEqual([]);
    expect(errors).toEqual([
      'admin-unknown-field@6:3',
      'admin-priority@5:13',
      'admin-subject@5:3',
      'admin-action@8:13',
      'cidr-syntax@9:22',
      'admin-port@10:13',
      'banp-name@14:18',
      'admin-tier@22:9',
      'admin-subject@24:12',
      'admin-action@26:14',
      'admin-peers-missing@26:27',
    ]);
  });

  // network-policy-api: `apis/v1alpha1` serves AdminNetworkPolicy and BaselineAdminNetworkPolicy,
  // `apis/v1alpha2` ClusterNetworkPolicy only; any other version is a kind the API server does not serve.
  it.each([
    ['ClusterNetworkPolicy', 'policy.networking.k8s.io/v1alpha1', 'policy.networking.k8s.io/v1alpha2'],
    ['ClusterNetworkPolicy', 'networking.k8s.io/v1', 'policy.networking.k8s.io/v1alpha2'],
    ['AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha2', 'policy.networking.k8s.io/v1alpha1'],
    ['BaselineAdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha2', 'policy.networking.k8s.io/v1alpha1'],
  ])('refuses a %s written as %s, at its apiVersion', (kind, written, served) => {
    const spec =
      kind === 'ClusterNetworkPolicy'
        ? '{tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}'
        : kind === 'AdminNetworkPolicy'
          ? '{priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}'
          : '{subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}';
    const text = `apiVersion: ${written}\nkind: ${kind}\nmetadata: {name: default}\nspec: ${spec}\n`;
    const { cluster, errors, diagnostics } = where(text);
    expect(cluster.adminPolicies).toEqual([]);
    expect(errors).toEqual(['admin-api-version@1:13']);
    expect(diagnostics.find((d) => d.code === 'admin-api-version')!.message).toBe(
      `${kind} is served as apiVersion "${served}", not "${written}"; the policy is not applied`,
    );
    // The version it is served as reads.
    const right = where(text.replace(written, served));
    expect(right.errors).toEqual([]);
    expect(right.cluster.adminPolicies).toHaveLength(1);
  });

  it('refuses an admin policy without apiVersion, at the object', () => {
    const { cluster, errors } = where(
      'kind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}}\n',
    );
    expect(cluster.adminPolicies).toEqual([]);
    expect(errors).toEqual(['admin-api-version@1:1']);
  });

  it('a null peer, subject or port field is not an empty selector (that would match everything): an error', () => {
    const { cluster, errors } = where(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: null}
  egress:
  - {action: Deny, to: [{namespaces: null}], ports: [{portNumber: null}]}
`);
    expect(cluster.adminPolicies).toEqual([]);
    expect(errors).toEqual(['admin-subject@6:12', 'admin-peer@8:25', 'admin-port@8:54']);
  });

  it('lists the accepted values in the message, and warns that domainNames are not evaluated', () => {
    const { diagnostics, cluster } = where(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - {action: Allow, to: [{namespaces: {}}]}
  - {action: Accept, to: [{domainNames: [example.com]}]}
`);
    expect(diagnostics.find((d) => d.code === 'admin-action')?.message).toBe(
      'invalid action "Allow" for a ClusterNetworkPolicy rule: must be one of Accept, Deny, Pass; the policy is not applied',
    );
    expect(diagnostics.find((d) => d.code === 'admin-domain-names')?.severity).toBe('warning');
    expect(cluster.adminPolicies).toEqual([]);
  });

  it('reads Node labels and IP addresses; a host-network pod takes its node address', () => {
    const { cluster, errors } = where(`apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: kube-system}
spec: {hostNetwork: true, nodeName: n1, containers: [{name: c}]}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status:
  addresses: [{type: InternalIP, address: 192.168.0.5}, {type: Hostname, address: n1}, {type: InternalIP, address: "fd00::5"}]
`);
    expect(errors).toEqual([]);
    expect(cluster.nodes).toEqual([
      expect.objectContaining({
        name: 'n1',
        labels: { role: 'worker' },
        addresses: ['192.168.0.5', 'fd00::5'],
      }),
    ]);
    expect(cluster.endpoints[0]).toMatchObject({
      hostNetwork: true,
      nodeName: 'n1',
      ips: ['192.168.0.5', 'fd00::5'],
    });
  });

  it('shows admin networks CIDRs and, with a nodes peer, node addresses as outside endpoints', () => {
    const { cluster } = where(`apiVersion: v1
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 192.168.0.5}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress:
  - {action: Deny, to: [{networks: [203.0.113.0/24]}, {nodes: {}}]}
`);
    const labels = cluster.endpoints.filter((e) => e.type === 'external').map((e) => e.label);
    expect(labels).toContain('203.0.113.0/24');
    expect(labels).toContain('node n1 (192.168.0.5)');
  });
});
