import { describe, expect, it } from 'vitest';
import { analyze, parseText, parseWorkspace, writeEvalCsv } from '../engine/index';
import { readFileSync } from 'node:fs';
import { generateCluster, toJson } from '../../bench/generate';
import { main } from './main';

const C1 = [
  'fixtures/course/001-crash-course/cluster.yaml',
  'fixtures/course/001-crash-course/policies.yaml',
];

function csv(perPair: boolean, limit?: number, filter?: { port: number; protocol: 'TCP' }) {
  const ws = parseWorkspace(C1.map((name) => ({ name, text: readFileSync(name, 'utf8') }))).value;
  const analysis = analyze(ws.cluster);
  const pieces: string[] = [];
  writeEvalCsv(ws.cluster, analysis, filter, (t) => pieces.push(t), perPair, limit);
  return { ws, pieces, rows: pieces.join('').trimEnd().split('\n') };
}

describe('eval --format csv', () => {
  it.each([undefined, { port: 3000, protocol: 'TCP' as const }])(
    'the namespace rows add up to the per-pair rows (filter %o)',
    (filter) => {
      const perPair = csv(true, undefined, filter);
      const grouped = csv(false, 0, filter);
      expect(grouped.rows[0]).toBe('from_namespace,to_namespace,allowed_pairs,total_pairs,ports');
      const nsOf = (ref: string) => (ref.startsWith('ip:') ? '(outside)' : ref.split('/')[0]!);
      const expected = new Map<string, [number, number]>();
      for (const line of perPair.rows.slice(1)) {
        const [from, to, ok] = line.split(',');
        const key = `${nsOf(from!)},${nsOf(to!)}`;
        const [a, t] = expected.get(key) ?? [0, 0];
        // Outside to outside is not governed by NetworkPolicy: the grouped rows count pod connections.
        const governed = !(from!.startsWith('ip:') && to!.startsWith('ip:'));
        expected.set(key, [a + (ok === 'true' && governed ? 1 : 0), t + 1]);
      }
      const got = new Map(
        grouped.rows.slice(1).map((line) => {
          const [a, b, allowed, total] = line.split(',');
          return [`${a},${b}`, [Number(allowed), Number(total)] as [number, number]];
        }),
      );
      expect(got).toEqual(expected);
    },
  );

  it('is written a row of sources at a time, not as one string', () => {
    const { ws, pieces } = csv(true);
    expect(pieces.length).toBe(ws.cluster.endpoints.length + 1);
  });

  it('past a million pairs the CLI writes namespace rows unless --per-pair', async () => {
    const text = toJson(
      generateCluster({ pods: 1100, policies: 60, namespaces: 20, mix: 'default-deny-apps', seed: 7 }),
    );
    expect(parseText(text).value.cluster.endpoints.length).toBeGreaterThan(1001);
    let out = '';
    const code = await main(['eval', '--format', 'csv', '-'], {
      stdout: (s) => (out += s),
      stderr: () => {},
      stdin: (await import('node:stream')).Readable.from([text]),
    });
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('from_namespace,to_namespace,allowed_pairs,total_pairs,ports');
    expect(lines.length).toBeLessThanOrEqual(1 + 21 * 21);
  });
});
