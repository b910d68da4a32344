// Matching shared by every evaluator (the fast one, the reference and the explanation): which policies
// select a pod, whether a peer or a port of a rule matches, namespace labels and the legacy DefaultDeny.
import type {
  Cluster,
  Endpoint,
  EvaluateOptions,
  Labels,
  NetworkPolicy,
  Peer,
  PolicyPort,
  PolicyType,
  Protocol,
} from '../types';
import { selectorMatches } from '../match/selector';
import { ipBlockMatches } from '../match/cidr';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export function withDefaults(options?: EvaluateOptions): Required<EvaluateOptions> {
  return { semantics: options?.semantics ?? 'current', enforced: options?.enforced ?? true };
}

/** Labels of a namespace; an undeclared one still has `kubernetes.io/metadata.name` (set by the control plane). */
export function namespaceLabelsOf(cluster: Cluster): (name: string) => Labels {
  const byName = new Map<string, Labels>();
  for (const ns of cluster.namespaces) byName.set(ns.name, ns.labels);
  return (name) => byName.get(name) ?? { [METADATA_NAME_LABEL]: name };
}

export function legacyDefaultDenyOf(cluster: Cluster): (name: string) => boolean {
  const set = new Set(cluster.namespaces.filter((n) => n.legacyDefaultDeny).map((n) => n.name));
  return (name) => set.has(name);
}

/**
 * Does `policy` select `endpoint` for `direction`? NetworkPolicySpec.podSelector "selects the pods to which
 * this NetworkPolicy object applies ... in the same namespace"; policyTypes says for which direction.
 * Under legacy semantics only ingress exists, and only in namespaces annotated DefaultDeny.
 */
export function policySelects(
  policy: NetworkPolicy,
  endpoint: Endpoint,
  direction: PolicyType,
  options: Required<EvaluateOptions>,
  legacyDefaultDeny: (ns: string) => boolean,
): boolean {
  if (endpoint.type !== 'pod' || policy.namespace !== endpoint.namespace) return false;
  if (options.semantics === 'legacy') {
    if (direction !== 'Ingress' || !legacyDefaultDeny(policy.namespace)) return false;
  } else if (!policy.policyTypes.includes(direction)) return false;
  return selectorMatches(policy.podSelector, endpoint.labels);
}

export interface PeerMatch {
  matches: boolean;
  /** Matched through an ipBlock on a pod address (implementation-defined per the API doc). */
  viaPodIp?: boolean;
}

/**
 * NetworkPolicyPeer: podSelector alone selects pods "in the same namespace as the NetworkPolicy";
 * namespaceSelector alone selects all pods of the matching namespaces; both together select the pods
 * matching podSelector in the namespaces matching namespaceSelector (AND). ipBlock selects addresses.
 */
export function peerMatches(
  policy: NetworkPolicy,
  peer: Peer,
  endpoint: Endpoint,
  nsLabels: (ns: string) => Labels,
): PeerMatch {
  if (peer.type === 'ipBlock') {
    if (endpoint.type === 'external')
      return { matches: ipBlockMatches(peer.cidr, peer.except, endpoint.address) };
    // "IPBlock describes a particular CIDR ... that is allowed to the pods matched by a NetworkPolicySpec's
    // podSelector" — whether pod IPs match is left to the implementation; most plugins do match them.
    const hit = endpoint.ips.some((ip) => ipBlockMatches(peer.cidr, peer.except, ip));
    return hit ? { matches: true, viaPodIp: true } : { matches: false };
  }
  if (endpoint.type !== 'pod') return { matches: false };
  if (peer.namespaceSelector === null) {
    if (endpoint.namespace !== policy.namespace) return { matches: false };
  } else if (!selectorMatches(peer.namespaceSelector, nsLabels(endpoint.namespace))) {
    return { matches: false };
  }
  return { matches: peer.podSelector === null || selectorMatches(peer.podSelector, endpoint.labels) };
}

/** A named container port of `endpoint` with that name and protocol, per ContainerPort.name. */
export function resolveNamedPort(endpoint: Endpoint, name: string, protocol: Protocol): number | undefined {
  if (endpoint.type !== 'pod') return undefined;
  for (const p of endpoint.ports) if (p.name === name && p.protocol === protocol) return p.containerPort;
  return undefined;
}

/**
 * NetworkPolicyPort: protocol (default TCP), port (number or a named port resolved on the destination
 * pod; missing means all ports), endPort (with a numeric port: the range port..endPort).
 */
export function policyPortMatches(
  entry: PolicyPort,
  destination: Endpoint,
  protocol: Protocol,
  port: number,
): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') return resolveNamedPort(destination, entry.port, protocol) === port;
  if (entry.endPort !== undefined) return port >= entry.port && port <= entry.endPort;
  return port === entry.port;
}
