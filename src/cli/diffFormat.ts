// Printers for `netpol-lab diff` (DESIGN 2.3): text, json and md, written in pieces so that a change
// touching millions of pod pairs is streamed, never built as one string.
import {
  formatPortSet,
  isPortSetEmpty,
  PROTOCOLS,
  type Cluster,
  type ConnectivityDiff,
  type PortSet,
} from '../engine/index';

export type DiffFormat = 'text' | 'json' | 'md';

/** DESIGN 2.3: `{"protocol", "port", "endPort"}` per range; a whole protocol is 1 to 65535. */
export function portsJson(set: PortSet): { protocol: string; port: number; endPort: number }[] {
  return PROTOCOLS.flatMap((protocol) =>
    set[protocol].map((r) => ({ protocol, port: r.from, endPort: r.to })),
  );
}

/** Pieces of text this many pairs at a time: one write per piece, not per pair. */
const PAIRS_PER_WRITE = 2000;

export function writeDiff(
  before: Cluster,
  diff: ConnectivityDiff,
  format: DiffFormat,
  write: (text: string) => void,
): void {
  const ref = (i: number) => before.endpoints[i]!.ref;
  let piece: string[] = [];
  const flush = () => {
    if (piece.length) write(piece.join(''));
    piece = [];
  };
  const push = (text: string) => {
    piece.push(text);
    if (piece.length >= PAIRS_PER_WRITE) flush();
  };

  if (format === 'json') {
    write('{\n  "changes": [');
    let first = true;
    for (const pair of diff.pairs()) {
      const change = {
        from: ref(pair.from),
        to: ref(pair.to),
        added: portsJson(pair.added),
        removed: portsJson(pair.removed),
      };
      push(`${first ? '' : ','}\n    ${JSON.stringify(change)}`);
      first = false;
    }
    flush();
    write(`${first ? '' : '\n  '}],\n`);
    write(`  "endpointsAdded": ${JSON.stringify(diff.endpointsAdded)},\n`);
    write(`  "endpointsRemoved": ${JSON.stringify(diff.endpointsRemoved)}\n}\n`);
    return;
  }

  const md = format === 'md';
  const cell = (text: string) => (md ? text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`) : text);
  if (md) {
    write('## Connectivity changes\n\n');
    if (diff.changedPairs > 0) write('| from | to | opened | closed |\n| --- | --- | --- | --- |\n');
  }
  let opened = 0;
  let closed = 0;
  for (const pair of diff.pairs()) {
    const added = !isPortSetEmpty(pair.added);
    const removed = !isPortSetEmpty(pair.removed);
    if (added) opened++;
    if (removed) closed++;
    if (md) {
      push(
        `| ${cell(ref(pair.from))} | ${cell(ref(pair.to))} | ${added ? formatPortSet(pair.added) : ''} | ${removed ? formatPortSet(pair.removed) : ''} |\n`,
      );
    } else {
      if (added) push(`+ ${ref(pair.from)} -> ${ref(pair.to)}: ${formatPortSet(pair.added)}\n`);
      if (removed) push(`- ${ref(pair.from)} -> ${ref(pair.to)}: ${formatPortSet(pair.removed)}\n`);
    }
  }
  flush();
  if (md && diff.changedPairs > 0) write('\n');
  for (const r of diff.endpointsAdded) write(md ? `- added: ${cell(r)}\n` : `+ endpoint ${r}\n`);
  for (const r of diff.endpointsRemoved) write(md ? `- removed: ${cell(r)}\n` : `- endpoint ${r}\n`);
  if (md && (diff.endpointsAdded.length || diff.endpointsRemoved.length)) write('\n');
  write(
    diff.changedPairs === 0 && !diff.endpointsAdded.length && !diff.endpointsRemoved.length
      ? 'No connectivity change.\n'
      : `${opened} connection(s) opened, ${closed} closed, ${diff.endpointsAdded.length} endpoint(s) added, ${diff.endpointsRemoved.length} removed\n`,
  );
}
