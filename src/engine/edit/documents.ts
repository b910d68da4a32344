// Document surgery for structured edits: finding objects in the text and writing one document (or one
// node) back. Every function leaves the text outside the span it rewrites byte for byte as it was.
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { bulkDocumentSpans, documentSpans } from '../parse/documents';
import { parsePiece } from '../parse/documentNodes';
import { listItemPieces } from '../parse/listItems';

/**
 * Above this size a text is split into documents without the Document API, and a document that is a
 * block List (`kubectl get -o yaml`) is read one item at a time, only the items an edit may touch:
 * the Document API reads about 100 kB per 50 ms, so a 16 MB export read whole took minutes per edit.
 */
export const ITEM_WISE_BYTES = 256_000;

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Segment {
  /** Where the document's content starts (after its `---` marker). */
  start: number;
  end: number;
  /** Where the document starts, its `---` marker included. */
  marker: number;
}

/**
 * The documents of the text, from the one splitter the parser uses too (`documentSpans`), so untouched
 * documents are kept byte for byte and every edit sees the documents the graph shows.
 */
export function segments(
  text: string,
  docs?: readonly Document[],
  itemWiseBytes = ITEM_WISE_BYTES,
): Segment[] {
  const spans = !docs && text.length > itemWiseBytes ? bulkDocumentSpans(text) : documentSpans(text, docs);
  return spans.map((s) => ({ start: s.contentStart, end: s.end, marker: s.start }));
}

export function meta(node: unknown, key: string): string | undefined {
  if (!isMap(node)) return undefined;
  const m = node.get('metadata');
  const v = isMap(m) ? m.get(key) : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

/** Whether `node` is the object `ref` names; a namespaced object without a namespace is in `default`. */
export function matches(node: unknown, ref: ObjectRef): boolean {
  if (!isMap(node) || String(node.get('kind')) !== ref.kind || meta(node, 'name') !== ref.name) return false;
  if (ref.kind === 'Namespace') return true;
  return (meta(node, 'namespace') ?? 'default') === (ref.namespace ?? 'default');
}

export interface Located {
  segment: number;
  doc: Document;
  node: YAMLMap;
  /** Set for an item of a List. */
  list?: YAMLSeq;
  /**
   * Set for an item of a big List read alone: `doc` is the item's text from `start` to `end` (its
   * lines, from the first one's start) as a one-item sequence, indented `indent` spaces in the text.
   */
  piece?: { start: number; end: number; indent: number };
}

/**
 * Whether an object's text may hold every string of `hint` as a value: false only when one is missing
 * from the text as written and nothing in the text could spell it otherwise (an escape in a quoted
 * string). Strings with other characters than a name's never rule anything out.
 */
function mayHold(piece: string, hint: readonly string[]): boolean {
  if (piece.includes('\\')) return true;
  return hint.every((h) => !/^[A-Za-z0-9._/-]+$/.test(h) || holdsWord(piece, h));
}

const isNameChar = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 45 ||
  c === 46 ||
  c === 95 ||
  c === 47;

/** Whether `word` is in `text` as a whole value or key (not `team-5` inside `team-50`). */
function holdsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1))
    if (!isNameChar(text.charCodeAt(at - 1)) && !isNameChar(text.charCodeAt(at + word.length))) return true;
  return false;
}

/**
 * Objects passing `test`, top-level or items of a `kind: *List`; documents that do not parse are skipped.
 * `hint`: strings every object passing `test` has among its values (its kind, name, namespace), so
 * that the items of a big List that cannot pass are not read at all.
 */
export function locate(
  text: string,
  segs: Segment[],
  test: (node: unknown) => boolean,
  hint: readonly string[] = [],
  itemWiseBytes = ITEM_WISE_BYTES,
): Located[] {
  const found: Located[] = [];
  segs.forEach((seg, i) => {
    const pieces = seg.end - seg.start > itemWiseBytes ? listItemPieces(text, seg.start, seg.end) : null;
    if (pieces) {
      for (const piece of pieces) {
        const written = text.slice(piece.start, piece.end);
        if (!mayHold(written, hint)) continue;
        const doc = parsePiece(written);
        const root = doc?.contents;
        if (!doc || doc.errors.length || !isSeq(root) || root.items.length !== 1) continue;
        const item = root.items[0];
        if (test(item)) found.push({ segment: i, doc, node: item as YAMLMap, list: root, piece });
      }
      return;
    }
    const slice = text.slice(seg.start, seg.end);
    if (!slice.trim() || !mayHold(slice, hint)) return;
    const doc = parseDocument(slice);
    if (doc.errors.length) return;
    const root = doc.contents;
    if (test(root)) found.push({ segment: i, doc, node: root as YAMLMap });
    else if (isMap(root) && String(root.get('kind')).endsWith('List')) {
      const items = root.get('items');
      if (isSeq(items))
        for (const item of items.items)
          if (test(item)) found.push({ segment: i, doc, node: item as YAMLMap, list: items });
    }
  });
  return found;
}

/** `text` with the content of document `index` replaced, its trailing line breaks kept. */
/** `text` with `target`'s document (or its List item read alone) written back as its Document is now. */
export function rewriteLocated(text: string, segs: Segment[], target: Located): string {
  const piece = target.piece;
  if (!piece) return splice(text, segs, target.segment, target.doc.toString());
  const trailing = trailingBreaks(text, piece.start, piece.end);
  const pad = ' '.repeat(piece.indent);
  const written = target.doc
    .toString()
    .replace(/\n*$/, '')
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
  return text.slice(0, piece.start) + written + (trailing || '\n') + text.slice(piece.end);
}

/** Where `target`'s Document starts in the text: offsets in its nodes' ranges count from here. */
export function locatedStart(segs: Segment[], target: Located): number {
  return target.piece?.start ?? segs[target.segment]!.start;
}

/** The line breaks that end `text`, counted from its end (a regular expression tries every offset). */
function trailingBreaks(text: string, start = 0, end = text.length): string {
  let at = end;
  while (at > start && text.charCodeAt(at - 1) === 10) at--;
  return '\n'.repeat(end - at);
}

export function splice(text: string, segs: Segment[], index: number, replacement: string): string {
  const seg = segs[index]!;
  const trailing = trailingBreaks(text, seg.start, seg.end);
  // Content that shared its `---` line (`--- {kind: ...}`) is written back as a block on the next line.
  const own = seg.start > 0 && text[seg.start - 1] !== '\n' ? '\n' : '';
  return (
    text.slice(0, seg.start) + own + replacement.replace(/\n*$/, '') + (trailing || '') + text.slice(seg.end)
  );
}

/**
 * `text` with the node written from `start` to `end` replaced by `node` as it is now, in the same
 * style (flow `{a: b}` or block), its lines indented as the first one was; nothing else is touched.
 */
export function replaceNode(text: string, start: number, end: number, node: YAMLMap): string {
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  let written: string;
  if (node.items.length === 0) written = '{}';
  else {
    const doc = new Document();
    doc.contents = node;
    written = doc
      .toString({ lineWidth: 0 })
      .replace(/\n+$/, '')
      .split('\n')
      .map((line, i) => (i === 0 || !line ? line : ' '.repeat(column) + line))
      .join('\n');
  }
  // A block map's range runs through its last line break: keep it.
  const lineEnd = trailingBreaks(text, start, end);
  return text.slice(0, start) + written + lineEnd + text.slice(end);
}

/** Removes a located object: its item from a List, or its document and one adjacent separator. */
export function removeLocated(text: string, segs: Segment[], target: Located): string {
  if (target.piece) return text.slice(0, target.piece.start) + text.slice(target.piece.end);
  if (target.list) {
    target.list.items = target.list.items.filter((i) => i !== target.node);
    return splice(text, segs, target.segment, target.doc.toString());
  }
  const seg = segs[target.segment]!;
  const before = text.slice(0, seg.marker);
  const after = text.slice(seg.end);
  // The first document went: the next one's marker is not needed (its content stays, on its own line).
  return before.trim() ? before + after : after.replace(/^---(?:[ \t]*(?:#[^\n]*)?\n|[ \t]+)/, '');
}

/** `text` with `yaml` as a new last document. */
export function appendDocument(text: string, yaml: string): string {
  const body = yaml.replace(/^\s*---\s*\n/, '').replace(/\s*$/, '\n');
  if (!text.trim()) return body;
  // trimEnd, not a regular expression anchored at the end: that one is tried at every offset of a 30 MB text.
  return `${text.trimEnd()}\n---\n${body}`;
}
