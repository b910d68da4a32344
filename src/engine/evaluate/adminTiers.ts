// Matching primitives of the cluster-scoped policies (sigs.k8s.io/network-policy-api), shared by
// evaluateConnection and the fast evaluator's compiler. The reference evaluator has its own naive copy.
import type {
  AdminPeer,
  AdminPolicy,
  AdminPolicyRef,
  AdminPort,
  AdminRuleMatch,
  AdminSubject,
  AdminTier,
  Cluster,
  ClusterNode,
  Endpoint,
  Labels,
  Protocol,
} from '../types';
import { selectorMatches } from '../match/selector';
import { ipBlockMatches } from '../match/cidr';

/**
 * The policies of one tier in evaluation order. "Policies with lower priority values have higher
 * precedence" (ClusterNetworkPolicySpec.priority); equal priorities keep input order (the API leaves
 * that order undefined: lint reports overlaps). The BaselineAdminNetworkPolicy, which has no priority,
 * comes after the ClusterNetworkPolicies of the baseline tier.
 */
export function tierPolicies(cluster: Cluster, tier: AdminTier): AdminPolicy[] {
  return (cluster.adminPolicies ?? [])
    .filter((p) => p.tier === tier)
    .sort((a, b) => (a.priority ?? 1001) - (b.priority ?? 1001) || a.index - b.index);
}

export function adminPolicyRef(policy: AdminPolicy): AdminPolicyRef {
  const ref: AdminPolicyRef = {
    index: policy.index,
    kind: policy.kind,
    name: policy.name,
    tier: policy.tier,
    priority: policy.priority,
  };
  if (policy.range) ref.range = policy.range;
  return ref;
}

/** "Note that host-networked pods are not included in subject selection." (ClusterNetworkPolicySubject) */
export function adminSubjectSelects(
  subject: AdminSubject,
  endpoint: Endpoint,
  nsLabels: (ns: string) => Labels,
): boolean {
  if (endpoint.type !== 'pod' || endpoint.hostNetwork) return false;
  if (!selectorMatches(subject.namespaceSelector, nsLabels(endpoint.namespace))) return false;
  return subject.type === 'namespaces' || selectorMatches(subject.podSelector, endpoint.labels);
}

export function nodesByName(cluster: Cluster): Map<string, ClusterNode> {
  return new Map((cluster.nodes ?? []).map((n) => [n.name, n]));
}

/**
 * AdminPeer semantics: `namespaces` and `pods` never include host-network pods; `nodes` selects "the
 * nodeIPs ... present in the node.Status.Addresses field" (a host-network pod on such a node, or that
 * address from outside); `networks` matches addresses, "cluster-internal traffic ... as well".
 */
export function adminPeerMatches(
  peer: AdminPeer,
  endpoint: Endpoint,
  nsLabels: (ns: string) => Labels,
  nodes: ReadonlyMap<string, ClusterNode>,
): boolean {
  switch (peer.type) {
    case 'namespaces':
    case 'pods':
      return adminSubjectSelects(peer, endpoint, nsLabels);
    case 'nodes':
      if (endpoint.type === 'pod') {
        const node = endpoint.hostNetwork && endpoint.nodeName ? nodes.get(endpoint.nodeName) : undefined;
        return node !== undefined && selectorMatches(peer.nodeSelector, node.labels);
      }
      for (const node of nodes.values())
        if (node.addresses.includes(endpoint.address) && selectorMatches(peer.nodeSelector, node.labels))
          return true;
      return false;
    case 'networks': {
      const addresses = endpoint.type === 'external' ? [endpoint.address] : endpoint.ips;
      return peer.cidrs.some((cidr) => addresses.some((a) => ipBlockMatches(cidr, [], a)));
    }
  }
}

/** A named port: the destination pod's container port of that name, whatever its protocol. */
export function adminPortMatches(
  entry: AdminPort,
  destination: Endpoint,
  protocol: Protocol,
  port: number,
): boolean {
  if (entry.type === 'number')
    return entry.protocol === protocol && port >= entry.port && port <= entry.endPort;
  if (destination.type !== 'pod') return false;
  return destination.ports.some(
    (c) => c.name === entry.name && c.protocol === protocol && c.containerPort === port,
  );
}

/**
 * The one wording of an admin or baseline policy, for every message, explanation and tier chain:
 * "AdminNetworkPolicy sensitive-ns (priority 10)", "ClusterNetworkPolicy x (priority 5, Baseline tier)",
 * "BaselineAdminNetworkPolicy default".
 */
export function describeAdminPolicy(
  policy: Pick<AdminPolicyRef, 'kind' | 'name' | 'tier' | 'priority'>,
): string {
  const tier = policy.kind === 'ClusterNetworkPolicy' ? `, ${policy.tier} tier` : '';
  const priority = policy.priority === null ? '' : ` (priority ${policy.priority}${tier})`;
  return `${policy.kind} ${policy.name}${priority}`;
}

/** The one wording of a matched admin rule: "AdminNetworkPolicy sensitive-ns (priority 10), egress rule 2 `deny-to-db`". */
export function describeAdminRule(m: AdminRuleMatch): string {
  const name = m.ruleName ? ` \`${m.ruleName}\`` : '';
  return `${describeAdminPolicy(m.policy)}, ${m.direction === 'Egress' ? 'egress' : 'ingress'} rule ${m.ruleIndex + 1}${name}`;
}
