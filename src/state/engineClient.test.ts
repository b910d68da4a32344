import { describe, expect, it } from 'vitest';
import { INLINE_LIMIT, createWorkerEvaluator, deadlineFor, type EngineWorker } from './engineClient';
import { evaluateText } from '../worker/evaluateText';
import {
  TextReceiver,
  toMessages,
  type EvaluateMessage,
  type EvaluateRequest,
  type EvaluateResponse,
} from '../worker/protocol';

/**
 * A worker that evaluates inline, but only when the test says so (one request at a time), and posts
 * each response as the real one does: endpoints in parts (here of one) ahead of the rest. It puts the
 * texts together from the changes posted, as the real one does (`messages` are what was posted).
 */
function fakeWorker() {
  const receiver = new TextReceiver();
  const messages: EvaluateMessage[] = [];
  const posted: EvaluateRequest[] = [];
  const worker: EngineWorker = {
    postMessage: (message: EvaluateMessage) => {
      messages.push(message);
      posted.push(receiver.toRequest(message));
    },
    onmessage: null,
    onerror: null,
  };
  const answer = () => {
    const request = posted.shift()!;
    for (const data of toMessages(evaluateText(request), 1))
      worker.onmessage!.call(worker as Worker, { data } as MessageEvent);
  };
  return { worker, posted, messages, answer };
}

const request = (name: string) => ({
  // Two pods, so that a response is posted in two messages.
  text: `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}2, namespace: n}\n`,
  fileName: 'a.yaml',
  options: {},
});
const podName = (r: EvaluateResponse) => r.workspace.cluster.endpoints[0]!.ref.split('/')[1];

describe('the worker evaluator', () => {
  it('evaluates one request at a time, and of those made meanwhile only the latest', async () => {
    const fake = fakeWorker();
    const evaluate = createWorkerEvaluator(() => fake.worker);
    const first = evaluate(request('a'));
    const second = evaluate(request('b'));
    const third = evaluate(request('c'));
    // Only the first is in the worker while it runs.
    expect(fake.posted.map((m) => m.text)).toEqual([request('a').text]);
    fake.answer();
    expect(podName(await first)).toBe('a');
    // Then the latest waiting one; the one it replaced gets its answer.
    expect(fake.posted.map((m) => m.text)).toEqual([request('c').text]);
    fake.answer();
    expect(podName(await third)).toBe('c');
    expect(podName(await second)).toBe('c');
    expect(fake.posted).toEqual([]);
    // Idle again: the next request goes straight in.
    const fourth = evaluate(request('d'));
    expect(fake.posted).toHaveLength(1);
    fake.answer();
    expect(podName(await fourth)).toBe('d');
  });

  it('posts each text as the change from the one before', async () => {
    const fake = fakeWorker();
    const evaluate = createWorkerEvaluator(() => fake.worker);
    const big = `${request('a').text}# ${'x'.repeat(100_000)}\n`;
    const first = evaluate({ ...request('a'), text: big });
    fake.answer();
    await first;
    // One character typed: only it travels, and the worker has the whole text again.
    const typed = big.replace('name: a,', 'name: ab,');
    const second = evaluate({ ...request('a'), text: typed });
    expect(fake.messages[1]!.change).toEqual({
      start: big.indexOf(', namespace'),
      end: big.indexOf(', namespace'),
      text: 'b',
    });
    expect(JSON.stringify(fake.messages[1]).length).toBeLessThan(200);
    expect(fake.posted[0]!.text).toBe(typed);
    fake.answer();
    expect(podName(await second)).toBe('ab');
    // The same text again: no change at all.
    const third = evaluate({ ...request('a'), text: typed });
    expect(fake.messages[2]!.change).toBeNull();
    fake.answer();
    expect(podName(await third)).toBe('ab');
  });

  it('answers inline when the worker fails, the request in it and those waiting', async () => {
    const fake = fakeWorker();
    const evaluate = createWorkerEvaluator(() => fake.worker);
    const first = evaluate(request('a'));
    const second = evaluate(request('b'));
    fake.worker.onerror!.call(fake.worker as Worker, {} as ErrorEvent);
    expect(podName(await first)).toBe('a');
    expect(podName(await second)).toBe('b');
    expect(podName(await evaluate(request('c')))).toBe('c');
    expect(fake.posted).toHaveLength(1);
  });

  it('replaces a worker that misses its deadline, and answers on the page for a small text', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const timers: (() => void)[] = [];
    const troubles: string[] = [];
    let terminated = 0;
    const evaluate = createWorkerEvaluator(
      () => {
        const fake = fakeWorker();
        fake.worker.terminate = () => void terminated++;
        workers.push(fake);
        return fake.worker;
      },
      { onTrouble: (m) => troubles.push(m), setTimer: (run) => timers.push(run), clearTimer: () => {} },
    );
    const first = evaluate(request('a'));
    expect(workers).toHaveLength(1);
    // The worker never answers: its deadline passes.
    timers.shift()!();
    expect(podName(await first)).toBe('a');
    expect(terminated).toBe(1);
    expect(workers).toHaveLength(2);
    expect(troubles[0]).toMatch(/did not finish within \d+ s/);
    // The next request goes to the new worker, which starts from the empty text.
    const second = evaluate(request('b'));
    expect(workers[1]!.posted.map((p) => p.text)).toEqual([request('b').text]);
    workers[1]!.answer();
    expect(podName(await second)).toBe('b');
  });

  it('gives a big text one more try in a new worker before evaluating it on the page', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const timers: (() => void)[] = [];
    const evaluate = createWorkerEvaluator(
      () => {
        const fake = fakeWorker();
        workers.push(fake);
        return fake.worker;
      },
      { setTimer: (run) => timers.push(run), clearTimer: () => {} },
    );
    const big = { ...request('a'), text: `${request('a').text}# ${'x'.repeat(INLINE_LIMIT)}\n` };
    const first = evaluate(big);
    timers.shift()!();
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted.map((p) => p.text)).toEqual([big.text]);
    timers.shift()!();
    expect(workers).toHaveLength(3);
    expect(podName(await first)).toBe('a');
  });

  it('grants a deadline that grows with the text', () => {
    expect(deadlineFor(1000)).toBeLessThan(deadlineFor(50_000_000));
    expect(deadlineFor(50_000_000)).toBeGreaterThanOrEqual(50 * 1000);
  });
});
