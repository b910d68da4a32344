// The items of a `kind: List` in the text, found by a scan of its lines (kubectl prints one item per
// `- ` line, or `{` line in JSON, at one indentation): where each starts, on which line, and the piece of
// text a finding inside an item lies in. The bulk path has values without positions; this gives
// objects inside a List their item's range.
import type { Path } from './objectReader';
import type { LineStart } from './lines';

export const isListValue = (v: unknown): v is { items: unknown[] } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { items?: unknown }).items);

/** Where the items of a List start (offsets, ascending), on which lines, at which column. */
export interface ListItems {
  offsets: number[];
  lines: number[];
  column: number;
  /** The start of the last line before `to`. */
  last: LineStart;
}

const NO_ITEMS: ListItems = { offsets: [], lines: [], column: 1, last: { offset: 0, line: 1 } };

/**
 * The items of a `kind: List` in text[from, to), as kubectl prints them: in YAML each item is a
 * `- ` line at the indentation of the first one after `items:`; in JSON a `{` line likewise
 * after `"items": [`. One pass over the lines (indexOf of a newline, then a look at one character
 * per line) finds the items and counts the lines, from `after` (a line start before `from`) when given.
 */
export function listItems(text: string, from: number, to: number, after?: LineStart): ListItems {
  const body = text.slice(from, to);
  const head = /^(?:items:[ \t]*$|[ \t]*"items":[ \t]*\[[ \t]*$)/m.exec(body);
  if (!head) return NO_ITEMS;
  const json = head[0].includes('"');
  const afterHead = head.index + head[0].length;
  const first = (json ? /^([ \t]*)\{/m : /^([ \t]*)- /m).exec(body.slice(afterHead));
  if (!first) return NO_ITEMS;
  const indent = first[1]!;
  const width = indent.length;
  const mark = json ? 123 : 45; // { or -
  let lineStart = from + afterHead + first.index;
  let line = after && after.offset <= lineStart ? after.line : 1;
  for (
    let i = text.indexOf('\n', after && after.offset <= lineStart ? after.offset : 0);
    i >= 0 && i < lineStart;
    i = text.indexOf('\n', i + 1)
  )
    line++;
  const offsets = [lineStart + width];
  const lines = [line];
  for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl + 1 < to; nl = text.indexOf('\n', lineStart)) {
    lineStart = nl + 1;
    line++;
    const at = lineStart + width;
    if (
      at < to &&
      text.charCodeAt(at) === mark &&
      (json || text.charCodeAt(at + 1) === 32) &&
      text.startsWith(indent, lineStart)
    ) {
      offsets.push(at);
      lines.push(line);
    }
  }
  return { offsets, lines, column: width + 1, last: { offset: lineStart, line } };
}

/** The line starts a List scan found, in ascending order. */
export function lineStarts(items: ListItems): LineStart[] {
  const column = items.column - 1;
  const out = items.offsets.map((offset, i) => ({ offset: offset - column, line: items.lines[i]! }));
  out.push(items.last);
  return out;
}

/**
 * The text a finding at `path` lies in, on the bulk path, and the path inside it: the List item
 * (a YAML item from its line start, as a one-item sequence; a JSON item, its object alone), or the
 * whole document when it is not a List.
 */
export function findingPiece(
  text: string,
  path: Path,
  start: number,
  end: number,
  items: ListItems | null | undefined,
  isJson: boolean,
): { start: number; end: number; path: Path } | undefined {
  if (items === undefined) return isJson ? undefined : { start, end, path };
  const i = path[1];
  if (!items || path[0] !== 'items' || typeof i !== 'number' || i >= items.offsets.length) return undefined;
  const at = items.offsets[i]!;
  // JSON: the walk stops where the path does, so the item's end is not needed.
  if (isJson) return { start: at, end, path: path.slice(2) };
  const indent = items.column - 1;
  const next = items.offsets[i + 1];
  return {
    start: at - indent,
    end: next === undefined ? yamlItemEnd(text, at, end, indent) : next - indent,
    path: [0, ...path.slice(2)],
  };
}

/**
 * Where the last item of a YAML List ends: at the first line after it that is neither blank, nor a
 * comment, nor indented deeper than the item's dash (kubectl prints `kind: List` after the items).
 */
export function yamlItemEnd(text: string, from: number, to: number, indent: number): number {
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl + 1 < to; nl = text.indexOf('\n', nl + 1)) {
    let p = nl + 1;
    while (p < to && text.charCodeAt(p) === 32) p++;
    const c = text.charCodeAt(p);
    if (p >= to || c === 10 || c === 13 || c === 35) continue;
    if (p - (nl + 1) <= indent) return nl + 1;
  }
  return to;
}

/** Anchors, aliases, tags and directives tie a piece of YAML to others: such a List is read whole. */
const NOT_ALONE = /(?:^|[\s[{,])[&*!][^\s,\]}]|^%/m;

/** A List item's text: from its first line's start, `indent` spaces before its dash, to the next item's. */
export interface ItemPiece {
  start: number;
  end: number;
  indent: number;
}

/**
 * The items of a block List (`kind: List` as kubectl prints it) in text[from, to) as pieces that each
 * read alone as a one-item sequence, or null when the document is not one, has fewer than two items,
 * or uses anchors, aliases or tags (which may tie items together).
 */
export function listItemPieces(text: string, from: number, to: number): ItemPiece[] | null {
  // An edit and the reads before and after it ask about the same text several times: one scan each.
  const known = recentPieces.find((r) => r.from === from && r.to === to && r.text === text);
  if (known) return known.pieces;
  const pieces = findItemPieces(text, from, to);
  recentPieces.unshift({ text, from, to, pieces });
  // Two: the text being edited and the one an edit made; more would keep old 30 MB texts alive.
  recentPieces.length = Math.min(recentPieces.length, 2);
  return pieces;
}

const recentPieces: { text: string; from: number; to: number; pieces: ItemPiece[] | null }[] = [];

function findItemPieces(text: string, from: number, to: number): ItemPiece[] | null {
  const items = listItems(text, from, to);
  if (items.offsets.length < 2 || text.charCodeAt(items.offsets[0]!) !== 45) return null;
  if (NOT_ALONE.test(text.slice(from, to))) return null;
  const indent = items.column - 1;
  return items.offsets.map((at, i) => {
    const next = items.offsets[i + 1];
    return {
      start: at - indent,
      end: next === undefined ? yamlItemEnd(text, at, to, indent) : next - indent,
      indent,
    };
  });
}
