import type {
  AllowedEdge,
  Analysis,
  ClassEdges,
  Cluster,
  ContainerPort,
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
import { parseAddress, parseCidr } from '../match/cidr';
import {
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  intersectPortSets,
  isPortSetEmpty,
  isPortSetFull,
  packPortSets,
  portSetKey,
  portSetOf,
  protocolPortSet,
  unionPortSets,
  unpackPortSets,
  type PackedPortSets,
} from '../match/ports';
import { legacyDefaultDenyOf, namespaceLabelsOf, withDefaults } from './common';

/**
 * The compiled, structured-cloneable form of an analysis. The worker builds it and posts it to the page,
 * where `analysisFromData` answers rows on demand. It never holds an endpoint x endpoint matrix: endpoints
 * are grouped into classes (same namespace, labels, container ports and matching ipBlocks look alike to
 * every policy), and per rule a bitset over classes says which peers it admits.
 */
export interface AnalysisData {
  endpointCount: number;
  options: Required<EvaluateOptions>;
  classCount: number;
  /** endpoint -> class */
  classOf: Int32Array;
  /** CSR lists of each class's endpoints. */
  memberOffsets: Int32Array;
  members: Int32Array;
  classExternal: Uint8Array;
  /** Words per class bitset. */
  words: number;
  ruleCount: number;
  /** ruleCount x words: which classes each rule's peers admit. */
  rulePeers: Uint32Array;
  /** Per rule: index into portSets when independent of the destination, else -1 (named ports). */
  rulePorts: Int32Array;
  /** Per rule: offset into namedPorts (length portKeyCount) for rules with named ports, else -1. */
  ruleNamed: Int32Array;
  namedPorts: Int32Array;
  /** Per class: its container-port signature (named ports resolve on the destination). */
  classPortKey: Int32Array;
  portKeyCount: number;
  /** The rule port sets (rulePorts and namedPorts index them), packed for the transfer. */
  portSets: PackedPortSets;
  ingressIsolated: Uint8Array;
  egressIsolated: Uint8Array;
  /** CSR per class: ingress / egress rules that apply to it. */
  ingressOffsets: Int32Array;
  ingressRules: Int32Array;
  egressOffsets: Int32Array;
  egressRules: Int32Array;
  /** Classes with the same ingress rules (and named-port resolution) share a profile: same column. */
  ingressProfile: Int32Array;
  profileRep: Int32Array;
  /** CSR: the classes of each profile; the profiles each ingress rule belongs to; classes not isolated for ingress. */
  profileMemberOffsets: Int32Array;
  profileMembers: Int32Array;
  ruleProfileOffsets: Int32Array;
  ruleProfiles: Int32Array;
  openClasses: Int32Array;
  /**
   * The complete result in class space, once some side has asked for it (the worker does, so the page
   * receives it ready instead of computing it on the main thread).
   */
  classEdges?: ClassEdges;
}

interface IpBlockInfo {
  cidr: string;
  except: readonly string[];
}

export function analyze(cluster: Cluster, options?: EvaluateOptions): Analysis {
  return analysisFromData(compileAnalysis(cluster, options));
}

function labelsKey(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0000${labels[k]}\u0001`;
  return out;
}

function portsKey(ports: readonly ContainerPort[]): string {
  // Only named ports matter to policies (numeric ports do not depend on the destination).
  let one = '';
  let named: string[] | null = null;
  for (const p of ports) {
    if (!p.name) continue;
    const key = `${p.name}/${p.protocol}/${p.containerPort}`;
    if (one === '') one = key;
    else (named ??= [one]).push(key);
  }
  return named ? named.sort().join(',') : one;
}

/** IPv4 fast path: [start, end] as unsigned 32-bit numbers, or null for IPv6 / invalid. */
function v4Range(cidr: string): [number, number] | null {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed[0].kind() !== 'ipv4') return null;
  const b = parsed[0].toByteArray();
  const base = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const prefix = parsed[1];
  const size = prefix === 0 ? 2 ** 32 : 2 ** (32 - prefix);
  const start = base - (base % size);
  return [start, start + size - 1];
}

function v4Number(ip: ReturnType<typeof parseAddress>): number | null {
  if (!ip || ip.kind() !== 'ipv4') return null;
  const b = ip.toByteArray();
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** An address parsed once, for testing against every ipBlock. */
interface ParsedAddress {
  /** IPv4 as an unsigned 32-bit number, else null. */
  v4: number | null;
  ip: ReturnType<typeof parseAddress>;
}

/** An address as ipaddr.js reads it (plain dotted quads are read by `dottedQuad` first). */
function parsedAddress(address: string): ParsedAddress {
  const ip = parseAddress(address);
  return { v4: v4Number(ip), ip };
}

function makeIpMatcher(block: IpBlockInfo): (address: ParsedAddress) => boolean {
  const main = v4Range(block.cidr);
  const excepts = block.except.map(v4Range);
  const mainParsed = parseCidr(block.cidr);
  const exceptParsed = block.except.map(parseCidr);
  return ({ v4: n, ip }) => {
    if (n !== null && main) {
      if (n < main[0] || n > main[1]) return false;
      return !excepts.some((r) => r !== null && n >= r[0] && n <= r[1]);
    }
    if (!ip || !mainParsed || mainParsed[0].kind() !== ip.kind() || !ip.match(mainParsed)) return false;
    return !exceptParsed.some((r) => r !== null && r[0].kind() === ip.kind() && ip.match(r));
  };
}

/**
 * For each endpoint, which ipBlocks (indices, ascending) one of its addresses falls in, as an id into
 * `sets` (0 is the empty set): endpoints in the same blocks share an id, so the class key carries a
 * number instead of the list. IPv4 addresses are visited in ascending order while a sweep over the
 * starts and ends of every block and except keeps the blocks they are in: a set is listed only where
 * the sweep crossed a boundary since the previous address, so neither the pods under a /16 nor
 * thousands of /32 blocks cost blocks x addresses. Other addresses are tested against every block.
 */
function endpointIpBlockSets(
  endpoints: readonly Endpoint[],
  blocks: readonly IpBlockInfo[],
): { setOf: Int32Array; sets: Int32Array[] } {
  const setOf = new Int32Array(endpoints.length);
  const sets: Int32Array[] = [new Int32Array(0)];
  if (blocks.length === 0) return { setOf, sets };
  const setIds = new Map<string, number>([['', 0]]);
  const intern = (list: readonly number[]): number => {
    const key = list.join(',');
    let id = setIds.get(key);
    if (id === undefined) {
      id = sets.length;
      setIds.set(key, id);
      sets.push(Int32Array.from(list));
    }
    return id;
  };

  // Each endpoint address as an unsigned IPv4 number, or NaN with its parsed form kept for the matchers.
  const numbers: number[] = [];
  const others = new Map<number, ParsedAddress>();
  const addressesOf = (ep: Endpoint) => (ep.type === 'external' ? [ep.address] : ep.ips);
  for (const ep of endpoints) {
    for (const text of addressesOf(ep)) {
      const quad = dottedQuad(text);
      const address = quad >= 0 ? null : parsedAddress(text);
      const n = address ? address.v4 : quad;
      if (n === null) others.set(numbers.length, address!);
      numbers.push(n ?? NaN);
    }
  }

  // Sweep events: +1 / -1 to a block's own range (kind 0) or to its excepts (kind 1), at an address.
  const eventAt: number[] = [];
  const eventCode: number[] = [];
  blocks.forEach((block, b) => {
    const range = v4Range(block.cidr);
    if (!range) return;
    const push = (at: number, kind: number, delta: number) => {
      eventAt.push(at);
      eventCode.push(b * 4 + kind * 2 + (delta > 0 ? 0 : 1));
    };
    push(range[0], 0, 1);
    push(range[1] + 1, 0, -1);
    for (const r of block.except.map(v4Range)) {
      if (!r) continue;
      push(r[0], 1, 1);
      push(r[1] + 1, 1, -1);
    }
  });
  const eventOrder = Array.from(eventAt, (_, k) => k).sort((x, y) => eventAt[x]! - eventAt[y]!);
  const inRange = new Int32Array(blocks.length);
  const excepted = new Int32Array(blocks.length);
  const active = new Set<number>();
  const v4Sets = new Map<number, number>();
  const sorted = Float64Array.from(numbers.filter((n) => !Number.isNaN(n))).sort();
  let e = 0;
  let current = 0;
  let changed = false;
  for (const n of sorted) {
    for (; e < eventOrder.length && eventAt[eventOrder[e]!]! <= n; e++) {
      const code = eventCode[eventOrder[e]!]!;
      const b = code >> 2;
      const delta = code & 1 ? -1 : 1;
      if (code & 2) excepted[b]! += delta;
      else inRange[b]! += delta;
      if (inRange[b]! > 0 && excepted[b] === 0) active.add(b);
      else active.delete(b);
      changed = true;
    }
    if (changed) {
      current = intern([...active].sort((x, y) => x - y));
      changed = false;
    }
    v4Sets.set(n, current);
  }

  let matchers: ((address: ParsedAddress) => boolean)[] | null = null;
  const setOfAddress = (k: number): number => {
    const n = numbers[k]!;
    if (!Number.isNaN(n)) return v4Sets.get(n)!;
    const address = others.get(k)!;
    matchers ??= blocks.map(makeIpMatcher);
    const inBlocks: number[] = [];
    matchers.forEach((matches, b) => {
      if (matches(address)) inBlocks.push(b);
    });
    return intern(inBlocks);
  };
  let k = 0;
  for (let i = 0; i < endpoints.length; i++) {
    const count = addressesOf(endpoints[i]!).length;
    if (count === 1) setOf[i] = setOfAddress(k);
    else if (count > 1) {
      const union = new Set<number>();
      for (let j = k; j < k + count; j++) for (const b of sets[setOfAddress(j)]!) union.add(b);
      setOf[i] = intern([...union].sort((x, y) => x - y));
    }
    k += count;
  }
  return { setOf, sets };
}

/**
 * A plain dotted-quad IPv4 address ("10.1.2.3"; no leading zeros, which ipaddr.js reads as octal) as an
 * unsigned number, read without allocating; -1 for anything else (left to ipaddr.js).
 */
function dottedQuad(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // a leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

export function compileAnalysis(cluster: Cluster, options?: EvaluateOptions): AnalysisData {
  const opts = withDefaults(options);
  const nsLabels = namespaceLabelsOf(cluster);
  const legacyDeny = legacyDefaultDenyOf(cluster);
  const endpoints = cluster.endpoints;

  // Every distinct ipBlock of the input, so that endpoint classes can record which ones they fall in.
  const ipBlockIds = new Map<string, number>();
  const ipBlocks: IpBlockInfo[] = [];
  for (const policy of cluster.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        if (peer.type !== 'ipBlock') continue;
        const key = `${peer.cidr}|${peer.except.join(',')}`;
        if (!ipBlockIds.has(key)) {
          ipBlockIds.set(key, ipBlocks.length);
          ipBlocks.push({ cidr: peer.cidr, except: peer.except });
        }
      }
    }
  }
  const ipSets = endpointIpBlockSets(endpoints, ipBlocks);

  // Equivalence classes.
  const classIds = new Map<string, number>();
  const classOf = new Int32Array(endpoints.length);
  const classRep: Endpoint[] = [];
  const classIps: Int32Array[] = [];
  const portKeyIds = new Map<string, number>();
  const classPortKeyList: number[] = [];
  for (let i = 0; i < endpoints.length; i++) {
    const ep = endpoints[i]!;
    const ipSet = ipSets.setOf[i]!;
    const pk = ep.type === 'pod' ? portsKey(ep.ports) : '\u0003external';
    const key =
      ep.type === 'pod'
        ? `p\u0002${ep.namespace}\u0002${labelsKey(ep.labels)}\u0002${pk}\u0002${ipSet}`
        : `e\u0002${ipSet}`;
    let id = classIds.get(key);
    if (id === undefined) {
      id = classRep.length;
      classIds.set(key, id);
      classRep.push(ep);
      classIps.push(ipSets.sets[ipSet]!);
      let pkId = portKeyIds.get(pk);
      if (pkId === undefined) {
        pkId = portKeyIds.size;
        portKeyIds.set(pk, pkId);
      }
      classPortKeyList.push(pkId);
    }
    classOf[i] = id;
  }
  const classCount = classRep.length;
  const memberOffsets = new Int32Array(classCount + 1);
  for (let i = 0; i < endpoints.length; i++) memberOffsets[classOf[i]! + 1]!++;
  for (let c = 0; c < classCount; c++) memberOffsets[c + 1]! += memberOffsets[c]!;
  const members = new Int32Array(endpoints.length);
  const fill = memberOffsets.slice(0, classCount);
  for (let i = 0; i < endpoints.length; i++) members[fill[classOf[i]!]!++] = i;
  const classExternal = new Uint8Array(classCount);
  const classesByNs = new Map<string, number[]>();
  for (let c = 0; c < classCount; c++) {
    const rep = classRep[c]!;
    if (rep.type === 'external') classExternal[c] = 1;
    else {
      let list = classesByNs.get(rep.namespace);
      if (!list) classesByNs.set(rep.namespace, (list = []));
      list.push(c);
    }
  }
  const classesByIpBlock: number[][] = ipBlocks.map(() => []);
  for (let c = 0; c < classCount; c++) for (const b of classIps[c]!) classesByIpBlock[b]!.push(c);

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

  interface CompiledRule {
    policy: NetworkPolicy;
    rule: PolicyRule;
  }
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
  const portKeyCount = portKeyIds.size;
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

  /** A peer's classes as a bitset, with the indices of its non-zero words (peers pick few classes). */
  interface PeerSet {
    set: Uint32Array;
    nonZero: Int32Array;
  }
  function peerSet(peer: Peer, policy: NetworkPolicy): PeerSet {
    const key =
      peer.type === 'ipBlock'
        ? `i\u0002${peer.cidr}|${peer.except.join(',')}`
        : `s\u0002${peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : `=${policy.namespace}`}\u0002${
            peer.podSelector ? selectorKey(peer.podSelector) : '*'
          }`;
    const cached = peerCache.get(key);
    if (cached) return cached;
    const set = new Uint32Array(words);
    if (peer.type === 'ipBlock') {
      const id = ipBlockIds.get(`${peer.cidr}|${peer.except.join(',')}`)!;
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

  const [ingressOffsets, ingressRules] = csr(ingressPerClass);
  const [egressOffsets, egressRules] = csr(egressPerClass);

  const profileIds = new Map<string, number>();
  const ingressProfile = new Int32Array(classCount);
  const profileRepList: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const ruleList = ingressPerClass[c]!;
    const named = ruleList.some((r) => ruleNamed[r]! >= 0);
    const key = `${ingressIsolated[c]}|${ruleList.join(',')}|${named ? classPortKeyList[c] : ''}`;
    let id = profileIds.get(key);
    if (id === undefined) {
      id = profileRepList.length;
      profileIds.set(key, id);
      profileRepList.push(c);
    }
    ingressProfile[c] = id;
  }
  const membersOfProfile: number[][] = profileRepList.map(() => []);
  for (let c = 0; c < classCount; c++) membersOfProfile[ingressProfile[c]!]!.push(c);
  const profilesOfRule: number[][] = Array.from({ length: ruleCount }, () => []);
  profileRepList.forEach((rep, p) => {
    for (const r of ingressPerClass[rep]!) profilesOfRule[r]!.push(p);
  });
  const [profileMemberOffsets, profileMembers] = csr(membersOfProfile);
  const [ruleProfileOffsets, ruleProfiles] = csr(profilesOfRule);
  const openList: number[] = [];
  for (let c = 0; c < classCount; c++) if (!ingressIsolated[c]) openList.push(c);

  return {
    endpointCount: endpoints.length,
    options: opts,
    classCount,
    classOf,
    memberOffsets,
    members,
    classExternal,
    words,
    ruleCount,
    rulePeers,
    rulePorts,
    ruleNamed,
    namedPorts: Int32Array.from(namedChunks),
    classPortKey: Int32Array.from(classPortKeyList),
    portKeyCount,
    portSets: packPortSets(portSets),
    ingressIsolated,
    egressIsolated,
    ingressOffsets,
    ingressRules,
    egressOffsets,
    egressRules,
    ingressProfile,
    profileRep: Int32Array.from(profileRepList),
    profileMemberOffsets,
    profileMembers,
    ruleProfileOffsets,
    ruleProfiles,
    openClasses: Int32Array.from(openList),
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

/** The buffers of an analysis's typed arrays: posted as transferables they move, not copy. */
export function analysisTransferables(d: AnalysisData): ArrayBuffer[] {
  const buffers = Object.values(d)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
    .concat([d.portSets.offsets, d.portSets.ranges])
    .concat(d.classEdges ? [d.classEdges.from, d.classEdges.to, d.classEdges.ports] : [])
    .map((a) => a.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}

export function analysisToData(analysis: Analysis): AnalysisData {
  const data = (analysis as Analysis & { data?: AnalysisData }).data;
  if (!data) throw new Error('analysisToData: not an analysis made by analyze()');
  return data;
}

/** Two port-set ids in one number key (ids stay far below 2^21). */
const PAIR = 2097152;
const EMPTY_ID = 0;
const DENSE = 128;
const FULL_ID = 1;

/**
 * Port sets as small integers. A cluster has few distinct port sets, so each union or intersection of
 * two of them is computed once and then looked up: rows combine ids, not range lists.
 */
class PortAlgebra {
  readonly sets: PortSet[] = [EMPTY_PORT_SET, FULL_PORT_SET];
  private readonly byKey = new Map<string, number>();
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();
  // Results for ids below DENSE, by a * DENSE + b (0: not yet computed, else result + 1): rows look
  // up a combination for every edge, and a cluster has few distinct port sets.
  private readonly unionTable = new Int32Array(DENSE * DENSE);
  private readonly intersectionTable = new Int32Array(DENSE * DENSE);

  id(set: PortSet): number {
    if (isPortSetEmpty(set)) return EMPTY_ID;
    if (isPortSetFull(set)) return FULL_ID;
    const key = portSetKey(set);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.byKey.set(key, id);
    }
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === EMPTY_ID || a === FULL_ID) return a;
    if (a === EMPTY_ID || b === FULL_ID) return b;
    return this.combined(this.unionTable, this.unions, a, b, unionPortSets);
  }

  intersect(a: number, b: number): number {
    if (a === b || b === FULL_ID || a === EMPTY_ID) return a;
    if (a === FULL_ID || b === EMPTY_ID) return b;
    return this.combined(this.intersectionTable, this.intersections, a, b, intersectPortSets);
  }

  /** `combine` of two sets (commutative), computed once per pair. */
  private combined(
    table: Int32Array,
    memo: Map<number, number>,
    a: number,
    b: number,
    combine: (x: PortSet, y: PortSet) => PortSet,
  ): number {
    if (a < DENSE && b < DENSE) {
      const known = table[a * DENSE + b]!;
      if (known !== 0) return known - 1;
      const r = this.id(combine(this.sets[a]!, this.sets[b]!));
      table[a * DENSE + b] = r + 1;
      table[b * DENSE + a] = r + 1;
      return r;
    }
    const key = a < b ? a * PAIR + b : b * PAIR + a;
    let r = memo.get(key);
    if (r === undefined) {
      r = this.id(combine(this.sets[a]!, this.sets[b]!));
      memo.set(key, r);
    }
    return r;
  }
}

export function analysisFromData(d: AnalysisData): Analysis {
  const ports = new PortAlgebra();
  const portId = Int32Array.from(unpackPortSets(d.portSets), (set) => ports.id(set));
  const hasBit = (rule: number, c: number) =>
    ((d.rulePeers[rule * d.words + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
  const rulePortsFor = (rule: number, destClass: number): number => {
    const fixed = d.rulePorts[rule]!;
    if (fixed >= 0) return portId[fixed]!;
    return portId[d.namedPorts[d.ruleNamed[rule]! + d.classPortKey[destClass]!]!]!;
  };
  const ingressPorts = (s: number, c: number): number => {
    if (!d.ingressIsolated[c]) return FULL_ID;
    let out = EMPTY_ID;
    for (let i = d.ingressOffsets[c]!; i < d.ingressOffsets[c + 1]!; i++) {
      const r = d.ingressRules[i]!;
      if (hasBit(r, s)) {
        out = ports.union(out, rulePortsFor(r, c));
        if (out === FULL_ID) break;
      }
    }
    return out;
  };
  const egressPorts = (s: number, c: number): number => {
    if (!d.egressIsolated[s]) return FULL_ID;
    let out = EMPTY_ID;
    for (let i = d.egressOffsets[s]!; i < d.egressOffsets[s + 1]!; i++) {
      const r = d.egressRules[i]!;
      if (hasBit(r, c)) {
        out = ports.union(out, rulePortsFor(r, c));
        if (out === FULL_ID) break;
      }
    }
    return out;
  };
  const classPair = (s: number, c: number): number => {
    const e = egressPorts(s, c);
    if (e === EMPTY_ID) return e;
    return ports.intersect(e, ingressPorts(s, c));
  };
  /**
   * The non-empty part of a class row, without visiting every class: only destinations whose ingress
   * admits s (open classes, and the profiles of rules whose peers include s), intersected with what the
   * egress rules of s admit. `emit` gets each destination class once, with a port-set id.
   * Scratch buffers are shared: rows are scanned one at a time.
   */
  // The non-zero words of each rule's peer bitset (CSR): a row's egress mask ORs only those.
  const [ruleWordOffsets, ruleWords] = csr(
    Array.from({ length: d.ruleCount }, (_, r) => nonZeroWords(d.rulePeers, r * d.words, d.words)),
  );
  // Ingress rules whose peers are the same classes, bit for bit, admit the same sources: policies repeat
  // a few peers (the monitoring namespace, a tier, 0.0.0.0/0) in every namespace, so a row visits each
  // such group once, with the profiles of all its rules, instead of every rule. For each class, the
  // groups whose peers admit it (the transpose of their bitsets): a row then visits its own groups
  // instead of testing one bit of every rule. Both are built on the first row scanned, not here: the
  // page receives the complete result ready and may never scan a row.
  let admitOffsets: Int32Array | null = null;
  let admitGroups = new Int32Array(0);
  let groupProfileOffsets: Int32Array = new Int32Array(0);
  let groupProfiles: Int32Array = new Int32Array(0);
  const buildAdmitting = () => {
    const sameWords = (x: number, y: number): boolean => {
      const n = ruleWordOffsets[x + 1]! - ruleWordOffsets[x]!;
      if (ruleWordOffsets[y + 1]! - ruleWordOffsets[y]! !== n) return false;
      for (let k = 0; k < n; k++) {
        const w = ruleWords[ruleWordOffsets[x]! + k]!;
        if (ruleWords[ruleWordOffsets[y]! + k] !== w) return false;
        if (d.rulePeers[x * d.words + w] !== d.rulePeers[y * d.words + w]) return false;
      }
      return true;
    };
    const groupRule: number[] = [];
    const groupProfileLists: number[][] = [];
    const groupsByHash = new Map<number, number[]>();
    const profileStamp = new Int32Array(d.profileRep.length).fill(-1);
    for (let r = 0; r < d.ruleCount; r++) {
      if (d.ruleProfileOffsets[r + 1]! === d.ruleProfileOffsets[r]!) continue; // not an ingress rule in use
      let hash = 0;
      for (let k = ruleWordOffsets[r]!; k < ruleWordOffsets[r + 1]!; k++)
        hash = Math.imul(hash ^ ruleWords[k]!, 0x9e3779b1) ^ d.rulePeers[r * d.words + ruleWords[k]!]!;
      let candidates = groupsByHash.get(hash);
      if (!candidates) groupsByHash.set(hash, (candidates = []));
      let g = candidates.find((h) => sameWords(groupRule[h]!, r));
      if (g === undefined) {
        g = groupRule.length;
        candidates.push(g);
        groupRule.push(r);
        groupProfileLists.push([]);
      }
      const list = groupProfileLists[g]!;
      for (let i = d.ruleProfileOffsets[r]!; i < d.ruleProfileOffsets[r + 1]!; i++) {
        const p = d.ruleProfiles[i]!;
        if (profileStamp[p] === g) continue;
        profileStamp[p] = g;
        list.push(p);
      }
    }
    [groupProfileOffsets, groupProfiles] = csr(groupProfileLists);
    const offsets = new Int32Array(d.classCount + 1);
    const eachBit = (visit: (g: number, c: number) => void) => {
      for (let g = 0; g < groupRule.length; g++) {
        const r = groupRule[g]!;
        const base = r * d.words;
        for (let k = ruleWordOffsets[r]!; k < ruleWordOffsets[r + 1]!; k++) {
          const w = ruleWords[k]!;
          let x = d.rulePeers[base + w]!;
          while (x !== 0) {
            const low = x & -x;
            visit(g, w * 32 + 31 - Math.clz32(low));
            x ^= low;
          }
        }
      }
    };
    eachBit((_, c) => offsets[c + 1]!++);
    for (let c = 0; c < d.classCount; c++) offsets[c + 1]! += offsets[c]!;
    const groups = new Int32Array(offsets[d.classCount]!);
    const cursor = offsets.slice(0, d.classCount);
    eachBit((g, c) => (groups[cursor[c]!++] = g));
    admitOffsets = offsets;
    admitGroups = groups;
    return offsets;
  };
  const mask = new Uint32Array(d.words);
  // Words of `mask` set by the last row, zeroed at the start of the next.
  const touched = new Int32Array(d.words);
  let touchedCount = 0;
  const seen = new Int32Array(d.profileRep.length);
  let stamp = 0;
  const scanRow = (s: number, emit: (c: number, ports: number) => void) => {
    const egressFree = !d.egressIsolated[s];
    for (let t = 0; t < touchedCount; t++) mask[touched[t]!] = 0;
    touchedCount = 0;
    if (!egressFree) {
      for (let i = d.egressOffsets[s]!; i < d.egressOffsets[s + 1]!; i++) {
        const r = d.egressRules[i]!;
        const base = r * d.words;
        for (let k = ruleWordOffsets[r]!; k < ruleWordOffsets[r + 1]!; k++) {
          const w = ruleWords[k]!;
          if (mask[w] === 0) touched[touchedCount++] = w;
          mask[w]! |= d.rulePeers[base + w]!;
        }
      }
    }
    const visit = (c: number, ing: number) => {
      if (!egressFree && ((mask[c >>> 5]! >>> (c & 31)) & 1) === 0) return;
      const out = egressFree ? ing : ports.intersect(egressPorts(s, c), ing);
      if (out !== EMPTY_ID) emit(c, out);
    };
    for (let i = 0; i < d.openClasses.length; i++) visit(d.openClasses[i]!, FULL_ID);
    stamp++;
    const admit = admitOffsets ?? buildAdmitting();
    for (let k = admit[s]!; k < admit[s + 1]!; k++) {
      const g = admitGroups[k]!;
      for (let i = groupProfileOffsets[g]!; i < groupProfileOffsets[g + 1]!; i++) {
        const p = groupProfiles[i]!;
        if (seen[p] === stamp) continue;
        seen[p] = stamp;
        const ing = ingressPorts(s, d.profileRep[p]!);
        if (ing === EMPTY_ID) continue;
        for (let m = d.profileMemberOffsets[p]!; m < d.profileMemberOffsets[p + 1]!; m++)
          visit(d.profileMembers[m]!, ing);
      }
    }
  };
  const rowOf = (from: number): AllowedEdge[] => {
    const s = d.classOf[from]!;
    const edges: AllowedEdge[] = [];
    const fromExternal = d.classExternal[s] === 1;
    scanRow(s, (c, p) => {
      if (fromExternal && d.classExternal[c]) return;
      const set = ports.sets[p]!;
      for (let m = d.memberOffsets[c]!; m < d.memberOffsets[c + 1]!; m++) {
        const to = d.members[m]!;
        if (to !== from) edges.push({ from, to, ports: set });
      }
    });
    return edges.sort((a, b) => a.to - b.to);
  };

  let classEdgesCache: ClassEdges | null = d.classEdges ?? null;
  const analysis: Analysis & { data: AnalysisData } = {
    data: d,
    endpointCount: d.endpointCount,
    options: d.options,
    classCount: d.classCount,
    classOf: (endpoint) => d.classOf[endpoint]!,
    classMembers: (cls) => Array.from(d.members.subarray(d.memberOffsets[cls]!, d.memberOffsets[cls + 1]!)),
    classEdges: () => {
      // The analysis never changes: the graph, the grouped matrix and exports share one result.
      if (classEdgesCache) return classEdgesCache;
      let capacity = 1024;
      let from: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let to: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let portIds: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let n = 0;
      for (let s = 0; s < d.classCount; s++) {
        const sExternal = d.classExternal[s] === 1;
        const single = d.memberOffsets[s + 1]! - d.memberOffsets[s]! < 2;
        scanRow(s, (c, p) => {
          if ((sExternal && d.classExternal[c]) || (s === c && single)) return;
          if (n === capacity) {
            capacity *= 2;
            from = grow(from, capacity);
            to = grow(to, capacity);
            portIds = grow(portIds, capacity);
          }
          from[n] = s;
          to[n] = c;
          portIds[n] = p;
          n++;
        });
      }
      classEdgesCache = {
        length: n,
        from: from.slice(0, n),
        to: to.slice(0, n),
        ports: portIds.slice(0, n),
        // Later rows may add port sets: this result keeps the ones it refers to.
        portSets: ports.sets.slice(),
      };
      d.classEdges = classEdgesCache;
      return classEdgesCache;
    },
    isolation: (endpoint) => {
      const c = d.classOf[endpoint]!;
      return { ingress: d.ingressIsolated[c] === 1, egress: d.egressIsolated[c] === 1 };
    },
    allowedPorts: (from, to) => {
      if (from === to) return FULL_PORT_SET;
      return ports.sets[classPair(d.classOf[from]!, d.classOf[to]!)]!;
    },
    row: rowOf,
    column: (to) => {
      const c = d.classOf[to]!;
      const edges: AllowedEdge[] = [];
      const toExternal = d.classExternal[c] === 1;
      for (let s = 0; s < d.classCount; s++) {
        if (toExternal && d.classExternal[s]) continue;
        const p = classPair(s, c);
        if (p === EMPTY_ID) continue;
        const set = ports.sets[p]!;
        for (let m = d.memberOffsets[s]!; m < d.memberOffsets[s + 1]!; m++) {
          const from = d.members[m]!;
          if (from !== to) edges.push({ from, to, ports: set });
        }
      }
      return edges.sort((a, b) => a.from - b.from);
    },
    edges: () => {
      const edges: AllowedEdge[] = [];
      const rowTo: number[] = [];
      const rowPorts: PortSet[] = [];
      for (let s = 0; s < d.classCount; s++) {
        const sExternal = d.classExternal[s] === 1;
        rowTo.length = 0;
        rowPorts.length = 0;
        scanRow(s, (c, p) => {
          if (sExternal && d.classExternal[c]) return;
          rowTo.push(c);
          rowPorts.push(ports.sets[p]!);
        });
        for (let a = d.memberOffsets[s]!; a < d.memberOffsets[s + 1]!; a++) {
          const from = d.members[a]!;
          for (let k = 0; k < rowTo.length; k++) {
            const c = rowTo[k]!;
            for (let m = d.memberOffsets[c]!; m < d.memberOffsets[c + 1]!; m++) {
              const to = d.members[m]!;
              if (to !== from) edges.push({ from, to, ports: rowPorts[k]! });
            }
          }
        }
      }
      return edges.sort((x, y) => x.from - y.from || x.to - y.to);
    },
  };
  return analysis;
}

/** Lists as CSR: offsets (one more than the lists) and the lists end to end. */
function csr(lists: readonly ArrayLike<number>[]): [Int32Array, Int32Array] {
  const offsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i]! + lists[i]!.length;
  const flat = new Int32Array(offsets[lists.length]!);
  for (let i = 0; i < lists.length; i++) flat.set(lists[i]!, offsets[i]!);
  return [offsets, flat];
}

/** Indices (from 0) of the non-zero words in bits[offset, offset + words). */
function nonZeroWords(bits: Uint32Array, offset: number, words: number): Int32Array {
  let n = 0;
  for (let w = 0; w < words; w++) if (bits[offset + w] !== 0) n++;
  const out = new Int32Array(n);
  n = 0;
  for (let w = 0; w < words; w++) if (bits[offset + w] !== 0) out[n++] = w;
  return out;
}

function grow(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
