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
import { ipBlockKey } from './ipBlockSets';
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
   * Per class: its egress group (classes with the same tier egress rules and NetworkPolicy egress
   * isolation decide alike towards each destination), or -1 when no tier egress rule applies to it.
   */
  egressGroup: Int32Array;
  /** Per egress group: 1 when one of its rules names a port (then the destination's ports matter). */
  egressGroupNamed: Uint8Array;
  /**
   * The admin-tier ingress Accept rules, and for each the index of its subject's classes in the CSR
   * `acceptSubjectOffsets`/`acceptSubjects` (rules of one subject share an entry): besides the sources
   * its NetworkPolicies admit, only these can open an ingress-isolated class to a source.
   */
  acceptRules: Int32Array;
  acceptSubject: Int32Array;
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
  egressIsolated: Uint8Array,
  npRuleNamed: Int32Array,
  ipBlockIds: ReadonlyMap<string, number>,
): TierData | undefined {
  // The network-policy API's tiers apply under the current semantics only (it postdates the beta).
  if (opts.semantics !== 'current' || (cluster.adminPolicies?.length ?? 0) === 0) return undefined;
  const { classCount, classRep, classPortKeyList, portKeyCount, classesByNs, classesByIpBlock } = classes;
  const nsLabels = namespaceLabelsOf(cluster);
  const nodes = nodesByName(cluster);
  const portKeyRep: Endpoint[] = new Array(portKeyCount);
  for (let c = 0; c < classCount; c++) portKeyRep[classPortKeyList[c]!] ??= classRep[c]!;

  const peers: Uint32Array[] = [];
  const rulePorts: number[] = [];
  const ruleNamed: number[] = [];
  const ruleAction: number[] = [];
  const ruleHasNamed: boolean[] = [];
  const ruleSource: number[] = [];
  const peerCache = new Map<string, Uint32Array>();
  const subjectCache = new Map<string, number[]>();
  const acceptRules: number[] = [];
  const acceptSubject: number[] = [];
  const acceptSubjects: number[][] = [];
  const portsCache = new Map<string, { fixed: number; named: number }>();

  /** Calls `add` with each class a subject or peer matches (in no particular order, maybe twice). */
  const eachClassMatching = (who: AdminSubject | AdminPeer, add: (c: number) => void): void => {
    if (who.type === 'namespaces' || who.type === 'pods') {
      // A namespace's selector is matched once for all its classes (a namespace holds many).
      for (const [ns, list] of classesByNs) {
        if (!selectorMatches(who.namespaceSelector, nsLabels(ns))) continue;
        for (const c of list) {
          const rep = classRep[c]!;
          // Host-network pods are never subjects, nor `namespaces`/`pods` peers (as in adminSubjectSelects).
          if (rep.type !== 'pod' || rep.hostNetwork) continue;
          if (who.type === 'namespaces' || selectorMatches(who.podSelector, rep.labels)) add(c);
        }
      }
      return;
    }
    if (who.type === 'networks') {
      // Each CIDR is one of the ipBlocks that split the classes (`collectIpBlocks`): its classes are known.
      const ids = who.cidrs.map((cidr) => ipBlockIds.get(ipBlockKey({ cidr, except: [] })));
      if (ids.every((id) => id !== undefined)) {
        for (const id of ids) for (const c of classesByIpBlock[id]!) add(c);
        return;
      }
    }
    for (let c = 0; c < classCount; c++) if (adminPeerMatches(who, classRep[c]!, nsLabels, nodes)) add(c);
  };
  const flags = new Uint8Array(classCount);
  /** The classes a subject selects, ascending. */
  const classesSelected = (subject: AdminSubject): number[] => {
    flags.fill(0);
    eachClassMatching(subject, (c) => (flags[c] = 1));
    const out: number[] = [];
    for (let c = 0; c < classCount; c++) if (flags[c]) out.push(c);
    return out;
  };

  /**
   * Classes that the same admin and baseline policies select get the same rule lists. A policy moves the
   * classes it selects to a new signature, one per signature they had (the partition of the classes
   * refined by each policy's subject, in evaluation order); a signature keeps the one it came from and
   * the policy, and its lists are read back along that chain at the end.
   */
  const sigOf = new Int32Array(classCount);
  const sigParent: number[] = [-1];
  const sigPolicy: number[] = [-1];
  const moved = new Map<number, number>();
  /** Per compiled policy: its tier and the ids of its ingress and egress rules. */
  const compiled: { admin: boolean; ingress: number[]; egress: number[] }[] = [];

  const compilePolicy = (policy: AdminPolicy) => {
    // Policies repeat few subjects (a team's namespaces, every namespace): each is matched once.
    const subjectKey = JSON.stringify(policy.subject);
    let selected = subjectCache.get(subjectKey);
    if (!selected) subjectCache.set(subjectKey, (selected = classesSelected(policy.subject)));
    if (selected.length === 0) return;
    const own = { admin: policy.tier === 'Admin', ingress: [] as number[], egress: [] as number[] };
    for (const dir of ['Ingress', 'Egress'] as const) {
      (dir === 'Ingress' ? policy.ingress : policy.egress).forEach((rule, ruleIndex) => {
        const id = peers.length;
        ruleSource.push(policy.index, dir === 'Ingress' ? 0 : 1, ruleIndex);
        const set = new Uint32Array(words);
        for (const peer of rule.peers) {
          const { range: _range, ...shape } = peer;
          const key = JSON.stringify(shape);
          let peerSet = peerCache.get(key);
          if (!peerSet) {
            const bits = (peerSet = new Uint32Array(words));
            eachClassMatching(peer, (c) => (bits[c >>> 5]! |= 1 << (c & 31)));
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
        (dir === 'Ingress' ? own.ingress : own.egress).push(id);
        if (policy.tier === 'Admin' && dir === 'Ingress' && rule.action === 'Accept') {
          acceptRules.push(id);
          // `selected` is one array per subject (subjectCache): equal subjects share an entry.
          let k = acceptSubjects.indexOf(selected);
          if (k < 0) k = acceptSubjects.push(selected) - 1;
          acceptSubject.push(k);
        }
      });
    }
    const index = compiled.length;
    compiled.push(own);
    moved.clear();
    for (const c of selected) {
      const old = sigOf[c]!;
      let sig = moved.get(old);
      if (sig === undefined) {
        sig = sigParent.length;
        moved.set(old, sig);
        sigParent.push(old);
        sigPolicy.push(index);
      }
      sigOf[c] = sig;
    }
  };
  for (const policy of tierPolicies(cluster, 'Admin')) compilePolicy(policy);
  for (const policy of tierPolicies(cluster, 'Baseline')) compilePolicy(policy);

  // The rule lists of each signature in use, in evaluation order (the chain read back to front).
  const sigLists = new Map<number, { lists: Int32Array[]; named: boolean }>();
  const listsOf = (sig: number) => {
    let entry = sigLists.get(sig);
    if (entry) return entry;
    const chain: number[] = [];
    for (let x = sig; x > 0; x = sigParent[x]!) chain.push(sigPolicy[x]!);
    const lists: number[][] = [[], [], [], []];
    for (let k = chain.length - 1; k >= 0; k--) {
      const policy = compiled[chain[k]!]!;
      const at = policy.admin ? 0 : 2;
      lists[at]!.push(...policy.ingress);
      lists[at + 1]!.push(...policy.egress);
    }
    entry = {
      // adminIngress, adminEgress, baselineIngress, baselineEgress
      lists: lists.map((l) => Int32Array.from(l)),
      named: lists[0]!.some((r) => ruleHasNamed[r]) || lists[2]!.some((r) => ruleHasNamed[r]),
    };
    sigLists.set(sig, entry);
    return entry;
  };
  // Each class's lists (those of its signature), once: the four CSR arrays below read them.
  const classLists = Array.from(sigOf, (sig) => listsOf(sig).lists);
  const perClass = (which: number) => classLists.map((lists) => lists[which]!);

  const ruleCount = peers.length;
  const rulePeers = new Uint32Array(ruleCount * words);
  peers.forEach((set, r) => rulePeers.set(set, r * words));
  const ingressTiered = new Uint8Array(classCount);
  const egressTiered = new Uint8Array(classCount);
  const groupIds = new Map<string, number>();
  const classGroup = new Int32Array(classCount).fill(-1);
  const groups: number[][] = [];
  const egressGroupIds = new Map<number, number>();
  const egressGroup = new Int32Array(classCount).fill(-1);
  const egressGroupNamed: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const sig = sigOf[c]!;
    if (sig === 0) continue;
    const lists = classLists[c]!;
    const tierNamed = sigLists.get(sig)!.named;
    if (lists[1]!.length + lists[3]!.length > 0) {
      egressTiered[c] = 1;
      // Egress subjects alike for the tiers: the same policies, and NetworkPolicy egress isolation or not.
      const key = sig * 2 + egressIsolated[c]!;
      let g = egressGroupIds.get(key);
      if (g === undefined) {
        g = egressGroupNamed.length;
        egressGroupIds.set(key, g);
        egressGroupNamed.push(
          lists[1]!.some((r) => ruleHasNamed[r]) || lists[3]!.some((r) => ruleHasNamed[r]) ? 1 : 0,
        );
      }
      egressGroup[c] = g;
    }
    if (lists[0]!.length + lists[2]!.length === 0) continue;
    ingressTiered[c] = 1;
    // NetworkPolicy named ports resolve on the destination too: the signature then joins the key.
    const npRules = ingressPerClass[c]!;
    const named = tierNamed || npRules.some((r) => npRuleNamed[r]! >= 0);
    const key = `${ingressIsolated[c]}|${sig}|${npRules.join(',')}|${named ? classPortKeyList[c] : ''}`;
    let g = groupIds.get(key);
    if (g === undefined) {
      g = groups.length;
      groupIds.set(key, g);
      groups.push([]);
    }
    groups[g]!.push(c);
    classGroup[c] = g;
  }
  const [adminIngressOffsets, adminIngressRules] = csr(perClass(0));
  const [adminEgressOffsets, adminEgressRules] = csr(perClass(1));
  const [baselineIngressOffsets, baselineIngressRules] = csr(perClass(2));
  const [baselineEgressOffsets, baselineEgressRules] = csr(perClass(3));
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
    egressGroup,
    egressGroupNamed: Uint8Array.from(egressGroupNamed),
    acceptRules: Int32Array.from(acceptRules),
    acceptSubject: Int32Array.from(acceptSubject),
    acceptSubjectOffsets,
    acceptSubjects: acceptSubjectList,
  };
}
