// Rules compiled against classes: which policies' rules apply to each class per direction, which
// classes each rule's peers admit (a bitset over classes), and the ports each rule admits (per
// container-port signature where it names a port).
import type {
  Cluster,
  Endpoint,
  EvaluateOptions,
  LabelSelector,
  NetworkPolicy,
  Peer,
  PolicyPort,
  PolicyRule,
  PolicyType,
  PortSet,
} from '../types';
import { selectorKey, selectorMatches } from '../match/selector';
import {
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  portSetKey,
  portSetOf,
  protocolPortSet,
  unionPortSets,
} from '../match/ports';
import { legacyDefaultDenyOf, namespaceLabelsOf } from './common';
import { nonZeroWords } from './analysisData';
import type { Classes } from './classes';
import { ipBlockKey } from './ipBlockSets';
import { compileTiers, type TierData } from './compileTiers';

export interface CompiledRules {
  /** Words per class bitset. */
  words: number;
  ruleCount: number;
  /** ruleCount x words: which classes each rule's peers admit. */
  rulePeers: Uint32Array;
  /** Per rule: index into portSets when independent of the destination, else -1 (named ports). */
  rulePorts: Int32Array;
  /** Per rule: offset into namedPorts (one entry per port signature) for rules with named ports, else -1. */
  ruleNamed: Int32Array;
  namedPorts: Int32Array;
  portSets: PortSet[];
  ingressIsolated: Uint8Array;
  egressIsolated: Uint8Array;
  /** Per class: the ingress / egress rules that apply to it. */
  ingressPerClass: number[][];
  egressPerClass: number[][];
  /** The admin and baseline tiers, when the cluster has such policies (current semantics). */
  tiers?: TierData;
}

/** A rule with the policy it belongs to. */
interface CompiledRule {
  policy: NetworkPolicy;
  rule: PolicyRule;
}

/** A peer's classes as a bitset, with the indices of its non-zero words (peers pick few classes). */
interface PeerSet {
  set: Uint32Array;
  nonZero: Int32Array;
}

export function compileRules(
  cluster: Cluster,
  opts: Required<EvaluateOptions>,
  classes: Classes,
  ipBlockIds: ReadonlyMap<string, number>,
): CompiledRules {
  const nsLabels = namespaceLabelsOf(cluster);
  const legacyDeny = legacyDefaultDenyOf(cluster);
  const { classCount, classRep, classesByNs, classesByIpBlock, classPortKeyList, portKeyCount } = classes;
  const words = Math.max(1, Math.ceil(classCount / 32));
  const portSets: PortSet[] = [FULL_PORT_SET, EMPTY_PORT_SET];
  const portSetIds = new Map<string, number>([
    [portSetKey(FULL_PORT_SET), 0],
    [portSetKey(EMPTY_PORT_SET), 1],
  ]);
  const internPortSet = (set: PortSet): number => {
    const key = portSetKey(set);
    let id = portSetIds.get(key);
    if (id === undefined) {
      id = portSets.length;
      portSets.push(set);
      portSetIds.set(key, id);
    }
    return id;
  };

  // Namespaces matched by a namespaceSelector, cached by selector.
  const allNamespaces = [...classesByNs.keys()];
  const nsMatchCache = new Map<string, string[]>();
  const namespacesMatching = (sel: LabelSelector): string[] => {
    const key = selectorKey(sel);
    let hit = nsMatchCache.get(key);
    if (!hit) nsMatchCache.set(key, (hit = allNamespaces.filter((ns) => selectorMatches(sel, nsLabels(ns)))));
    return hit;
  };
  const podClassesMatching = (
    namespaces: string[],
    sel: LabelSelector | null,
    out: Uint32Array,
    base: number,
  ) => {
    for (const ns of namespaces) {
      for (const c of classesByNs.get(ns) ?? []) {
        const rep = classRep[c]!;
        if (sel === null || (rep.type === 'pod' && selectorMatches(sel, rep.labels))) {
          out[base + (c >>> 5)]! |= 1 << (c & 31);
        }
      }
    }
  };

  const rules: CompiledRule[] = [];
  const ingressPerClass: number[][] = Array.from({ length: classCount }, () => []);
  const egressPerClass: number[][] = Array.from({ length: classCount }, () => []);
  const ingressIsolated = new Uint8Array(classCount);
  const egressIsolated = new Uint8Array(classCount);

  if (opts.semantics === 'legacy') {
    // Kubernetes 1.5-1.6 beta: the namespace annotation isolates every pod of the namespace for ingress.
    for (const [ns, classes] of classesByNs)
      if (legacyDeny(ns)) for (const c of classes) ingressIsolated[c] = 1;
  }

  const directionApplies = (policy: NetworkPolicy, dir: PolicyType): boolean =>
    opts.semantics === 'legacy'
      ? dir === 'Ingress' && legacyDeny(policy.namespace)
      : policy.policyTypes.includes(dir);

  /** Numbers a policy's rules of one direction and lists them on the classes it selects. */
  const selectRules = (
    policy: NetworkPolicy,
    list: readonly PolicyRule[],
    selected: readonly number[],
    perClass: number[][],
    isolated: Uint8Array,
  ) => {
    const first = rules.length;
    for (const rule of list) rules.push({ policy, rule });
    for (const c of selected) {
      isolated[c] = 1;
      const onClass = perClass[c]!;
      for (let id = first; id < rules.length; id++) onClass.push(id);
    }
  };
  const selections = new Map<string, number[]>();
  for (const policy of cluster.policies) {
    const ingress = directionApplies(policy, 'Ingress');
    const egress = directionApplies(policy, 'Egress');
    if (!ingress && !egress) continue;
    // Policies of a namespace repeat few pod selectors: each (namespace, selector) is matched once.
    const selectionKey = `${policy.namespace}\u0002${selectorKey(policy.podSelector)}`;
    let selected = selections.get(selectionKey);
    if (selected === undefined) {
      selected = (classesByNs.get(policy.namespace) ?? []).filter((c) => {
        const rep = classRep[c]!;
        return rep.type === 'pod' && selectorMatches(policy.podSelector, rep.labels);
      });
      selections.set(selectionKey, selected);
    }
    if (selected.length === 0) continue;
    if (ingress) selectRules(policy, policy.ingress, selected, ingressPerClass, ingressIsolated);
    if (egress) selectRules(policy, policy.egress, selected, egressPerClass, egressIsolated);
  }

  const ruleCount = rules.length;
  const rulePeers = new Uint32Array(ruleCount * words);
  const rulePorts = new Int32Array(ruleCount);
  const ruleNamed = new Int32Array(ruleCount).fill(-1);
  const namedChunks: number[] = [];
  // Representative container ports per port signature, for named-port resolution.
  const portKeyRep: Endpoint[] = new Array(portKeyCount);
  for (let c = 0; c < classCount; c++) portKeyRep[classPortKeyList[c]!] ??= classRep[c]!;

  const peerCache = new Map<string, PeerSet>();
  /** A rule `ports` list -> what rulePorts and ruleNamed hold for it. */
  const portsByList = new Map<string, { fixed: number; named: number }>();
  for (let r = 0; r < ruleCount; r++) {
    const { policy, rule } = rules[r]!;
    const base = r * words;
    if (rule.peers.length === 0) {
      // "If this field is empty or missing, this rule matches all sources" — every class, external too.
      for (let c = 0; c < classCount; c++) rulePeers[base + (c >>> 5)]! |= 1 << (c & 31);
    } else {
      for (const peer of rule.peers) {
        const { set, nonZero } = peerSet(peer, policy);
        for (let k = 0; k < nonZero.length; k++) rulePeers[base + nonZero[k]!]! |= set[nonZero[k]!]!;
      }
    }
    // Rules repeat few `ports` lists: each list is resolved once (for named ports, once per signature).
    const key = portListKey(rule.ports);
    let resolved = portsByList.get(key);
    if (resolved === undefined) {
      if (rule.ports.some((p) => typeof p.port === 'string')) {
        resolved = { fixed: -1, named: namedChunks.length };
        for (let k = 0; k < portKeyCount; k++)
          namedChunks.push(internPortSet(portsOfRule(rule.ports, portKeyRep[k])));
      } else resolved = { fixed: internPortSet(portsOfRule(rule.ports, undefined)), named: -1 };
      portsByList.set(key, resolved);
    }
    rulePorts[r] = resolved.fixed;
    ruleNamed[r] = resolved.named;
  }

  function peerSet(peer: Peer, policy: NetworkPolicy): PeerSet {
    const key =
      peer.type === 'ipBlock'
        ? `i\u0002${ipBlockKey(peer)}`
        : `s\u0002${peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : `=${policy.namespace}`}\u0002${
            peer.podSelector ? selectorKey(peer.podSelector) : '*'
          }`;
    const cached = peerCache.get(key);
    if (cached) return cached;
    const set = new Uint32Array(words);
    if (peer.type === 'ipBlock') {
      const id = ipBlockIds.get(ipBlockKey(peer))!;
      for (const c of classesByIpBlock[id]!) set[c >>> 5]! |= 1 << (c & 31);
    } else {
      const namespaces =
        peer.namespaceSelector === null ? [policy.namespace] : namespacesMatching(peer.namespaceSelector);
      podClassesMatching(namespaces, peer.podSelector, set, 0);
    }
    const result = { set, nonZero: nonZeroWords(set, 0, words) };
    peerCache.set(key, result);
    return result;
  }

  const tiers = compileTiers(
    cluster,
    opts,
    classes,
    words,
    internPortSet,
    namedChunks,
    ingressPerClass,
    ingressIsolated,
    egressIsolated,
    ruleNamed,
    ipBlockIds,
  );
  return {
    ...(tiers ? { tiers } : {}),
    words,
    ruleCount,
    rulePeers,
    rulePorts,
    ruleNamed,
    namedPorts: Int32Array.from(namedChunks),
    portSets,
    ingressIsolated,
    egressIsolated,
    ingressPerClass,
    egressPerClass,
  };
}

/** A key for a rule's `ports` list: equal keys, equal lists (a named port "80" is not port 80). */
function portListKey(ports: readonly PolicyPort[]): string {
  let out = '';
  for (const p of ports) out += `${p.protocol} ${JSON.stringify(p.port ?? null)} ${p.endPort ?? ''},`;
  return out;
}

/** The ports a rule's `ports` list admits towards a destination (named ports resolved on it). */
function portsOfRule(ports: readonly PolicyPort[], destination: Endpoint | undefined): PortSet {
  if (ports.length === 0) return FULL_PORT_SET;
  let out: PortSet = EMPTY_PORT_SET;
  for (const p of ports) {
    let set: PortSet;
    if (p.port === undefined) set = protocolPortSet(p.protocol);
    else if (typeof p.port === 'number') set = portSetOf(p.protocol, p.port, p.endPort ?? p.port);
    else {
      const named =
        destination?.type === 'pod'
          ? destination.ports.find((c) => c.name === p.port && c.protocol === p.protocol)
          : undefined;
      if (!named) continue;
      set = portSetOf(p.protocol, named.containerPort);
    }
    out = unionPortSets(out, set);
  }
  return out;
}
