// Port sets: per protocol, sorted disjoint ranges; the algebra (union, intersection, difference) the
// evaluators and the diff use, their text form and a packed form for the worker transfer.
import type { PortRange, PortSet, Protocol } from '../types';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const ALL: readonly PortRange[] = Object.freeze([Object.freeze({ from: 1, to: 65535 })]);
const NONE: readonly PortRange[] = Object.freeze([]);

/** Shared constants: callers may compare by identity for speed, never mutate. */
export const EMPTY_PORT_SET: PortSet = Object.freeze({ TCP: NONE, UDP: NONE, SCTP: NONE });
export const FULL_PORT_SET: PortSet = Object.freeze({ TCP: ALL, UDP: ALL, SCTP: ALL });

export function emptyPortSet(): PortSet {
  return EMPTY_PORT_SET;
}

export function fullPortSet(): PortSet {
  return FULL_PORT_SET;
}

export function portSetOf(protocol: Protocol, from: number, to: number = from): PortSet {
  return { ...EMPTY_PORT_SET, [protocol]: [{ from, to }] };
}

export function protocolPortSet(protocol: Protocol): PortSet {
  return { ...EMPTY_PORT_SET, [protocol]: ALL };
}

export function isPortSetEmpty(set: PortSet): boolean {
  return set === EMPTY_PORT_SET || (set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0);
}

export function isPortSetFull(set: PortSet): boolean {
  return set === FULL_PORT_SET || PROTOCOLS.every((p) => isFullRanges(set[p]));
}

function isFullRanges(r: readonly PortRange[]): boolean {
  return r.length === 1 && r[0]!.from === 1 && r[0]!.to === 65535;
}

export function portSetHas(set: PortSet, protocol: Protocol, port: number): boolean {
  for (const r of set[protocol]) {
    if (port < r.from) return false;
    if (port <= r.to) return true;
  }
  return false;
}

/** The view filters' test: the set allows `protocol`/`port`, or any port at all when `port` is null. */
export function portSetPasses(set: PortSet, protocol: Protocol, port: number | null): boolean {
  return port === null ? !isPortSetEmpty(set) : portSetHas(set, protocol, port);
}

/** True when the set allows some port of `protocol`, or any port at all when protocol is undefined. */
export function portSetAllowsAny(set: PortSet, protocol?: Protocol): boolean {
  return protocol ? set[protocol].length > 0 : !isPortSetEmpty(set);
}

function mergeRanges(ranges: PortRange[]): readonly PortRange[] {
  if (ranges.length === 0) return NONE;
  ranges.sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  let cur = { ...ranges[0]! };
  for (let i = 1; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (r.from <= cur.to + 1) cur.to = Math.max(cur.to, r.to);
    else {
      out.push(cur);
      cur = { ...r };
    }
  }
  out.push(cur);
  if (out.length === 1 && out[0]!.from === 1 && out[0]!.to === 65535) return ALL;
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (a.length === 0 || b.length === 0) return NONE;
  if (a === ALL) return b;
  if (b === ALL) return a;
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const from = Math.max(x.from, y.from);
    const to = Math.min(x.to, y.to);
    if (from <= to) out.push({ from, to });
    if (x.to < y.to) i++;
    else j++;
  }
  return out.length ? out : NONE;
}

export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === EMPTY_PORT_SET || b === FULL_PORT_SET) return b;
  if (b === EMPTY_PORT_SET || a === FULL_PORT_SET) return a;
  const out = {
    TCP: a.TCP === b.TCP ? a.TCP : mergeRanges([...a.TCP, ...b.TCP]),
    UDP: a.UDP === b.UDP ? a.UDP : mergeRanges([...a.UDP, ...b.UDP]),
    SCTP: a.SCTP === b.SCTP ? a.SCTP : mergeRanges([...a.SCTP, ...b.SCTP]),
  };
  return canonical(out);
}

export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === FULL_PORT_SET || b === EMPTY_PORT_SET) return b;
  if (b === FULL_PORT_SET || a === EMPTY_PORT_SET) return a;
  return canonical({
    TCP: intersectRanges(a.TCP, b.TCP),
    UDP: intersectRanges(a.UDP, b.UDP),
    SCTP: intersectRanges(a.SCTP, b.SCTP),
  });
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (a.length === 0 || b.length === 0) return a;
  const out: PortRange[] = [];
  let j = 0;
  for (const r of a) {
    let from = r.from;
    while (j < b.length && b[j]!.to < from) j++;
    let k = j;
    while (from <= r.to && k < b.length && b[k]!.from <= r.to) {
      const hole = b[k]!;
      if (hole.from > from) out.push({ from, to: hole.from - 1 });
      from = Math.max(from, hole.to + 1);
      k++;
    }
    if (from <= r.to) out.push({ from, to: r.to });
  }
  return out.length ? out : NONE;
}

/** The ports of `a` that `b` does not have. */
export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === EMPTY_PORT_SET || b === EMPTY_PORT_SET) return a;
  if (b === FULL_PORT_SET) return EMPTY_PORT_SET;
  return canonical({
    TCP: subtractRanges(a.TCP, b.TCP),
    UDP: subtractRanges(a.UDP, b.UDP),
    SCTP: subtractRanges(a.SCTP, b.SCTP),
  });
}

function canonical(set: PortSet): PortSet {
  if (set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0) return EMPTY_PORT_SET;
  if (set.TCP === ALL && set.UDP === ALL && set.SCTP === ALL) return FULL_PORT_SET;
  return set;
}

export function portSetsEqual(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  return PROTOCOLS.every(
    (p) =>
      a[p].length === b[p].length && a[p].every((r, i) => r.from === b[p][i]!.from && r.to === b[p][i]!.to),
  );
}

export function portSetKey(set: PortSet): string {
  if (set === FULL_PORT_SET) return '*';
  if (set === EMPTY_PORT_SET) return '';
  return PROTOCOLS.map((p) => set[p].map((r) => `${r.from}-${r.to}`).join(',')).join('|');
}

function formatRanges(r: readonly PortRange[]): string {
  if (isFullRanges(r)) return 'all ports';
  return r.map((x) => (x.from === x.to ? `${x.from}` : `${x.from}-${x.to}`)).join(', ');
}

/** "TCP 80, 8000-8080 · UDP 53", "all ports", "none". */
export function formatPortSet(set: PortSet): string {
  if (isPortSetEmpty(set)) return 'none';
  if (isPortSetFull(set)) return 'all ports';
  return PROTOCOLS.filter((p) => set[p].length > 0)
    .map((p) => `${p} ${formatRanges(set[p])}`)
    .join(' · ');
}

/**
 * Port sets as two typed arrays, which cross from the worker to the page without a copy: for set i
 * and protocol p (in PROTOCOLS order), its ranges are entries offsets[3i+p] to offsets[3i+p+1] of
 * `ranges`, each a from and a to. Objects would be structured-cloned one by one, which at thousands
 * of policies no longer fits the 16 ms budget of a transfer.
 */
export interface PackedPortSets {
  offsets: Int32Array;
  ranges: Int32Array;
}

/** The sets each packing was made from, while in the same process (a clone is a new object). */
const packedFrom = new WeakMap<PackedPortSets, readonly PortSet[]>();

export function packPortSets(sets: readonly PortSet[]): PackedPortSets {
  let count = 0;
  for (const set of sets) for (const p of PROTOCOLS) count += set[p].length;
  const offsets = new Int32Array(sets.length * 3 + 1);
  const ranges = new Int32Array(count * 2);
  let at = 0;
  let k = 0;
  for (const set of sets)
    for (const p of PROTOCOLS) {
      offsets[k++] = at;
      for (const r of set[p]) {
        ranges[2 * at] = r.from;
        ranges[2 * at + 1] = r.to;
        at++;
      }
    }
  offsets[k] = at;
  const packed = { offsets, ranges };
  packedFrom.set(packed, sets);
  return packed;
}

/** The sets `packPortSets` packed (the empty and the full set as the shared constants). */
export function unpackPortSets(packed: PackedPortSets): readonly PortSet[] {
  const original = packedFrom.get(packed);
  if (original) return original;
  const { offsets, ranges } = packed;
  const list = (k: number): PortRange[] => {
    const out: PortRange[] = [];
    for (let j = offsets[k]!; j < offsets[k + 1]!; j++)
      out.push({ from: ranges[2 * j]!, to: ranges[2 * j + 1]! });
    return out;
  };
  const sets: PortSet[] = [];
  for (let i = 0; 3 * i < offsets.length - 1; i++) {
    const set: PortSet = { TCP: list(3 * i), UDP: list(3 * i + 1), SCTP: list(3 * i + 2) };
    sets.push(isPortSetEmpty(set) ? EMPTY_PORT_SET : isPortSetFull(set) ? FULL_PORT_SET : set);
  }
  return sets;
}
