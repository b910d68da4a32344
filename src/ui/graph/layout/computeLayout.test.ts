import { describe, expect, it } from 'vitest';
import { computeLayout, packGroups, removeOverlaps, type LayoutNode } from './computeLayout';
import { fitZoom } from '../graphKernels';
import { POD_NAME_PX } from '../graphStyle';

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

describe('removeOverlaps', () => {
  it('pushes overlapping pods, and namespace boxes, apart', () => {
    const nodes: LayoutNode[] = [
      { id: 'ns:a' },
      { id: 'ns:b' },
      { id: 'a1', parent: 'ns:a', w: 100, h: 30 },
      { id: 'a2', parent: 'ns:a', w: 100, h: 30 },
      { id: 'b1', parent: 'ns:b', w: 100, h: 30 },
      { id: 'x', w: 60, h: 60 },
    ];
    const positions = { a1: { x: 0, y: 0 }, a2: { x: 10, y: 5 }, b1: { x: 40, y: 20 }, x: { x: 20, y: 10 } };
    removeOverlaps(nodes, positions);
    const box = (id: string, pad = 0) => {
      const n = nodes.find((m) => m.id === id)!;
      const p = positions[id as keyof typeof positions];
      return {
        x1: p.x - n.w! / 2 - pad,
        x2: p.x + n.w! / 2 + pad,
        y1: p.y - n.h! / 2 - pad,
        y2: p.y + n.h! / 2 + pad,
      };
    };
    const apart = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
      a.x2 <= b.x1 || b.x2 <= a.x1 || a.y2 <= b.y1 || b.y2 <= a.y1;
    for (const [a, b] of [
      ['a1', 'a2'],
      ['a1', 'b1'],
      ['a2', 'b1'],
      ['a1', 'x'],
      ['b1', 'x'],
    ] as const)
      expect(apart(box(a), box(b)), `${a} and ${b}`).toBe(true);
    // Namespace a's box (its pods and padding) is clear of b's pod.
    const nsA = {
      x1: Math.min(box('a1').x1, box('a2').x1) - 28,
      x2: Math.max(box('a1').x2, box('a2').x2) + 28,
      y1: Math.min(box('a1').y1, box('a2').y1) - 28,
      y2: Math.max(box('a1').y2, box('a2').y2) + 28,
    };
    expect(apart(nsA, box('b1', 28))).toBe(true);
  });
});

describe('a small graph with long namespace names (the network-policy-api conformance fixture)', () => {
  // Four namespaces of one StatefulSet each, named as in fixtures/network-policy-api, with the sizes
  // toElements gives their pods and GraphController gives their labels (14 px bold: 7.6 px a character,
  // 7.1 as measured in Chromium, 262 px for the 37 of network-policy-conformance-hufflepuff).
  const houses = ['gryffindor', 'slytherin', 'hufflepuff', 'ravenclaw'];
  const nodes: LayoutNode[] = houses.flatMap((h) => {
    const ns = `network-policy-conformance-${h}`;
    return [
      { id: `ns:${ns}`, label: { w: ns.length * 7.6, h: 34 } },
      { id: `ep:${h}`, parent: `ns:${ns}`, w: 192, h: 46 },
    ];
  });
  const edges = [
    { id: 'e1', source: 'ep:slytherin', target: 'ep:ravenclaw' },
    { id: 'e2', source: 'ep:ravenclaw', target: 'ep:slytherin' },
    { id: 'e3', source: 'ep:hufflepuff', target: 'ep:ravenclaw' },
    { id: 'e4', source: 'ep:slytherin', target: 'ep:hufflepuff' },
  ];
  /** The graph's extent, namespace boxes and their labels included, as the page fits it. */
  const extent = (positions: Record<string, { x: number; y: number }>) => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const n of nodes.filter((m) => m.w)) {
      const p = positions[n.id]!;
      const label = nodes.find((m) => m.id === n.parent)!.label!;
      const half = Math.max(n.w! / 2 + 28, label.w / 2);
      x1 = Math.min(x1, p.x - half);
      x2 = Math.max(x2, p.x + half);
      y1 = Math.min(y1, p.y - n.h! / 2 - 28 - label.h);
      y2 = Math.max(y2, p.y + n.h! / 2 + 28);
    }
    return { w: x2 - x1, h: y2 - y1 };
  };

  it('is laid out tight enough that its pod names are 11 px at the fitted zoom in a 1280 px window', () => {
    // The graph pane at 1280 x 900 (measured in the app), less the fit's margin of 30 px a side.
    const pane = { w: 526 - 60, h: 531 - 60 };
    for (let run = 0; run < 5; run++) {
      const { positions } = computeLayout({ id: run, nodes, edges, randomize: true, quality: 'default' });
      const e = extent(positions);
      const fitted = Math.min(pane.w / e.w, pane.h / e.h);
      expect(fitZoom(fitted, true) * POD_NAME_PX).toBeGreaterThanOrEqual(11);
    }
  });

  it('packGroups puts spread namespaces on a grid, never onto each other or their labels', () => {
    // Spread far apart, as fcose leaves clusters.
    const positions: Record<string, { x: number; y: number }> = {};
    houses.forEach((h, i) => (positions[`ep:${h}`] = { x: (i % 2) * 900, y: Math.floor(i / 2) * 700 }));
    const before = extent(positions);
    packGroups(nodes, positions);
    const after = extent(positions);
    expect(after.w * after.h).toBeLessThan((before.w * before.h) / 4);
    // No two namespace boxes, labels included, overlap.
    const boxes = houses.map((h) => {
      const p = positions[`ep:${h}`]!;
      const half = Math.max(96 + 28, (`network-policy-conformance-${h}`.length * 7.6) / 2);
      return { x1: p.x - half, x2: p.x + half, y1: p.y - 23 - 28 - 34, y2: p.y + 23 + 28 };
    });
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.x2 <= b.x1 || b.x2 <= a.x1 || a.y2 <= b.y1 || b.y2 <= a.y1).toBe(true);
      }
  });
});
