import { describe, expect, it, vi } from 'vitest';
import { analyze, parseText, writeEvalCsv } from '../engine/index';
import { chunksToBlob, exportReachabilityCsv, reachabilityCsv, BUDGET_MS } from './csvExport';
import { createInlineEvaluator } from './engineClient';
import { createAppStore, engineOf } from './store';

const YAML = `
apiVersion: v1
kind: Pod
metadata: { name: a1, namespace: a, labels: { app: x } }
---
apiVersion: v1
kind: Pod
metadata: { name: a2, namespace: a, labels: { app: y } }
---
apiVersion: v1
kind: Pod
metadata: { name: "b1", namespace: b, labels: { app: z } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-x, namespace: b }
spec:
  podSelector: {}
  ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: x } } }], ports: [{ port: 80 }] }]
`;
const ws = parseText(YAML).value;
const analysis = analyze(ws.cluster);
const noPause = () => Promise.resolve();

describe('reachabilityCsv', () => {
  it('writes the rows of eval --format csv, a row per pair under the limit', async () => {
    const blob = await reachabilityCsv(ws, analysis, { pause: noPause });
    const text = await blob!.text();
    const pieces: string[] = [];
    writeEvalCsv(ws.cluster, analysis, undefined, (t) => pieces.push(t), true);
    expect(text).toBe(pieces.join(''));
    expect(text.split('\n')[0]).toBe('from,to,allowed,ports');
    expect(text).toContain('a/a1,b/b1,true,TCP 80\n');
    expect(text).toContain('a/a2,b/b1,false,\n');
  });

  it('past the limit, a row per pair of namespaces with allowed/total pairs and ports, which the header says', async () => {
    const text = await (await reachabilityCsv(ws, analysis, { pause: noPause, limit: 2 }))!.text();
    expect(text.split('\n')[0]).toBe('from_namespace,to_namespace,allowed_pairs,total_pairs,ports');
    expect(text).toContain('a,b,1,2,TCP 80\n');
    expect(text).toContain('a,a,2,2,');
    // Every pair stays available on request.
    const perPair = await (await reachabilityCsv(ws, analysis, {
      pause: noPause,
      limit: 2,
      perPair: true,
    }))!.text();
    expect(perPair.split('\n')[0]).toBe('from,to,allowed,ports');
  });
});

describe('exportReachabilityCsv', () => {
  async function ready() {
    const store = createAppStore({ text: YAML, evaluator: createInlineEvaluator(), debounceMs: 0 });
    for (let i = 0; i < 100 && (store.getState().busy || !store.getState().analysis); i++)
      await new Promise((r) => setTimeout(r, 5));
    return store;
  }

  it('namespace rows come from the engine (the worker, on the page), the same file as written here', async () => {
    const store = await ready();
    const ask = vi.spyOn(engineOf(store), 'request');
    const text = await (await exportReachabilityCsv(store, { pause: noPause, limit: 2 }))!.text();
    expect(ask).toHaveBeenCalledWith('namespaceCsv', expect.objectContaining({ limit: 2, text: YAML }));
    expect(text).toBe(await (await reachabilityCsv(ws, analysis, { pause: noPause, limit: 2 }))!.text());
    expect(text.split('\n')[0]).toBe('from_namespace,to_namespace,allowed_pairs,total_pairs,ports');
  });

  it('rows per pair (under the limit, or asked for) are written on the page; a cancelled export gives null', async () => {
    const store = await ready();
    const ask = vi.spyOn(engineOf(store), 'request');
    const perPair = await (await exportReachabilityCsv(store, {
      pause: noPause,
      limit: 2,
      perPair: true,
    }))!.text();
    expect(perPair.split('\n')[0]).toBe('from,to,allowed,ports');
    const small = await (await exportReachabilityCsv(store, { pause: noPause }))!.text();
    expect(small).toBe(perPair);
    expect(ask).not.toHaveBeenCalled();
    expect(
      await exportReachabilityCsv(store, { pause: noPause, limit: 2, cancelled: () => true }),
    ).toBeNull();
  });
});

describe('chunksToBlob', () => {
  function* pieces(n: number) {
    for (let i = 0; i < n; i++) yield `${i}\n`;
  }

  it('pauses once its budget is spent, and keeps every piece in order across folds', async () => {
    let clock = 0;
    let pauses = 0;
    const longest: number[] = [];
    let runStart = 0;
    const blob = await chunksToBlob(pieces(2000), {
      // Each look at the clock is 1 ms later: a run holds about BUDGET_MS pieces.
      now: () => clock++,
      pause: () => {
        pauses++;
        longest.push(clock - runStart);
        runStart = clock;
        return Promise.resolve();
      },
    });
    expect(pauses).toBeGreaterThan(100);
    expect(Math.max(...longest)).toBeLessThanOrEqual(2 * BUDGET_MS + 2);
    const text = await blob!.text();
    expect(text.split('\n').slice(0, -1).map(Number)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('stops when cancelled between pieces', async () => {
    let clock = 0;
    let seen = 0;
    const counting = (function* () {
      for (let i = 0; i < 1000; i++) {
        seen++;
        yield 'x';
      }
    })();
    const blob = await chunksToBlob(counting, {
      now: () => (clock += 10),
      pause: noPause,
      cancelled: () => true,
    });
    expect(blob).toBeNull();
    expect(seen).toBeLessThan(1000);
  });
});
