// Lines and columns from offsets on the bulk path, where nodes carry offsets only: filled in for all
// ranges of a file in one pass over its text, jumping ahead to line starts a List scan already counted.

import type { SourceRange } from '../types';

/** A line's number (from 1) and the offset where it starts. */
export interface LineStart {
  offset: number;
  line: number;
}

/**
 * Fills in the lines and columns of ranges from their offsets, in one pass over the text: the offsets
 * are visited in ascending order while a cursor counts newlines (indexOf, no table of a million line
 * starts), jumping ahead to any of the `known` line starts (ascending) it reaches. Lines and columns
 * count from 1, as everywhere in SourceRange.
 */
export function resolveLines(text: string, ranges: readonly SourceRange[], known: readonly LineStart[] = []) {
  // Entry 2k is ranges[k]'s start, 2k + 1 its end.
  const at = (k: number) => (k & 1 ? ranges[k >> 1]!.endOffset : ranges[k >> 1]!.offset);
  const order = new Uint32Array(ranges.length * 2);
  for (let k = 0; k < order.length; k++) order[k] = k;
  // Bulk ranges come nearly in reading order; the sort only settles the ends against the next starts.
  order.sort((x, y) => at(x) - at(y));
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  let jump = 0;
  for (const k of order) {
    const offset = at(k);
    // The last known line start at or before the offset, if it is ahead of the cursor.
    while (jump < known.length && known[jump]!.offset <= offset) jump++;
    const ahead = known[jump - 1];
    if (ahead && ahead.offset > lineStart) {
      line = ahead.line;
      lineStart = ahead.offset;
      next = text.indexOf('\n', lineStart);
    }
    while (next >= 0 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    const range = ranges[k >> 1]!;
    if (k & 1) {
      range.endLine = line;
      range.endCol = offset - lineStart + 1;
    } else {
      range.line = line;
      range.col = offset - lineStart + 1;
    }
  }
}

/** The line (from 1) of an offset, counted from the top of the text. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
  return line;
}
