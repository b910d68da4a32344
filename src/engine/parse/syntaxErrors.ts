// Where a YAML syntax error is, as a person would point at it. The `yaml` library reports an unclosed
// `{` or `[` where it gave up (the next line's start, or the end of the text): the bracket that was
// never closed is what needs fixing, so the finding points there.

const FLOW = /^Flow (map|sequence)\b|flow collection/;

/**
 * The range [start, end) to report for a syntax error reported at `pos` with `message`: for an
 * unterminated flow collection, the innermost bracket of that kind still open before `pos`.
 */
export function syntaxErrorRange(
  text: string,
  message: string,
  pos: readonly [number, number],
): { range: [number, number]; message: string } {
  const [start, end] = pos;
  const flow = FLOW.exec(message);
  if (!flow) return { range: [start, Math.max(start, end)], message };
  const want = flow[1] === 'map' ? 123 : flow[1] === 'sequence' ? 91 : 0;
  const at = unclosedBracket(text, Math.min(start, text.length), want);
  if (at < 0) return { range: [start, Math.max(start, end)], message };
  const unclosed = flow[1] !== undefined || /end of the stream/.test(message);
  const detail = message.replace(/:$/, '');
  return {
    range: [at, at + 1],
    message: unclosed
      ? `this "${text[at]}" is never closed (${detail})`
      : `in the "${text[at]}" opened here: ${detail}`,
  };
}

/**
 * Offset of the innermost `{` (want 123) or `[` (91), or either (0), still open at `to`; -1 if none.
 * Quotes and brackets count where a scalar can start (after `: `, `- `, `,`, `[`, `{` or at a line's
 * indentation), and everywhere brackets are flow indicators (inside a flow collection); comments and
 * quoted strings are skipped. One pass over the text before the error.
 */
function unclosedBracket(text: string, to: number, want: number): number {
  const open: number[] = [];
  // The last character that was not a space or tab: a scalar starts after one of these.
  let previous = 10;
  for (let i = 0; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    const atStart =
      previous === 10 ||
      previous === 58 ||
      previous === 45 ||
      previous === 44 ||
      previous === 91 ||
      previous === 123 ||
      previous === 63;
    if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      while (i + 1 < to && text.charCodeAt(i + 1) !== 10) i++;
      continue;
    }
    if (atStart && c === 34) {
      // "..." with backslash escapes.
      for (i++; i < to && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (atStart && c === 39) {
      // '...' with '' for a quote.
      for (i++; i < to; i++)
        if (text.charCodeAt(i) === 39) {
          if (text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
    } else if ((c === 123 || c === 91) && (atStart || open.length > 0)) open.push(i);
    else if ((c === 125 || c === 93) && open.length > 0) open.pop();
    previous = c;
  }
  for (let k = open.length - 1; k >= 0; k--)
    if (want === 0 || text.charCodeAt(open[k]!) === want) return open[k]!;
  return -1;
}
