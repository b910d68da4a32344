// fast-check generators of small random clusters for the property tests (test-only module).
import fc from 'fast-check';
import { cidrContains, normalizeCidr, parseCidr } from '../match/cidr';
import type {
  AdminPeer,
  AdminPolicy,
  AdminPort,
  AdminRule,
  Cluster,
  ClusterNode,
  ContainerPort,
  Endpoint,
  GhostPod,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  Peer,
  PolicyPort,
  PolicyRule,
  PolicyType,
  Protocol,
} from '../types';

const NAMESPACES = ['a', 'b', 'c'] as const;
const KEYS = ['app', 'tier', 'team'] as const;
const VALUES = ['web', 'db', 'x'] as const;
export const PROBE_PORTS = [53, 80, 443, 5000, 8080] as const;
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const CIDRS = ['10.0.0.0/24', '10.0.0.7/8', '0.0.0.0/0', '192.168.0.0/16', '2001:db8::/32', '::/0'];
const EXCEPTS = ['10.0.0.0/28', '10.0.0.128/25', '192.168.1.0/24', '2001:db8::/64'];
const ADDRESSES = [
  '10.0.0.5',
  '10.0.0.200',
  '10.9.9.9',
  '192.168.1.10',
  '192.168.7.7',
  '8.8.8.8',
  // On the edges of the CIDRs and excepts above (first and last addresses).
  '10.0.0.0',
  '10.0.0.15',
  '10.0.0.128',
  '10.0.0.255',
  '192.168.1.255',
  '10.255.255.255',
  '192.168.255.255',
  '2001:db8::5',
  // Forms the fast IPv4 reader must leave to ipaddr.js: leading zeros, IPv4-mapped IPv6.
  '010.0.0.5',
  '::ffff:10.0.0.200',
];

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });

const selector: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }),
  matchExpressions: fc.array(
    fc.oneof(
      fc.record({
        key: fc.constantFrom(...KEYS, 'kubernetes.io/metadata.name'),
        operator: fc.constantFrom('In' as const, 'NotIn' as const),
        values: fc.uniqueArray(fc.constantFrom(...VALUES, ...NAMESPACES), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({
        key: fc.constantFrom(...KEYS),
        operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
        values: fc.constant([] as string[]),
      }),
      // Invalid (In/NotIn need values): the API server refuses the object holding it. Models may
      // hold it; `withoutRefused` says what a cluster applies.
      fc.record({
        key: fc.constantFrom(...KEYS),
        operator: fc.constantFrom('In' as const, 'NotIn' as const),
        values: fc.constant([] as string[]),
      }),
    ),
    { maxLength: 2 },
  ),
});

const containerPort: fc.Arbitrary<ContainerPort> = fc.record(
  {
    name: fc.constantFrom('http', 'dns', 'metrics'),
    containerPort: fc.constantFrom(...PROBE_PORTS),
    protocol: fc.constantFrom(...PROTOCOLS),
  },
  { requiredKeys: ['containerPort', 'protocol'] },
);

// Some excepts are not strict subsets of their CIDR (the API server refuses the policy holding them).
const peer: fc.Arbitrary<Peer> = fc.oneof(
  fc
    .record({
      podSelector: fc.option(selector, { nil: null }),
      namespaceSelector: fc.option(selector, { nil: null }),
    })
    .filter((p) => p.podSelector !== null || p.namespaceSelector !== null)
    .map((p) => ({ type: 'selector' as const, ...p })),
  fc.record({
    type: fc.constant('ipBlock' as const),
    cidr: fc.constantFrom(...CIDRS),
    except: fc.uniqueArray(fc.constantFrom(...EXCEPTS), { maxLength: 2 }),
  }),
);

const policyPort: fc.Arbitrary<PolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PROBE_PORTS) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom('http', 'dns', 'nope') }),
  fc
    .record({
      protocol: fc.constantFrom(...PROTOCOLS),
      port: fc.constantFrom(53, 80, 443),
      // Few spans, so that one cluster often has a port both with and without a range (each of these
      // ends at a different probe port), and any span besides.
      span: fc.oneof(fc.constantFrom(0, 30, 400, 8000), fc.integer({ min: 0, max: 8000 })),
    })
    .map(({ protocol, port, span }) => ({ protocol, port, endPort: port + span })),
);

const rule = fc.record({
  peers: fc.array(peer, { maxLength: 2 }),
  ports: fc.array(policyPort, { maxLength: 2 }),
});

const policy = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  podSelector: selector,
  types: fc.subarray<PolicyType>(['Ingress', 'Egress'], { minLength: 1 }),
  ingress: fc.array(rule, { maxLength: 2 }),
  egress: fc.array(rule, { maxLength: 2 }),
});

const pod = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels,
  ports: fc.array(containerPort, { maxLength: 2 }),
  // Up to two: dual-stack pods have an IPv4 and an IPv6 address.
  ips: fc.subarray(ADDRESSES, { maxLength: 2 }),
});

export const clusterArbitrary: fc.Arbitrary<Cluster> = fc
  .record({
    nsLabels: fc.tuple(labels, labels, labels),
    annotated: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    pods: fc.array(pod, { minLength: 1, maxLength: 6 }),
    externals: fc.subarray(ADDRESSES, { maxLength: 2 }),
    policies: fc.array(policy, { maxLength: 4 }),
  })
  .map(({ nsLabels, annotated, pods, externals, policies }) => {
    const namespaces: Namespace[] = NAMESPACES.map((name, i) => ({
      name,
      labels: { ...nsLabels[i], 'kubernetes.io/metadata.name': name },
      annotations: {},
      declared: true,
      legacyDefaultDeny: annotated[i]!,
    }));
    const endpoints: Endpoint[] = pods.map((p, i) => ({
      type: 'pod',
      index: i,
      ref: `${p.namespace}/p${i}`,
      kind: 'Pod',
      namespace: p.namespace,
      name: `p${i}`,
      labels: p.labels,
      ports: p.ports,
      ips: p.ips,
    }));
    for (const address of externals) {
      endpoints.push({
        type: 'external',
        index: endpoints.length,
        ref: `ip:${address}`,
        address,
        cidr: '',
        label: address,
      });
    }
    const toRules = (rules: { peers: Peer[]; ports: PolicyPort[] }[]): PolicyRule[] =>
      rules.map((r, index) => ({ index, peers: r.peers, ports: r.ports }));
    const nps: NetworkPolicy[] = policies.map((p, index) => ({
      index,
      namespace: p.namespace,
      name: `np${index}`,
      apiVersion: 'networking.k8s.io/v1',
      legacy: false,
      podSelector: p.podSelector,
      policyTypes: p.types,
      policyTypesInferred: false,
      ingress: toRules(p.ingress),
      egress: toRules(p.egress),
    }));
    return { namespaces, endpoints, services: [], policies: nps };
  });

/**
 * What-if pods for `withGhostPods`: in the cluster's namespaces or in one no pod or policy names
 * (assumed), with the same labels and ports as the pods, unique names.
 */
export const ghostsArbitrary: fc.Arbitrary<GhostPod[]> = fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES, 'elsewhere'),
      labels,
      ports: fc.array(containerPort, { maxLength: 2 }),
    }),
    { maxLength: 3 },
  )
  .map((ghosts) => ghosts.map((g, i) => ({ ...g, name: `ghost${i}` })));

// ---------------------------------------------------------------------------------------------
// Clusters mixing NetworkPolicy with AdminNetworkPolicy, BaselineAdminNetworkPolicy and
// ClusterNetworkPolicy, nodes and host-network pods.
// ---------------------------------------------------------------------------------------------

/** Node addresses are among ADDRESSES, so outside endpoints sometimes are node addresses. */
const NODE_ADDRESSES: Record<string, string[]> = { n1: ['192.168.7.7'], n2: ['10.9.9.9', '2001:db8::5'] };

/** Admin selectors match often (many empty ones), so that rules decide many connections. */
const looseSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ matchLabels: {}, matchExpressions: [] }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES))
      .map(([k, v]) => ({ matchLabels: { [k]: v }, matchExpressions: [] })),
  },
  { weight: 1, arbitrary: selector },
);

const adminPeer = (egress: boolean): fc.Arbitrary<AdminPeer> => {
  const inCluster: fc.Arbitrary<AdminPeer>[] = [
    looseSelector.map((namespaceSelector) => ({ type: 'namespaces' as const, namespaceSelector })),
    fc
      .record({ namespaceSelector: looseSelector, podSelector: looseSelector })
      .map((p) => ({ type: 'pods' as const, ...p })),
  ];
  if (!egress) return fc.oneof(...inCluster);
  return fc.oneof(
    ...inCluster,
    looseSelector.map((nodeSelector) => ({ type: 'nodes' as const, nodeSelector })),
    fc
      .uniqueArray(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 2 })
      .map((cidrs) => ({ type: 'networks' as const, cidrs })),
  );
};

const adminPort: fc.Arbitrary<AdminPort> = fc.oneof(
  fc
    .record({
      protocol: fc.constantFrom(...PROTOCOLS),
      port: fc.constantFrom(53, 80, 443, 5000),
      span: fc.constantFrom(0, 0, 30, 400, 8000),
    })
    .map(({ protocol, port, span }) => ({ type: 'number' as const, protocol, port, endPort: port + span })),
  fc.constantFrom('http', 'dns', 'nope').map((name) => ({ type: 'named' as const, name })),
);

const adminRules = (egress: boolean, actions: readonly AdminRule['action'][]) =>
  fc.array(
    fc.record({
      action: fc.constantFrom(...actions),
      peers: fc.array(adminPeer(egress), { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(adminPort, { minLength: 1, maxLength: 2 }), { nil: null, freq: 2 }),
    }),
    { minLength: 1, maxLength: 3 },
  );

const adminPolicy = fc
  .record({
    kind: fc.constantFrom(
      'AdminNetworkPolicy',
      'BaselineAdminNetworkPolicy',
      'ClusterNetworkPolicy',
    ) as fc.Arbitrary<AdminPolicy['kind']>,
    cnpTier: fc.constantFrom('Admin' as const, 'Baseline' as const),
    // Few priorities: ties (undefined order in the API, input order here) happen often.
    priority: fc.constantFrom(1, 2, 3),
    subject: fc.oneof(
      looseSelector.map((namespaceSelector) => ({ type: 'namespaces' as const, namespaceSelector })),
      fc
        .record({ namespaceSelector: looseSelector, podSelector: looseSelector })
        .map((p) => ({ type: 'pods' as const, ...p })),
    ),
    withPass: fc.tuple(
      adminRules(false, ['Accept', 'Deny', 'Pass']),
      adminRules(true, ['Accept', 'Deny', 'Pass']),
    ),
    noPass: fc.tuple(adminRules(false, ['Accept', 'Deny']), adminRules(true, ['Accept', 'Deny'])),
  })
  .map((p) => {
    const baseline = p.kind === 'BaselineAdminNetworkPolicy';
    const [ingress, egress] = baseline ? p.noPass : p.withPass;
    const toRules = (rules: typeof ingress): AdminRule[] =>
      rules.map((r, index) => ({ index, name: `r${index}`, actionWritten: r.action, ...r }));
    return {
      kind: p.kind,
      tier:
        p.kind === 'ClusterNetworkPolicy' ? p.cnpTier : baseline ? ('Baseline' as const) : ('Admin' as const),
      priority: baseline ? null : p.priority,
      subject: p.subject,
      ingress: toRules(ingress),
      egress: toRules(egress),
    };
  });

export const tieredClusterArbitrary: fc.Arbitrary<Cluster> = fc
  .record({
    base: clusterArbitrary,
    nodeLabels: fc.tuple(labels, labels),
    hostNetwork: fc.array(fc.record({ on: fc.boolean(), node: fc.constantFrom('n1', 'n2', 'n3') }), {
      minLength: 6,
      maxLength: 6,
    }),
    admin: fc.array(adminPolicy, { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, nodeLabels, hostNetwork, admin }) => {
    const nodes: ClusterNode[] = ['n1', 'n2'].map((name, i) => ({
      name,
      labels: { ...nodeLabels[i], 'kubernetes.io/hostname': name },
      addresses: NODE_ADDRESSES[name]!,
    }));
    const endpoints = base.endpoints.map((ep, i): Endpoint => {
      const h = hostNetwork[i];
      if (ep.type !== 'pod' || !h || !h.on || i % 2 === 1) return ep;
      // As the parser does: a host-network pod takes its node's addresses (n3 is not declared).
      return { ...ep, hostNetwork: true, nodeName: h.node, ips: NODE_ADDRESSES[h.node] ?? ep.ips };
    });
    const adminPolicies: AdminPolicy[] = admin.map((p, index) => ({
      index,
      apiVersion:
        p.kind === 'ClusterNetworkPolicy'
          ? 'policy.networking.k8s.io/v1alpha2'
          : 'policy.networking.k8s.io/v1alpha1',
      name: `${p.kind === 'BaselineAdminNetworkPolicy' ? 'default' : 'ap'}${index}`,
      ...p,
    }));
    return { ...base, endpoints, nodes, adminPolicies };
  });

// ---------------------------------------------------------------------------------------------
// What the API server refuses, decided apart from the parser (test oracle)
// ---------------------------------------------------------------------------------------------

/** A generated selector the API server refuses: an In/NotIn requirement without values. */
const selectorRefused = (s: LabelSelector | null) =>
  s !== null &&
  s.matchExpressions.some((e) => (e.operator === 'In' || e.operator === 'NotIn') && e.values.length === 0);

/** ValidateIPBlock: every except is inside the CIDR with a longer prefix. */
function ipBlockRefused(cidr: string, except: readonly string[]): boolean {
  const c = parseCidr(cidr);
  return except.some((e) => {
    const x = parseCidr(e);
    if (!c || !x || c[0].kind() !== x[0].kind() || x[1] <= c[1]) return true;
    return !cidrContains(cidr, normalizeCidr(e)!.split('/')[0]!);
  });
}

/** True when the API server would refuse the policy (DESIGN 2.3: the whole object is then not applied). */
export function policyRefused(policy: NetworkPolicy): boolean {
  const peerRefused = (p: Peer) =>
    p.type === 'ipBlock'
      ? ipBlockRefused(p.cidr, p.except)
      : selectorRefused(p.podSelector) || selectorRefused(p.namespaceSelector);
  return (
    selectorRefused(policy.podSelector) ||
    [...policy.ingress, ...policy.egress].some((r) => r.peers.some(peerRefused))
  );
}

/** The cluster as applied: without the policies the API server would refuse, re-indexed. */
export function withoutRefused(cluster: Cluster): Cluster {
  const policies = cluster.policies.filter((p) => !policyRefused(p)).map((p, index) => ({ ...p, index }));
  return { ...cluster, policies };
}
