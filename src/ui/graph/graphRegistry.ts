/**
 * The page's one graph controller, for the parts of the page outside the graph view that act on the
 * graph (exports, the draw dialog, Fit from the keyboard). Nothing here touches Cytoscape.
 */
import type { GraphController } from './GraphController';

let current: GraphController | null = null;
const listeners = new Set<(controller: GraphController | null) => void>();

export function setGraphController(controller: GraphController | null) {
  current = controller;
  for (const l of listeners) l(controller);
}

export function getGraphController(): GraphController | null {
  return current;
}

/** Calls `listener` whenever the controller is created or destroyed; returns the unsubscribe. */
export function onGraphController(listener: (controller: GraphController | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Fits the whole graph to its view, as the Fit button and Alt+F do (a big overview too: names smaller). */
export function fitGraph() {
  current?.fit(true);
}
