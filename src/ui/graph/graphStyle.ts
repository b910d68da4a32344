import type { StylesheetJson } from 'cytoscape';

/**
 * A pod's name, in px at zoom 1, and its min-zoomed-font-size. Cytoscape compares the name's size at
 * the zoom of its texture level (the zoom rounded up to a power of two) with the minimum, so pod names
 * are drawn above zoom 0.5 (5.5 px and more on screen) and left out below.
 */
export const POD_NAME_PX = 11;
export const POD_NAME_MIN_PX = 7;
/** A namespace's cell in the overview: its name in px at zoom 1 (cells are sized for it: cellSize). */
export const NS_CELL_PX = 11;

/** Allowed and denied differ by line style and marker, not only by colour. */
export function graphStyle(dark: boolean): StylesheetJson {
  const fg = dark ? '#e6e6e6' : '#1d2330';
  const muted = dark ? '#9aa3b2' : '#5b6475';
  const nsBg = dark ? '#1f2633' : '#f2f5fa';
  const nodeBg = dark ? '#2b3445' : '#ffffff';
  const allowed = dark ? '#5ec27a' : '#1e8a43';
  const denied = dark ? '#ff7b72' : '#c62828';
  const warn = dark ? '#f0b429' : '#a86400';
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': POD_NAME_PX,
        // Pod names at zoom 0.5 and below are not drawn: nobody reads them (the legend says to zoom in,
        // or hover for the card), and drawing them is most of a fitted graph's first frame in software
        // (100 pods, zoom 0.3-0.4: 40-70 ms of labels, 6-12 ms without).
        'min-zoomed-font-size': POD_NAME_MIN_PX,
        color: fg,
        'background-color': nodeBg,
        'border-width': 1.5,
        'border-color': muted,
        shape: 'round-rectangle',
      },
    },
    { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
    { selector: 'node.workload', style: { shape: 'cut-rectangle' } },
    {
      selector: 'node.external',
      style: { shape: 'round-diamond', 'background-color': dark ? '#3a3320' : '#fff8e1', padding: '14px' },
    },
    // An outside address as a cell of the overview's grid: the namespaces' size, the diamond's margin cut.
    { selector: 'node.external.cell', style: { padding: '4px' } },
    {
      selector: 'node.iso-in',
      style: { 'border-width': 3, 'border-style': 'double', 'border-color': denied },
    },
    {
      selector: 'node.iso-out',
      style: { 'border-style': 'dashed', 'border-width': 2.5, 'border-color': denied },
    },
    { selector: 'node.iso-in.iso-out', style: { 'border-style': 'double', 'border-width': 4 } },
    {
      // A what-if pod (not in the YAML): dotted and see-through, and its label says "what if".
      selector: 'node.ghost',
      style: {
        'border-style': 'dotted',
        'border-width': 3,
        'background-opacity': 0.55,
        'font-style': 'italic',
      },
    },
    {
      selector: 'node.namespace, node.namespace-group',
      style: {
        'text-valign': 'top',
        'text-halign': 'center',
        'font-weight': 'bold',
        // Namespace names stay drawn further out than pods', above zoom 0.25 (a few boxes, cheap to
        // label); below (500 namespaces fit at zoom 0.07) they would be under 4 px.
        'font-size': 14,
        'min-zoomed-font-size': 4,
        // Long label lists wrap at their commas rather than widen the graph.
        'text-max-width': '320px',
        'background-color': nsBg,
        'border-color': muted,
        'border-style': 'solid',
        'border-width': 1,
        shape: 'round-rectangle',
        padding: '18px',
      },
    },
    {
      // Overview cells: equal boxes sized by cellSize for NS_CELL_PX text, with a thin margin, so that
      // the fitted grid draws the names as large as it can.
      selector: 'node.namespace-group',
      style: {
        'text-valign': 'center',
        'font-size': NS_CELL_PX,
        'font-weight': 'normal',
        padding: '4px',
        'line-height': 1.2,
      },
    },
    // A namespace whose every pod is isolated: the pods' border marks, on its box (its label says it too).
    {
      selector: 'node.namespace-group.iso-in',
      style: { 'border-width': 3, 'border-style': 'double', 'border-color': denied },
    },
    {
      selector: 'node.namespace-group.iso-out',
      style: { 'border-style': 'dashed', 'border-width': 2.5, 'border-color': denied },
    },
    {
      selector: 'node.namespace-group.iso-in.iso-out',
      style: { 'border-style': 'double', 'border-width': 4 },
    },
    {
      // A focused pod's peers in one namespace: a stack of cards (not colour alone says it opens).
      selector: 'node.peer-group',
      style: {
        shape: 'round-rectangle',
        'background-color': nsBg,
        'border-style': 'double',
        'border-width': 4,
        'border-color': muted,
        'font-weight': 'bold',
      },
    },
    {
      selector: 'node.peer-group.expanded',
      style: { 'text-valign': 'top', 'border-style': 'solid', 'border-width': 1.5, padding: '14px' },
    },
    {
      selector: 'node:selected, node.selected-node',
      style: { 'border-color': '#2f6fed', 'border-width': 4 },
    },
    {
      selector: 'edge',
      style: {
        // Edges between pods of one namespace must draw above the namespace box.
        'z-compound-depth': 'top',
        width: 2,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.2,
        label: 'data(label)',
        'font-size': 10,
        'min-zoomed-font-size': 4,
        color: fg,
        'text-background-color': dark ? '#11161f' : '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-rotation': 'autorotate',
      },
    },
    // Between namespace boxes of the overview, edges pass under the boxes: a click on a box picks the
    // box, not an edge crossing it on its way to a hub.
    { selector: 'edge.aggregated', style: { 'z-compound-depth': 'auto' } },
    {
      selector: 'edge.allowed',
      style: { 'line-color': allowed, 'target-arrow-color': allowed, 'line-style': 'solid' },
    },
    { selector: 'edge.highlight', style: { width: 3.5 } },
    {
      // Width grows with the connections an edge stands for (1 to 40 and more).
      selector: 'edge[count]',
      style: { width: 'mapData(count, 1, 40, 2, 9)' },
    },
    {
      // A namespace edge's width grows with the pod pairs it carries (weight: log2 of the count).
      selector: 'edge[weight]',
      style: { width: 'mapData(weight, 1, 12, 1.5, 9)' },
    },
    {
      // An edge to a group stands for many pairs and explains none: clicks go through it to the
      // group under it (wide edges otherwise cover small groups at low zoom).
      selector: 'edge.group-edge',
      style: { events: 'no' },
    },
    { selector: 'edge.dimmed', style: { opacity: 0.2 } },
    { selector: 'edge.hidden', style: { display: 'none' } },
    {
      selector: 'edge.denied',
      style: {
        'line-color': denied,
        'target-arrow-color': denied,
        'line-style': 'dashed',
        'line-dash-pattern': [6, 4],
        'target-arrow-shape': 'tee',
        color: denied,
      },
    },
    {
      selector: 'edge.would-deny',
      style: {
        'line-color': warn,
        'target-arrow-color': warn,
        'line-style': 'dotted',
        'target-arrow-shape': 'triangle-tee',
        color: warn,
      },
    },
    {
      // Denied by an admin or baseline Deny rule: dash-dot, thicker, with a square end, so it reads
      // apart from "no rule admits it" (dashed, tee) without colour; the label starts with ⊗.
      selector: 'edge.admin-denied',
      style: {
        width: 3,
        'line-style': 'dashed',
        'line-dash-pattern': [12, 3, 2, 3],
        'target-arrow-shape': 'square',
        'source-arrow-shape': 'tee',
      },
    },
    {
      // Connections a drawn rule would also open, while the draw dialog previews it.
      selector: 'edge.preview',
      style: {
        'line-color': warn,
        'target-arrow-color': warn,
        'line-style': 'dotted',
        width: 2.5,
        color: warn,
      },
    },
    {
      // Connections that a previewed edit, or the version compared with, closes: dashed and barred
      // (⊣), where opening ones are dotted with an arrow, and labelled in words, so not by colour alone.
      selector: 'edge.preview-closed',
      style: {
        'line-color': warn,
        'target-arrow-color': warn,
        'line-style': 'dashed',
        'line-dash-pattern': [10, 4],
        'target-arrow-shape': 'tee',
        width: 2.5,
        color: warn,
      },
    },
    {
      // An expectation that holds: a thin dotted marker labelled ✓ beside the pair's own edge (if any).
      selector: 'edge.expect-mark',
      style: {
        'line-color': muted,
        'target-arrow-color': muted,
        'line-style': 'dotted',
        'target-arrow-shape': 'circle',
        'arrow-scale': 0.8,
        width: 1.5,
        color: fg,
      },
    },
    {
      // An expectation that fails: thick, double-dashed, a diamond end and a ✗ label, so it reads apart
      // from every connection edge without colour; for "denied" ones it runs beside the edge that
      // should not be there.
      selector: 'edge.expect-fail',
      style: {
        'line-color': denied,
        'target-arrow-color': denied,
        'line-style': 'dashed',
        'line-dash-pattern': [3, 3],
        'target-arrow-shape': 'diamond',
        'arrow-scale': 1.4,
        width: 4,
        color: denied,
        'font-weight': 'bold',
      },
    },
    { selector: 'edge:selected', style: { width: 5, 'overlay-opacity': 0.12, 'overlay-color': '#2f6fed' } },
  ];
}
