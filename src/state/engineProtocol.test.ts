import { describe, expect, it } from 'vitest';
import { createEngineClient, createInlineClient, type EngineWorker } from './engineClient';
import { EngineService } from '../worker/engineService';
import { TextReceiver, toMessages, type EngineMessage, type EngineRequest } from '../worker/protocol';

/** A worker that runs the real engine service, one posted request when the test says so. */
function serviceWorker() {
  const receiver = new TextReceiver();
  const service = new EngineService();
  const messages: EngineMessage[] = [];
  const queue: EngineRequest[] = [];
  const worker: EngineWorker = {
    postMessage: (message: EngineMessage) => {
      messages.push(message);
      queue.push(receiver.toRequest(message) as EngineRequest);
    },
    onmessage: null,
    onerror: null,
  };
  const deliver = (data: unknown) => worker.onmessage!.call(worker as Worker, { data } as MessageEvent);
  const answer = () => {
    const request = queue.shift()!;
    const response = service.handle(request);
    if ('workspace' in response) for (const m of toMessages(response, 1)) deliver(m);
    else deliver(response);
    return request;
  };
  return { worker, messages, queue, answer, deliver };
}

const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: v1
kind: Pod
metadata: {name: cron, namespace: shop, labels: {app: cron}}
`;
const DENY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}
`;
const options = {};
const denyDb = {
  type: 'add-default-deny' as const,
  namespace: 'shop',
  policyTypes: ['Ingress' as const],
};

describe('the tagged engine protocol', () => {
  it('posts each request tagged with its type, and answers it with the same type and id', async () => {
    const fake = serviceWorker();
    const client = createEngineClient(() => fake.worker);
    const evaluated = client.request('evaluate', { text: CLUSTER, fileName: 'a.yaml', options });
    fake.answer();
    expect((await evaluated)!.workspace.cluster.endpoints).toHaveLength(3);
    const preview = client.request('previewEdits', { text: CLUSTER, options, edits: [denyDb] });
    expect(fake.messages.map((m) => m.type)).toEqual(['evaluate', 'previewEdits']);
    // The same text: nothing of it travels again.
    expect(fake.messages[1]!.change).toBeNull();
    fake.answer();
    const result = (await preview)!;
    expect(result.changed).toBe(true);
    // Denying all ingress in shop closes every connection between its three pods.
    expect(result.changes.closedCount).toBe(6);
    expect(result.changes.closed.map((c) => c.text)).toContain('shop/web → shop/db (all ports)');
    expect(result.changes.openedCount).toBe(0);
  });

  it('answers only the latest request of a kind, without dropping other kinds', async () => {
    const fake = serviceWorker();
    const client = createEngineClient(() => fake.worker);
    const explainWeb = (to: string) =>
      client.request('explain', { text: CLUSTER, options, from: 'shop/web', to, port: 80, protocol: 'TCP' });
    const first = explainWeb('shop/db');
    const evaluated = client.request('evaluate', { text: CLUSTER, fileName: 'a.yaml', options });
    const second = explainWeb('shop/cron');
    const third = explainWeb('shop/web');
    // One at a time in the worker: only the first was posted.
    expect(fake.queue.map((r) => r.type)).toEqual(['explain']);
    fake.answer();
    // Newer explanations were asked meanwhile: the first answer is stale, and the second was replaced.
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    // The evaluation (another kind) is still answered, then the latest explanation.
    expect(fake.queue.map((r) => r.type)).toEqual(['evaluate']);
    fake.answer();
    expect((await evaluated)!.workspace.cluster.endpoints).toHaveLength(3);
    expect(fake.queue.map((r) => r.type)).toEqual(['explain']);
    fake.answer();
    const latest = (await third)!;
    expect(latest.found).toBe(true);
    expect(latest.steps.length).toBeGreaterThan(0);
  });

  it('answers the latest request of each channel, so two views of one kind both get theirs', async () => {
    const fake = serviceWorker();
    const client = createEngineClient(() => fake.worker);
    const explain = (to: string, channel: string) =>
      client.request(
        'explain',
        { text: CLUSTER, options, from: 'shop/web', to, port: 80, protocol: 'TCP' },
        channel,
      );
    const before = explain('shop/db', 'then');
    const now = explain('shop/cron', 'now');
    fake.answer();
    fake.answer();
    expect((await before)!.steps.at(-1)!.text).toContain('shop/db');
    expect((await now)!.steps.at(-1)!.text).toContain('shop/cron');
  });

  it('drops an answer that is not for the request under way', async () => {
    const fake = serviceWorker();
    const client = createEngineClient(() => fake.worker);
    const pending = client.request('previewEdits', { text: CLUSTER, options, edits: [denyDb] });
    // A stray answer (an old id, from a replaced worker's last message) must not settle it.
    fake.deliver({
      type: 'previewEdits',
      id: 999,
      result: { error: 'stale', changed: false, replacement: null, changes: {} },
    });
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    fake.answer();
    expect((await pending)!.error).toBeNull();
  });

  it('answers on the page with the same service when the worker fails', async () => {
    const fake = serviceWorker();
    const client = createEngineClient(() => fake.worker);
    const pending = client.request('diff', { text: CLUSTER, options, other: CLUSTER + DENY, otherName: 'b' });
    fake.worker.onerror!.call(fake.worker as Worker, {} as ErrorEvent);
    const result = (await pending)!;
    // The workspace lacks the deny of db that the other version has: two connections open.
    expect(result.changes.opened.map((c) => c.text)).toEqual([
      'shop/web → shop/db (all ports)',
      'shop/cron → shop/db (all ports)',
    ]);
    expect(result.changes.closedCount).toBe(0);
  });

  it('explains in the last good version while the workspace text does not read', () => {
    const service = new EngineService();
    service.handle({ type: 'evaluate', id: 1, text: CLUSTER + DENY, fileName: 'a.yaml', options });
    const broken = `${CLUSTER + DENY}metadata: {name: [\n`;
    service.handle({ type: 'evaluate', id: 2, text: broken, fileName: 'a.yaml', options });
    const { result } = service.handle({
      type: 'explain',
      id: 3,
      text: broken,
      options,
      from: 'shop/web',
      to: 'shop/db',
      port: 80,
      protocol: 'TCP',
    });
    expect(result.found).toBe(true);
    expect(result.allowed).toBe(false);
  });

  it('the inline client answers only the latest of a kind too', async () => {
    const client = createInlineClient();
    const a = client.request('probes', {
      text: CLUSTER,
      options,
      probes: [{ name: 'p', probe: 'shop/web -> shop/db:80' }],
      settings: { semantics: 'current', enforced: true, dns: false },
      expected: {},
    });
    const b = client.request('probes', {
      text: CLUSTER + DENY,
      options,
      probes: [{ name: 'p', probe: 'shop/web -> shop/db:80' }],
      settings: { semantics: 'current', enforced: true, dns: false },
      expected: {},
    });
    expect(await a).toBeNull();
    expect((await b)!.map((p) => p.allowed)).toEqual([false]);
  });
});
