import {
  LineCounter,
  parseAllDocuments,
  parseDocument,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import jsyaml from 'js-yaml';
import type { Diagnostic, InputFile, Result, SourceRange, Workspace } from '../types';
import { diagnostic } from '../messages';
import {
  ClusterBuilder,
  type DuplicateKey,
  type ObjectSource,
  type Path,
  type PathEnd,
} from './buildCluster';
import { deriveExternalEndpoints } from './externals';
import { bulkDocumentSpans } from './documents';
import { syntaxErrorRange } from './syntaxErrors';
import { adminAddressSources, labelNodeAddresses } from './readAdminPolicies';

export interface ParseOptions {
  /**
   * `auto` (default): inputs above FAST_PATH_BYTES are read with JSON.parse / js-yaml (much faster on bulk
   * `kubectl get -o yaml` output) with source ranges per document; smaller ones with the `yaml` Document API,
   * which gives a range for every field.
   */
  fast?: boolean | 'auto';
}

export const FAST_PATH_BYTES = 1_000_000;
/** JSON is machine output: JSON.parse is so much faster that per-field ranges are not worth it. */
export const FAST_PATH_JSON_BYTES = 100_000;
/** yaml's guard against "billion laughs": a document may expand aliases at most this often. */
const MAX_ALIAS_COUNT = 1000;
const MAX_DEPTH = 200;

export function parseText(text: string, fileName = 'input.yaml', options?: ParseOptions): Result<Workspace> {
  return parseWorkspace([{ name: fileName, text }], options);
}

export function parseWorkspace(files: readonly InputFile[], options?: ParseOptions): Result<Workspace> {
  const builder = new ClusterBuilder();
  const diagnostics: Diagnostic[] = [];
  files.forEach((file, index) => {
    try {
      readFile(file, index, builder, diagnostics, options?.fast ?? 'auto');
    } catch (error) {
      // Stack exhaustion on pathological nesting, or any parser failure: refuse the file, keep the rest.
      diagnostics.push(
        diagnostic(
          'input-too-complex',
          [error instanceof Error ? error.message : String(error)],
          wholeFile(index, file.text),
          file.name,
        ),
      );
    }
  });
  const base = builder.build();
  const externals = deriveExternalEndpoints(
    [...base.policies, ...adminAddressSources(base.adminPolicies, base.nodes)],
    base.endpoints.length,
  );
  labelNodeAddresses(externals, base.nodes);
  const cluster = { ...base, endpoints: [...base.endpoints, ...externals] };
  return {
    value: { files, documents: builder.documents, cluster },
    diagnostics: [...diagnostics, ...builder.diagnostics],
  };
}

function wholeFile(file: number, text: string): SourceRange {
  return {
    file,
    doc: 0,
    line: 1,
    col: 1,
    endLine: 1,
    endCol: 1,
    offset: 0,
    endOffset: Math.min(text.length, 1),
  };
}

/** Deeply nested flow collections are a denial-of-service vector for recursive parsers: refuse early. */
function nestingTooDeep(text: string): boolean {
  // Char codes only: this runs over every byte of tens of megabytes.
  let depth = 0;
  let quote = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote || ch === 10) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 91 || ch === 123) {
      if (++depth > MAX_DEPTH) return true;
    } else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return false;
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control > 8 && control > sample.length / 100;
}

function readFile(
  file: InputFile,
  index: number,
  builder: ClusterBuilder,
  diagnostics: Diagnostic[],
  fast: boolean | 'auto',
) {
  // Lone CR line endings (old Mac files) read as LF, one character for one, so offsets stay the text's.
  if (file.text.includes('\r')) file = { ...file, text: file.text.replace(/\r(?!\n)/g, '\n') };
  const text = file.text;
  if (looksBinary(text)) {
    diagnostics.push(diagnostic('binary-input', [], wholeFile(index, text), file.name));
    return;
  }
  const isJson = /^\s*[[{]/.test(text.slice(0, 1000));
  const useFast =
    fast === true || (fast === 'auto' && text.length > (isJson ? FAST_PATH_JSON_BYTES : FAST_PATH_BYTES));
  // JSON.parse does not recurse (V8, SpiderMonkey), and nothing after it walks values to unbounded depth
  // (messages use the bounded `preview`), so bulk JSON skips the scan of every byte; a stack overflow
  // anywhere would still be caught in parseWorkspace.
  if (!(useFast && isJson) && nestingTooDeep(text)) {
    diagnostics.push(
      diagnostic(
        'input-too-complex',
        [`nesting deeper than ${MAX_DEPTH} levels`],
        wholeFile(index, text),
        file.name,
      ),
    );
    return;
  }
  if (useFast) readBulk(file, index, isJson, builder, diagnostics);
  else readDocuments(file, index, builder, diagnostics);
}

function rangeFrom(lc: LineCounter, file: number, doc: number, start: number, end: number): SourceRange {
  const a = lc.linePos(start);
  const b = lc.linePos(end);
  return {
    file,
    doc,
    line: a.line,
    col: a.col,
    endLine: b.line,
    endCol: b.col,
    offset: start,
    endOffset: end,
  };
}

/** The `yaml` Document API path: a range for every node, errors with exact positions. */
function readDocuments(file: InputFile, index: number, builder: ClusterBuilder, diagnostics: Diagnostic[]) {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(file.text, { ...YAML_OPTIONS, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, docIndex) => {
    // A duplicate key is not a syntax error: the object holding it is refused, the rest is read.
    const errors = (doc.errors ?? []).filter((e) => e.code !== 'DUPLICATE_KEY');
    const duplicates = duplicateKeysOf(doc, 0, (a, b) => rangeFrom(lineCounter, index, docIndex, a, b)).map(
      (d) => (d.firstOffset === undefined ? d : { ...d, firstLine: lineCounter.linePos(d.firstOffset).line }),
    );
    for (const error of errors) {
      const { range, message } = syntaxErrorRange(file.text, error.message, error.pos);
      diagnostics.push(
        diagnostic(
          'yaml-syntax',
          [message.split('\n')[0]!],
          rangeFrom(lineCounter, index, docIndex, range[0], range[1]),
          file.name,
        ),
      );
    }
    if (errors.length > 0) return;
    const docRange = doc.contents?.range
      ? rangeFrom(lineCounter, index, docIndex, doc.contents.range[0], doc.contents.range[1])
      : rangeFrom(lineCounter, index, docIndex, doc.range[0], doc.range[1]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      diagnostics.push(
        diagnostic(
          'input-too-complex',
          [error instanceof Error ? error.message : String(error)],
          docRange,
          file.name,
        ),
      );
      return;
    }
    const source: ObjectSource = {
      file: index,
      fileName: file.name,
      doc: docIndex,
      rangeAt: (path, end) => nodeRange(doc, path, lineCounter, index, docIndex, end) ?? docRange,
      duplicateKeys: (base) => within(duplicates, base),
    };
    builder.addDocument(value, source, docRange);
  });
}

/**
 * How the `yaml` library reads Kubernetes input: `<<` merge keys merged (Kubernetes' YAML reader does,
 * and so does js-yaml on the bulk path), duplicate keys reported (DUPLICATE_KEY) with the last one kept.
 */
const YAML_OPTIONS = { uniqueKeys: true, merge: true, prettyErrors: false } as const;

interface FoundDuplicate extends DuplicateKey {
  /** Path from the document's root. */
  full: Path;
  /** Offset of the key's first occurrence. */
  firstOffset?: number;
}

/** Every duplicate key of a parsed document (or piece read from `offset`), with its path from the root. */
function duplicateKeysOf(
  doc: Document,
  offset: number,
  toRange: (start: number, end: number) => SourceRange,
): FoundDuplicate[] {
  const at = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
  if (at.length === 0) return [];
  const out: FoundDuplicate[] = [];
  const visit = (node: unknown, path: Path, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i], depth + 1));
    else if (isMap(node))
      node.items.forEach((pair) => {
        const key = isScalar(pair.key) ? pair.key : null;
        const start = key?.range?.[0];
        if (key && start !== undefined && at.includes(start)) {
          const name = String(key.value);
          const first = node.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
          const firstStart = isScalar(first?.key) ? first.key.range?.[0] : undefined;
          out.push({
            full: [...path, name],
            path: [...path, name],
            range: toRange(offset + start, offset + key.range![1]),
            ...(firstStart !== undefined && { firstOffset: offset + firstStart }),
          });
        }
        visit(pair.value, isScalar(pair.key) ? [...path, String(pair.key.value)] : path, depth + 1);
      });
  };
  visit(doc.contents, [], 0);
  return out;
}

/** The duplicates inside the object at `base`, with paths relative to it. */
function within(found: readonly FoundDuplicate[], base: Path): FoundDuplicate[] {
  return found
    .filter((d) => d.full.length > base.length && base.every((p, i) => d.full[i] === p))
    .map((d) => ({ ...d, path: d.full.slice(base.length) }));
}

function nodeRange(
  doc: Document,
  path: Path,
  lc: LineCounter,
  file: number,
  docIndex: number,
  end: PathEnd = 'value',
): SourceRange | undefined {
  const at = nodeOffsets(doc, path, end);
  return at && rangeFrom(lc, file, docIndex, at[0], at[1]);
}

/**
 * Start and end offsets of the node at `path` in a parsed document; of the deepest node on the path
 * that exists when the rest does not (`spec.podSelector is required` points at `spec`).
 */
function nodeOffsets(doc: Document, path: Path, end: PathEnd = 'value'): [number, number] | undefined {
  let node: unknown = doc.contents;
  let found: [number, number] | undefined;
  for (const [i, key] of path.entries()) {
    if (!isNode(node) || !node.range) return found;
    found = [node.range[0], node.range[1]];
    const collection = node as YamlNode & { items?: unknown[] };
    if (!Array.isArray(collection.items)) return found;
    if (typeof key === 'number') node = collection.items[key];
    else {
      const pair = collection.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (!pair || !isPair(pair)) return found;
      // A key whose value is empty (`policyTypes:` / `- Ingress:`) has no value node: point at the key.
      node = (end === 'key' && i === path.length - 1 ? null : pair.value) ?? pair.key;
    }
  }
  if (!isNode(node) || !node.range) return found;
  return [node.range[0], node.range[1]];
}

/** The bulk path: JSON.parse or js-yaml on the whole text, ranges per document. */
function readBulk(
  file: InputFile,
  index: number,
  isJson: boolean,
  builder: ClusterBuilder,
  diagnostics: Diagnostic[],
) {
  const text = file.text;
  // Ranges get their lines and columns in one pass over the text once all of them are known (see
  // resolveLines): nothing reads them before readBulk returns. The scan for List items counts lines
  // as it goes: what it found (item ranges, line starts) needs no second pass.
  const pending: SourceRange[] = [];
  const known: LineStart[] = [];
  const toRange = (doc: number, start: number, end: number): SourceRange => {
    const range = { file: index, doc, line: 0, col: 0, endLine: 0, endCol: 0, offset: start, endOffset: end };
    pending.push(range);
    return range;
  };
  try {
    readBulkValues(text, index, file.name, isJson, builder, diagnostics, toRange, known);
  } finally {
    resolveLines(text, pending, known);
  }
}

function readBulkValues(
  text: string,
  index: number,
  fileName: string,
  isJson: boolean,
  builder: ClusterBuilder,
  diagnostics: Diagnostic[],
  toRange: (doc: number, start: number, end: number) => SourceRange,
  known: LineStart[],
) {
  let values: unknown[];
  // Offset of a duplicate key js-yaml found (it stops at the first one in a file).
  let duplicateAt: number | undefined;
  if (isJson) {
    try {
      // A byte-order mark read as white space (the Document API path ignores it too), offsets kept.
      values = [JSON.parse(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text)];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      const offset = at ? Number(at[1]) : 0;
      diagnostics.push(diagnostic('json-syntax', [message], toRange(0, offset, offset), fileName));
      return;
    }
  } else {
    try {
      values = [];
      try {
        jsyaml.loadAll(text, (doc) => values.push(doc));
      } catch (error) {
        // Duplicate keys: found here, reported by the object holding them; read again keeping the last.
        const mark = (error as { mark?: { position?: number }; reason?: string }).mark;
        if ((error as { reason?: string }).reason !== 'duplicated mapping key' || !mark) throw error;
        duplicateAt = mark.position;
        values = [];
        jsyaml.loadAll(text, (doc) => values.push(doc), { json: true });
      }
    } catch (error) {
      const mark = (error as { mark?: { position?: number } }).mark;
      const offset = mark?.position ?? 0;
      const reason =
        (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
      const at = syntaxErrorRange(text, reason, [offset, offset]);
      diagnostics.push(
        diagnostic('yaml-syntax', [at.message], toRange(0, at.range[0], at.range[1]), fileName),
      );
      return;
    }
  }
  const spans = isJson ? [{ start: 0, contentStart: 0, end: text.length }] : bulkDocumentSpans(text);
  // Pieces of the text read again for findings, by their start (null: it did not parse alone).
  const pieces = new Map<number, Document | null>();
  const budget = { left: FINDING_PIECE_BYTES };
  values.forEach((value, docIndex) => {
    const start = spans[docIndex]?.contentStart ?? 0;
    const end = spans[docIndex]?.end ?? text.length;
    const docRange = toRange(docIndex, start, end);
    // Without a position per node, an object inside a List points at its item: found by a line
    // scan, when first asked, and used only when it counts every item.
    const count = isListValue(value) ? value.items.length : 0;
    let items: ListItems | null | undefined;
    const scan = () => {
      if (items === undefined) {
        const found = listItems(text, start, end, known.at(-1));
        items = found.offsets.length === count ? found : null;
        // A loop, not a spread: a List of a few hundred thousand items would overflow the stack.
        if (items) for (const start of lineStarts(items)) known.push(start);
      }
      return items;
    };
    // One range per item, however many objects point into it.
    const itemRanges: SourceRange[] = [];
    const rangeAt = (path: readonly (string | number)[]) => {
      if (path[0] !== 'items' || typeof path[1] !== 'number' || count === 0) return docRange;
      const items = scan();
      if (!items) return docRange;
      const i = path[1];
      if (itemRanges[i]) return itemRanges[i];
      const { offsets, lines, column } = items;
      // Ends at the next item's start, whose line is known; the last one ends with its document.
      if (i + 1 === offsets.length) return (itemRanges[i] = toRange(docIndex, offsets[i]!, end));
      return (itemRanges[i] = {
        file: index,
        doc: docIndex,
        line: lines[i]!,
        col: column,
        endLine: lines[i + 1]!,
        endCol: column,
        offset: offsets[i]!,
        endOffset: offsets[i + 1]!,
      });
    };
    // JSON whose items are not one per line (minified, say): found by stepping over the items array,
    // from the last item found (findings come in item order), not by the line scan.
    let cursor: { array: number; index: number; at: number } | null | undefined;
    const jsonItemAt = (i: number): number | undefined => {
      if (cursor === undefined) {
        const array = jsonNodeOffsets(text, start, end, ['items']);
        cursor = array ? { array: array[0], index: 0, at: skipSpace(text, array[0] + 1, end) } : null;
      }
      if (!cursor) return undefined;
      if (i < cursor.index) cursor = { ...cursor, index: 0, at: skipSpace(text, cursor.array + 1, end) };
      while (cursor.index < i) {
        const after = skipSpace(text, jsonTokenEnd(text, cursor.at, end), end);
        if (text.charCodeAt(after) !== 44) return undefined;
        cursor = { ...cursor, index: cursor.index + 1, at: skipSpace(text, after + 1, end) };
      }
      return cursor.at;
    };
    // A finding's node, found in its List item (or its document): in JSON by walking the item's text
    // along the path; in YAML by reading the item again with the Document API, which gives every node
    // its range. That costs about 0.4 ms per kB here, so YAML pieces share a budget per file; findings
    // past it point at their item.
    const findingAt = (path: Path, pathEnd?: PathEnd): SourceRange | undefined => {
      const lines = count > 0 ? scan() : undefined;
      const item =
        isJson && lines === null && path[0] === 'items' && typeof path[1] === 'number'
          ? jsonItemAt(path[1])
          : undefined;
      const piece =
        item === undefined
          ? findingPiece(text, path, start, end, lines, isJson)
          : { start: item, end, path: path.slice(2) };
      if (!piece) return undefined;
      let at: [number, number] | undefined;
      if (isJson) at = jsonNodeOffsets(text, piece.start, piece.end, piece.path, pathEnd);
      else {
        let parsed = pieces.get(piece.start);
        if (parsed === undefined) {
          if (piece.end - piece.start > budget.left) return undefined;
          budget.left -= piece.end - piece.start;
          parsed = parsePiece(text.slice(piece.start, piece.end));
          pieces.set(piece.start, parsed);
        }
        at = pieceNodeOffsets(parsed, piece.start, piece.path, pathEnd);
      }
      return at && toRange(docIndex, at[0], at[1]);
    };
    // The object holding the duplicate key js-yaml found, read again with the Document API for every
    // duplicate in it and their paths.
    const duplicateKeys = (base: Path): DuplicateKey[] => {
      if (duplicateAt === undefined || duplicateAt < start || duplicateAt >= end) return [];
      const piece = count > 0 ? itemPieceAt(base) : { start, end, path: [] as Path };
      if (!piece || duplicateAt < piece.start || duplicateAt >= piece.end) return [];
      let doc: Document;
      try {
        doc = parseDocument(text.slice(piece.start, piece.end), YAML_OPTIONS);
      } catch {
        return [];
      }
      const found = duplicateKeysOf(doc, piece.start, (a, b) => toRange(docIndex, a, b));
      // A List item is read as a one-item sequence: its paths start with 0.
      const inner = count > 0 ? found.map((d) => ({ ...d, full: d.full.slice(1) })) : found;
      // Lines are counted for the message now (bulk ranges get theirs later): one duplicate per file.
      return within(inner, []).map(({ path, range, firstOffset }) => ({
        path,
        range,
        ...(firstOffset !== undefined && { firstLine: lineOf(text, firstOffset) }),
      }));
    };
    const itemPieceAt = (base: Path) => {
      const lines = scan();
      return lines ? findingPiece(text, base, start, end, lines, false) : undefined;
    };
    const source: ObjectSource = { file: index, fileName, doc: docIndex, rangeAt, findingAt, duplicateKeys };
    builder.addDocument(value, source, docRange);
  });
}

/**
 * The node at `path` inside the object `range` covers, when `range` came from the bulk path (an
 * object there has its List item's range, or its document's): a JSON item walked along the path, a
 * YAML item or document read again with the Document API. Lines are counted from the range's own.
 * For "Show in YAML" on a rule, when it is shown: undefined when the node is not there.
 */
export function nodeWithin(text: string, range: SourceRange, path: Path): SourceRange | undefined {
  const { offset, endOffset } = range;
  if (endOffset - offset > MAX_WITHIN_BYTES) return undefined;
  let at: [number, number] | undefined;
  // JSON, or YAML that starts with a flow mapping: only JSON reads as JSON.
  const close = text.charCodeAt(offset) === 123 ? jsonValueEnd(text, offset, endOffset) : -1;
  if (close > 0 && isJsonText(text.slice(offset, close))) at = jsonNodeOffsets(text, offset, close, path);
  else {
    // A List item starts at its dash: read from its line start, as a one-item sequence.
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const item = text.charCodeAt(offset) === 45 && text.slice(lineStart, offset).trim() === '';
    const start = item ? lineStart : offset;
    let end = item ? yamlItemEnd(text, offset, endOffset, offset - lineStart) : endOffset;
    // A document's range runs to the next one's start: without the `---` line between them.
    const marker = text.lastIndexOf('\n---', end - 1);
    if (!item && marker >= start && /^\n---[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(marker, end)))
      end = marker + 1;
    at = pieceNodeOffsets(parsePiece(text.slice(start, end)), start, item ? [0, ...path] : path);
  }
  if (!at) return undefined;
  // Lines counted from the range's own line start, not from the top of the text.
  const found = { ...range, line: 0, col: 0, endLine: 0, endCol: 0, offset: at[0], endOffset: at[1] };
  resolveLines(text, [found], [{ offset: offset - (range.col - 1), line: range.line }]);
  return found;
}

/** Offsets in the text of the node at `path` in a piece of it read from `start`. */
function pieceNodeOffsets(
  doc: Document | null,
  start: number,
  path: Path,
  end?: PathEnd,
): [number, number] | undefined {
  const at = doc && nodeOffsets(doc, path, end);
  return at ? [start + at[0], start + at[1]] : undefined;
}

const isJsonText = (piece: string) => {
  try {
    JSON.parse(piece);
    return true;
  } catch {
    return false;
  }
};

/** The largest object nodeWithin reads again. */
const MAX_WITHIN_BYTES = 1_000_000;

/** A piece of a bulk text as a Document, or null when it does not parse alone or nests too deep. */
function parsePiece(piece: string): Document | null {
  if (nestingTooDeep(piece)) return null;
  try {
    const doc = parseDocument(piece, YAML_OPTIONS);
    return doc.errors.every((e) => e.code === 'DUPLICATE_KEY') ? doc : null;
  } catch {
    return null;
  }
}

/** How much of a bulk YAML text is read again for findings: about 50 ms. */
const FINDING_PIECE_BYTES = 128_000;

/**
 * Start and end of the JSON value at `path` inside the value that starts at `from` (before `to`),
 * as the Document API gives them: a string with its quotes, a collection with its brackets, the first
 * of duplicate keys; with `end` 'key', the last key of the path rather than its value. When the path
 * leaves the text, the deepest collection on it that exists. A walk over the text that skips what the path does not enter.
 */
export function jsonNodeOffsets(
  text: string,
  from: number,
  to: number,
  path: Path,
  end: PathEnd = 'value',
): [number, number] | undefined {
  let at = skipSpace(text, from, to);
  const whole = (start: number): [number, number] | undefined => {
    const valueEnd = jsonTokenEnd(text, start, to);
    return valueEnd > start && valueEnd <= to ? [start, valueEnd] : undefined;
  };
  for (const [i, key] of path.entries()) {
    const container = at;
    const open = text.charCodeAt(at);
    if (typeof key === 'number') {
      if (open !== 91) return whole(container);
      at = skipSpace(text, at + 1, to);
      for (let k = 0; k < key; k++) {
        if (text.charCodeAt(at) === 93) return whole(container);
        at = skipSpace(text, jsonTokenEnd(text, at, to), to);
        if (text.charCodeAt(at) !== 44) return whole(container);
        at = skipSpace(text, at + 1, to);
      }
      if (text.charCodeAt(at) === 93) return whole(container);
    } else {
      if (open !== 123) return whole(container);
      at = skipSpace(text, at + 1, to);
      for (;;) {
        if (text.charCodeAt(at) !== 34) return whole(container);
        const keyEnd = jsonTokenEnd(text, at, to);
        let name: unknown;
        try {
          name = JSON.parse(text.slice(at, keyEnd));
        } catch {
          return undefined;
        }
        const keyStart = at;
        at = skipSpace(text, keyEnd, to);
        if (text.charCodeAt(at) !== 58) return undefined;
        at = skipSpace(text, at + 1, to);
        if (name === key && end === 'key' && i === path.length - 1) return [keyStart, keyEnd];
        if (name === key) break;
        at = skipSpace(text, jsonTokenEnd(text, at, to), to);
        if (text.charCodeAt(at) !== 44) return whole(container);
        at = skipSpace(text, at + 1, to);
      }
    }
  }
  return whole(at);
}

const skipSpace = (text: string, at: number, to: number) => {
  while (at < to) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    at++;
  }
  return at;
};

/** The offset after the JSON value at `at` (a string, collection or other token), or `to`. */
function jsonTokenEnd(text: string, at: number, to: number): number {
  const c = text.charCodeAt(at);
  if (c === 123 || c === 91) {
    const end = jsonValueEnd(text, at, to);
    return end < 0 ? to : end;
  }
  if (c === 34) {
    let i = at + 1;
    for (; i < to && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    return Math.min(i + 1, to);
  }
  let i = at;
  for (; i < to; i++) {
    const d = text.charCodeAt(i);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
  }
  return i;
}

/**
 * The text a finding at `path` lies in, on the bulk path, and the path inside it: the List item
 * (a YAML item from its line start, as a one-item sequence; a JSON item, its object alone), or the
 * whole document when it is not a List.
 */
function findingPiece(
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

/** The offset after the JSON object or array that starts at `from`, or -1 if it does not close before `to`. */
function jsonValueEnd(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < to && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Where the last item of a YAML List ends: at the first line after it that is neither blank, nor a
 * comment, nor indented deeper than the item's dash (kubectl prints `kind: List` after the items).
 */
function yamlItemEnd(text: string, from: number, to: number, indent: number): number {
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl + 1 < to; nl = text.indexOf('\n', nl + 1)) {
    let p = nl + 1;
    while (p < to && text.charCodeAt(p) === 32) p++;
    const c = text.charCodeAt(p);
    if (p >= to || c === 10 || c === 13 || c === 35) continue;
    if (p - (nl + 1) <= indent) return nl + 1;
  }
  return to;
}

const isListValue = (v: unknown): v is { items: unknown[] } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { items?: unknown }).items);

/** A line's number (from 1) and the offset where it starts. */
export interface LineStart {
  offset: number;
  line: number;
}

/** Where the items of a List start (offsets, ascending), on which lines, at which column. */
interface ListItems {
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
function lineStarts(items: ListItems): LineStart[] {
  const column = items.column - 1;
  const out = items.offsets.map((offset, i) => ({ offset: offset - column, line: items.lines[i]! }));
  out.push(items.last);
  return out;
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
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
  return line;
}
