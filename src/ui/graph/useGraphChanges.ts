import { useEffect } from 'react';
import type { Workspace } from '../../engine/index';
import { getGraphController, onGraphController } from './graphRegistry';

/**
 * Draws the connections a previewed change opens and closes on the graph while mounted (through the
 * graph controller, which owns Cytoscape), and clears them on unmount. Pairs are named by REF, as the
 * engine worker lists them; those whose ends the graph does not show are left to the lists beside.
 */
export function useGraphChanges(
  workspace: Workspace | null,
  opened: readonly { from: string; to: string }[],
  closed: readonly { from: string; to: string }[] = [],
) {
  useEffect(() => {
    if (!workspace || (opened.length === 0 && closed.length === 0)) return;
    const index = new Map(workspace.cluster.endpoints.map((e) => [e.ref, e.index]));
    const known = (pairs: readonly { from: string; to: string }[]) => {
      const out: { from: number; to: number }[] = [];
      for (const { from, to } of pairs) {
        const f = index.get(from);
        const t = index.get(to);
        if (f !== undefined && t !== undefined) out.push({ from: f, to: t });
      }
      return out;
    };
    const opens = known(opened);
    const closes = known(closed);
    getGraphController()?.setPreview(opens, closes);
    // A graph created later (the view remounted) gets them too.
    const off = onGraphController((controller) => controller?.setPreview(opens, closes));
    return () => {
      off();
      getGraphController()?.setPreview([]);
    };
  }, [workspace, opened, closed]);
}
