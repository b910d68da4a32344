// Engine diagnostics as Monaco markers: severities, ranges (1-based, end-exclusive) and codes.
import type { Diagnostic } from '../../engine/index';

export interface MarkerData {
  severity: number;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  code?: string;
  source: string;
}

/** Monaco MarkerSeverity values (Hint 1, Info 2, Warning 4, Error 8), kept here so this stays pure. */
const SEVERITY = { error: 8, warning: 4, info: 2 } as const;

/** Longest range underlined as it is; longer ones are marked on their first line. */
export const MAX_MARKED_LINES = 4;

/** Engine diagnostics -> Monaco markers at their exact line and column. Pure, tested in Node. */
export function toMarkers(diagnostics: readonly Diagnostic[], lineCount: number): MarkerData[] {
  return diagnostics.map((d) => {
    const r = d.range;
    const line = Math.min(Math.max(r?.line ?? 1, 1), Math.max(lineCount, 1));
    let endLine = Math.min(Math.max(r?.endLine ?? line, line), Math.max(lineCount, 1));
    const col = r?.col ?? 1;
    let endCol = r?.endCol ?? col + 1;
    // A finding about a whole object (a policy, a list item) underlines its first line, not every line.
    if (endLine - line > MAX_MARKED_LINES - 1) {
      endLine = line;
      endCol = Number.MAX_SAFE_INTEGER;
    }
    if (endLine === line && endCol <= col) endCol = col + 1;
    return {
      severity: SEVERITY[d.severity],
      message: d.message,
      startLineNumber: line,
      startColumn: col,
      endLineNumber: endLine,
      endColumn: endCol,
      code: d.code,
      source: 'netpol-lab',
    };
  });
}
