// Rows of the analysis in class space: for a source class, every destination class it may reach and on
// which ports, without visiting every class (only those whose ingress admits the source).
import { unpackPortSets } from '../match/ports';
import { csr, nonZeroWords, type AnalysisData } from './analysisData';
import { EMPTY_ID, FULL_ID, PortAlgebra } from './portAlgebra';

export interface RowScanner {
  ports: PortAlgebra;
  /** Port-set id of what class s may open to class c. */
  classPair(s: number, c: number): number;
  /** Calls `emit` once per destination class that s reaches, with a port-set id. */
  scanRow(s: number, emit: (c: number, ports: number) => void): void;
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
  return { ports, classPair, scanRow };
}
