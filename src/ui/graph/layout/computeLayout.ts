// The force-directed layout, computed on a headless Cytoscape so that it can run in a Web Worker:
// fcose on a few hundred nodes takes hundreds of milliseconds, which the page must not freeze for.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

export interface LayoutNode {
  id: string;
  parent?: string;
  /** Size of a leaf node, its label included (toElements sizes nodes to fit their labels). */
  w?: number;
  h?: number;
  /** Current position, kept as a start when only some nodes are new. */
  x?: number;
  y?: number;
}

export interface LayoutRequest {
  id: number;
  nodes: LayoutNode[];
  edges: { id: string; source: string; target: string }[];
  /** Lay out from scratch (every node is new) or refine the given positions. */
  randomize: boolean;
  quality: 'draft' | 'default';
}

export interface LayoutResponse {
  id: number;
  /** Positions of leaf nodes (compound nodes follow their children). */
  positions: Record<string, { x: number; y: number }>;
}

/** Room above a compound node's children for its label, which the page draws on top of the box. */
const COMPOUND_PADDING = 28;

export function computeLayout(request: LayoutRequest): LayoutResponse {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
      { selector: ':parent', style: { padding: `${COMPOUND_PADDING}px` } },
    ],
    elements: [
      ...request.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, ...(n.parent ? { parent: n.parent } : {}), ...(n.w ? { w: n.w, h: n.h } : {}) },
        ...(n.x !== undefined && n.y !== undefined ? { position: { x: n.x, y: n.y } } : {}),
      })),
      ...request.edges.map((e) => ({ group: 'edges' as const, data: e })),
    ],
  });
  cy.layout({
    name: 'fcose',
    quality: request.quality,
    randomize: request.randomize,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    nodeRepulsion: 9000,
    idealEdgeLength: 110,
  } as never).run();
  const positions: LayoutResponse['positions'] = {};
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    const p = n.position();
    positions[n.id()] = { x: p.x, y: p.y };
  });
  cy.destroy();
  return { id: request.id, positions };
}
