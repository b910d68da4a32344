import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { createInlineEvaluator } from './engineClient';
import { focusSearchEntry, searchIndexFor } from './search';
import { searchIndex } from './searchIndex';

const TEXT = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-web, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;

async function ready() {
  const store = createAppStore({ text: TEXT, evaluator: createInlineEvaluator(), debounceMs: 0 });
  for (let i = 0; i < 50 && (store.getState().busy || !store.getState().workspace); i++)
    await new Promise((r) => setTimeout(r, 5));
  const find = (q: string) => searchIndex(searchIndexFor(store.getState().workspace!), q).hits[0]!.entry;
  return { store, find };
}

describe('focusSearchEntry', () => {
  it('selects a found pod, lifting a namespace filter that hides it', async () => {
    const { store, find } = await ready();
    store.getState().setNamespaceFilter('a');
    focusSearchEntry(store, find('app=db'));
    expect(store.getState().selection).toEqual({ type: 'endpoint', index: 1 });
    expect(store.getState().namespaceFilter).toBe('');
  });

  it('focuses a pod the graph does not draw in place, without switching the view to its namespace', async () => {
    const { store, find } = await ready();
    focusSearchEntry(store, find('db'), false);
    expect(store.getState().namespaceFilter).toBe('');
    expect(store.getState().selection).toEqual({ type: 'endpoint', index: 1 });
  });

  it('shows a found policy in the editor, and selects a found namespace', async () => {
    const { store, find } = await ready();
    focusSearchEntry(store, find('only-web'));
    expect(store.getState().reveal?.line).toBe(TEXT.split('\n').indexOf('kind: NetworkPolicy'));
    focusSearchEntry(store, { kind: 'namespace', title: 'a', detail: '', namespace: 'a' });
    expect(store.getState().selection).toEqual({ type: 'namespace', name: 'a' });
  });
});
