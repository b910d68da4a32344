// "What if" pods: hypothetical pods evaluated with the YAML and never written to it. They live here,
// for the visit (a reload drops them: the workspace saved and shared is the YAML), and go to the
// engine worker with every request (see `Ghosts` in src/worker/protocol.ts).
import { GHOST_LIMIT, ghostProblems, type Diagnostic, type GhostPod } from '../../engine/index';
import type { Selection } from './selection';
import type { SliceCreator } from './types';

export interface GhostsSlice {
  ghosts: readonly GhostPod[];
  /** What the engine found about them at the last evaluation (each `path` starts `ghosts[i]`). */
  ghostDiagnostics: readonly Diagnostic[];
  /**
   * Adds a what-if pod and focuses it once evaluated. Refused (the reason returned, nothing changed)
   * when the API server would refuse the pod, its name is taken by another what-if pod, or there are
   * `GHOST_LIMIT` already.
   */
  addGhost: (ghost: GhostPod) => Promise<string | null>;
  removeGhost: (index: number) => void;
  clearGhosts: () => void;
}

/** Endpoint indices move when what-if pods come and go: a selection by index would name another. */
const keepNamespaceOnly = (selection: Selection): Selection =>
  selection?.type === 'namespace' ? selection : null;

export const createGhostsSlice: SliceCreator<GhostsSlice> = (set, get) => ({
  ghosts: [],
  ghostDiagnostics: [],
  addGhost: async (ghost) => {
    const { ghosts } = get();
    if (ghosts.length >= GHOST_LIMIT)
      return `At most ${GHOST_LIMIT} what-if pods: remove one before adding another.`;
    const problem = ghostProblems(ghost)[0];
    if (problem) return problem.message;
    if (ghosts.some((g) => g.namespace === ghost.namespace && g.name === ghost.name))
      return `A what-if pod ${ghost.namespace}/${ghost.name} exists already: choose another name.`;
    set((s) => ({ ghosts: [...s.ghosts, ghost], selection: keepNamespaceOnly(s.selection) }));
    await get().evaluate();
    // Focus it (as a click on it would), unless the engine left it out or another change came first.
    const ref = `${ghost.namespace}/${ghost.name}`;
    const endpoint = get().workspace?.cluster.endpoints.find(
      (e) => e.ref === ref && e.type === 'pod' && e.ghost,
    );
    if (endpoint && get().ghosts.includes(ghost)) get().select({ type: 'endpoint', index: endpoint.index });
    return null;
  },
  removeGhost: (index) => {
    if (index < 0 || index >= get().ghosts.length) return;
    set((s) => ({
      ghosts: s.ghosts.filter((_, i) => i !== index),
      selection: keepNamespaceOnly(s.selection),
    }));
    get().scheduleEvaluation(true);
  },
  clearGhosts: () => {
    if (get().ghosts.length === 0) return;
    set((s) => ({ ghosts: [], selection: keepNamespaceOnly(s.selection) }));
    get().scheduleEvaluation(true);
  },
});
