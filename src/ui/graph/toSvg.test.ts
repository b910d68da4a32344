import { describe, expect, it } from 'vitest';
import { escapeXml, toSvg, type GraphSnapshot } from './toSvg';

const snapshot: GraphSnapshot = {
  nodes: [
    { label: 'ns-1', classes: ['namespace'], box: { x1: 0, y1: 0, x2: 300, y2: 120 } },
    {
      label: 'web\n<img src=x onerror=alert(1)>',
      classes: ['pod', 'iso-in'],
      box: { x1: 20, y1: 30, x2: 120, y2: 90 },
    },
    { label: 'db', classes: ['pod'], box: { x1: 180, y1: 30, x2: 280, y2: 90 } },
    { label: '10.0.0.0/8', classes: ['external'], box: { x1: 400, y1: 30, x2: 480, y2: 90 } },
  ],
  edges: [
    {
      label: 'TCP 5432',
      classes: ['allowed'],
      source: { x: 120, y: 60 },
      target: { x: 180, y: 60 },
      mid: { x: 150, y: 50 },
    },
    {
      label: '',
      classes: ['denied'],
      source: { x: 280, y: 60 },
      target: { x: 400, y: 60 },
      mid: { x: 340, y: 60 },
    },
  ],
};

describe('toSvg', () => {
  const svg = toSvg(snapshot, false);

  it('escapes every label: YAML text never becomes markup', () => {
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeXml(`a&b"c'`)).toBe('a&amp;b&quot;c&apos;');
  });

  it('draws allowed edges solid with an arrow and denied ones dashed with a bar', () => {
    const allowed = /<g class="edge allowed"><path [^>]*>/.exec(svg)![0];
    const denied = /<g class="edge denied"><path [^>]*>/.exec(svg)![0];
    expect(allowed).not.toContain('stroke-dasharray');
    expect(allowed).toContain('url(#arrow-allowed)');
    expect(denied).toContain('stroke-dasharray="6 4"');
    expect(denied).toContain('url(#bar-denied)');
    expect(svg).toContain('>TCP 5432</tspan>');
  });

  it('draws an admin or baseline Deny dash-dot with a square end, apart from a plain denial', () => {
    const withAdmin = toSvg(
      {
        ...snapshot,
        edges: [
          {
            label: '⊗ admin Deny: lock-db (priority 7)',
            classes: ['denied', 'admin-denied'],
            source: { x: 120, y: 60 },
            target: { x: 180, y: 60 },
            mid: { x: 150, y: 50 },
          },
        ],
      },
      false,
    );
    const edge = /<g class="edge denied admin-denied"><path [^>]*>/.exec(withAdmin)![0];
    expect(edge).toContain('stroke-dasharray="12 3 2 3"');
    expect(edge).toContain('url(#square-denied)');
    expect(withAdmin).toContain('<marker id="square-denied"');
    expect(withAdmin).toContain('admin Deny: lock-db');
  });

  it('covers every node with margin, and draws namespaces before their pods', () => {
    const [, x, y, w, h] = /viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/.exec(svg)!.map(Number);
    expect(x).toBeLessThan(0);
    expect(y).toBeLessThan(-16);
    expect(x! + w!).toBeGreaterThan(480);
    expect(y! + h!).toBeGreaterThan(120);
    expect(svg.indexOf('>ns-1<')).toBeLessThan(svg.indexOf('>web<'));
    expect(svg).toMatch(/<path d="M440,30 L480,60 L440,90 L400,60 z"/); // the external diamond
  });

  it('is well-formed enough to stand alone: one root, balanced groups', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g /g)!.length).toBe(svg.match(/<\/g>/g)!.length);
  });
});
