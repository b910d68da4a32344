// Reading JSON text without parsing it into values: stepping over tokens, finding the node at a path,
// and finding duplicate keys, which JSON.parse resolves silently (the last one wins). The bulk path
// reads JSON with JSON.parse and uses these for what it cannot tell: where a node is, and whether a key
// was repeated. Char codes only: these run over tens of megabytes.
import type { Path, PathEnd } from './objectReader';

export const skipSpace = (text: string, at: number, to: number) => {
  while (at < to) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    at++;
  }
  return at;
};

/** The offset after the JSON value at `at` (a string, collection or other token), or `to`. */
export function jsonTokenEnd(text: string, at: number, to: number): number {
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

/** The offset after the JSON object or array that starts at `from`, or -1 if it does not close before `to`. */
export function jsonValueEnd(text: string, from: number, to: number): number {
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

/** The offset of the quote closing the string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close >= 0 && escaped(text, close)) close = text.indexOf('"', close + 1);
  return close;
}

/**
 * How many keys the JSON text writes, in every object. Outside strings JSON has no quotes, so each
 * quote found after one string's end opens the next string; a string followed by `:` is a key. The
 * text must be valid JSON (JSON.parse read it). A search for one character per string boundary: about
 * a fifth of JSON.parse's time.
 */
export function jsonKeyCount(text: string): number {
  let count = 0;
  const to = text.length;
  for (let open = text.indexOf('"'); open >= 0;) {
    const close = stringEnd(text, open);
    if (close < 0) break;
    let after = close + 1;
    let c = text.charCodeAt(after);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      after = skipSpace(text, after, to);
      c = text.charCodeAt(after);
    }
    if (c === 58) {
      count++;
      // The value after the colon: a string opens right there, as JSON.stringify and kubectl write it.
      after = skipSpace(text, after + 1, to);
      open = text.charCodeAt(after) === 34 ? after : text.indexOf('"', after);
    } else open = text.indexOf('"', after);
  }
  return count;
}

/**
 * At least as many as the keys the JSON text writes: the colons that follow a quote, white space
 * between allowed. Every key's colon follows its closing quote; a colon inside a string after a quote
 * (`"a\\":b"`, a value `":x"`) only adds to the count. One search for `:` per colon, with no string
 * scanning, so it costs a fraction of jsonKeyCount on kubectl output.
 */
export function jsonKeyBound(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let before = colon - 1;
    let c = text.charCodeAt(before);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--before);
    if (c === 34) count++;
  }
  return count;
}

/**
 * True when JSON.parse dropped a key of the text: some object wrote it twice (the last one wins).
 * The parsed value holds at most the keys the text writes; equal to the cheap bound, none was
 * dropped; only otherwise are the text's keys counted exactly.
 */
export function jsonDropsKeys(text: string, value: unknown): boolean {
  const held = valueKeyCount(value);
  return held !== jsonKeyBound(text) && held !== jsonKeyCount(text);
}

/** True when the quote at `at` is escaped: an odd number of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

/** How many keys the parsed value holds, in every object (a loop, not recursion: values nest deep). */
export function valueKeyCount(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    for (const key in v) {
      count++;
      const item = (v as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
  return count;
}

/** A key written again in its object: its path from the root, where it is, where it was first. */
export interface JsonDuplicate {
  full: Path;
  start: number;
  end: number;
  firstOffset: number;
}

/**
 * Every key a JSON text repeats inside one object (the second and later occurrences), with paths
 * from the root. One pass with a set of keys per open object; run only when jsonKeyCount and
 * valueKeyCount say some key was dropped.
 */
export function jsonDuplicateKeys(text: string): JsonDuplicate[] {
  const out: JsonDuplicate[] = [];
  const to = text.length;
  // Per open collection: its keys (objects) or null (arrays); path holds its current key or index.
  const keys: (Map<string, number> | null)[] = [];
  const path: (string | number)[] = [];
  for (let i = 0; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const close = stringEnd(text, i);
      if (close < 0) break;
      const after = skipSpace(text, close + 1, to);
      const own = keys[keys.length - 1];
      if (own && text.charCodeAt(after) === 58) {
        const raw = text.slice(i + 1, close);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        path[path.length - 1] = name;
        const first = own.get(name);
        if (first === undefined) own.set(name, i);
        else out.push({ full: path.slice(), start: i, end: close + 1, firstOffset: first });
      }
      i = after - 1;
    } else if (c === 123) {
      keys.push(new Map());
      path.push('');
    } else if (c === 91) {
      keys.push(null);
      path.push(0);
    } else if (c === 125 || c === 93) {
      keys.pop();
      path.pop();
    } else if (c === 44 && keys[keys.length - 1] === null) {
      path[path.length - 1] = (path[path.length - 1] as number) + 1;
    }
  }
  return out;
}

/** True when the piece of text is one JSON value. */
export const isJsonText = (piece: string) => {
  try {
    JSON.parse(piece);
    return true;
  } catch {
    return false;
  }
};
