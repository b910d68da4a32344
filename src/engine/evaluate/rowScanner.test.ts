// The pieces a tiered row relies on: peer signatures (classes in the same peer sets, and only those,
// share one) and the per-key store of the tiers' decisions, in both of its forms.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { peerSignatures, TierParts } from './rowScanner';

describe('peerSignatures', () => {
  it('gives two classes the same signature exactly when the same sets hold them', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 80 })
          .chain((classCount) =>
            fc.tuple(
              fc.constant(classCount),
              fc.array(fc.array(fc.integer({ min: 0, max: classCount - 1 })), { maxLength: 8 }),
            ),
          ),
        ([classCount, sets]) => {
          const words = Math.ceil(classCount / 32);
          const bits = new Uint32Array(sets.length * words);
          sets.forEach((set, r) => {
            for (const c of set) bits[r * words + (c >>> 5)]! |= 1 << (c & 31);
          });
          const { sig, count } = peerSignatures(
            classCount,
            words,
            bits,
            sets.map((_, r) => r),
          );
          const membership = (c: number) => sets.map((set) => set.includes(c)).join();
          for (let a = 0; a < classCount; a++)
            for (let b = 0; b < classCount; b++)
              expect(sig[a] === sig[b], `${a} ${b}`).toBe(membership(a) === membership(b));
          // Numbered from 0 without gaps.
          expect(new Set(sig).size).toBe(count);
          expect(Math.max(...sig)).toBe(count - 1);
        },
      ),
    );
  });
});

describe('TierParts', () => {
  for (const [name, dense] of [
    ['as a table', 1 << 20],
    ['as a map', 0],
  ] as const) {
    it(`keeps the allowed and left ports of each key ${name}`, () => {
      const parts = new TierParts(1000, dense);
      expect(parts.get(7)).toBe(false);
      parts.set(7, 0, 2_000_000);
      parts.set(999, 2_097_151, 0);
      parts.set(0, 5, 6);
      expect(parts.get(7)).toBe(true);
      expect([parts.allowed, parts.rest]).toEqual([0, 2_000_000]);
      expect(parts.get(999)).toBe(true);
      expect([parts.allowed, parts.rest]).toEqual([2_097_151, 0]);
      expect(parts.get(0)).toBe(true);
      expect([parts.allowed, parts.rest]).toEqual([5, 6]);
      expect(parts.get(8)).toBe(false);
    });
  }
});
