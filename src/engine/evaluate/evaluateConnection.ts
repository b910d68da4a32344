// One connection's verdict, rule by rule, in both directions and across the admin, NetworkPolicy and
// baseline tiers: what probes, the CLI `explain` and the explanation panel show. The reference for one pair.
import type {
  AdminRuleMatch,
  AdminTier,
  Cluster,
  Connection,
  DirectionVerdict,
  Endpoint,
  EvaluateOptions,
  NetworkPolicy,
  PolicyRef,
  PolicyRule,
  PodEndpoint,
  PolicyType,
  Protocol,
  RuleMatch,
  TierStep,
  Verdict,
} from '../types';
import {
  adminPeerMatches,
  adminPolicyRef,
  adminPortMatches,
  adminSubjectSelects,
  nodesByName,
  tierPolicies,
} from './adminTiers';
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
  const port: number = resolvedPort;
  const nsLabels = namespaceLabelsOf(cluster);
  const legacyDeny = legacyDefaultDenyOf(cluster);
  // The network-policy API's tiers apply under the current semantics only (it postdates the beta).
  const tiered = opts.semantics === 'current' && (cluster.adminPolicies?.length ?? 0) > 0;
  const nodes = nodesByName(cluster);
  const tierOrder = tiered
    ? { Admin: tierPolicies(cluster, 'Admin'), Baseline: tierPolicies(cluster, 'Baseline') }
    : { Admin: [], Baseline: [] };

  /** The first rule of the tier that matches, in priority order: it decides (or passes) for the tier. */
  const firstMatch = (tier: AdminTier, dir: PolicyType, subject: Endpoint, peer: Endpoint) => {
    for (const policy of tierOrder[tier]) {
      if (!adminSubjectSelects(policy.subject, subject, nsLabels)) continue;
      for (const rule of dir === 'Egress' ? policy.egress : policy.ingress) {
        const peerIndex = rule.peers.findIndex((p) => adminPeerMatches(p, peer, nsLabels, nodes));
        if (peerIndex < 0) continue;
        let portIndex = -1;
        if (rule.ports !== null) {
          portIndex = rule.ports.findIndex((p) =>
            adminPortMatches(p, destination, connection.protocol, port),
          );
          if (portIndex < 0) continue;
        }
        const match: AdminRuleMatch = {
          policy: adminPolicyRef(policy),
          direction: dir,
          ruleIndex: rule.index,
          action: rule.action,
          peerIndex,
          portIndex,
        };
        if (rule.name !== undefined) match.ruleName = rule.name;
        if (rule.range) match.range = rule.range;
        return match;
      }
    }
    return null;
  };

  const direction = (dir: PolicyType): DirectionVerdict => {
    const subject = dir === 'Egress' ? source : destination;
    const peer = dir === 'Egress' ? destination : source;
    if (subject.type === 'external')
      return { allowed: true, cause: 'external', isolatedBy: [], allowedBy: [] };
    if (!tiered) return networkPolicyTier(dir, subject, peer);
    // Admin tier first: its first matching rule decides, unless it passes to NetworkPolicy.
    const tiers: TierStep[] = [];
    const admin = firstMatch('Admin', dir, subject, peer);
    if (admin && admin.action !== 'Pass') {
      const accept = admin.action === 'Accept';
      tiers.push({ tier: 'Admin', outcome: accept ? 'accept' : 'deny', rule: admin });
      return {
        allowed: accept,
        cause: accept ? 'admin-accepted' : 'admin-denied',
        isolatedBy: [],
        allowedBy: [],
        tiers,
        decidedBy: admin,
      };
    }
    tiers.push(
      admin ? { tier: 'Admin', outcome: 'pass', rule: admin } : { tier: 'Admin', outcome: 'no-match' },
    );
    // "v1.NetworkPolicy always makes a final decision for selected pods."
    const np = networkPolicyTier(dir, subject, peer);
    if (np.cause !== 'not-isolated') {
      tiers.push({ tier: 'NetworkPolicy', outcome: np.allowed ? 'allowed' : 'denied' });
      return { ...np, tiers };
    }
    tiers.push({ tier: 'NetworkPolicy', outcome: 'not-selected' });
    const baseline = firstMatch('Baseline', dir, subject, peer);
    if (baseline && baseline.action !== 'Pass') {
      const accept = baseline.action === 'Accept';
      tiers.push({ tier: 'Baseline', outcome: accept ? 'accept' : 'deny', rule: baseline });
      return {
        allowed: accept,
        cause: accept ? 'baseline-accepted' : 'baseline-denied',
        isolatedBy: [],
        allowedBy: [],
        tiers,
        decidedBy: baseline,
      };
    }
    tiers.push(
      baseline
        ? { tier: 'Baseline', outcome: 'pass', rule: baseline }
        : { tier: 'Baseline', outcome: 'no-match' },
    );
    // "If a given connection wasn't allowed or denied by any of the tiers, ... all pods can communicate."
    tiers.push({ tier: 'Default', outcome: 'accept' });
    return { ...np, tiers };
  };

  function networkPolicyTier(dir: PolicyType, subject: PodEndpoint, peer: Endpoint): DirectionVerdict {
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
          port,
          nsLabels,
        );
        if (match) allowedBy.push(match);
      }
    }
    const allowed = allowedBy.length > 0;
    const cause = allowed ? 'allowed-by-rule' : legacyIsolated ? 'legacy-default-deny' : 'no-rule-matches';
    return { allowed, cause, isolatedBy: isolating.map(policyRef), allowedBy };
  }

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
