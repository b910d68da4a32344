// The expectations file of `assert` (DESIGN 2.3), read with positions so mistakes point at their line.
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { Protocol } from '../engine/index';

export interface Expectation {
  from: string;
  to: string;
  port: number | string;
  protocol: Protocol;
  allowed: boolean;
  line: number;
  col: number;
}

export function parseExpectations(
  text: string,
  fileName: string,
): { ok: true; value: Expectation[] } | { ok: false; errors: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (node: YamlNode | null | undefined) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return `${fileName}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${fileName}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get('expectations', true) : undefined;
  if (!isSeq(list))
    return { ok: false, errors: [`${at(root as YamlNode)}: expected a mapping with an "expectations" list`] };
  const errors: string[] = [];
  const value: Expectation[] = [];
  for (const item of list.items) {
    const node = item as YamlNode;
    const where = at(node);
    if (!isMap(item)) {
      errors.push(`${where}: each expectation must be a mapping with from, to, port and allowed`);
      continue;
    }
    const e = item.toJSON() as Record<string, unknown>;
    const protocol = String(e.protocol ?? 'TCP').toUpperCase();
    const port = e.port;
    if (typeof e.from !== 'string' || typeof e.to !== 'string')
      errors.push(`${where}: from and to must be REFs`);
    else if (typeof port !== 'number' && typeof port !== 'string')
      errors.push(`${where}: port must be a number or a named port`);
    else if (typeof e.allowed !== 'boolean') errors.push(`${where}: allowed must be true or false`);
    else if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP')
      errors.push(`${where}: protocol must be TCP, UDP or SCTP`);
    else {
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      value.push({
        from: e.from,
        to: e.to,
        port: /^\d+$/.test(String(port)) ? Number(port) : port,
        protocol,
        allowed: e.allowed,
        line: pos.line,
        col: pos.col,
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}
