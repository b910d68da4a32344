/** One line of a diff: added (+), removed (-) or kept around a change for context (' '). */
export interface DiffLine {
  kind: '+' | '-' | ' ';
  text: string;
  /** Its line number: in the new text for added and context lines, in the old text for removed ones. */
  line: number;
}

/**
 * The lines one contiguous edit changed, with `context` unchanged lines around it, like a unified diff
 * hunk. An edit of the app rewrites one document, so one hunk per edit says it all.
 */
export function lineDiff(before: string, after: string, context = 2): DiffLine[] {
  if (before === after) return [];
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = Math.max(0, start - context); i < start; i++)
    out.push({ kind: ' ', text: b[i]!, line: i + 1 });
  for (let i = start; i < endA; i++) out.push({ kind: '-', text: a[i]!, line: i + 1 });
  for (let i = start; i < endB; i++) out.push({ kind: '+', text: b[i]!, line: i + 1 });
  for (let i = endB; i < Math.min(b.length, endB + context); i++)
    out.push({ kind: ' ', text: b[i]!, line: i + 1 });
  return out;
}
