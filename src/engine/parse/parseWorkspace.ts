// Reading input text into a Workspace: per file, the `yaml` Document API path (a range for every node)
// or, for big inputs, the bulk path (readBulk.ts); both hand plain values to the ClusterBuilder, which
// must get the same findings from either. Also `nodeWithin`, for "Show in YAML" on bulk ranges.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic, InputFile, Result, SourceRange, Workspace } from '../types';
import { diagnostic } from '../messages';
import { ClusterBuilder, type ObjectSource, type Path, type PathEnd } from './buildCluster';
import { deriveExternalEndpoints } from './externals';
import { syntaxErrorRange } from './syntaxErrors';
import { adminAddressSources, labelNodeAddresses } from './readAdminPolicies';
import {
  duplicateKeysOf,
  MAX_DEPTH,
  nestingTooDeep,
  nodeOffsets,
  parsePiece,
  pieceNodeOffsets,
  within,
  YAML_OPTIONS,
} from './documentNodes';
import { isJsonText, jsonValueEnd, jsonNodeOffsets } from './jsonText';
import { yamlItemEnd } from './listItems';
import { resolveLines } from './lines';
import { readBulk } from './readBulk';
import type { ParseCache } from './parseCache';

export { jsonNodeOffsets } from './jsonText';
export { listItems } from './listItems';
export { resolveLines, type LineStart } from './lines';

export interface ParseOptions {
  /**
   * `auto` (default): inputs above FAST_PATH_BYTES are read with JSON.parse / js-yaml (much faster on bulk
   * `kubectl get -o yaml` output) with source ranges per document; smaller ones with the `yaml` Document API,
   * which gives a range for every field.
   */
  fast?: boolean | 'auto';
  /**
   * Pieces of the texts read before (bulk YAML): kept by their text, so that reading a text again after
   * an edit parses only what the edit changed. The result is the same as without it.
   */
  cache?: ParseCache;
}

export const FAST_PATH_BYTES = 1_000_000;
/** JSON is machine output: JSON.parse is so much faster that per-field ranges are not worth it. */
export const FAST_PATH_JSON_BYTES = 100_000;
/** yaml's guard against "billion laughs": a document may expand aliases at most this often. */
const MAX_ALIAS_COUNT = 1000;

export function parseText(text: string, fileName = 'input.yaml', options?: ParseOptions): Result<Workspace> {
  return parseWorkspace([{ name: fileName, text }], options);
}

export function parseWorkspace(files: readonly InputFile[], options?: ParseOptions): Result<Workspace> {
  const builder = new ClusterBuilder();
  const diagnostics: Diagnostic[] = [];
  options?.cache?.begin();
  files.forEach((file, index) => {
    try {
      readFile(file, index, builder, diagnostics, options?.fast ?? 'auto', options?.cache);
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
  cache: ParseCache | undefined,
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
  if (useFast) readBulk(file, index, isJson, builder, diagnostics, cache);
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

/** The largest object nodeWithin reads again. */
const MAX_WITHIN_BYTES = 1_000_000;
