// The compiled analysis as plain data: what the worker posts to the page, and the CSR helpers that
// build its arrays. It owns the layout of `AnalysisData`; `analyze.ts` owns its meaning.
import type { Analysis, ClassEdges, EvaluateOptions } from '../types';
import type { PackedPortSets } from '../match/ports';
import type { TierData } from './compileTiers';

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
  /** The admin and baseline tiers, when the cluster has such policies (current semantics). */
  tiers?: TierData;
  /**
   * The complete result in class space, once some side has asked for it (the worker does, so the page
   * receives it ready instead of computing it on the main thread).
   */
  classEdges?: ClassEdges;
}

/** The buffers of an analysis's typed arrays: posted as transferables they move, not copy. */
export function analysisTransferables(d: AnalysisData): ArrayBuffer[] {
  const buffers = Object.values(d)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
    .concat([d.portSets.offsets, d.portSets.ranges])
    .concat(d.tiers ? Object.values(d.tiers).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)) : [])
    .concat(d.classEdges ? [d.classEdges.from, d.classEdges.to, d.classEdges.ports] : [])
    .map((a) => a.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}

export function analysisToData(analysis: Analysis): AnalysisData {
  const data = (analysis as Analysis & { data?: AnalysisData }).data;
  if (!data) throw new Error('analysisToData: not an analysis made by analyze()');
  return data;
}

/** Lists as CSR: offsets (one more than the lists) and the lists end to end. */
export function csr(lists: readonly ArrayLike<number>[]): [Int32Array, Int32Array] {
  const offsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i]! + lists[i]!.length;
  const flat = new Int32Array(offsets[lists.length]!);
  for (let i = 0; i < lists.length; i++) flat.set(lists[i]!, offsets[i]!);
  return [offsets, flat];
}

/** Indices (from 0) of the non-zero words in bits[offset, offset + words). */
export function nonZeroWords(bits: Uint32Array, offset: number, words: number): Int32Array {
  let n = 0;
  for (let w = 0; w < words; w++) if (bits[offset + w] !== 0) n++;
  const out = new Int32Array(n);
  n = 0;
  for (let w = 0; w < words; w++) if (bits[offset + w] !== 0) out[n++] = w;
  return out;
}

export function grow(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
