// Expectations in the store: checked in the engine (inline here, the worker on the page) after every
// evaluation and every change of the list, imported and exported as the file `assert` reads.
import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { createInlineEvaluator } from './engineClient';
import { readExpectations } from '../engine/index';
import { expectationProblem, MAX_EXPECTATIONS } from './slices/expectations';

const POD = (name: string, labels: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n, labels: ${labels}}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
const DENY_DB = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-only-api, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n`;
const PODS = [POD('web', '{app: web}'), POD('api', '{app: api}'), POD('db', '{app: db}')].join('---\n');

async function until(store: ReturnType<typeof createAppStore>, done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}

const statusOf = (store: ReturnType<typeof createAppStore>, id: string) => {
  const r = store.getState().expectationResults;
  const e = store.getState().expectations.find((x) => x.id === id);
  const entry = r?.byId[id];
  return r && e && r.list === store.getState().expectations && r.text === store.getState().text
    ? entry?.result.status
    : undefined;
};

describe('expectations in the store', () => {
  it('pass, then fail as the YAML changes, with the reason of the verdict', async () => {
    const store = createAppStore({ text: PODS, evaluator: createInlineEvaluator(), debounceMs: 0 });
    // Results land only for the text and list the views show at that moment: never a stale one.
    const landed: boolean[] = [];
    store.subscribe((s, prev) => {
      if (s.expectationResults && s.expectationResults !== prev.expectationResults)
        landed.push(
          s.expectationResults.text === s.evaluatedText && s.expectationResults.list === s.expectations,
        );
    });
    const id = store.getState().addExpectation({
      from: 'n/web',
      to: 'n/db',
      port: 80,
      protocol: 'TCP',
      allowed: true,
    })!;
    await until(store, () => statusOf(store, id) === 'pass');
    // Several edits in a row: each evaluation asks again, and only the last answer may land.
    store.getState().setText(`${PODS}---\n${DENY_DB}# 1\n`, 'editor');
    await Promise.resolve();
    store.getState().setText(`${PODS}---\n${DENY_DB}`, 'editor');
    await until(store, () => statusOf(store, id) === 'fail');
    const result = store.getState().expectationResults!.byId[id]!.result;
    expect(result.status === 'fail' && result.reason).toMatch(/n\/db-only-api selects n\/db/);
    // Expecting the verdict instead passes.
    store
      .getState()
      .updateExpectation(id, { from: 'n/web', to: 'n/db', port: 80, protocol: 'TCP', allowed: false });
    await until(store, () => statusOf(store, id) === 'pass');
    expect(landed.length).toBeGreaterThan(2);
    expect(landed.every(Boolean)).toBe(true);
    store.getState().removeExpectation(id);
    await until(store, () => store.getState().expectationResults?.list.length === 0);
  });

  it('imports what reads, names each mistake by line and column, and exports the file assert reads', async () => {
    const store = createAppStore({ text: PODS, evaluator: createInlineEvaluator(), debounceMs: 0 });
    const report = await store
      .getState()
      .importExpectations(
        [
          'expectations:',
          '  - { from: n/api, to: n/db, port: 80, allowed: true }',
          '  - { from: n/web, to: n/db, port: 80, allowed: nope }',
          '  - { from: n/web, to: n/api, port: 80, protocol: udp, allowed: false }',
          '  - { from: n/api, to: n/db, port: 80, allowed: true }',
        ].join('\n'),
        'team.yaml',
      );
    expect(report).toEqual({
      fileName: 'team.yaml',
      added: 2,
      duplicates: 1,
      dropped: 0,
      errors: [{ line: 3, col: 49, message: 'allowed must be true or false' }],
    });
    expect(store.getState().expectationImport).toBe(report);
    const exported = readExpectations(store.getState().exportExpectations());
    expect(exported.errors).toEqual([]);
    expect(exported.value.map(({ line: _l, col: _c, ...e }) => e)).toEqual([
      { from: 'n/api', to: 'n/db', port: 80, protocol: 'TCP', allowed: true },
      { from: 'n/web', to: 'n/api', port: 80, protocol: 'UDP', allowed: false },
    ]);
    // A bigger list stops at the limit and says how many were left out.
    const many = `expectations:\n${Array.from({ length: MAX_EXPECTATIONS + 5 }, (_, i) => `  - { from: n/a, to: n/b, port: ${i + 1}, allowed: true }`).join('\n')}`;
    const big = (await store.getState().importExpectations(many, 'many.yaml'))!;
    expect(big.added + 2).toBe(MAX_EXPECTATIONS);
    expect(big.dropped).toBe(7);
  });

  it('checks a typed expectation before keeping it', () => {
    const ok = { from: 'n/a', to: 'n/b', port: 80, protocol: 'TCP' as const, allowed: true };
    expect(expectationProblem(ok)).toBeNull();
    expect(expectationProblem({ ...ok, port: 'http' })).toBeNull();
    expect(expectationProblem({ ...ok, from: ' ' })).toMatch(/From needs a REF/);
    expect(expectationProblem({ ...ok, port: 0 })).toMatch(/1 to 65535/);
    expect(expectationProblem({ ...ok, port: 70000 })).toMatch(/1 to 65535/);
    expect(expectationProblem({ ...ok, port: 'HTTP' })).toMatch(/container port name/);
    expect(expectationProblem({ ...ok, port: 'a-very-long-port-name' })).toMatch(/container port name/);
  });
});
