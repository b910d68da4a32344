// The audit: what a reviewer of a cluster's policies looks for first, as data (the CLI and the app
// print it). Budget: like lint, proportional to policies and pod classes (`podIndex`), never pods x pods.
import type {
  Analysis,
  EvaluateOptions,
  LabelSelector,
  NetworkPolicy,
  PolicyPort,
  PolicyRule,
  SourceRange,
  Workspace,
} from '../types';
import { analyze } from '../evaluate/analyze';
import { legacyDefaultDenyOf, withDefaults } from '../evaluate/common';
import { podIndex, type PodClass } from './podIndex';

/** A rule of a policy, pointed at in the YAML. */
export interface AuditRule {
  /** `namespace/name` of the policy. */
  policy: string;
  direction: 'Ingress' | 'Egress';
  /** Index of the rule in its direction's list, from 0. */
  rule: number;
  ports: readonly PolicyPort[];
  range?: SourceRange;
}

export interface AuditReport {
  /** Pods (endpoint indices) no policy isolates, per direction: every connection that way is allowed. */
  notIsolated: { ingress: number[]; egress: number[] };
  /**
   * Pods that addresses outside the cluster can reach (ingress; egress at an outside address is not
   * governed): not isolated for ingress, or admitted by these rules (no peers, or an ipBlock).
   */
  reachableFromOutside: { pod: number; openToAll: boolean; rules: AuditRule[] }[];
  /** Namespaces (with pods or declared) lacking a default deny for a direction. */
  namespacesWithoutDefaultDeny: { namespace: string; ingress: boolean; egress: boolean }[];
  /** Policies whose podSelector selects no pod of their namespace. */
  policiesSelectingNothing: { policy: string; range?: SourceRange }[];
  /** Rules that admit pods of every namespace: no peers at all, or a peer with `namespaceSelector: {}`. */
  rulesAdmittingEveryNamespace: (AuditRule & { anyAddress: boolean })[];
  /** The rules that admit the most pod pairs (pods selected x pods admitted), most first. */
  mostPermissiveRules: (AuditRule & { pairs: number; anyAddress: boolean })[];
}

const isEmptySelector = (s: LabelSelector | null): boolean =>
  s !== null && Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;

/** A default deny for a direction: a policy selecting every pod of its namespace with no rule that way. */
function isDefaultDeny(p: NetworkPolicy, direction: 'Ingress' | 'Egress'): boolean {
  if (!isEmptySelector(p.podSelector) || !p.policyTypes.includes(direction)) return false;
  return (direction === 'Ingress' ? p.ingress : p.egress).length === 0;
}

const admitsOutside = (rule: PolicyRule) =>
  rule.peers.length === 0 || rule.peers.some((peer) => peer.type === 'ipBlock');

export const AUDIT_TOP_RULES = 10;

export function auditWorkspace(ws: Workspace, options?: EvaluateOptions, given?: Analysis): AuditReport {
  const opts = withDefaults(options);
  const { cluster } = ws;
  const analysis = given ?? analyze(cluster, opts);
  const index = podIndex(cluster);
  const legacyDeny = legacyDefaultDenyOf(cluster);
  const policyName = (p: NetworkPolicy) => `${p.namespace}/${p.name}`;
  const ruleOf = (p: NetworkPolicy, direction: 'Ingress' | 'Egress', rule: PolicyRule, i: number) => ({
    policy: policyName(p),
    direction,
    rule: i,
    ports: rule.ports,
    ...(rule.range ? { range: rule.range } : {}),
  });
  // In the legacy semantics only ingress is enforced, and only in annotated namespaces.
  const applies = (p: NetworkPolicy, direction: 'Ingress' | 'Egress') =>
    opts.semantics === 'legacy'
      ? direction === 'Ingress' && legacyDeny(p.namespace)
      : p.policyTypes.includes(direction);

  const notIsolated = { ingress: [] as number[], egress: [] as number[] };
  for (const pod of index.pods) {
    const iso = analysis.isolation(pod.index);
    if (!iso.ingress) notIsolated.ingress.push(pod.index);
    if (!iso.egress) notIsolated.egress.push(pod.index);
  }

  // Rules admitting outside addresses, on the classes their policy selects.
  const outsideRules = new Map<PodClass, AuditRule[]>();
  for (const p of cluster.policies) {
    if (!applies(p, 'Ingress')) continue;
    p.ingress.forEach((rule, i) => {
      if (!admitsOutside(rule)) return;
      for (const c of index.selectedBy(p)) {
        let list = outsideRules.get(c);
        if (!list) outsideRules.set(c, (list = []));
        list.push(ruleOf(p, 'Ingress', rule, i));
      }
    });
  }
  const reachableFromOutside: AuditReport['reachableFromOutside'] = [];
  for (const pod of index.pods) {
    const open = !analysis.isolation(pod.index).ingress;
    const rules = open ? [] : (outsideRules.get(index.classOfPod.get(pod.index)!) ?? []);
    if (open || rules.length > 0) reachableFromOutside.push({ pod: pod.index, openToAll: open, rules });
  }

  const namespaces = new Set<string>([
    ...cluster.namespaces.filter((n) => n.declared).map((n) => n.name),
    ...index.classesByNs.keys(),
  ]);
  const namespacesWithoutDefaultDeny: AuditReport['namespacesWithoutDefaultDeny'] = [];
  for (const ns of [...namespaces].sort()) {
    const own = cluster.policies.filter((p) => p.namespace === ns);
    const ingress =
      opts.semantics === 'legacy' ? legacyDeny(ns) : own.some((p) => isDefaultDeny(p, 'Ingress'));
    const egress = opts.semantics === 'legacy' ? false : own.some((p) => isDefaultDeny(p, 'Egress'));
    if (!ingress || !egress) namespacesWithoutDefaultDeny.push({ namespace: ns, ingress, egress });
  }

  const policiesSelectingNothing = cluster.policies
    .filter((p) => index.selectedBy(p).length === 0)
    .map((p) => ({ policy: policyName(p), ...(p.range ? { range: p.range } : {}) }));

  const rulesAdmittingEveryNamespace: AuditReport['rulesAdmittingEveryNamespace'] = [];
  const permissive: AuditReport['mostPermissiveRules'] = [];
  const size = (classes: readonly PodClass[]) => classes.reduce((n, c) => n + c.members.length, 0);
  for (const p of cluster.policies) {
    const selected = size(index.selectedBy(p));
    for (const direction of ['Ingress', 'Egress'] as const) {
      if (!applies(p, direction)) continue;
      (direction === 'Ingress' ? p.ingress : p.egress).forEach((rule, i) => {
        const anyAddress = admitsOutside(rule);
        const everyNamespace =
          rule.peers.length === 0 ||
          rule.peers.some(
            (peer) =>
              peer.type === 'selector' &&
              isEmptySelector(peer.namespaceSelector) &&
              (peer.podSelector === null || isEmptySelector(peer.podSelector)),
          );
        if (everyNamespace)
          rulesAdmittingEveryNamespace.push({ ...ruleOf(p, direction, rule, i), anyAddress });
        // Pods the peers admit, each counted once across the rule's peers.
        let admitted: number;
        if (rule.peers.length === 0) admitted = index.pods.length;
        else {
          const pods = new Set<number>();
          for (const peer of rule.peers) {
            for (const rep of index.peerPods(p, peer)) {
              if (peer.type === 'ipBlock') pods.add(rep.index);
              else for (const m of index.classOfPod.get(rep.index)!.members) pods.add(m);
            }
          }
          admitted = pods.size;
        }
        const pairs = selected * admitted;
        if (pairs > 0 || anyAddress) permissive.push({ ...ruleOf(p, direction, rule, i), pairs, anyAddress });
      });
    }
  }
  permissive.sort((a, b) => b.pairs - a.pairs || Number(b.anyAddress) - Number(a.anyAddress));

  return {
    notIsolated,
    reachableFromOutside,
    namespacesWithoutDefaultDeny,
    policiesSelectingNothing,
    rulesAdmittingEveryNamespace,
    mostPermissiveRules: permissive.slice(0, AUDIT_TOP_RULES),
  };
}
