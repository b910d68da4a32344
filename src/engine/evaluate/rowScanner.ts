// Rows of the analysis in class space: for a source class, every destination class it may reach and on
// which ports, without visiting every class (only those whose ingress admits the source).
import { portSetPasses, unpackPortSets } from '../match/ports';
import type { Protocol } from '../types';
import { csr, nonZeroWords, type AnalysisData } from './analysisData';
import { EMPTY_ID, FULL_ID, PortAlgebra } from './portAlgebra';
import { ACTION_ACCEPT, ACTION_DENY, ACTION_PASS, type TierData } from './compileTiers';

export interface RowScanner {
  ports: PortAlgebra;
  /** Port-set id of what class s may open to class c. */
  classPair(s: number, c: number): number;
  /** Calls `emit` once per destination class that s reaches, with a port-set id. */
  scanRow(s: number, emit: (c: number, ports: number) => void): void;
  /**
   * The admin or baseline Deny rule that decides class s -> class c on a port (egress at s first, then
   * ingress at c), or -1 when none does (allowed, or denied for want of a NetworkPolicy rule).
   */
  deniedBy(s: number, c: number, protocol: Protocol, port: number): number;
}

export function createRowScanner(d: AnalysisData): RowScanner {
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
  // The admin and baseline tiers (network-policy API), when the cluster has such policies.
  const t = d.tiers;
  const tierPortsFor = (rule: number, destClass: number): number => {
    const fixed = t!.rulePorts[rule]!;
    if (fixed >= 0) return portId[fixed]!;
    return portId[d.namedPorts[t!.ruleNamed[rule]! + d.classPortKey[destClass]!]!]!;
  };
  /**
   * One direction through the tiers, as port sets: the admin rules of `subject` in order, first match
   * per port wins (Accept allows, Deny denies, Pass hands the port to NetworkPolicy); what is left goes to
   * NetworkPolicy, which decides everything when it selects the subject (`npPorts` are then what it
   * admits); else to the baseline rules (Pass there hands the port to the default), and the default allows.
   */
  /**
   * The admin tier of one direction, as port sets: the admin rules of `subject` in order, first match per
   * port wins (Accept allows, Deny denies, Pass hands the port to NetworkPolicy). Sets `tierAllowed` and
   * returns what goes on to NetworkPolicy (unmatched and passed ports).
   */
  let tierAllowed = EMPTY_ID;
  const adminTier = (
    subject: number,
    other: number,
    dest: number,
    offsets: Int32Array,
    rules: Int32Array,
  ) => {
    let undecided = FULL_ID;
    let allowed = EMPTY_ID;
    let passed = EMPTY_ID;
    for (let i = offsets[subject]!; i < offsets[subject + 1]! && undecided !== EMPTY_ID; i++) {
      const r = rules[i]!;
      if (((t!.rulePeers[r * d.words + (other >>> 5)]! >>> (other & 31)) & 1) === 0) continue;
      const hit = ports.intersect(tierPortsFor(r, dest), undecided);
      if (hit === EMPTY_ID) continue;
      const action = t!.ruleAction[r]!;
      if (action === ACTION_ACCEPT) allowed = ports.union(allowed, hit);
      else if (action === ACTION_PASS) passed = ports.union(passed, hit);
      undecided = ports.subtract(undecided, hit);
    }
    tierAllowed = allowed;
    return ports.union(undecided, passed);
  };
  /** The baseline tier on what NetworkPolicy left undecided: Pass hands a port to the default (allow). */
  const baselineTier = (
    subject: number,
    other: number,
    dest: number,
    offsets: Int32Array,
    rules: Int32Array,
    rest: number,
  ): number => {
    let undecided = rest;
    let allowed = EMPTY_ID;
    for (let i = offsets[subject]!; i < offsets[subject + 1]! && undecided !== EMPTY_ID; i++) {
      const r = rules[i]!;
      if (((t!.rulePeers[r * d.words + (other >>> 5)]! >>> (other & 31)) & 1) === 0) continue;
      const hit = ports.intersect(tierPortsFor(r, dest), undecided);
      if (hit === EMPTY_ID) continue;
      if (t!.ruleAction[r] !== ACTION_DENY) allowed = ports.union(allowed, hit);
      undecided = ports.subtract(undecided, hit);
    }
    return ports.union(allowed, undecided);
  };
  /**
   * One direction through the tiers: the admin tier; what is left goes to NetworkPolicy, which decides
   * it all when it selects the subject (`npPorts` are then what it admits); else to the baseline tier,
   * and the default allows.
   */
  const tiered = (
    subject: number,
    other: number,
    dest: number,
    adminOffsets: Int32Array,
    adminRules: Int32Array,
    baselineOffsets: Int32Array,
    baselineRules: Int32Array,
    npIsolated: boolean,
    npPorts: () => number,
  ): number => {
    const rest = adminTier(subject, other, dest, adminOffsets, adminRules);
    const allowed = tierAllowed;
    if (rest === EMPTY_ID) return allowed;
    if (npIsolated) return ports.union(allowed, ports.intersect(rest, npPorts()));
    return ports.union(allowed, baselineTier(subject, other, dest, baselineOffsets, baselineRules, rest));
  };
  const ingressFinal = (s: number, c: number): number =>
    t && t.ingressTiered[c]
      ? tiered(
          c,
          s,
          c,
          t.adminIngressOffsets,
          t.adminIngressRules,
          t.baselineIngressOffsets,
          t.baselineIngressRules,
          d.ingressIsolated[c] === 1,
          () => ingressPorts(s, c),
        )
      : ingressPorts(s, c);
  const egressFinal = (s: number, c: number): number =>
    t && t.egressTiered[s]
      ? tiered(
          s,
          c,
          c,
          t.adminEgressOffsets,
          t.adminEgressRules,
          t.baselineEgressOffsets,
          t.baselineEgressRules,
          d.egressIsolated[s] === 1,
          () => egressPorts(s, c),
        )
      : egressPorts(s, c);
  /**
   * Egress of s towards c through the tiers, in two parts: what the tiers allow whatever NetworkPolicy
   * says, and (when NetworkPolicy isolates s for egress) what is left for it to decide; when it does not,
   * the baseline tier has decided the rest and the second part is empty.
   */
  const egressFinalParts = (s: number, c: number, npIsolated: boolean): [number, number] => {
    const tt = t!;
    const rest = adminTier(s, c, c, tt.adminEgressOffsets, tt.adminEgressRules);
    const allowed = tierAllowed;
    if (npIsolated || rest === EMPTY_ID) return [allowed, rest];
    return [
      ports.union(allowed, baselineTier(s, c, c, tt.baselineEgressOffsets, tt.baselineEgressRules, rest)),
      EMPTY_ID,
    ];
  };
  const classPair = (s: number, c: number): number => {
    const e = egressFinal(s, c);
    if (e === EMPTY_ID) return e;
    return ports.intersect(e, ingressFinal(s, c));
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
  /**
   * Visits every destination class whose NetworkPolicy ingress rules admit s, with the ports they admit:
   * the profiles of the rule groups whose peers include s, each once per row.
   */
  const visitAdmitted = (s: number, visit: (c: number, ing: number) => void) => {
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
  const scanRow = (s: number, emit: (c: number, ports: number) => void) => {
    if (t) {
      scanTieredRow(s, emit);
      return;
    }
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
    visitAdmitted(s, visit);
  };
  /**
   * A row when tiers exist, without visiting every class either. A destination not isolated by
   * NetworkPolicy for ingress is visited (open classes); an isolated one admits s only through its
   * NetworkPolicy rules (the profiles of the rules whose peers include s) or an admin Accept rule whose
   * peers include s (the classes that rule applies to): other isolated classes deny s, whatever their
   * admin Deny/Pass rules say. Egress goes through the tiers when some admin or baseline rule applies to
   * s (an admin Accept can open what its NetworkPolicy egress does not), else through the rule mask.
   *
   * The tiers' part of a direction depends on the subject only through its tier rules (and, for
   * NetworkPolicy, whether it isolates the subject), and on the peer only through which tier peer sets
   * hold it (its signature) and, where a rule names a port, the destination's container ports. It is
   * worked out once per (subject group, peer signature) for every row (`TierParts`), as the ports the
   * tiers allow whatever NetworkPolicy says and the ports left for NetworkPolicy; a visit then only
   * combines that with what NetworkPolicy admits between the two classes.
   */
  let tierRows: TierRows | null = null;
  const prepareTierRows = (tt: TierData): TierRows => {
    // Equal peer bitsets refine the signatures alike: each distinct set once.
    const distinct: number[] = [];
    const byHash = new Map<number, number[]>();
    const same = (x: number, y: number) => {
      for (let w = 0; w < d.words; w++)
        if (tt.rulePeers[x * d.words + w] !== tt.rulePeers[y * d.words + w]) return false;
      return true;
    };
    for (let r = 0; r < tt.ruleCount; r++) {
      let hash = 0;
      for (let w = 0; w < d.words; w++) hash = Math.imul(hash ^ tt.rulePeers[r * d.words + w]!, 0x9e3779b1);
      let candidates = byHash.get(hash);
      if (!candidates) byHash.set(hash, (candidates = []));
      if (candidates.some((x) => same(x, r))) continue;
      candidates.push(r);
      distinct.push(r);
    }
    const { sig, count } = peerSignatures(d.classCount, d.words, tt.rulePeers, distinct);
    // Per egress group, where its keys start: one per destination signature, times the container-port
    // signatures where one of its rules names a port.
    const groups = tt.egressGroupNamed.length;
    const egressBase = new Float64Array(groups);
    const egressNamed = new Int32Array(groups);
    let egressSize = 0;
    for (let g = 0; g < groups; g++) {
      egressBase[g] = egressSize;
      egressNamed[g] = tt.egressGroupNamed[g] ? d.portKeyCount : 0;
      egressSize += count * Math.max(1, egressNamed[g]!);
    }
    return {
      sig,
      sigCount: count,
      egressNamed,
      egressBase,
      ingress: new TierParts(tt.groupRep.length * count),
      egress: new TierParts(egressSize),
    };
  };
  const visitedStamp = new Int32Array(d.classCount);
  const acceptStamp = new Int32Array(t ? t.acceptSubjectOffsets.length : 0);
  let rowStamp = 0;
  const scanTieredRow = (s: number, emit: (c: number, ports: number) => void) => {
    const tt = t!;
    const tr = (tierRows ??= prepareTierRows(tt));
    rowStamp++;
    const egressTiered = tt.egressTiered[s] === 1;
    const egressIsolated = d.egressIsolated[s] === 1;
    const egressFree = !egressTiered && !egressIsolated;
    for (let w = 0; w < touchedCount; w++) mask[touched[w]!] = 0;
    touchedCount = 0;
    // The classes the NetworkPolicy egress rules of s admit: others get nothing from NetworkPolicy.
    if (egressIsolated) {
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
    const { sig, sigCount, ingress, egress } = tr;
    // -1 exactly where no tier ingress rule applies (read in every visit: a local, not a property).
    const classGroup = tt.classGroup;
    const eg = egressTiered ? tt.egressGroup[s]! : 0;
    const egressBase = tr.egressBase[eg]!;
    const egressNamed = tr.egressNamed[eg]!;
    const sourceSig = sig[s]!;
    // Classes visited one after the other mostly share their decision (a profile's members are in one
    // namespace, so in the same tier peer sets and ingress group): each side keeps its last key.
    let egressKey = -1;
    let egressAllowed = EMPTY_ID;
    let egressRest = EMPTY_ID;
    /** What the tiers, then NetworkPolicy when it isolates s, allow from s to c. */
    const egressOf = (c: number): number => {
      if (!egressTiered) return egressPorts(s, c);
      const key =
        egressNamed > 0 ? egressBase + sig[c]! * egressNamed + d.classPortKey[c]! : egressBase + sig[c]!;
      if (key !== egressKey) {
        if (!egress.get(key)) {
          const [allowed, rest] = egressFinalParts(s, c, egressIsolated);
          egress.set(key, allowed, rest);
        }
        egressKey = key;
        egressAllowed = egress.allowed;
        egressRest = egress.rest;
      }
      if (egressRest === EMPTY_ID || ((mask[c >>> 5]! >>> (c & 31)) & 1) === 0) return egressAllowed;
      return ports.union(egressAllowed, ports.intersect(egressRest, egressPorts(s, c)));
    };
    let ingressGroup = -1;
    let ingressNp = EMPTY_ID;
    let ingressPortsOf = EMPTY_ID;
    /** What the tiers, then NetworkPolicy (`npIngress`, what its rules admit from s), allow into c. */
    const ingressOf = (c: number, npIngress: number): number => {
      const g = classGroup[c]!;
      if (g < 0) return npIngress;
      if (g === ingressGroup && npIngress === ingressNp) return ingressPortsOf;
      const key = g * sigCount + sourceSig;
      if (!ingress.get(key)) {
        let rest = adminTier(c, s, c, tt.adminIngressOffsets, tt.adminIngressRules);
        let allowed = tierAllowed;
        if (!d.ingressIsolated[c] && rest !== EMPTY_ID) {
          allowed = ports.union(
            allowed,
            baselineTier(c, s, c, tt.baselineIngressOffsets, tt.baselineIngressRules, rest),
          );
          rest = EMPTY_ID;
        }
        ingress.set(key, allowed, rest);
      }
      ingressGroup = g;
      ingressNp = npIngress;
      ingressPortsOf =
        ingress.rest === EMPTY_ID
          ? ingress.allowed
          : ports.union(ingress.allowed, ports.intersect(ingress.rest, npIngress));
      return ingressPortsOf;
    };
    // `npIngress` is what the NetworkPolicy rules of c admit from s: all ports for open classes, the
    // profile's ports for the profiles visitAdmitted visits, nothing for the other classes (only the
    // admin Accept rules below reach those, and only those not visited yet).
    const visit = (c: number, npIngress: number) => {
      if (visitedStamp[c] === rowStamp) return;
      visitedStamp[c] = rowStamp;
      if (egressFree) {
        const ing = ingressOf(c, npIngress);
        if (ing !== EMPTY_ID) emit(c, ing);
        return;
      }
      if (!egressTiered && ((mask[c >>> 5]! >>> (c & 31)) & 1) === 0) return;
      // Egress first: from an isolated source most classes get nothing, and that is the cheaper side.
      const eg = egressOf(c);
      if (eg === EMPTY_ID) return;
      const out = ports.intersect(eg, ingressOf(c, npIngress));
      if (out !== EMPTY_ID) emit(c, out);
    };
    for (let i = 0; i < d.openClasses.length; i++) visit(d.openClasses[i]!, FULL_ID);
    visitAdmitted(s, visit);
    // Accept rules of one subject visit its classes once per row.
    for (let a = 0; a < tt.acceptRules.length; a++) {
      const r = tt.acceptRules[a]!;
      if (((tt.rulePeers[r * d.words + (s >>> 5)]! >>> (s & 31)) & 1) === 0) continue;
      const k = tt.acceptSubject[a]!;
      if (acceptStamp[k] === rowStamp) continue;
      acceptStamp[k] = rowStamp;
      for (let m = tt.acceptSubjectOffsets[k]!; m < tt.acceptSubjectOffsets[k + 1]!; m++)
        visit(tt.acceptSubjects[m]!, EMPTY_ID);
    }
  };
  /** One direction, first match wins as in `tiered`, for one port: the Deny rule deciding it, or -1. */
  const denyingRule = (
    subject: number,
    other: number,
    dest: number,
    adminOffsets: Int32Array,
    adminRules: Int32Array,
    baselineOffsets: Int32Array,
    baselineRules: Int32Array,
    npIsolated: boolean,
    protocol: Protocol,
    port: number,
  ): number => {
    const tt = t!;
    const first = (offsets: Int32Array, rules: Int32Array): number => {
      for (let i = offsets[subject]!; i < offsets[subject + 1]!; i++) {
        const r = rules[i]!;
        if (((tt.rulePeers[r * d.words + (other >>> 5)]! >>> (other & 31)) & 1) === 0) continue;
        if (portSetPasses(ports.sets[tierPortsFor(r, dest)]!, protocol, port)) return r;
      }
      return -1;
    };
    const admin = first(adminOffsets, adminRules);
    if (admin >= 0 && tt.ruleAction[admin] !== ACTION_PASS)
      return tt.ruleAction[admin] === ACTION_DENY ? admin : -1;
    // Passed or unmatched: NetworkPolicy decides when it selects the subject, else the baseline tier.
    if (npIsolated) return -1;
    const baseline = first(baselineOffsets, baselineRules);
    return baseline >= 0 && tt.ruleAction[baseline] === ACTION_DENY ? baseline : -1;
  };
  const deniedBy = (s: number, c: number, protocol: Protocol, port: number): number => {
    if (!t) return -1;
    const egress = denyingRule(
      s,
      c,
      c,
      t.adminEgressOffsets,
      t.adminEgressRules,
      t.baselineEgressOffsets,
      t.baselineEgressRules,
      d.egressIsolated[s] === 1,
      protocol,
      port,
    );
    if (egress >= 0) return egress;
    return denyingRule(
      c,
      s,
      c,
      t.adminIngressOffsets,
      t.adminIngressRules,
      t.baselineIngressOffsets,
      t.baselineIngressRules,
      d.ingressIsolated[c] === 1,
      protocol,
      port,
    );
  };
  return { ports, classPair, scanRow, deniedBy };
}

/** Port-set ids stay below this (PortAlgebra's pair keys rely on it too): two fit in one Map value. */
const PORT_ID_LIMIT = 2097152;
/** Past this many entries a TierParts keeps what it has seen in a Map instead of a dense table. */
const DENSE_PARTS = 1 << 20;

/**
 * The tiers' decision of a direction per key, worked out once: the ports they allow whatever
 * NetworkPolicy says (`allowed`) and the ports left for NetworkPolicy (`rest`). `get` loads them.
 */
export class TierParts {
  allowed = EMPTY_ID;
  rest = EMPTY_ID;
  // Two entries per key, `allowed + 1` (0: not worked out yet) and `rest`.
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;

  /** `size` keys, from 0; a table up to `dense` of them. */
  constructor(size: number, dense = DENSE_PARTS) {
    this.table = size <= dense ? new Int32Array(size * 2) : null;
    this.map = this.table ? null : new Map();
  }

  get(key: number): boolean {
    if (this.table) {
      const a = this.table[key * 2]!;
      if (a === 0) return false;
      this.allowed = a - 1;
      this.rest = this.table[key * 2 + 1]!;
      return true;
    }
    const v = this.map!.get(key);
    if (v === undefined) return false;
    this.allowed = Math.floor(v / PORT_ID_LIMIT);
    this.rest = v % PORT_ID_LIMIT;
    return true;
  }

  set(key: number, allowed: number, rest: number): void {
    this.allowed = allowed;
    this.rest = rest;
    if (this.table) {
      this.table[key * 2] = allowed + 1;
      this.table[key * 2 + 1] = rest;
    } else this.map!.set(key, allowed * PORT_ID_LIMIT + rest);
  }
}

/** What a tiered row needs, built on the first such row. */
interface TierRows {
  /** Per class: its peer signature (classes in the same tier peer sets share one), and how many there are. */
  sig: Int32Array;
  sigCount: number;
  /** Per egress group: the port signatures when one of its rules names a port, else 0. */
  egressNamed: Int32Array;
  /** Per egress group: where its keys start. */
  egressBase: Float64Array;
  /** By (ingress group, source signature) and by (egress group, destination signature and ports). */
  ingress: TierParts;
  egress: TierParts;
}

/**
 * Classes that the same peer sets hold get the same signature, numbered from 0: the partition of the
 * classes refined by each set in turn (the classes of a set that shared a signature move to a new one).
 */
export function peerSignatures(
  classCount: number,
  words: number,
  bitsets: Uint32Array,
  sets: readonly number[],
): { sig: Int32Array; count: number } {
  const sig = new Int32Array(classCount);
  let next = 1;
  const moved = new Map<number, number>();
  for (const r of sets) {
    moved.clear();
    const base = r * words;
    for (let w = 0; w < words; w++) {
      let x = bitsets[base + w]!;
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        const c = w * 32 + 31 - Math.clz32(low);
        const old = sig[c]!;
        let id = moved.get(old);
        if (id === undefined) moved.set(old, (id = next++));
        sig[c] = id;
      }
    }
  }
  const dense = new Int32Array(next).fill(-1);
  let count = 0;
  for (let c = 0; c < classCount; c++) {
    const old = sig[c]!;
    if (dense[old]! < 0) dense[old] = count++;
    sig[c] = dense[old]!;
  }
  return { sig, count };
}
