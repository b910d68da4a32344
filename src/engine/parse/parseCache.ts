// Reading a bulk YAML text again after an edit: the values of its documents and List items kept by
// their text, so that only the pieces an edit changed are parsed again (a 16 MB export takes js-yaml
// about half a second whole; an edit changes one item of it).
import jsyaml from 'js-yaml';
import { bulkDocumentSpans } from './documents';
import { isListValue, listItemPieces } from './listItems';

/**
 * The values of the pieces (List items, documents) of the texts read with it, by their text. A piece
 * read in the last two texts is kept; older ones are dropped. Values are shared between the texts'
 * clusters: the builder never changes the values it reads.
 */
export class ParseCache {
  private current = new Map<string, unknown>();
  private previous = new Map<string, unknown>();
  /** Pieces parsed (not found) by the last read, for tests and the bench. */
  parsed = 0;

  /** Starts reading a new text: pieces not read since the one before are dropped. */
  begin(): void {
    this.previous = this.current;
    this.current = new Map();
    this.parsed = 0;
  }

  /** The value of a piece of YAML (one document), parsed when not known; throws as js-yaml does. */
  load(piece: string): unknown {
    if (this.current.has(piece)) return this.current.get(piece);
    let value: unknown;
    if (this.previous.has(piece)) value = this.previous.get(piece);
    else {
      if (this.parsed >= MAX_PARSED) throw new Error('mostly new text');
      value = jsyaml.load(piece);
      this.parsed++;
    }
    this.current.set(piece, value);
    return value;
  }

  /** Keeps the pieces of a text read whole, as `loadPieces` would have read them, for the next text. */
  seed(text: string, values: readonly unknown[]): void {
    const spans = bulkDocumentSpans(text);
    if (spans.length !== values.length) return;
    spans.forEach((span, i) => {
      const value = values[i];
      const pieces = listItemPieces(text, span.contentStart, span.end);
      if (!pieces) this.current.set(text.slice(span.contentStart, span.end), value);
      else if (isListValue(value) && value.items.length === pieces.length)
        pieces.forEach((p, k) => this.current.set(text.slice(p.start, p.end), [value.items[k]]));
    });
  }
}

/**
 * Pieces parsed again before a text counts as new rather than edited, and is read whole (one js-yaml
 * pass over all of it is faster than one per piece).
 */
const MAX_PARSED = 256;

/** Only comments and blank lines: js-yaml gives no document for it, where the spans have one. */
const BLANK = /^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*$/;

/**
 * The documents' values of a YAML text as `jsyaml.loadAll` gives them, read piece by piece through
 * `cache`: each document alone, and a block List one item at a time (its other lines read with
 * `items:` empty, then given the items). Null when the text is not cut that way safely (a blank
 * document, anchors or directives, a piece that does not read alone): the caller reads it whole.
 */
export function loadPieces(text: string, cache: ParseCache): unknown[] | null {
  if (/^%/m.test(text)) return null;
  const values: unknown[] = [];
  try {
    for (const span of bulkDocumentSpans(text)) {
      const doc = text.slice(span.contentStart, span.end);
      if (BLANK.test(doc)) return null;
      const pieces = listItemPieces(text, span.contentStart, span.end);
      if (!pieces) {
        values.push(cache.load(doc));
        continue;
      }
      const first = pieces[0]!.start;
      const last = pieces.at(-1)!.end;
      // The List's own lines (apiVersion, kind, metadata, `items:`), read fresh: the items go in.
      const head = jsyaml.load(text.slice(span.contentStart, first) + text.slice(last, span.end));
      if (typeof head !== 'object' || head === null || !('items' in head) || head.items !== null) return null;
      const items: unknown[] = [];
      for (const piece of pieces) {
        const value = cache.load(text.slice(piece.start, piece.end));
        if (!Array.isArray(value) || value.length !== 1) return null;
        items.push(value[0]);
      }
      (head as { items: unknown }).items = items;
      values.push(head);
    }
  } catch {
    return null;
  }
  return values;
}
