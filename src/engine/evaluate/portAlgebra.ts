// Port sets as small integers, with unions and intersections computed once per pair of sets.
import type { PortSet } from '../types';
import {
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  intersectPortSets,
  isPortSetEmpty,
  isPortSetFull,
  portSetKey,
  subtractPortSets,
  unionPortSets,
} from '../match/ports';

/** Two port-set ids in one number key (ids stay far below 2^21). */
const PAIR = 2097152;
export const EMPTY_ID = 0;
const DENSE = 128;
export const FULL_ID = 1;

/**
 * Port sets as small integers. A cluster has few distinct port sets, so each union or intersection of
 * two of them is computed once and then looked up: rows combine ids, not range lists.
 */
export class PortAlgebra {
  readonly sets: PortSet[] = [EMPTY_PORT_SET, FULL_PORT_SET];
  private readonly byKey = new Map<string, number>();
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();
  private readonly differences = new Map<number, number>();
  private readonly differenceTable = new Int32Array(DENSE * DENSE);
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

  /** What of `a` is not in `b` (not commutative: memoized by the ordered pair). */
  subtract(a: number, b: number): number {
    if (a === EMPTY_ID || b === EMPTY_ID) return a;
    if (a === b || b === FULL_ID) return EMPTY_ID;
    if (a < DENSE && b < DENSE) {
      const known = this.differenceTable[a * DENSE + b]!;
      if (known !== 0) return known - 1;
      const r = this.id(subtractPortSets(this.sets[a]!, this.sets[b]!));
      this.differenceTable[a * DENSE + b] = r + 1;
      return r;
    }
    const key = a * PAIR + b;
    let r = this.differences.get(key);
    if (r === undefined) {
      r = this.id(subtractPortSets(this.sets[a]!, this.sets[b]!));
      this.differences.set(key, r);
    }
    return r;
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
