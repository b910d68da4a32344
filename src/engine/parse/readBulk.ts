// The bulk read path (YAML over 1 MB, JSON over 100 kB): JSON.parse or js-yaml on the whole text, which
// give values without positions. It owns giving those values what the Document path gives: a range per
// document and per List item, a finding's exact node (found in the JSON text, or by reading one item
// again with the Document API), and duplicate keys (which JSON.parse and js-yaml resolve silently).
// Lines and columns are filled in once the whole file is read (lines.ts).
import { parseDocument, type Document } from 'yaml';
import jsyaml from 'js-yaml';
import type { Diagnostic, InputFile, SourceRange } from '../types';
import { diagnostic } from '../messages';
import type { ClusterBuilder } from './buildCluster';
import type { DuplicateKey, ObjectSource, Path, PathEnd } from './objectReader';
import { bulkDocumentSpans } from './documents';
import { syntaxErrorRange } from './syntaxErrors';
import {
  duplicateKeysOf,
  parsePiece,
  pieceNodeOffsets,
  within,
  YAML_OPTIONS,
  type FoundDuplicate,
} from './documentNodes';
import { jsonDropsKeys, jsonDuplicateKeys, jsonNodeOffsets, jsonTokenEnd, skipSpace } from './jsonText';
import { findingPiece, isListValue, lineStarts, listItems, type ListItems } from './listItems';
import { lineOf, resolveLines, type LineStart } from './lines';
import { loadPieces, type ParseCache } from './parseCache';

/** How much of a bulk YAML text is read again for findings: about 50 ms. */
const FINDING_PIECE_BYTES = 128_000;

export function readBulk(
  file: InputFile,
  index: number,
  isJson: boolean,
  builder: ClusterBuilder,
  diagnostics: Diagnostic[],
  cache?: ParseCache,
) {
  const bulk = new BulkFile(file, index, isJson);
  try {
    // A text read before but for an edit: only the pieces the edit changed are parsed again.
    let values = !isJson && cache ? loadPieces(file.text, cache) : null;
    if (!values) {
      values = bulk.parse(diagnostics);
      if (values && !isJson && cache && bulk.duplicateAt === undefined) cache.seed(file.text, values);
    }
    if (!values) return;
    const spans = isJson ? [{ contentStart: 0, end: file.text.length }] : bulkDocumentSpans(file.text);
    values.forEach((value, docIndex) => {
      const start = spans[docIndex]?.contentStart ?? 0;
      const end = spans[docIndex]?.end ?? file.text.length;
      const source = new BulkDocument(
        bulk,
        docIndex,
        start,
        end,
        isListValue(value) ? value.items.length : 0,
      );
      builder.addDocument(value, source, source.docRange);
    });
  } finally {
    // Nothing reads a range's line before readBulk returns.
    resolveLines(file.text, bulk.pending, bulk.known);
  }
}

/** One bulk file: its values, and what its documents share (ranges to resolve, pieces read again). */
class BulkFile {
  readonly text: string;
  readonly fileName: string;
  /** Ranges whose lines and columns are filled in at the end. */
  readonly pending: SourceRange[] = [];
  /** Line starts the List scans counted (ascending): resolveLines jumps ahead to them. */
  readonly known: LineStart[] = [];
  /** Pieces of the text read again for findings, by their start (null: it did not parse alone). */
  readonly pieces = new Map<number, Document | null>();
  /** Bytes of YAML pieces left to read again. */
  budget = FINDING_PIECE_BYTES;
  /** YAML: offset of the duplicate key js-yaml found (it stops at the first one in a file). */
  duplicateAt: number | undefined;
  /** JSON: every duplicate key, found in the text when JSON.parse dropped some. */
  jsonDuplicates: FoundDuplicate[] = [];

  constructor(
    file: InputFile,
    readonly index: number,
    readonly isJson: boolean,
  ) {
    this.text = file.text;
    this.fileName = file.name;
  }

  toRange(doc: number, start: number, end: number): SourceRange {
    const range = {
      file: this.index,
      doc,
      line: 0,
      col: 0,
      endLine: 0,
      endCol: 0,
      offset: start,
      endOffset: end,
    };
    this.pending.push(range);
    return range;
  }

  /** The documents' values, or null after reporting a syntax error. */
  parse(diagnostics: Diagnostic[]): unknown[] | null {
    const { text } = this;
    if (this.isJson) {
      let value: unknown;
      try {
        // A byte-order mark read as white space (the Document API path ignores it too), offsets kept.
        value = JSON.parse(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const at = /position (\d+)/.exec(message);
        const offset = at ? Number(at[1]) : 0;
        diagnostics.push(
          diagnostic('json-syntax', [message], this.toRange(0, offset, offset), this.fileName),
        );
        return null;
      }
      // JSON.parse keeps the last of duplicate keys: the text writes more keys than the values hold
      // exactly when some key was repeated, and only then is the text searched for them.
      if (jsonDropsKeys(text, value)) this.jsonDuplicates = this.foundInJson();
      return [value];
    }
    try {
      const values: unknown[] = [];
      try {
        jsyaml.loadAll(text, (doc) => values.push(doc));
        return values;
      } catch (error) {
        // Duplicate keys: found here, reported by the object holding them; read again keeping the last.
        const mark = (error as { mark?: { position?: number }; reason?: string }).mark;
        if ((error as { reason?: string }).reason !== 'duplicated mapping key' || !mark) throw error;
        this.duplicateAt = mark.position;
        values.length = 0;
        jsyaml.loadAll(text, (doc) => values.push(doc), { json: true });
        return values;
      }
    } catch (error) {
      const mark = (error as { mark?: { position?: number } }).mark;
      const offset = mark?.position ?? 0;
      const reason =
        (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
      const at = syntaxErrorRange(text, reason, [offset, offset]);
      diagnostics.push(
        diagnostic('yaml-syntax', [at.message], this.toRange(0, at.range[0], at.range[1]), this.fileName),
      );
      return null;
    }
  }

  /** Every duplicate key of the JSON text, as the Document path reports them. */
  private foundInJson(): FoundDuplicate[] {
    const found = jsonDuplicateKeys(this.text);
    const lines = linesAt(
      this.text,
      found.map((d) => d.firstOffset),
    );
    return found.map((d) => ({
      full: d.full,
      path: d.full,
      range: this.toRange(0, d.start, d.end),
      firstOffset: d.firstOffset,
      firstLine: lines.get(d.firstOffset)!,
    }));
  }
}

/** The lines of some offsets, in one pass over the text. */
function linesAt(text: string, offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  let line = 1;
  let nl = text.indexOf('\n');
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    while (nl >= 0 && nl < offset) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    out.set(offset, line);
  }
  return out;
}

/**
 * One document of a bulk file as the builder sees it: ranges for paths inside it, found lazily. An
 * object inside a List points at its item, found by a line scan when first asked and used only when it
 * counts every item.
 */
class BulkDocument implements ObjectSource {
  readonly file: number;
  readonly fileName: string;
  readonly docRange: SourceRange;
  /** undefined: not scanned yet; null: the scan did not find every item. */
  private items: ListItems | null | undefined;
  /** One range per item, however many objects point into it. */
  private readonly itemRanges: SourceRange[] = [];
  /** JSON whose items are not one per line: the last item stepped to in the items array. */
  private cursor: { array: number; index: number; at: number } | null | undefined;

  constructor(
    private readonly bulk: BulkFile,
    readonly doc: number,
    private readonly start: number,
    private readonly end: number,
    /** Items of the List this document is, or 0. */
    private readonly count: number,
  ) {
    this.file = bulk.index;
    this.fileName = bulk.fileName;
    this.docRange = bulk.toRange(doc, start, end);
  }

  private scan(): ListItems | null {
    if (this.items === undefined) {
      const found = listItems(this.bulk.text, this.start, this.end, this.bulk.known.at(-1));
      this.items = found.offsets.length === this.count ? found : null;
      // A loop, not a spread: a List of a few hundred thousand items would overflow the stack.
      if (this.items) for (const start of lineStarts(this.items)) this.bulk.known.push(start);
    }
    return this.items;
  }

  rangeAt(path: Path): SourceRange {
    if (path[0] !== 'items' || typeof path[1] !== 'number' || this.count === 0) return this.docRange;
    const items = this.scan();
    if (!items) return this.docRange;
    const i = path[1];
    if (this.itemRanges[i]) return this.itemRanges[i];
    const { offsets, lines, column } = items;
    // Ends at the next item's start, whose line is known; the last one ends with its document.
    if (i + 1 === offsets.length)
      return (this.itemRanges[i] = this.bulk.toRange(this.doc, offsets[i]!, this.end));
    return (this.itemRanges[i] = {
      file: this.file,
      doc: this.doc,
      line: lines[i]!,
      col: column,
      endLine: lines[i + 1]!,
      endCol: column,
      offset: offsets[i]!,
      endOffset: offsets[i + 1]!,
    });
  }

  /**
   * JSON whose items are not one per line (minified, say): the start of item i, found by stepping over
   * the items array from the last item found (findings come in item order), not by the line scan.
   */
  private jsonItemAt(i: number): number | undefined {
    const { text } = this.bulk;
    const { end } = this;
    if (this.cursor === undefined) {
      const array = jsonNodeOffsets(text, this.start, end, ['items']);
      this.cursor = array ? { array: array[0], index: 0, at: skipSpace(text, array[0] + 1, end) } : null;
    }
    let cursor = this.cursor;
    if (!cursor) return undefined;
    if (i < cursor.index) cursor = { ...cursor, index: 0, at: skipSpace(text, cursor.array + 1, end) };
    while (cursor.index < i) {
      const after = skipSpace(text, jsonTokenEnd(text, cursor.at, end), end);
      if (text.charCodeAt(after) !== 44) return undefined;
      cursor = { ...cursor, index: cursor.index + 1, at: skipSpace(text, after + 1, end) };
    }
    this.cursor = cursor;
    return cursor.at;
  }

  /**
   * A finding's node, found in its List item (or its document): in JSON by walking the item's text
   * along the path; in YAML by reading the item again with the Document API, which gives every node
   * its range. That costs about 0.4 ms per kB here, so YAML pieces share a budget per file; findings
   * past it point at their item.
   */
  findingAt(path: Path, pathEnd?: PathEnd): SourceRange | undefined {
    const { bulk } = this;
    const { text, isJson } = bulk;
    const lines = this.count > 0 ? this.scan() : undefined;
    const item =
      isJson && lines === null && path[0] === 'items' && typeof path[1] === 'number'
        ? this.jsonItemAt(path[1])
        : undefined;
    const piece =
      item === undefined
        ? findingPiece(text, path, this.start, this.end, lines, isJson)
        : { start: item, end: this.end, path: path.slice(2) };
    if (!piece) return undefined;
    let at: [number, number] | undefined;
    if (isJson) at = jsonNodeOffsets(text, piece.start, piece.end, piece.path, pathEnd);
    else {
      let parsed = bulk.pieces.get(piece.start);
      if (parsed === undefined) {
        if (piece.end - piece.start > bulk.budget) return undefined;
        bulk.budget -= piece.end - piece.start;
        parsed = parsePiece(text.slice(piece.start, piece.end));
        bulk.pieces.set(piece.start, parsed);
      }
      at = pieceNodeOffsets(parsed, piece.start, piece.path, pathEnd);
    }
    return at && bulk.toRange(this.doc, at[0], at[1]);
  }

  duplicateKeys(base: Path): DuplicateKey[] {
    const { bulk } = this;
    if (bulk.isJson) return within(bulk.jsonDuplicates, base);
    // YAML: the object holding the duplicate key js-yaml found, read again with the Document API for
    // every duplicate in it and their paths.
    const { duplicateAt, text } = bulk;
    if (duplicateAt === undefined || duplicateAt < this.start || duplicateAt >= this.end) return [];
    const piece = this.count > 0 ? this.itemPieceAt(base) : { start: this.start, end: this.end, path: [] };
    if (!piece || duplicateAt < piece.start || duplicateAt >= piece.end) return [];
    let doc: Document;
    try {
      doc = parseDocument(text.slice(piece.start, piece.end), YAML_OPTIONS);
    } catch {
      return [];
    }
    const found = duplicateKeysOf(doc, piece.start, (a, b) => bulk.toRange(this.doc, a, b));
    // A List item is read as a one-item sequence: its paths start with 0.
    const inner = this.count > 0 ? found.map((d) => ({ ...d, full: d.full.slice(1) })) : found;
    // Lines are counted for the message now (bulk ranges get theirs later): one duplicate per file.
    return within(inner, []).map(({ path, range, firstOffset }) => ({
      path,
      range,
      ...(firstOffset !== undefined && { firstLine: lineOf(text, firstOffset) }),
    }));
  }

  private itemPieceAt(base: Path) {
    const lines = this.scan();
    return lines ? findingPiece(this.bulk.text, base, this.start, this.end, lines, false) : undefined;
  }
}
