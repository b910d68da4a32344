import type {
  AdminPeer,
  AdminPolicy,
  AdminRule,
  Cluster,
  Connection,
  Endpoint,
  EvaluateOptions,
  NetworkPolicy,
  PolicyRule,
} from '../types';
import { selectorMatches } from '../match/selector';
import { ipBlockMatches } from '../match/cidr';

/**
 * The reference evaluator: deliberately naive and written straight from the API documentation, one
 * connection at a time, sharing nothing with the fast path except the selector and CIDR primitives
 * (which have their own table tests). Property tests require the fast evaluator to agree with it.
 */
export function referenceAllowed(
  cluster: Cluster,
  connection: Connection,
  options?: EvaluateOptions,
): boolean {
  const semantics = options?.semantics ?? 'current';
  const enforced = options?.enforced ?? true;
  if (!enforced) return true;
  const src = cluster.endpoints[connection.from];
  const dst = cluster.endpoints[connection.to];
  if (!src || !dst) return false;
  if (connection.from === connection.to) return true;

  let port: number | undefined;
  if (typeof connection.port === 'number') port = connection.port;
  else if (dst.type === 'pod') {
    port = dst.ports.find(
      (p) => p.name === connection.port && p.protocol === connection.protocol,
    )?.containerPort;
  }
  if (port === undefined) return false;

  const nsLabels = (name: string) =>
    cluster.namespaces.find((n) => n.name === name)?.labels ?? { 'kubernetes.io/metadata.name': name };
  const annotated = (name: string) => cluster.namespaces.some((n) => n.name === name && n.legacyDefaultDeny);

  const peerOk = (policy: NetworkPolicy, rule: PolicyRule, other: Endpoint): boolean => {
    if (rule.peers.length === 0) return true;
    for (const peer of rule.peers) {
      if (peer.type === 'ipBlock') {
        const addresses = other.type === 'external' ? [other.address] : other.ips;
        if (addresses.some((a) => ipBlockMatches(peer.cidr, peer.except, a))) return true;
        continue;
      }
      if (other.type !== 'pod') continue;
      const nsOk =
        peer.namespaceSelector === null
          ? other.namespace === policy.namespace
          : selectorMatches(peer.namespaceSelector, nsLabels(other.namespace));
      const podOk = peer.podSelector === null || selectorMatches(peer.podSelector, other.labels);
      if (nsOk && podOk) return true;
    }
    return false;
  };

  const portOk = (rule: PolicyRule): boolean => {
    if (rule.ports.length === 0) return true;
    for (const p of rule.ports) {
      if (p.protocol !== connection.protocol) continue;
      if (p.port === undefined) return true;
      if (typeof p.port === 'string') {
        if (dst.type !== 'pod') continue;
        const named = dst.ports.find((c) => c.name === p.port && c.protocol === p.protocol);
        if (named && named.containerPort === port) return true;
        continue;
      }
      const last = p.endPort ?? p.port;
      if (port! >= p.port && port! <= last) return true;
    }
    return false;
  };

  // The network-policy API: a subject is a pod (never a host-network one) of the selected namespaces.
  const subjectOk = (policy: AdminPolicy, pod: Endpoint): boolean => {
    if (pod.type !== 'pod' || pod.hostNetwork) return false;
    if (!selectorMatches(policy.subject.namespaceSelector, nsLabels(pod.namespace))) return false;
    return policy.subject.type === 'namespaces' || selectorMatches(policy.subject.podSelector, pod.labels);
  };
  const adminPeerOk = (peer: AdminPeer, other: Endpoint): boolean => {
    if (peer.type === 'namespaces' || peer.type === 'pods') {
      if (other.type !== 'pod' || other.hostNetwork) return false;
      if (!selectorMatches(peer.namespaceSelector, nsLabels(other.namespace))) return false;
      return peer.type === 'namespaces' || selectorMatches(peer.podSelector, other.labels);
    }
    if (peer.type === 'networks') {
      const addresses = other.type === 'external' ? [other.address] : other.ips;
      return addresses.some((a) => peer.cidrs.some((c) => ipBlockMatches(c, [], a)));
    }
    for (const node of cluster.nodes ?? []) {
      if (!selectorMatches(peer.nodeSelector, node.labels)) continue;
      if (other.type === 'pod' && other.hostNetwork && other.nodeName === node.name) return true;
      if (other.type === 'external' && node.addresses.includes(other.address)) return true;
    }
    return false;
  };
  const adminPortOk = (rule: AdminRule): boolean => {
    if (rule.ports === null) return true;
    for (const p of rule.ports) {
      if (p.type === 'number') {
        if (p.protocol === connection.protocol && port! >= p.port && port! <= p.endPort) return true;
      } else if (dst.type === 'pod') {
        for (const c of dst.ports)
          if (c.name === p.name && c.protocol === connection.protocol && c.containerPort === port)
            return true;
      }
    }
    return false;
  };
  /** The action of the first matching rule of the tier, in priority order; null when none matches. */
  const tierAction = (tier: 'Admin' | 'Baseline', subject: Endpoint, other: Endpoint, egress: boolean) => {
    const policies = (cluster.adminPolicies ?? []).filter((p) => p.tier === tier && subjectOk(p, subject));
    // Lower priority first; BaselineAdminNetworkPolicy (no priority) last; ties in input order.
    policies.sort((a, b) => (a.priority ?? 1001) - (b.priority ?? 1001) || a.index - b.index);
    for (const policy of policies) {
      for (const rule of egress ? policy.egress : policy.ingress) {
        if (rule.peers.some((peer) => adminPeerOk(peer, other)) && adminPortOk(rule)) return rule.action;
      }
    }
    return null;
  };

  const sideAllows = (subject: Endpoint, other: Endpoint, egress: boolean): boolean => {
    if (subject.type !== 'pod') return true;
    if (semantics === 'legacy') {
      if (egress || !annotated(subject.namespace)) return true;
    }
    if (semantics === 'current') {
      const admin = tierAction('Admin', subject, other, egress);
      if (admin === 'Accept') return true;
      if (admin === 'Deny') return false;
    }
    let isolated = semantics === 'legacy';
    for (const policy of cluster.policies) {
      if (policy.namespace !== subject.namespace) continue;
      if (!selectorMatches(policy.podSelector, subject.labels)) continue;
      if (semantics === 'current' && !policy.policyTypes.includes(egress ? 'Egress' : 'Ingress')) continue;
      isolated = true;
      for (const rule of egress ? policy.egress : policy.ingress) {
        if (peerOk(policy, rule, other) && portOk(rule)) return true;
      }
    }
    if (isolated) return false;
    if (semantics === 'current' && tierAction('Baseline', subject, other, egress) === 'Deny') return false;
    return true;
  };

  return sideAllows(src, dst, true) && sideAllows(dst, src, false);
}
