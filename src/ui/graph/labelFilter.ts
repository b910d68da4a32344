import type { LabelSelector, LabelSelectorRequirement } from '../../engine/index';

/**
 * A kubectl-style selector: `app=web,tier in (a,b),!legacy,env!=prod,team`. Returns null when empty and
 * an error message when it does not parse.
 */
export function parseLabelFilter(text: string): LabelSelector | null | { error: string } {
  const source = text.trim();
  if (!source) return null;
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of source) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/i.exec(part))) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      matchExpressions.push({ key: m[1]!, operator: m[2]!.toLowerCase() === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = /^([\w./-]+)\s*!=\s*([\w./-]*)$/.exec(part))) {
      matchExpressions.push({ key: m[1]!, operator: 'NotIn', values: [m[2]!] });
    } else if ((m = /^([\w./-]+)\s*==?\s*([\w./-]*)$/.exec(part))) {
      matchLabels[m[1]!] = m[2]!;
    } else if ((m = /^!\s*([\w./-]+)$/.exec(part))) {
      matchExpressions.push({ key: m[1]!, operator: 'DoesNotExist', values: [] });
    } else if ((m = /^([\w./-]+)$/.exec(part))) {
      matchExpressions.push({ key: m[1]!, operator: 'Exists', values: [] });
    } else {
      return {
        error: `cannot read "${part}": use key=value, key!=value, key in (a,b), key notin (a,b), key or !key; every pod is shown until it reads`,
      };
    }
  }
  return { matchLabels, matchExpressions };
}
