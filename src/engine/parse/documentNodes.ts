// The `yaml` Document API as the parser uses it: the read options, the node at a path (for a finding's
// range), duplicate keys with their paths, and reading a piece of a bigger text again (the bulk path
// reads a List item again to point a finding at its node). Shared by both read paths.
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { SourceRange } from '../types';
import type { DuplicateKey, Path, PathEnd } from './objectReader';

/** Deepest nesting read: deeper flow collections are refused before any parser recurses into them. */
export const MAX_DEPTH = 200;

/**
 * How the `yaml` library reads Kubernetes input: `<<` merge keys merged (Kubernetes' YAML reader does,
 * and so does js-yaml on the bulk path), duplicate keys reported (DUPLICATE_KEY) with the last one kept.
 */
export const YAML_OPTIONS = { uniqueKeys: true, merge: true, prettyErrors: false } as const;

export interface FoundDuplicate extends DuplicateKey {
  /** Path from the document's root. */
  full: Path;
  /** Offset of the key's first occurrence. */
  firstOffset?: number;
}

/** Every duplicate key of a parsed document (or piece read from `offset`), with its path from the root. */
export function duplicateKeysOf(
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
export function within(found: readonly FoundDuplicate[], base: Path): FoundDuplicate[] {
  return found
    .filter((d) => d.full.length > base.length && base.every((p, i) => d.full[i] === p))
    .map((d) => ({ ...d, path: d.full.slice(base.length) }));
}

/**
 * Start and end offsets of the node at `path` in a parsed document; of the deepest node on the path
 * that exists when the rest does not (`spec.podSelector is required` points at `spec`).
 */
export function nodeOffsets(doc: Document, path: Path, end: PathEnd = 'value'): [number, number] | undefined {
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

/** Offsets in the text of the node at `path` in a piece of it read from `start`. */
export function pieceNodeOffsets(
  doc: Document | null,
  start: number,
  path: Path,
  end?: PathEnd,
): [number, number] | undefined {
  const at = doc && nodeOffsets(doc, path, end);
  return at ? [start + at[0], start + at[1]] : undefined;
}

/** A piece of a bulk text as a Document, or null when it does not parse alone or nests too deep. */
export function parsePiece(piece: string): Document | null {
  if (nestingTooDeep(piece)) return null;
  try {
    const doc = parseDocument(piece, YAML_OPTIONS);
    return doc.errors.every((e) => e.code === 'DUPLICATE_KEY') ? doc : null;
  } catch {
    return null;
  }
}

/** Deeply nested flow collections are a denial-of-service vector for recursive parsers: refuse early. */
export function nestingTooDeep(text: string): boolean {
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
