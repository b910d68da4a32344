// The tiers of a verdict in evaluation order (Admin, NetworkPolicy, Baseline, default) and which one
// decided, for the explanation panel and the CLI's tier chain. Pure: derived from one Verdict.
import { describeAdminRule } from '../evaluate/adminTiers';
import { selectorMatches } from '../match/selector';
import type {
  AdminPolicy,
  Cluster,
  DirectionVerdict,
  Endpoint,
  SourceRange,
  TierStep,
  Verdict,
} from '../types';

export type TierName = TierStep['tier'];

/** The order the network-policy API evaluates the tiers in (ClusterNetworkPolicySpec.tier). */
export const TIER_ORDER: readonly TierName[] = ['Admin', 'NetworkPolicy', 'Baseline', 'Default'];

export interface TierRow {
  tier: TierName;
  /** `decided`: this tier made the decision; `passed`: a Pass rule handed it on; `no-match`: the tier
   *  was consulted and had nothing to say; `not-consulted`: a tier before it decided. */
  status: 'decided' | 'passed' | 'no-match' | 'not-consulted';
  /** For the deciding tier: whether it allowed. */
  allowed?: boolean;
  /** Plain text (names come from YAML: rendered as text, never as markup). */
  text: string;
  range?: SourceRange;
}

export interface DirectionChain {
  direction: 'Egress' | 'Ingress';
  /** The pod whose side this is: the source for egress, the destination for ingress. */
  subject: string;
  rows: TierRow[];
}

const TIER_LABEL: Record<TierName, string> = {
  Admin: 'Admin tier',
  NetworkPolicy: 'NetworkPolicy',
  Baseline: 'Baseline tier',
  Default: 'Default',
};

export function tierLabel(tier: TierName): string {
  return TIER_LABEL[tier];
}

function rowOf(step: TierStep, last: boolean, side: DirectionVerdict, subject: string): TierRow {
  const rule = step.rule;
  const range = rule?.range ?? rule?.policy.range;
  const base = range ? { range } : {};
  switch (step.outcome) {
    case 'accept':
    case 'deny':
      if (step.tier === 'Default')
        return { tier: step.tier, status: 'decided', allowed: true, text: 'allowed: no tier decided' };
      return {
        tier: step.tier,
        status: 'decided',
        allowed: step.outcome === 'accept',
        text: `${step.outcome === 'accept' ? 'Accept' : 'Deny'} by ${rule ? describeAdminRule(rule) : 'a rule'}`,
        ...base,
      };
    case 'pass':
      return {
        tier: step.tier,
        status: 'passed',
        text: `Pass by ${rule ? describeAdminRule(rule) : 'a rule'}: handed to the ${step.tier === 'Admin' ? 'NetworkPolicy tier' : 'default'}`,
        ...base,
      };
    case 'no-match':
      return { tier: step.tier, status: 'no-match', text: 'no rule matches' };
    case 'not-selected':
      return { tier: step.tier, status: 'no-match', text: `no NetworkPolicy selects ${subject}` };
    case 'allowed':
    case 'denied': {
      const policy = side.allowedBy[0]?.policy ?? side.isolatedBy[0];
      const names = side.isolatedBy.map((p) => `${p.namespace}/${p.name}`).join(', ');
      return {
        tier: step.tier,
        status: last ? 'decided' : 'no-match',
        allowed: step.outcome === 'allowed',
        text:
          step.outcome === 'allowed'
            ? `allowed by ${policy ? `${policy.namespace}/${policy.name}` : 'a rule'}`
            : `denied: ${names} select${side.isolatedBy.length === 1 ? 's' : ''} ${subject} and no rule admits it`,
        ...(policy?.range ? { range: policy.range } : {}),
      };
    }
  }
}

/**
 * The tier chain of a verdict, as the CLI's `explain` prints it, one list per direction with every
 * tier in evaluation order (Admin → NetworkPolicy → Baseline → Default): which one decided, which
 * passed or had no matching rule, and which were never consulted. Null when the verdict has no tiers
 * (no admin or baseline policy, legacy semantics, a pod to itself).
 */
export function tierChain(cluster: Cluster, verdict: Verdict): DirectionChain[] | null {
  if (!verdict.egress.tiers && !verdict.ingress.tiers) return null;
  const chains: DirectionChain[] = [];
  for (const direction of ['Egress', 'Ingress'] as const) {
    const side = direction === 'Egress' ? verdict.egress : verdict.ingress;
    const index = direction === 'Egress' ? verdict.connection.from : verdict.connection.to;
    const subject = cluster.endpoints[index]?.ref ?? `#${index}`;
    const steps = side.tiers;
    if (!steps) {
      // An address outside the cluster: no policy of any tier applies on its side.
      if (side.cause === 'external')
        chains.push({
          direction,
          subject,
          rows: [
            {
              tier: 'Default',
              status: 'decided',
              allowed: true,
              text: `${subject} is outside the cluster: no tier applies`,
            },
          ],
        });
      continue;
    }
    const rows = steps.map((s, i) => rowOf(s, i === steps.length - 1, side, subject));
    const seen = new Set(steps.map((s) => s.tier));
    for (const tier of TIER_ORDER)
      if (!seen.has(tier)) rows.push({ tier, status: 'not-consulted', text: 'not consulted' });
    rows.sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
    chains.push({ direction, subject, rows });
  }
  return chains;
}

/**
 * The admin and baseline policies whose subject is this pod, in evaluation order (admin tier by
 * priority, then baseline). Host-network pods are never subjects ("host-networked pods are not
 * included in subject selection").
 */
export function adminPoliciesSelecting(cluster: Cluster, ep: Endpoint): AdminPolicy[] {
  if (ep.type !== 'pod' || ep.hostNetwork) return [];
  const ns = cluster.namespaces.find((n) => n.name === ep.namespace);
  const nsLabels = ns?.labels ?? { 'kubernetes.io/metadata.name': ep.namespace };
  return (cluster.adminPolicies ?? [])
    .filter(
      (p) =>
        selectorMatches(p.subject.namespaceSelector, nsLabels) &&
        (p.subject.type === 'namespaces' || selectorMatches(p.subject.podSelector, ep.labels)),
    )
    .sort(
      (a, b) =>
        (a.tier === b.tier ? 0 : a.tier === 'Admin' ? -1 : 1) ||
        (a.priority ?? 1001) - (b.priority ?? 1001) ||
        a.index - b.index,
    );
}
