import type { Core } from 'cytoscape';
import type { GraphSnapshot } from './toSvg';

// The live Cytoscape instance, for exports (PNG) and the drawing tools; one graph per page.
let current: Core | null = null;
const listeners = new Set<(cy: Core | null) => void>();

export function setGraph(cy: Core | null) {
  current = cy;
  (window as unknown as { __netpolCy?: Core | null }).__netpolCy = cy;
  for (const l of listeners) l(cy);
}

export function getGraph(): Core | null {
  return current;
}

let fitter: (() => void) | null = null;

/** How the graph view fits itself (to its nodes, and again when its room changes until moved). */
export function setFitter(fit: (() => void) | null) {
  fitter = fit;
}

/** Fits the graph to its view, as the Fit button and Alt+F do. */
export function fitGraph() {
  fitter?.();
}

export function onGraph(listener: (cy: Core | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The visible graph in model coordinates, for the SVG export (hidden elements left out). */
export function snapshotGraph(cy: Core): GraphSnapshot {
  return {
    nodes: cy.nodes(':visible').map((n) => ({
      label: String(n.data('label') ?? ''),
      classes: n.classes(),
      box: n.boundingBox({ includeLabels: false, includeOverlays: false }),
    })),
    edges: cy.edges(':visible').map((e) => ({
      label: String(e.data('label') ?? ''),
      classes: e.classes(),
      source: e.sourceEndpoint(),
      target: e.targetEndpoint(),
      mid: e.midpoint(),
    })),
  };
}
