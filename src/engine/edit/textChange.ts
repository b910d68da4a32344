/** One replacement in a text: the characters from `start` to `end` become `text`. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

/** Characters compared at once while the texts agree (a string comparison, not a loop per character). */
const BLOCK = 1 << 16;

/**
 * The smallest replacement turning `before` into `after` (null when they are equal): their common
 * start and end left out. Keeps the undo history and cursor of an editor across outside edits, and
 * lets the page send the engine worker a key press instead of a 30 MB text.
 *
 * Equal stretches are compared a block at a time, not a character at a time, so that finding a key
 * press anywhere in a 32 MB text stays within one frame (16 ms).
 */
export function minimalReplacement(before: string, after: string, block = BLOCK): TextReplacement | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (
    start + block <= max &&
    before.substring(start, start + block) === after.substring(start, start + block)
  )
    start += block;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // The common end, not overlapping the common start.
  const room = max - start;
  let same = 0;
  while (
    same + block <= room &&
    before.substring(before.length - same - block, before.length - same) ===
      after.substring(after.length - same - block, after.length - same)
  )
    same += block;
  while (
    same < room &&
    before.charCodeAt(before.length - 1 - same) === after.charCodeAt(after.length - 1 - same)
  )
    same++;
  return { start, end: before.length - same, text: after.slice(start, after.length - same) };
}

/** `text` with `change` made. */
export function applyReplacement(text: string, change: TextReplacement | null): string {
  return change ? text.slice(0, change.start) + change.text + text.slice(change.end) : text;
}
