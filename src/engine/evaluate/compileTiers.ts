// The admin and baseline tiers compiled against classes: like NetworkPolicy rules, each rule keeps a
// bitset of the classes its peers match and its ports (per container-port signature where it names a
// port), plus its action; each class lists the rules that apply to it per tier and direction, in
// evaluation order (priority, then rule order), so a row decides by walking them first-match-wins.
import type {
  AdminPeer,
  AdminPolicy,
  AdminPort,
  AdminSubject,
  Cluster,
  Endpoint,
  EvaluateOptions,
  PortSet,
} from '../types';
import { selectorMatches } from '../match/selector';
import { EMPTY_PORT_SET, FULL_PORT_SET, portSetOf, unionPortSets } from '../match/ports';
import { namespaceLabelsOf } from './common';
import { csr } from './analysisData';
import type { Classes } from './classes';
import { adminPeerMatches, nodesByName, tierPolicies } from './adminTiers';

export const ACTION_ACCEPT = 0;
export const ACTION_DENY = 1;
export const ACTION_PASS = 2;

/** The compiled tiers, as plain typed arrays (part of `AnalysisData`). */
export interface TierData {
  ruleCount: number;
  /** ruleCount x words: which classes each rule's peers match. */
  rulePeers: Uint32Array;
  /** Per rule: index into the analysis port sets, or -1 when it names a port (then ruleNamed). */
  rulePorts: Int32Array;
  /** Per rule: offset into namedPorts (one entry per container-port signature), else -1. */
  ruleNamed: Int32Array;
  ruleAction: Uint8Array;
  /**
   * Per rule, three entries: the index of its policy in `cluster.adminPolicies`, its direction (0
   * ingress, 1 egress) and its index among that direction's rules: which rule decided, for the page.
   */
  ruleSource: Int32Array;
  /** CSR per class: the rules that apply to it, per tier and direction, in evaluation order. */
  adminIngressOffsets: Int32Array;
  adminIngressRules: Int32Array;
  baselineIngressOffsets: Int32Array;
  baselineIngressRules: Int32Array;
  adminEgressOffsets: Int32Array;
  adminEgressRules: Int32Array;
  baselineEgressOffsets: Int32Array;
  baselineEgressRules: Int32Array;
  /** Classes some admin or baseline rule applies to, per direction. */
  ingressTiered: Uint8Array;
  egressTiered: Uint8Array;
  /**
   * Classes tiered for ingress, grouped so that a group's classes decide alike for every source (same
   * NetworkPolicy and tier rules, and same container ports where a rule names one): a row decides once
   * per group. CSR of members, and each group's first member.
   */
  groupOffsets: Int32Array;
  groupMembers: Int32Array;
  groupRep: Int32Array;
  /** Per class: its group, or -1 when no admin or baseline ingress rule applies to it. */
  classGroup: Int32Array;
  /**
   * The admin-tier ingress Accept rules, and (CSR) the classes each applies to: besides the sources its
   * NetworkPolicies admit, only these can open an ingress-isolated class to a source.
   */
  acceptRules: Int32Array;
  acceptSubjectOffsets: Int32Array;
  acceptSubjects: Int32Array;
}

/** The ports an admin rule's `ports` admit towards a destination (named ports resolved on it). */
function portsOfAdminRule(ports: readonly AdminPort[] | null, destination: Endpoint | undefined): PortSet {
  if (ports === null) return FULL_PORT_SET;
  let out: PortSet = EMPTY_PORT_SET;
  for (const p of ports) {
    if (p.type === 'number') out = unionPortSets(out, portSetOf(p.protocol, p.port, p.endPort));
    else if (destination?.type === 'pod')
      for (const c of destination.ports)
        if (c.name === p.name) out = unionPortSets(out, portSetOf(c.protocol, c.containerPort));
  }
  return out;
}

export function compileTiers(
  cluster: Cluster,
  opts: Required<EvaluateOptions>,
  classes: Classes,
  words: number,
  internPortSet: (set: PortSet) => number,
  namedChunks: number[],
  ingressPerClass: readonly (readonly number[])[],
  ingressIsolated: Uint8Array,
  npRuleNamed: Int32Array,
): TierData | undefined {
  // The network-policy API's tiers apply under the current semantics only (it postdates the beta).
  if (opts.semantics !== 'current' || (cluster.adminPolicies?.length ?? 0) === 0) return undefined;
  const { classCount, classRep, classPortKeyList, portKeyCount } = classes;
  const nsLabels = namespaceLabelsOf(cluster);
  const nodes = nodesByName(cluster);
  const portKeyRep: Endpoint[] = new Array(portKeyCount);
  for (let c = 0; c < classCount; c++) portKeyRep[classPortKeyList[c]!] ??= classRep[c]!;

  const lists = {
    adminIngress: Array.from({ length: classCount }, (): number[] => []),
    baselineIngress: Array.from({ length: classCount }, (): number[] => []),
    adminEgress: Array.from({ length: classCount }, (): number[] => []),
    baselineEgress: Array.from({ length: classCount }, (): number[] => []),
  };
  const peers: Uint32Array[] = [];
  const rulePorts: number[] = [];
  const ruleNamed: number[] = [];
  const ruleAction: number[] = [];
  const ruleHasNamed: boolean[] = [];
  const ruleSource: number[] = [];
  const peerCache = new Map<string, Uint32Array>();
  const subjectCache = new Map<string, number[]>();
  const acceptRules: number[] = [];
  const acceptSubjects: number[][] = [];
  const portsCache = new Map<string, { fixed: number; named: number }>();

  // `namespaces` subjects and peers depend on a pod's namespace only: each is matched once per
  // namespace, not once per class (a namespace holds many classes).
  const matcher = (who: AdminSubject | AdminPeer): ((ep: Endpoint) => boolean) => {
    if (who.type !== 'namespaces' && who.type !== 'pods')
      return (ep) => adminPeerMatches(who, ep, nsLabels, nodes);
    const byNamespace = new Map<string, boolean>();
    return (ep) => {
      // Host-network pods are never subjects, nor `namespaces`/`pods` peers (as in adminSubjectSelects).
      if (ep.type !== 'pod' || ep.hostNetwork) return false;
      let inNamespace = byNamespace.get(ep.namespace);
      if (inNamespace === undefined)
        byNamespace.set(
          ep.namespace,
          (inNamespace = selectorMatches(who.namespaceSelector, nsLabels(ep.namespace))),
        );
      return inNamespace && (who.type === 'namespaces' || selectorMatches(who.podSelector, ep.labels));
    };
  };

  const compilePolicy = (policy: AdminPolicy) => {
    // Policies repeat few subjects (a team's namespaces, every namespace): each is matched once.
    const subjectKey = JSON.stringify(policy.subject);
    let selected = subjectCache.get(subjectKey);
    if (!selected) {
      selected = [];
      const selects = matcher(policy.subject);
      for (let c = 0; c < classCount; c++) if (selects(classRep[c]!)) selected.push(c);
      subjectCache.set(subjectKey, selected);
    }
    if (selected.length === 0) return;
    for (const dir of ['Ingress', 'Egress'] as const) {
      const perClass =
        policy.tier === 'Admin'
          ? dir === 'Ingress'
            ? lists.adminIngress
            : lists.adminEgress
          : dir === 'Ingress'
            ? lists.baselineIngress
            : lists.baselineEgress;
      (dir === 'Ingress' ? policy.ingress : policy.egress).forEach((rule, ruleIndex) => {
        const id = peers.length;
        ruleSource.push(policy.index, dir === 'Ingress' ? 0 : 1, ruleIndex);
        const set = new Uint32Array(words);
        for (const peer of rule.peers) {
          const { range: _range, ...shape } = peer;
          const key = JSON.stringify(shape);
          let peerSet = peerCache.get(key);
          if (!peerSet) {
            peerSet = new Uint32Array(words);
            const matches = matcher(peer);
            for (let c = 0; c < classCount; c++)
              if (matches(classRep[c]!)) peerSet[c >>> 5]! |= 1 << (c & 31);
            peerCache.set(key, peerSet);
          }
          for (let w = 0; w < words; w++) set[w]! |= peerSet[w]!;
        }
        peers.push(set);
        const portsKey = JSON.stringify(rule.ports?.map(({ range: _r, ...p }) => p) ?? null);
        let resolved = portsCache.get(portsKey);
        if (!resolved) {
          if (rule.ports?.some((p) => p.type === 'named')) {
            resolved = { fixed: -1, named: namedChunks.length };
            for (let k = 0; k < portKeyCount; k++)
              namedChunks.push(internPortSet(portsOfAdminRule(rule.ports, portKeyRep[k])));
          } else resolved = { fixed: internPortSet(portsOfAdminRule(rule.ports, undefined)), named: -1 };
          portsCache.set(portsKey, resolved);
        }
        rulePorts.push(resolved.fixed);
        ruleNamed.push(resolved.named);
        ruleHasNamed.push(resolved.named >= 0);
        ruleAction.push(
          rule.action === 'Accept' ? ACTION_ACCEPT : rule.action === 'Deny' ? ACTION_DENY : ACTION_PASS,
        );
        for (const c of selected) perClass[c]!.push(id);
        if (policy.tier === 'Admin' && dir === 'Ingress' && rule.action === 'Accept') {
          acceptRules.push(id);
          acceptSubjects.push(selected);
        }
      });
    }
  };
  for (const policy of tierPolicies(cluster, 'Admin')) compilePolicy(policy);
  for (const policy of tierPolicies(cluster, 'Baseline')) compilePolicy(policy);

  const ruleCount = peers.length;
  const rulePeers = new Uint32Array(ruleCount * words);
  peers.forEach((set, r) => rulePeers.set(set, r * words));
  const ingressTiered = new Uint8Array(classCount);
  const egressTiered = new Uint8Array(classCount);
  const groupIds = new Map<string, number>();
  const classGroup = new Int32Array(classCount).fill(-1);
  const groups: number[][] = [];
  for (let c = 0; c < classCount; c++) {
    if (lists.adminEgress[c]!.length + lists.baselineEgress[c]!.length > 0) egressTiered[c] = 1;
    const admin = lists.adminIngress[c]!;
    const baseline = lists.baselineIngress[c]!;
    if (admin.length + baseline.length === 0) continue;
    ingressTiered[c] = 1;
    // NetworkPolicy named ports resolve on the destination too: the signature then joins the key.
    const named =
      admin.some((r) => ruleHasNamed[r]) ||
      baseline.some((r) => ruleHasNamed[r]) ||
      ingressPerClass[c]!.some((r) => npRuleNamed[r]! >= 0);
    const key = `${ingressIsolated[c]}|${ingressPerClass[c]!.join(',')}|${admin.join(',')}|${baseline.join(',')}|${named ? classPortKeyList[c] : ''}`;
    let g = groupIds.get(key);
    if (g === undefined) {
      g = groups.length;
      groupIds.set(key, g);
      groups.push([]);
    }
    groups[g]!.push(c);
    classGroup[c] = g;
  }
  const [adminIngressOffsets, adminIngressRules] = csr(lists.adminIngress);
  const [baselineIngressOffsets, baselineIngressRules] = csr(lists.baselineIngress);
  const [adminEgressOffsets, adminEgressRules] = csr(lists.adminEgress);
  const [baselineEgressOffsets, baselineEgressRules] = csr(lists.baselineEgress);
  const [groupOffsets, groupMembers] = csr(groups);
  const [acceptSubjectOffsets, acceptSubjectList] = csr(acceptSubjects);
  return {
    ruleCount,
    rulePeers,
    rulePorts: Int32Array.from(rulePorts),
    ruleNamed: Int32Array.from(ruleNamed),
    ruleAction: Uint8Array.from(ruleAction),
    ruleSource: Int32Array.from(ruleSource),
    adminIngressOffsets,
    adminIngressRules,
    baselineIngressOffsets,
    baselineIngressRules,
    adminEgressOffsets,
    adminEgressRules,
    baselineEgressOffsets,
    baselineEgressRules,
    ingressTiered,
    egressTiered,
    groupOffsets,
    groupMembers,
    groupRep: Int32Array.from(groups.map((g) => g[0]!)),
    classGroup,
    acceptRules: Int32Array.from(acceptRules),
    acceptSubjectOffsets,
    acceptSubjects: acceptSubjectList,
  };
}
