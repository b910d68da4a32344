import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReplacement, minimalReplacement } from './textChange';

describe('minimalReplacement', () => {
  it('replaces only the changed middle', () => {
    expect(minimalReplacement('abcXYZdef', 'abc123def')).toEqual({ start: 3, end: 6, text: '123' });
    expect(minimalReplacement('same', 'same')).toBeNull();
    expect(minimalReplacement('ab', 'abc')).toEqual({ start: 2, end: 2, text: 'c' });
    // The common start and end never overlap: "aa" to "aaa" inserts one "a", at the end.
    expect(minimalReplacement('aa', 'aaa')).toEqual({ start: 2, end: 2, text: 'a' });
    expect(minimalReplacement('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
  });

  it('finds one character changed in a text of megabytes, wherever it is', () => {
    const text = 'metadata:\n  name: x\n'.repeat(100_000);
    for (const at of [0, 1, 65_535, 65_536, 1_000_003, text.length - 1]) {
      const after = `${text.slice(0, at)}#${text.slice(at + 1)}`;
      expect(minimalReplacement(text, after)).toEqual({ start: at, end: at + 1, text: '#' });
    }
  });

  /** The same, a character at a time: as plain as it can be written. */
  function reference(before: string, after: string) {
    if (before === after) return null;
    let start = 0;
    while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
    let same = 0;
    while (
      same < Math.min(before.length, after.length) - start &&
      before[before.length - 1 - same] === after[after.length - 1 - same]
    )
      same++;
    return { start, end: before.length - same, text: after.slice(start, after.length - same) };
  }

  // Texts of a few characters from a small alphabet agree and differ in every way; blocks of 1 to 5
  // characters take the block comparison through every boundary the default one crosses.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 40 });
  it('agrees with a comparison a character at a time, and turns the first text into the second', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 1, max: 5 }), (before, after, block) => {
        const change = minimalReplacement(before, after, block);
        expect(change).toEqual(reference(before, after));
        expect(applyReplacement(before, change)).toBe(after);
      }),
    );
  });
});
