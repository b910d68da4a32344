import {
  representativePort,
  evaluateConnection,
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
 * Memoised per pair of classes and port: endpoints of one class are indistinguishable to every
 * policy, admin tiers included (see src/engine/README.md, "The fast evaluator"), so a matrix of
 * a hundred pods asks the engine once per class pair, not once per cell.
 */
export function adminDenials(
  cluster: Cluster,
  analysis: Analysis,
  options: EvaluateOptions,
): (from: number, to: number, port: number | null, protocol: Protocol) => AdminRuleMatch | null {
  const none = () => null;
  if (!cluster.adminPolicies?.length || options.semantics === 'legacy') return none;
  const memo = new Map<string, AdminRuleMatch | null>();
  return (from, to, port, protocol) => {
    if (from === to) return null;
    const chosen =
      port === null ? representativePort(cluster, analysis, from, to, protocol) : { port, protocol };
    const key = `${analysis.classOf(from)}:${analysis.classOf(to)}:${chosen.protocol}:${chosen.port}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // Decided as if enforced: with a plugin that does not enforce, the edge says "would be denied" and
    // by whom.
    const verdict = evaluateConnection(cluster, { from, to, ...chosen }, { ...options, enforced: true });
    let found: AdminRuleMatch | null = null;
    for (const side of [verdict.egress, verdict.ingress])
      if (!side.allowed && side.decidedBy?.action === 'Deny') {
        found = side.decidedBy;
        break;
      }
    memo.set(key, found);
    return found;
  };
}

/** Short words for an edge label: "admin Deny: sensitive-ns (priority 10)". */
export function adminDenialLabel(m: AdminRuleMatch): string {
  const priority = m.policy.priority === null ? '' : ` (priority ${m.policy.priority})`;
  return `${m.policy.tier === 'Admin' ? 'admin' : 'baseline'} Deny: ${m.policy.name}${priority}`;
}
