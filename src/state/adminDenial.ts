import {
  representativePort,
  type AdminRuleMatch,
  type Analysis,
  type Cluster,
  type EvaluateOptions,
  type Protocol,
} from '../engine/index';

/**
 * For denied pairs: the admin or baseline Deny rule that denied the pair (egress at the source first,
 * as the explanation reads), or null when the pair is denied because no NetworkPolicy rule admits it.
 * Decided on the filter's port, or on the representative port when the filter is empty.
 *
 * Read from the analysis the engine worker compiled (`Analysis.adminDenial`, class by class over its
 * tier tables): the page runs no evaluation. Decided as if enforced (the analysis is the enforced
 * result): with a plugin that does not enforce, the edge says "would be denied" and by whom.
 */
export function adminDenials(
  cluster: Cluster,
  analysis: Analysis,
  options: EvaluateOptions,
): (from: number, to: number, port: number | null, protocol: Protocol) => AdminRuleMatch | null {
  const none = () => null;
  if (!cluster.adminPolicies?.length || options.semantics === 'legacy') return none;
  return (from, to, port, protocol) => {
    if (from === to) return null;
    const chosen =
      port === null ? representativePort(cluster, analysis, from, to, protocol) : { port, protocol };
    const denial = analysis.adminDenial(from, to, chosen.port, chosen.protocol);
    const policy = denial && cluster.adminPolicies![denial.policyIndex];
    const rule =
      policy && (denial.direction === 'Ingress' ? policy.ingress : policy.egress)[denial.ruleIndex];
    if (!denial || !policy || !rule) return null;
    return {
      policy: {
        index: policy.index,
        kind: policy.kind,
        name: policy.name,
        tier: policy.tier,
        priority: policy.priority,
        ...(policy.range ? { range: policy.range } : {}),
      },
      direction: denial.direction,
      ruleIndex: denial.ruleIndex,
      ...(rule.name !== undefined ? { ruleName: rule.name } : {}),
      action: 'Deny',
      peerIndex: -1,
      portIndex: -1,
      ...(rule.range ? { range: rule.range } : {}),
    };
  };
}

/** Short words for an edge label: "admin Deny: sensitive-ns (priority 10)". */
export function adminDenialLabel(m: AdminRuleMatch): string {
  const priority = m.policy.priority === null ? '' : ` (priority ${m.policy.priority})`;
  return `${m.policy.tier === 'Admin' ? 'admin' : 'baseline'} Deny: ${m.policy.name}${priority}`;
}
