// The page's client of the engine worker: requests by kind, latest first, with deadlines, and the
// engine on the page only when workers are unavailable or miss their deadline.
import type { EvaluateOptions } from '../engine/index';
import { EngineService } from '../worker/engineService';
import { LatestClient, type Tagged, type WorkerLike } from './latestClient';
import {
  ResponseAssembler,
  TextSender,
  type CallRequest,
  type CallResponse,
  type CallType,
  type EngineRequest,
  type EvaluateRequest,
  type EvaluateResponse,
  type Ghosts,
  type WorkerMessage,
} from '../worker/protocol';

export type Evaluator = ((request: Omit<EvaluateRequest, 'id'>) => Promise<EvaluateResponse>) & {
  /** Drops the evaluation under way and those waiting (their promises never settle). */
  cancel?: () => void;
  /** The client behind it, for the other kinds of request (previews, explanations, ...). */
  client?: EngineClient;
};

/** A request as a caller makes it: its kind's fields, the workspace text and the options. */
export type ClientRequest<K extends CallType> = CallRequest<K> & {
  text: string;
  options: EvaluateOptions;
} & Ghosts;

/**
 * The page's one way to the engine. Each kind of request is answered latest first: a request made
 * while another of its kind waits replaces it, and one made while another of its kind runs makes that
 * one's answer stale. A replaced or stale request resolves to null (an `evaluate` one, to the newer
 * answer: the store discards it as stale by its own count).
 */
export interface EngineClient {
  /**
   * `channel` (the kind by default) is what "latest" is counted in: views that each need their own
   * answer of one kind at once (the two sides of a comparison) ask on channels of their own.
   */
  request<K extends CallType>(
    type: K,
    request: ClientRequest<K>,
    channel?: string,
  ): Promise<CallResponse<K> | null>;
  /** Drops every request under way and waiting: evaluations never settle, the others resolve to null. */
  cancel(): void;
}

/** What the client needs of a Worker (a fake one in tests). */
export type EngineWorker = WorkerLike;

const startWorker = (): EngineWorker =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });

/**
 * How long one request may take before the worker is presumed hung: enough for a cold worker to
 * start on a busy machine, then proportional to the text (parsing and analysis are linear in it). The
 * margin is wide: a machine shared with other work can be many times slower than a quiet one, and a
 * false alarm costs a second evaluation of a big text.
 */
export const deadlineFor = (chars: number) => BASE_DEADLINE_MS + Math.ceil(chars / 1e6) * DEADLINE_PER_MB_MS;
export const BASE_DEADLINE_MS = 10_000;
export const DEADLINE_PER_MB_MS = 5_000;
/** Past its deadline, a text up to this size is handled on the page at once (it takes milliseconds). */
export const INLINE_LIMIT = 200_000;

export interface EvaluatorEvents {
  /** A worker missed its deadline and was replaced: say what happened. */
  onTrouble?: (message: string) => void;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

type AnyRequest = ClientRequest<CallType> & { type: CallType };

/** The engine on the page, for when workers are unavailable or fail: the same service, one at a time. */
export function createInlineClient(): EngineClient {
  let service: EngineService | null = null;
  let nextId = 1;
  const latest = new Map<string, number>();
  return {
    request(type, request, channel = type) {
      const id = nextId++;
      latest.set(channel, id);
      return Promise.resolve().then(() => {
        // A newer request on the channel made meanwhile answers instead.
        if (type !== 'evaluate' && latest.get(channel) !== id) return null;
        service ??= new EngineService();
        const answer = service.handle({ ...request, type, id } as EngineRequest);
        return (type === 'evaluate' ? answer : (answer as { result: unknown }).result) as CallResponse<
          typeof type
        >;
      });
    },
    cancel() {
      latest.clear();
    },
  };
}

/**
 * Runs requests in a Web Worker, one at a time, the latest of each kind: typing in a big text (each
 * evaluation a second long) must not queue an evaluation per pause in the worker, each of them stale
 * by the time it runs, nor a preview per key press in a dialog. The queue is `LatestClient`'s, shared
 * with the layout worker.
 *
 * A worker that never answers (hung, or closed itself) must not leave the page waiting: each request
 * has a deadline proportional to its text; past it the worker is replaced, and the request handled
 * on the page when small, else once more in the new worker, and on the page if that one misses too.
 */
export function createEngineClient(
  makeWorker: () => EngineWorker = startWorker,
  events: EvaluatorEvents = {},
): EngineClient {
  const fallback = createInlineClient();
  // Each on a channel of its own: the page's fallback must not drop what the worker's queue kept.
  let inlineChannel = 0;
  const textOf = (r: Tagged) => (r as AnyRequest).text;
  const client = new LatestClient({
    start: makeWorker,
    codec: () => {
      // Each request goes to the worker with the change from the previous one's text (see
      // TextSender); a new worker starts from the empty text. An evaluation comes in several
      // messages (see toMessages), each read in its own task.
      const sender = new TextSender();
      const assembler = new ResponseAssembler();
      return {
        encode: (request, id) => sender.toMessage({ ...(request as AnyRequest), id }),
        idOf: (message) => (message as WorkerMessage).id,
        read: (message) => {
          const m = message as WorkerMessage;
          return 'result' in m ? m.result : (assembler.receive(m) ?? undefined);
        },
      };
    },
    inline: (request, channel) => {
      const r = request as AnyRequest;
      return fallback.request(r.type, r, channel ?? `inline:${inlineChannel++}`);
    },
    shared: (type) => type === 'evaluate',
    deadline: {
      ms: (request) => deadlineFor(textOf(request).length),
      inlineAtOnce: (request) => textOf(request).length <= INLINE_LIMIT,
      onTrouble: (late, seconds, retrying, restarted) => {
        const what = late.type === 'evaluate' ? 'The evaluation' : 'The preview';
        events.onTrouble?.(
          retrying
            ? `${what} did not finish within ${seconds} s: the engine was restarted and is trying again.`
            : `${what} did not finish within ${seconds} s, so it was run on this page instead${restarted ? ', and the engine was restarted for the next ones' : ''}.`,
        );
      },
    },
    ...(events.setTimer ? { setTimer: events.setTimer } : {}),
    ...(events.clearTimer ? { clearTimer: events.clearTimer } : {}),
  });
  if (client.broken) return fallback;
  return {
    request: (type, partial, channel = type) =>
      client.request({ ...partial, type }, channel) as Promise<CallResponse<typeof type> | null>,
    cancel: () => client.cancel(),
  };
}

/** An evaluator over a client: `evaluate` requests, and the client for the rest. */
export function evaluatorOf(client: EngineClient): Evaluator {
  const evaluate: Evaluator = (request) =>
    client.request('evaluate', request).then((r) => r!) as Promise<EvaluateResponse>;
  evaluate.cancel = () => client.cancel();
  evaluate.client = client;
  return evaluate;
}

export function createWorkerEvaluator(
  makeWorker: () => EngineWorker = startWorker,
  events: EvaluatorEvents = {},
): Evaluator {
  return evaluatorOf(createEngineClient(makeWorker, events));
}

export function createInlineEvaluator(): Evaluator {
  return evaluatorOf(createInlineClient());
}
