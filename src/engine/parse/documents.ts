// The one document splitter: where each YAML document of a text begins and ends, from the `yaml`
// library's own document ranges, so the parser, the edits and the lessons agree on what a document is
// (`--- {kind: Namespace, ...}` is a document whose content shares the `---` line).
import { parseAllDocuments, type Document } from 'yaml';

export interface DocumentSpan {
  /** Where the document begins: its `---` line, or the start of the text for the first one. */
  start: number;
  /** Where its content begins: after its `---` line, or after `--- ` when the content shares that line. */
  contentStart: number;
  /** Where the next document begins, or the end of the text. */
  end: number;
}

const MARKER_LINE = /^---[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/;
const MARKER_INLINE = /^---[ \t]+/;

/**
 * The documents of a YAML text as spans that cover it end to end (comments and blank lines belong to
 * the document before them; anything before the first belongs to the first). `docs` are the text's
 * documents when already parsed. A text with no document is one empty span.
 */
export function documentSpans(text: string, docs?: readonly Document[]): DocumentSpan[] {
  const parsed = docs ?? parseAllDocuments(text);
  const list = Array.isArray(parsed) ? (parsed as readonly Document[]) : [parsed as unknown as Document];
  const starts = list.map((d, i) => (i === 0 ? 0 : (d.range?.[0] ?? text.length)));
  if (starts.length === 0) starts.push(0);
  return starts.map((start, i) => ({
    start,
    contentStart: contentStart(text, start),
    end: starts[i + 1] ?? text.length,
  }));
}

/** Where a document's content begins when its span starts at `start`: past a `---` marker, if any. */
export function contentStart(text: string, start: number): number {
  let at = start;
  // The first span may open with comment and blank lines before its marker.
  if (start === 0) at = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text.slice(0, 65536))![0].length;
  const head = text.slice(at, at + 4096);
  const marker = MARKER_LINE.exec(head) ?? MARKER_INLINE.exec(head);
  return marker ? at + marker[0].length : start;
}

/** The text of each document, without its `---` marker. */
export function splitDocuments(text: string): string[] {
  return documentSpans(text).map((s) => text.slice(s.contentStart, s.end));
}

/**
 * The same spans as `documentSpans`, found without parsing: the bulk path reads tens of megabytes with
 * js-yaml, which gives no positions, and the Document API would take seconds. A document starts at a
 * `---` at the start of a line followed by a space or the line's end (YAML's directives end marker);
 * property tests hold it to `documentSpans` on the inputs it is used for.
 */
export function bulkDocumentSpans(text: string): DocumentSpan[] {
  const markers: number[] = [];
  for (const m of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) markers.push(m.index);
  const spans: DocumentSpan[] = [];
  const first = markers[0] ?? text.length;
  // Text before the first marker is a document of its own unless it is only comments and blank lines.
  if (markers.length === 0 || /^\s*[^\s#]/m.test(text.slice(0, first)))
    spans.push({ start: 0, contentStart: 0, end: first });
  markers.forEach((m, i) =>
    spans.push({ start: m, contentStart: contentStart(text, m), end: markers[i + 1] ?? text.length }),
  );
  spans[0]!.start = 0;
  return spans;
}
