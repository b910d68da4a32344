import { describe, expect, it } from 'vitest';
import { GHOST_LIMIT, type GhostPod } from '../engine/index';
import { createInlineEvaluator } from './engineClient';
import { createAppStore } from './store';

const TEXT = `apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
`;
const ghost = (name: string, over: Partial<GhostPod> = {}): GhostPod => ({
  name,
  namespace: 'shop',
  labels: { app: 'frontend' },
  ports: [],
  ...over,
});

async function settle(store: ReturnType<typeof createAppStore>) {
  for (let i = 0; i < 100 && (store.getState().busy || !store.getState().workspace); i++)
    await new Promise((r) => setTimeout(r, 5));
}

describe('what-if pods in the store', () => {
  it('are evaluated with the text, focused when added, and never change the text', async () => {
    const store = createAppStore({ text: TEXT, evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    expect(await store.getState().addGhost(ghost('web'))).toBeNull();
    const s = store.getState();
    expect(s.text).toBe(TEXT);
    const web = s.workspace!.cluster.endpoints.find((e) => e.ref === 'shop/web')!;
    expect(web).toMatchObject({ type: 'pod', ghost: true });
    expect(s.selection).toEqual({ type: 'endpoint', index: web.index });
    const db = s.workspace!.cluster.endpoints.find((e) => e.ref === 'shop/db')!;
    expect(s.analysis!.allowedPorts(web.index, db.index).TCP.length).toBeGreaterThan(0);
  });

  it('refuses an invalid pod, a second pod of one name, and more than the limit, changing nothing', async () => {
    const store = createAppStore({ text: TEXT, evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    expect(await store.getState().addGhost(ghost('web', { labels: { app: '<img src=x>' } }))).toMatch(
      /invalid label value "<img src=x>"/,
    );
    expect(store.getState().ghosts).toEqual([]);
    await store.getState().addGhost(ghost('web'));
    expect(await store.getState().addGhost(ghost('web'))).toMatch(/exists already/);
    for (let i = 1; i < GHOST_LIMIT; i++) store.setState((s) => ({ ghosts: [...s.ghosts, ghost(`g${i}`)] }));
    expect(await store.getState().addGhost(ghost('one-too-many'))).toMatch(`At most ${GHOST_LIMIT}`);
    expect(store.getState().ghosts).toHaveLength(GHOST_LIMIT);
  });

  it('removing one renumbers the endpoints: the selection by index is dropped, and the pod is gone', async () => {
    const store = createAppStore({ text: TEXT, evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    await store.getState().addGhost(ghost('a'));
    await store.getState().addGhost(ghost('b'));
    store.getState().removeGhost(0);
    expect(store.getState().selection).toBeNull();
    await settle(store);
    const refs = store.getState().workspace!.cluster.endpoints.map((e) => e.ref);
    expect(refs).toContain('shop/b');
    expect(refs).not.toContain('shop/a');
    store.getState().clearGhosts();
    await settle(store);
    expect(store.getState().workspace!.cluster.endpoints.some((e) => e.type === 'pod' && e.ghost)).toBe(
      false,
    );
  });

  it('a what-if pod whose namespace leaves the YAML stays, and its namespace is said to be assumed', async () => {
    const store = createAppStore({ text: TEXT, evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    await store.getState().addGhost(ghost('web'));
    expect(store.getState().ghostDiagnostics).toEqual([]);
    store.getState().setText('apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n', 'editor');
    await settle(store);
    expect(store.getState().ghosts).toHaveLength(1);
    expect(store.getState().ghostDiagnostics.map((d) => [d.code, d.path])).toEqual([
      ['ghost-namespace-assumed', 'ghosts[0].namespace'],
    ]);
    expect(store.getState().workspace!.cluster.namespaces.find((n) => n.name === 'shop')?.assumed).toBe(true);
  });
});
