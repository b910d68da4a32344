import { useEffect } from 'react';
import type { Workspace } from '../../engine/index';
import { getGraph, onGraph } from './graphRegistry';

/** Preview edges drawn at most, per kind: the lists beside say the rest. */
const DRAWN_LIMIT = 200;

/**
 * Draws connections that a previewed change opens (dotted, "opens") and closes (dashed and barred,
 * "closes") on the graph while mounted, between the nodes it shows; removes them on unmount. The graph
 * view itself is untouched: these are extra edges on the live instance (see graphRegistry).
 */
export function useGraphChanges(
  workspace: Workspace | null,
  opened: readonly { from: string; to: string }[],
  closed: readonly { from: string; to: string }[] = [],
) {
  useEffect(() => {
    if (!workspace || (opened.length === 0 && closed.length === 0)) return;
    const index = new Map(workspace.cluster.endpoints.map((e) => [e.ref, e.index]));
    let added: { remove(): void; nonempty(): boolean }[] = [];
    const draw = () => {
      const cy = getGraph();
      if (!cy) return;
      cy.batch(() => {
        const put = (pairs: readonly { from: string; to: string }[], kind: 'opens' | 'closes') =>
          pairs.slice(0, DRAWN_LIMIT).forEach(({ from, to }, i) => {
            const s = `ep:${index.get(from)}`;
            const t = `ep:${index.get(to)}`;
            if (cy.getElementById(s).empty() || cy.getElementById(t).empty()) return;
            added.push(
              cy.add({
                group: 'edges',
                data: {
                  id: `preview:${kind}:${i}`,
                  source: s,
                  target: t,
                  label: kind === 'opens' ? '+ opens' : '⊣ closes',
                },
                classes: kind === 'opens' ? 'preview' : 'preview preview-closed',
              }),
            );
          });
        put(opened, 'opens');
        put(closed, 'closes');
      });
    };
    const clear = () => {
      const cy = getGraph();
      if (cy && !cy.destroyed()) for (const a of added) a.remove();
      added = [];
    };
    draw();
    // A new graph instance (a relayout, a new result) loses them: draw them on it again.
    const off = onGraph(() => {
      added = [];
      draw();
    });
    return () => {
      off();
      clear();
    };
  }, [workspace, opened, closed]);
}
