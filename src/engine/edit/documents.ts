// Document surgery for structured edits: finding objects in the text and writing one document (or one
// node) back. Every function leaves the text outside the span it rewrites byte for byte as it was.
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { documentSpans } from '../parse/documents';

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
export function segments(text: string, docs?: readonly Document[]): Segment[] {
  return documentSpans(text, docs).map((s) => ({ start: s.contentStart, end: s.end, marker: s.start }));
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
}

/** Objects passing `test`, top-level or items of a `kind: *List`; documents that do not parse are skipped. */
export function locate(text: string, segs: Segment[], test: (node: unknown) => boolean): Located[] {
  const found: Located[] = [];
  segs.forEach((seg, i) => {
    const slice = text.slice(seg.start, seg.end);
    if (!slice.trim()) return;
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
export function splice(text: string, segs: Segment[], index: number, replacement: string): string {
  const seg = segs[index]!;
  const original = text.slice(seg.start, seg.end);
  const trailing = /\n*$/.exec(original)![0];
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
  const lineEnd = /\n*$/.exec(text.slice(start, end))![0];
  return text.slice(0, start) + written + lineEnd + text.slice(end);
}

/** Removes a located object: its item from a List, or its document and one adjacent separator. */
export function removeLocated(text: string, segs: Segment[], target: Located): string {
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
  return `${text.replace(/\s*$/, '\n')}---\n${body}`;
}
