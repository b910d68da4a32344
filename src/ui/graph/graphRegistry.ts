import type { Core } from 'cytoscape';

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

export function onGraph(listener: (cy: Core | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
