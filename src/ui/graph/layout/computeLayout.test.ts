import { describe, expect, it } from 'vitest';
import { computeLayout, type LayoutNode } from './computeLayout';

describe('computeLayout (the layout worker)', () => {
  const nodes: LayoutNode[] = [
    { id: 'ns:a' },
    { id: 'ns:b' },
    ...Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, parent: 'ns:a', w: 80, h: 40 })),
    ...Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, parent: 'ns:b', w: 80, h: 40 })),
    { id: 'ext', w: 120, h: 60 },
  ];
  const edges = [
    { id: 'e1', source: 'a0', target: 'b0' },
    { id: 'e2', source: 'b1', target: 'ext' },
  ];

  it('places every leaf node, apart from the others, without a DOM', () => {
    const { id, positions } = computeLayout({ id: 7, nodes, edges, randomize: true, quality: 'default' });
    expect(id).toBe(7);
    const leaves = nodes.filter((n) => n.w);
    expect(Object.keys(positions).sort()).toEqual(leaves.map((n) => n.id).sort());
    for (const p of Object.values(positions)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    // No two nodes on top of each other (boxes of 80 x 40 overlap by less than half).
    const list = Object.values(positions);
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        expect(Math.abs(list[i]!.x - list[j]!.x) > 40 || Math.abs(list[i]!.y - list[j]!.y) > 20).toBe(true);
  });

  it('keeps a namespace together: its pods are nearer their own centre than the other namespace', () => {
    const { positions } = computeLayout({ id: 1, nodes, edges, randomize: true, quality: 'default' });
    const centre = (prefix: string) => {
      const ps = Object.entries(positions).filter(([k]) => k.startsWith(prefix) && k !== 'ext');
      return {
        x: ps.reduce((s, [, p]) => s + p.x, 0) / ps.length,
        y: ps.reduce((s, [, p]) => s + p.y, 0) / ps.length,
      };
    };
    const a = centre('a');
    const b = centre('b');
    const d = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
    for (let i = 0; i < 12; i++) expect(d(positions[`a${i}`]!, a)).toBeLessThan(d(positions[`a${i}`]!, b));
  });
});
