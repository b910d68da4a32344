// The page's one way to a Web Worker, shared by the engine worker (engineClient.ts) and the layout
// worker (src/ui/graph/layout/layoutClient.ts): requests run one at a time, and of those made while
// one runs only the latest of each channel is sent; a request made while another of its channel runs
// makes that one's answer stale (it resolves to null). Should the worker fail to start, or miss its
// deadline, requests are handled by `inline` (the same work on the page).

/** What the client needs of a Worker (a fake one in tests). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'> &
  Partial<Pick<Worker, 'terminate'>>;

/** A request as the client holds it: its kind and its fields. */
export type Tagged = { type: string };

/**
 * How requests and answers cross to one worker. Made afresh for every worker started, so that a codec
 * may keep state about what that worker has seen (the engine posts each text as a change from the
 * previous one).
 */
export interface Codec {
  /** The message posted for a request numbered `id`. */
  encode(request: Tagged, id: number): unknown;
  /** The request number a message answers. */
  idOf(message: unknown): number;
  /** The answer, once `message` completes it (answers may come in parts), else `undefined`. */
  read(message: unknown): unknown;
}

export interface LatestClientOptions {
  start: () => WorkerLike;
  codec: () => Codec;
  /**
   * The same work on the page: when workers are unavailable, fail, or miss their deadline. `channel`
   * is given for a request made once the worker is known broken (latest wins there too), not for one
   * the worker's queue had kept (it must be answered).
   */
  inline: (request: Tagged, channel?: string) => Promise<unknown>;
  /**
   * Kinds whose waiting callers all take the newest answer (and are never resolved to null): the
   * workspace's evaluation, where an older caller wants the current result rather than none.
   */
  shared?: (type: string) => boolean;
  /** Without it a request waits as long as the worker takes. */
  deadline?: {
    ms: (request: Tagged) => number;
    /** Past its deadline, handled on the page at once (small), else tried once more in a new worker. */
    inlineAtOnce: (request: Tagged) => boolean;
    /** Says what happened ("... did not finish within 10 s ..."). */
    onTrouble?: (late: Tagged, seconds: number, retrying: boolean, restarted: boolean) => void;
  };
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

type Resolve = (r: unknown) => void;

export class LatestClient {
  private nextId = 1;
  // The request being handled, and the latest waiting of each channel (in the order they came).
  private running: {
    id: number;
    channel: string;
    request: Tagged;
    callers: Resolve[];
    retried: boolean;
    stale: boolean;
  } | null = null;
  private readonly waiting = new Map<string, { request: Tagged; callers: Resolve[] }>();
  private timer: unknown = null;
  private worker: WorkerLike | null = null;
  private codec: Codec | null = null;
  /** The worker failed to start or run: everything goes to `inline` from now on. */
  broken = false;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: LatestClientOptions) {
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
    this.connect();
  }

  /** The answer to `request`, or null when a newer request of its channel made it stale. */
  request(request: Tagged, channel: string = request.type): Promise<unknown> {
    if (this.broken) return this.options.inline(request, channel);
    const shared = this.options.shared?.(request.type) ?? false;
    return new Promise((resolve) => {
      const callers: Resolve[] = [resolve];
      const older = this.waiting.get(channel);
      if (older) {
        if (shared) callers.unshift(...older.callers);
        else older.callers.forEach((c) => c(null));
        this.waiting.delete(channel);
      }
      if (this.running && this.running.channel === channel && !shared) this.running.stale = true;
      if (!this.running) this.send(request, channel, callers);
      else this.waiting.set(channel, { request, callers });
    });
  }

  /** Drops every request under way and waiting: shared kinds never settle, the others resolve to null. */
  cancel(): void {
    const shared = (r: Tagged) => this.options.shared?.(r.type) ?? false;
    for (const { callers, request } of this.waiting.values())
      if (!shared(request)) callers.forEach((c) => c(null));
    const was = this.running;
    this.waiting.clear();
    if (!was) return;
    this.stopTimer();
    this.running = null;
    if (!shared(was.request)) was.callers.forEach((c) => c(null));
    this.replace();
  }

  private inline(request: Tagged, callers: Resolve[]) {
    void this.options.inline(request).then((r) => callers.forEach((c) => c(r)));
  }

  private stopTimer() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private send(request: Tagged, channel: string, callers: Resolve[], retried = false) {
    const mine = { id: this.nextId++, channel, request, callers, retried, stale: false };
    this.running = mine;
    this.worker!.postMessage(this.codec!.encode(request, mine.id));
    const deadline = this.options.deadline;
    if (deadline)
      this.timer = this.setTimer(() => {
        if (this.running === mine) this.missed(mine);
      }, deadline.ms(request));
  }

  private next() {
    this.stopTimer();
    this.running = null;
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [channel, { request, callers }] = first.value;
    this.waiting.delete(channel);
    if (this.broken) this.inline(request, callers);
    else this.send(request, channel, callers);
  }

  private connect(): boolean {
    let worker: WorkerLike | null;
    try {
      worker = this.options.start();
    } catch {
      worker = null;
    }
    this.worker = worker;
    this.codec = this.options.codec();
    if (!worker) {
      this.broken = true;
      return false;
    }
    const codec = this.codec;
    worker.onmessage = (event: MessageEvent) => {
      const running = this.running;
      if (this.worker !== worker || !running || codec.idOf(event.data) !== running.id) return;
      const answer = codec.read(event.data);
      if (answer === undefined) return;
      this.next();
      for (const c of running.callers) c(running.stale ? null : answer);
    };
    worker.onerror = () => {
      if (this.worker !== worker) return;
      // A worker that fails to start (file:// origins, strict CSPs) must not leave the page busy forever.
      this.broken = true;
      const running = this.running;
      if (!running) return;
      this.inline(running.request, running.callers);
      this.next();
    };
    return true;
  }

  private replace(): boolean {
    this.worker?.terminate?.();
    this.worker = null;
    return this.connect();
  }

  private missed(late: NonNullable<LatestClient['running']>) {
    const deadline = this.options.deadline!;
    const seconds = Math.round(deadline.ms(late.request) / 1000);
    this.stopTimer();
    this.running = null;
    const fresh = this.replace();
    if (deadline.inlineAtOnce(late.request) || late.retried || !fresh) {
      deadline.onTrouble?.(late.request, seconds, false, fresh);
      this.inline(late.request, late.callers);
      this.next();
    } else {
      deadline.onTrouble?.(late.request, seconds, true, true);
      // A newer request of its channel waiting replaces the retry.
      const newer = this.waiting.get(late.channel);
      if (newer) {
        newer.callers.push(...late.callers);
        this.next();
      } else this.send(late.request, late.channel, late.callers, true);
    }
  }
}
