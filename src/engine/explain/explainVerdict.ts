import type {
  AdminPolicyRef,
  AdminRuleMatch,
  Cluster,
  DirectionVerdict,
  PolicyRef,
  PolicyType,
  SourceRange,
  Verdict,
} from '../types';
import { describeAdminRule } from '../evaluate/adminTiers';

/** One line of a decision trace. `range` points at the YAML that caused it (policy, rule, peer or port). */
export interface ExplanationStep {
  direction: PolicyType | 'Result';
  text: string;
  allowed: boolean;
  range?: SourceRange;
  policy?: PolicyRef;
  /**
   * Where `range` lies inside its policy (`spec.ingress[0]`): a bulk read gives a rule its policy's
   * range, and the page finds the rule in it when it is shown (see nodeWithin).
   */
  within?: readonly (string | number)[];
  /** The admin or baseline policy of this step (then `policy` is unset). */
  adminPolicy?: AdminPolicyRef;
  /** The tier this step is about, when the cluster has admin or baseline policies. */
  tier?: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'Default';
}

function refOf(cluster: Cluster, index: number): string {
  const ep = cluster.endpoints[index];
  if (ep?.type === 'pod' && ep.ghost) return `what if pod ${ep.ref} (not in the YAML)`;
  return ep?.ref ?? `#${index}`;
}

function policyName(p: PolicyRef): string {
  return `${p.namespace}/${p.name}`;
}

function listPolicies(policies: readonly PolicyRef[]): string {
  const names = policies.map(policyName);
  if (names.length === 1) return `NetworkPolicy ${names[0]} selects`;
  return `NetworkPolicies ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} select`;
}

function describePort(verdict: Verdict): string {
  const { port, protocol } = verdict.connection;
  if (typeof port === 'string' && verdict.resolvedPort !== undefined)
    return `${protocol} ${verdict.resolvedPort} ("${port}")`;
  return `${protocol} ${port}`;
}

/** Verdict -> steps: egress at the source, ingress at the destination, then the result. */
export function explainVerdict(cluster: Cluster, verdict: Verdict): ExplanationStep[] {
  const from = refOf(cluster, verdict.connection.from);
  const to = refOf(cluster, verdict.connection.to);
  const port = describePort(verdict);
  const steps: ExplanationStep[] = [];

  if (verdict.egress.cause === 'self') {
    steps.push({
      direction: 'Result',
      allowed: true,
      text: `Allowed: traffic from a pod to itself is always allowed.`,
    });
    return steps;
  }
  if (verdict.egress.cause === 'unknown-named-port') {
    steps.push({
      direction: 'Result',
      allowed: false,
      text: `Denied: ${to} has no container port named "${String(verdict.connection.port)}" for ${verdict.connection.protocol}, so nothing can connect to it.`,
    });
    return steps;
  }

  const side = (dir: PolicyType, v: DirectionVerdict) => {
    const subject = dir === 'Egress' ? from : to;
    const other = dir === 'Egress' ? to : from;
    const verb = dir === 'Egress' ? 'Egress' : 'Ingress';
    const lower = dir === 'Egress' ? 'egress' : 'ingress';
    const admits = dir === 'Egress' ? `to ${other}` : `from ${other}`;
    const adminStep = (m: AdminRuleMatch, allowed: boolean, text: string) =>
      steps.push({
        direction: dir,
        allowed,
        adminPolicy: m.policy,
        tier: m.policy.tier,
        range: m.range ?? m.policy.range,
        within: ['spec', lower, m.ruleIndex],
        text,
      });
    for (const t of v.tiers ?? []) {
      const accepted = t.outcome === 'accept';
      if (t.tier === 'Admin') {
        if (t.rule && t.outcome !== 'pass')
          adminStep(
            t.rule,
            accepted,
            `${verb} ${accepted ? 'accepted' : 'denied'} by ${describeAdminRule(t.rule)} (${t.rule.action}); NetworkPolicy was not consulted.`,
          );
        else if (t.rule)
          adminStep(
            t.rule,
            true,
            `${verb}: ${describeAdminRule(t.rule)} passes ${admits} on ${port} to the NetworkPolicy tier (Pass).`,
          );
        else
          steps.push({
            direction: dir,
            allowed: true,
            tier: 'Admin',
            text: `${verb}: no admin-tier rule matches ${admits} on ${port}; the NetworkPolicy tier decides.`,
          });
      } else if (t.tier === 'NetworkPolicy' && t.outcome === 'not-selected') {
        steps.push({
          direction: dir,
          allowed: true,
          tier: 'NetworkPolicy',
          text: `${verb}: no NetworkPolicy selects ${subject} for ${lower}; the baseline tier decides.`,
        });
      } else if (t.tier === 'Baseline') {
        if (t.rule && t.outcome !== 'pass')
          adminStep(
            t.rule,
            accepted,
            `${verb} ${accepted ? 'accepted' : 'denied'} by ${describeAdminRule(t.rule)} (${t.rule.action}).`,
          );
        else if (t.rule)
          adminStep(
            t.rule,
            true,
            `${verb}: ${describeAdminRule(t.rule)} passes ${admits} on ${port} on to the default (Pass).`,
          );
        else
          steps.push({
            direction: dir,
            allowed: true,
            tier: 'Baseline',
            text: `${verb}: no baseline-tier rule matches ${admits} on ${port}.`,
          });
      } else if (t.tier === 'Default') {
        steps.push({
          direction: dir,
          allowed: true,
          tier: 'Default',
          text: `${verb} allowed: no tier decided, and by default every pod may communicate.`,
        });
      }
    }
    if (v.tiers && v.tiers[v.tiers.length - 1]?.tier !== 'NetworkPolicy') return;
    switch (v.cause) {
      case 'external':
        steps.push({
          direction: dir,
          allowed: true,
          text: `${verb} allowed: ${subject} is outside the cluster, where no NetworkPolicy applies.`,
        });
        return;
      case 'not-isolated':
        steps.push({
          direction: dir,
          allowed: true,
          text: `${verb} allowed: no NetworkPolicy selects ${subject} for ${lower}, so it is not isolated for ${lower}.`,
        });
        return;
      case 'legacy-not-isolated':
        steps.push({
          direction: dir,
          allowed: true,
          text: `${verb} allowed: namespace ${subject.split('/')[0]} has no DefaultDeny annotation, so under the 1.5-1.6 beta semantics its NetworkPolicies have no effect.`,
        });
        return;
      case 'allowed-by-rule':
        for (const m of v.allowedBy) {
          const peer =
            m.peerIndex < 0
              ? 'every peer (no `' + (dir === 'Egress' ? 'to' : 'from') + '`)'
              : `peer ${m.peerIndex + 1}`;
          const ports = m.portIndex < 0 ? 'every port (no `ports`)' : `port entry ${m.portIndex + 1}`;
          const viaIp = m.ipBlockMatchedPod
            ? ` The match uses the pod's IP address in an ipBlock, which the API leaves to the network plugin (implementation-defined).`
            : '';
          steps.push({
            direction: dir,
            allowed: true,
            policy: m.policy,
            range: m.range,
            within: ['spec', lower, m.ruleIndex],
            text: `${verb} allowed: NetworkPolicy ${policyName(m.policy)} selects ${subject}, and its ${lower} rule ${m.ruleIndex + 1} admits ${admits} on ${port} (${peer}, ${ports}).${viaIp}`,
          });
        }
        return;
      case 'legacy-default-deny':
        steps.push({
          direction: dir,
          allowed: false,
          text: `${verb} denied: namespace ${subject.split('/')[0]} is annotated DefaultDeny (1.5-1.6 beta semantics), and no ingress rule of its NetworkPolicies admits ${admits} on ${port}.`,
          policy: v.isolatedBy[0],
          range: v.isolatedBy[0]?.range,
        });
        return;
      case 'no-rule-matches':
        steps.push({
          direction: dir,
          allowed: false,
          policy: v.isolatedBy[0],
          range: v.isolatedBy[0]?.range,
          text: `${verb} denied: ${listPolicies(v.isolatedBy)} ${subject}, but no ${lower} rule admits ${dir === 'Egress' ? other : other} on ${port}.`,
        });
        return;
      default:
        return;
    }
  };
  side('Egress', verdict.egress);
  side('Ingress', verdict.ingress);

  const policyAllowed = verdict.egress.allowed && verdict.ingress.allowed;
  const where = [
    !verdict.egress.allowed ? `egress at ${from}` : '',
    !verdict.ingress.allowed ? `ingress at ${to}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  if (verdict.wouldBeAllowed === false) {
    steps.push({
      direction: 'Result',
      allowed: true,
      text: `Allowed only because the network plugin does not enforce NetworkPolicy: an enforcing plugin would deny ${from} -> ${to} on ${port} (${where}).`,
    });
  } else if (policyAllowed) {
    steps.push({
      direction: 'Result',
      allowed: true,
      text: `Allowed: ${from} can connect to ${to} on ${port}.`,
    });
  } else {
    steps.push({
      direction: 'Result',
      allowed: false,
      text: `Denied: ${from} cannot connect to ${to} on ${port} (blocked by ${where}).`,
    });
  }
  return steps;
}

/** Plain text, one step per line, for the CLI and tests. */
export function formatVerdict(cluster: Cluster, verdict: Verdict): string {
  return explainVerdict(cluster, verdict)
    .map((s) => s.text)
    .join('\n');
}
