// The Admin rule dialog's pure parts: the policy's name, priority and YAML, from the plan and the
// admin policies there are (a few). What the rule closes and opens is worked out in the engine worker
// (the `adminRule` request, src/worker/adminRule.ts).
import { stringify } from 'yaml';
import type { Cluster } from '../engine/index';
import type { AdminRulePlan, AdminRulePreview } from '../worker/protocol';
import { METADATA_NAME_LABEL } from './engineHelpers';

export type { AdminRulePlan, AdminRulePreview };

/** A name the API accepts (a DNS subdomain, at most 253 characters) and no admin policy has yet. */
export function adminRuleName(plan: AdminRulePlan, cluster: Cluster): string {
  const base = (
    plan.name?.trim() || `${plan.action.toLowerCase()}-${plan.fromNamespace}-to-${plan.toNamespace}`
  )
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 240);
  const taken = new Set((cluster.adminPolicies ?? []).map((p) => p.name));
  let name = base || 'admin-rule';
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * The priority offered for a new admin rule: below (evaluated before) every admin-tier policy there
 * is, so that it decides first, and never one already used (the API leaves the order of equal
 * priorities undefined). 100 in a cluster without admin policies.
 */
export function suggestedPriority(cluster: Cluster): number {
  const used = new Set(
    (cluster.adminPolicies ?? [])
      .filter((p) => p.tier === 'Admin' && p.priority !== null)
      .map((p) => p.priority!),
  );
  if (used.size === 0) return 100;
  for (let p = Math.min(...used) - 1; p >= 0; p--) if (!used.has(p)) return p;
  for (let p = 0; p <= 1000; p++) if (!used.has(p)) return p;
  return 1000;
}

/** The AdminNetworkPolicy of a plan, as one YAML document. Namespaces are chosen by their name label. */
export function adminRuleYaml(plan: AdminRulePlan, cluster: Cluster): string {
  const name = adminRuleName(plan, cluster);
  const ns = (n: string) => ({ namespaces: { matchLabels: { [METADATA_NAME_LABEL]: n } } });
  const rule: Record<string, unknown> = {
    name: `${plan.action.toLowerCase()}-from-${plan.fromNamespace}`.slice(0, 100),
    action: plan.action,
    from: [ns(plan.fromNamespace)],
  };
  if (plan.port !== undefined)
    rule.ports = [{ portNumber: { protocol: plan.protocol ?? 'TCP', port: plan.port } }];
  const doc = {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name },
    spec: { priority: plan.priority, subject: ns(plan.toNamespace), ingress: [rule] },
  };
  return stringify(doc, { lineWidth: 0 });
}

export function planError(plan: AdminRulePlan): string | undefined {
  if (!plan.fromNamespace || !plan.toNamespace) return 'Pick both namespaces.';
  if (!Number.isInteger(plan.priority) || plan.priority < 0 || plan.priority > 1000)
    return 'Priority must be a whole number from 0 to 1000 (lower is evaluated first).';
  if (plan.port !== undefined && (!Number.isInteger(plan.port) || plan.port < 1 || plan.port > 65535))
    return 'Port must be a number from 1 to 65535, or empty for every port.';
  return undefined;
}
