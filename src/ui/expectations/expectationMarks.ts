// The graph's markers for expectations: pure, from the list and the worker's results.
import type { GraphMark } from '../graph/GraphController';
import type { ExpectationItem } from '../../state/store';
import type { ExpectationResults } from '../../state/slices/expectations';

/**
 * A marker per expectation checked on `text` whose two ends are endpoints of the workspace. Results of
 * another text give none: endpoint indices change with the text, and a marker between the wrong pods
 * would be worse than a marker missing until the check (one worker round trip) lands.
 */
export function expectationMarks(
  list: readonly ExpectationItem[],
  results: ExpectationResults | null,
  text: string | null,
): GraphMark[] {
  if (!results || results.text !== text) return [];
  const marks: GraphMark[] = [];
  for (const e of list) {
    const entry = results.byId[e.id];
    if (!entry) continue;
    const r = entry.result;
    if (r.status === 'unresolved' || r.from === null || r.to === null) continue;
    const verdict = e.allowed ? 'allowed' : 'denied';
    const what = `${e.protocol}/${e.port}`;
    marks.push({
      from: r.from,
      to: r.to,
      status: r.status,
      label: r.status === 'pass' ? `✓ expected ${verdict} ${what}` : `✗ should be ${verdict} ${what}`,
    });
  }
  return marks;
}
