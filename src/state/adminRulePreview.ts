import { stringify } from 'yaml';
import {
  analyze,
  applyEdit,
  diffAnalyses,
  formatPortSet,
  isPortSetEmpty,
  METADATA_NAME_LABEL,
  parseText,
  type Analysis,
  type Cluster,
  type Edit,
  type Protocol,
} from '../engine/index';

/** An admin-tier rule between two namespaces, as the "Admin rule…" dialog asks for it. */
export interface AdminRulePlan {
  /** Traffic from the pods of this namespace ... */
  fromNamespace: string;
  /** ... to the pods of this one (the policy's subject: the rule is an ingress rule at the destination). */
  toNamespace: string;
  action: 'Deny' | 'Pass';
  /** 0-1000, lower first. */
  priority: number;
  /** Only this port (of `protocol`); none: every port of every protocol. */
  port?: number;
  protocol?: Protocol;
  /** The policy's name; made from the namespaces when missing. */
  name?: string;
}

export interface AdminRulePreview {
  /** The document appended to the YAML. */
  yaml: string;
  edit: Edit;
  /** Pairs that lose some port, and pairs that gain some, as "from → to (ports)" lines (the first 500). */
  closed: string[];
  opened: string[];
  /** How many pairs lose / gain some port. */
  closedCount: number;
  openedCount: number;
  /** A plan the API server would refuse, or the YAML cannot take the edit: why. */
  error?: string;
}

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

function planError(plan: AdminRulePlan): string | undefined {
  if (!plan.fromNamespace || !plan.toNamespace) return 'Pick both namespaces.';
  if (!Number.isInteger(plan.priority) || plan.priority < 0 || plan.priority > 1000)
    return 'Priority must be a whole number from 0 to 1000 (lower is evaluated first).';
  if (plan.port !== undefined && (!Number.isInteger(plan.port) || plan.port < 1 || plan.port > 65535))
    return 'Port must be a number from 1 to 65535, or empty for every port.';
  return undefined;
}

/** At most this many lines of each list: the counts say the rest. */
const LISTED = 500;

/**
 * What adding the plan's admin rule does: the YAML appended (a new document, the rest of the text
 * untouched) and every connection it closes or opens, from `diffAnalyses` of the analyses before and
 * after. Pure: it reads the text and the current analysis and changes nothing, so the page can run it
 * here or in the worker.
 */
export function previewAdminRule(
  text: string,
  before: { cluster: Cluster; analysis: Analysis },
  plan: AdminRulePlan,
): AdminRulePreview {
  const yaml = adminRuleYaml(plan, before.cluster);
  const edit: Edit = { type: 'add-object', yaml };
  const invalid = planError(plan);
  if (invalid) return { yaml, edit, closed: [], opened: [], closedCount: 0, openedCount: 0, error: invalid };
  const r = applyEdit(text, edit);
  const refused = r.diagnostics.find((d) => d.severity === 'error');
  if (refused)
    return { yaml, edit, closed: [], opened: [], closedCount: 0, openedCount: 0, error: refused.message };
  // The new document must be read as written: an error in it would mean the rule is not applied.
  const own = parseText(yaml).diagnostics.find((d) => d.severity === 'error');
  if (own) return { yaml, edit, closed: [], opened: [], closedCount: 0, openedCount: 0, error: own.message };
  const parsed = parseText(r.value.text);
  const after = {
    cluster: parsed.value.cluster,
    analysis: analyze(parsed.value.cluster, before.analysis.options),
  };
  const diff = diffAnalyses(before, after);
  const closed: string[] = [];
  const opened: string[] = [];
  const refs = before.cluster.endpoints;
  let closedCount = 0;
  let openedCount = 0;
  for (const pair of diff.pairs()) {
    const name = () => `${refs[pair.from]!.ref} → ${refs[pair.to]!.ref}`;
    if (!isPortSetEmpty(pair.removed) && closedCount++ < LISTED)
      closed.push(`${name()} (${formatPortSet(pair.removed)})`);
    if (!isPortSetEmpty(pair.added) && openedCount++ < LISTED)
      opened.push(`${name()} (${formatPortSet(pair.added)})`);
  }
  return { yaml, edit, closed, opened, closedCount, openedCount };
}
