import type {
  Cluster,
  Connection,
  DirectionVerdict,
  Endpoint,
  EvaluateOptions,
  NetworkPolicy,
  PolicyRef,
  PolicyRule,
  PolicyType,
  Protocol,
  RuleMatch,
  Verdict,
} from '../types';
import {
  legacyDefaultDenyOf,
  namespaceLabelsOf,
  peerMatches,
  policyPortMatches,
  policySelects,
  resolveNamedPort,
  withDefaults,
} from './common';

export function policyRef(policy: NetworkPolicy): PolicyRef {
  return { index: policy.index, namespace: policy.namespace, name: policy.name, range: policy.range };
}

/** The numeric port a connection uses: a number as is, a name resolved on the destination pod. */
export function resolvePort(
  cluster: Cluster,
  to: number,
  port: number | string,
  protocol: Protocol,
): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const destination = cluster.endpoints[to];
  return destination ? resolveNamedPort(destination, port, protocol) : undefined;
}

/**
 * One connection, fully explained: every policy that isolates either side and every rule that admits it.
 * A connection needs egress allowed at the source AND ingress allowed at the destination; a pod can always
 * reach itself (conformance tests expect it).
 */
export function evaluateConnection(
  cluster: Cluster,
  connection: Connection,
  options?: EvaluateOptions,
): Verdict {
  const opts = withDefaults(options);
  const source = cluster.endpoints[connection.from];
  const destination = cluster.endpoints[connection.to];
  const resolvedPort = resolvePort(cluster, connection.to, connection.port, connection.protocol);
  if (!source || !destination) {
    const missing: DirectionVerdict = {
      allowed: false,
      cause: 'no-rule-matches',
      isolatedBy: [],
      allowedBy: [],
    };
    return { connection, allowed: false, egress: missing, ingress: missing };
  }
  if (connection.from === connection.to) {
    const self: DirectionVerdict = { allowed: true, cause: 'self', isolatedBy: [], allowedBy: [] };
    return finish(connection, resolvedPort, self, self, opts.enforced);
  }
  if (resolvedPort === undefined) {
    const unknown: DirectionVerdict = {
      allowed: false,
      cause: 'unknown-named-port',
      isolatedBy: [],
      allowedBy: [],
    };
    return finish(connection, undefined, unknown, unknown, opts.enforced);
  }
  const nsLabels = namespaceLabelsOf(cluster);
  const legacyDeny = legacyDefaultDenyOf(cluster);

  const direction = (dir: PolicyType): DirectionVerdict => {
    const subject = dir === 'Egress' ? source : destination;
    const peer = dir === 'Egress' ? destination : source;
    if (subject.type === 'external')
      return { allowed: true, cause: 'external', isolatedBy: [], allowedBy: [] };
    const isolating = cluster.policies.filter((p) => policySelects(p, subject, dir, opts, legacyDeny));
    const legacyIsolated = opts.semantics === 'legacy' && dir === 'Ingress' && legacyDeny(subject.namespace);
    if (isolating.length === 0 && !legacyIsolated) {
      const cause = opts.semantics === 'legacy' && dir === 'Ingress' ? 'legacy-not-isolated' : 'not-isolated';
      return { allowed: true, cause, isolatedBy: [], allowedBy: [] };
    }
    const allowedBy: RuleMatch[] = [];
    for (const policy of isolating) {
      const rules = dir === 'Egress' ? policy.egress : policy.ingress;
      for (const rule of rules) {
        const match = ruleMatches(
          cluster,
          policy,
          rule,
          dir,
          peer,
          destination,
          connection.protocol,
          resolvedPort,
          nsLabels,
        );
        if (match) allowedBy.push(match);
      }
    }
    const allowed = allowedBy.length > 0;
    const cause = allowed ? 'allowed-by-rule' : legacyIsolated ? 'legacy-default-deny' : 'no-rule-matches';
    return { allowed, cause, isolatedBy: isolating.map(policyRef), allowedBy };
  };

  return finish(connection, resolvedPort, direction('Egress'), direction('Ingress'), opts.enforced);
}

function ruleMatches(
  _cluster: Cluster,
  policy: NetworkPolicy,
  rule: PolicyRule,
  dir: PolicyType,
  peer: Endpoint,
  destination: Endpoint,
  protocol: Protocol,
  port: number,
  nsLabels: ReturnType<typeof namespaceLabelsOf>,
): RuleMatch | null {
  // "If this field is empty or missing, this rule matches all sources/destinations" (from / to).
  let peerIndex = -1;
  let viaPodIp = false;
  if (rule.peers.length > 0) {
    peerIndex = rule.peers.findIndex((p) => {
      const m = peerMatches(policy, p, peer, nsLabels);
      if (m.matches) viaPodIp = m.viaPodIp === true;
      return m.matches;
    });
    if (peerIndex < 0) return null;
  }
  // "If this field is empty or missing, this rule matches all ports" (ports).
  let portIndex = -1;
  if (rule.ports.length > 0) {
    portIndex = rule.ports.findIndex((entry) => policyPortMatches(entry, destination, protocol, port));
    if (portIndex < 0) return null;
  }
  const range =
    peerIndex >= 0
      ? (rule.peers[peerIndex]!.range ?? rule.range)
      : portIndex >= 0
        ? (rule.ports[portIndex]!.range ?? rule.range)
        : rule.range;
  const match: RuleMatch = {
    policy: policyRef(policy),
    direction: dir,
    ruleIndex: rule.index,
    peerIndex,
    portIndex,
    range,
  };
  if (viaPodIp) match.ipBlockMatchedPod = true;
  return match;
}

function finish(
  connection: Connection,
  resolvedPort: number | undefined,
  egress: DirectionVerdict,
  ingress: DirectionVerdict,
  enforced: boolean,
): Verdict {
  const policyAllowed = egress.allowed && ingress.allowed;
  const verdict: Verdict = { connection, allowed: enforced ? policyAllowed : true, egress, ingress };
  if (resolvedPort !== undefined) verdict.resolvedPort = resolvedPort;
  // A plugin that does not enforce NetworkPolicy (Flannel alone) lets everything through.
  if (!enforced) verdict.wouldBeAllowed = policyAllowed;
  return verdict;
}
