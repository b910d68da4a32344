/** A drawing of the graph as it is on screen, in model coordinates: what the SVG export needs. */
export interface GraphSnapshot {
  nodes: {
    label: string;
    classes: readonly string[];
    box: { x1: number; y1: number; x2: number; y2: number };
  }[];
  edges: {
    label: string;
    classes: readonly string[];
    source: { x: number; y: number };
    target: { x: number; y: number };
    mid: { x: number; y: number };
  }[];
}

/** Names, labels and ports come from YAML: untrusted text, escaped for XML. */
export const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const f = (n: number) => Number(n.toFixed(1));

function textLines(label: string, x: number, y: number, attrs: string): string {
  const lines = label.split('\n');
  const first = y - ((lines.length - 1) * 13) / 2;
  return `<text x="${f(x)}" y="${f(first)}" ${attrs}>${lines
    .map((l, i) => `<tspan x="${f(x)}" dy="${i === 0 ? 0 : 13}">${escapeXml(l)}</tspan>`)
    .join('')}</text>`;
}

/**
 * The graph as a standalone SVG: namespaces as boxes with their name on top, pods as rounded
 * boxes, externals as diamonds, allowed edges solid with an arrow, denied dashed with a bar,
 * denied by an admin or baseline Deny dash-dot with a square end, "would be denied" dotted: the same cues as on screen, so the picture reads without colour.
 */
export function toSvg(g: GraphSnapshot, dark: boolean): string {
  const fg = dark ? '#e6e6e6' : '#1d2330';
  const bg = dark ? '#11161f' : '#ffffff';
  const muted = dark ? '#9aa3b2' : '#5b6475';
  const nsBg = dark ? '#1f2633' : '#f2f5fa';
  const nodeBg = dark ? '#2b3445' : '#ffffff';
  const colours = {
    allowed: dark ? '#5ec27a' : '#1e8a43',
    denied: dark ? '#ff7b72' : '#c62828',
    warn: dark ? '#f0b429' : '#a86400',
  };
  const pad = 30;
  const xs = [
    ...g.nodes.flatMap((n) => [n.box.x1, n.box.x2]),
    ...g.edges.flatMap((e) => [e.source.x, e.target.x]),
  ];
  const ys = [
    ...g.nodes.flatMap((n) => [n.box.y1 - 16, n.box.y2]),
    ...g.edges.flatMap((e) => [e.source.y, e.target.y]),
  ];
  const minX = xs.length ? Math.min(...xs) - pad : 0;
  const minY = ys.length ? Math.min(...ys) - pad : 0;
  const width = xs.length ? Math.max(...xs) + pad - minX : 200;
  const height = ys.length ? Math.max(...ys) + pad - minY : 100;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${f(minX)} ${f(minY)} ${f(width)} ${f(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>netpol-lab cluster graph</title>`,
    `<defs>${Object.entries(colours)
      .map(
        ([k, c]) =>
          `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>` +
          `<marker id="bar-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M8,0 L8,10" stroke="${c}" stroke-width="3"/></marker>` +
          `<marker id="square-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><rect x="1" y="1" width="8" height="8" fill="${c}"/></marker>`,
      )
      .join('')}</defs>`,
    `<rect x="${f(minX)}" y="${f(minY)}" width="${f(width)}" height="${f(height)}" fill="${bg}"/>`,
  ];
  // Namespaces first, so pods and edges draw over them.
  const groups = g.nodes.filter(
    (n) => n.classes.includes('namespace') || n.classes.includes('namespace-group'),
  );
  const leaves = g.nodes.filter((n) => !groups.includes(n));
  for (const n of groups) {
    const { x1, y1, x2, y2 } = n.box;
    out.push(
      `<g class="${escapeXml(n.classes.join(' '))}"><rect x="${f(x1)}" y="${f(y1)}" width="${f(x2 - x1)}" height="${f(y2 - y1)}" rx="8" fill="${nsBg}" stroke="${muted}"/>` +
        (n.classes.includes('namespace-group')
          ? textLines(
              n.label,
              (x1 + x2) / 2,
              (y1 + y2) / 2,
              `text-anchor="middle" dominant-baseline="middle" font-weight="bold" fill="${fg}"`,
            )
          : textLines(
              n.label,
              (x1 + x2) / 2,
              y1 - 6,
              `text-anchor="middle" font-weight="bold" fill="${fg}"`,
            )) +
        `</g>`,
    );
  }
  for (const e of g.edges) {
    const kind = e.classes.includes('denied')
      ? 'denied'
      : e.classes.includes('would-deny') || e.classes.includes('preview')
        ? 'warn'
        : 'allowed';
    // An admin or baseline Deny: dash-dot with a square end, as on screen.
    const admin = e.classes.includes('admin-denied');
    const dash = admin
      ? ' stroke-dasharray="12 3 2 3"'
      : kind === 'denied'
        ? ' stroke-dasharray="6 4"'
        : kind === 'warn'
          ? ' stroke-dasharray="2 3"'
          : '';
    // A quadratic curve through the edge's on-screen midpoint.
    const cx = 2 * e.mid.x - (e.source.x + e.target.x) / 2;
    const cy = 2 * e.mid.y - (e.source.y + e.target.y) / 2;
    const end = admin
      ? `marker-end="url(#square-${kind})"`
      : kind === 'denied'
        ? `marker-end="url(#bar-${kind})"`
        : `marker-end="url(#arrow-${kind})"`;
    out.push(
      `<g class="edge ${kind}${admin ? ' admin-denied' : ''}"><path d="M${f(e.source.x)},${f(e.source.y)} Q${f(cx)},${f(cy)} ${f(e.target.x)},${f(e.target.y)}" fill="none" stroke="${colours[kind]}" stroke-width="2"${dash} ${end}/>` +
        (e.label
          ? textLines(
              e.label,
              e.mid.x,
              e.mid.y,
              `text-anchor="middle" dominant-baseline="middle" fill="${fg}" font-size="10" paint-order="stroke" stroke="${bg}" stroke-width="3"`,
            )
          : '') +
        `</g>`,
    );
  }
  for (const n of leaves) {
    const { x1, y1, x2, y2 } = n.box;
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const isolated = n.classes.includes('iso-in') || n.classes.includes('iso-out');
    const stroke = isolated ? colours.denied : muted;
    const dash =
      n.classes.includes('iso-out') && !n.classes.includes('iso-in') ? ' stroke-dasharray="5 3"' : '';
    const sw = n.classes.includes('iso-in') ? 3 : isolated ? 2.5 : 1.5;
    const shape = n.classes.includes('external')
      ? `<path d="M${f(cx)},${f(y1)} L${f(x2)},${f(cy)} L${f(cx)},${f(y2)} L${f(x1)},${f(cy)} z" fill="${dark ? '#3a3320' : '#fff8e1'}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`
      : `<rect x="${f(x1)}" y="${f(y1)}" width="${f(x2 - x1)}" height="${f(y2 - y1)}" rx="6" fill="${nodeBg}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`;
    out.push(
      `<g class="${escapeXml(n.classes.join(' '))}">${shape}${textLines(n.label, cx, cy, `text-anchor="middle" dominant-baseline="middle" fill="${fg}"`)}</g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
