import { describe, expect, it } from 'vitest';
import { lineDiff } from './lineDiff';

describe('lineDiff', () => {
  it('shows an insertion as added lines between context lines, numbered in the new text', () => {
    const d = lineDiff('a\nb\nc\nd\n', 'a\nb\nx\ny\nc\nd\n', 1);
    expect(d.map((l) => `${l.kind}${l.line} ${l.text}`)).toEqual([' 2 b', '+3 x', '+4 y', ' 5 c']);
  });

  it('shows a rewritten line as removed then added', () => {
    const d = lineDiff('spec: {a: 1}\nz\n', 'spec:\n  a: 1\nz\n', 0);
    expect(d.map((l) => `${l.kind} ${l.text}`)).toEqual(['- spec: {a: 1}', '+ spec:', '+   a: 1']);
  });

  it('is empty for equal texts', () => {
    expect(lineDiff('a\n', 'a\n')).toEqual([]);
  });
});
