// Messages between the page and the engine worker. Only plain data crosses: the slim cluster model and
// the compiled analysis (typed arrays), never the parsed YAML documents.
import {
  applyReplacement,
  minimalReplacement,
  type AnalysisData,
  type Diagnostic,
  type Endpoint,
  type EvaluateOptions,
  type TextReplacement,
  type Workspace,
} from '../engine/index';

export interface EvaluateRequest {
  id: number;
  text: string;
  fileName: string;
  options: EvaluateOptions;
}

/**
 * A request as the page posts it: the change from the text of its previous request, not the text.
 * Posting a string copies it in the page's task, and a 30 MB cluster export took 20 to 500 ms to post
 * (measured in Chromium), once per pause in typing; a key press is a few bytes.
 */
export interface EvaluateMessage extends Omit<EvaluateRequest, 'text'> {
  change: TextReplacement | null;
}

/** The page's side: each request as the change from the one before (the first from an empty text). */
export class TextSender {
  private last = '';

  toMessage({ text, ...request }: EvaluateRequest): EvaluateMessage {
    const change = minimalReplacement(this.last, text);
    this.last = text;
    return { ...request, change };
  }
}

/** The worker's side: keeps the text the page last sent, and makes each change to it. */
export class TextReceiver {
  private text = '';

  toRequest({ change, ...request }: EvaluateMessage): EvaluateRequest {
    this.text = applyReplacement(this.text, change);
    return { ...request, text: this.text };
  }
}

export interface EvaluateResponse {
  id: number;
  workspace: Workspace;
  diagnostics: Diagnostic[];
  data: AnalysisData;
  /** Milliseconds spent parsing and analysing, for the status line. */
  parseMs: number;
  analyzeMs: number;
}

/** Some of a response's endpoints, posted ahead of the response (which holds the rest). */
export interface EndpointsPart {
  id: number;
  endpoints: Endpoint[];
}

export type WorkerMessage = EvaluateResponse | EndpointsPart;

/**
 * Endpoints per message. The page reads (deserializes) a message in one task, and 10,000 pods with
 * their labels, ports and source ranges take about 70 ms on their own: in parts of this size no task
 * takes more than about 15 ms for them.
 */
export const ENDPOINTS_PER_MESSAGE = 2000;

/**
 * A response as the worker posts it: its endpoints in parts of `size` ahead, then the response with
 * the last part. Together they are the response again (see `ResponseAssembler`).
 */
export function toMessages(response: EvaluateResponse, size = ENDPOINTS_PER_MESSAGE): WorkerMessage[] {
  const { endpoints } = response.workspace.cluster;
  if (endpoints.length <= size) return [response];
  const parts: WorkerMessage[] = [];
  let at = 0;
  for (; endpoints.length - at > size; at += size)
    parts.push({ id: response.id, endpoints: endpoints.slice(at, at + size) });
  const cluster = { ...response.workspace.cluster, endpoints: endpoints.slice(at) };
  parts.push({ ...response, workspace: { ...response.workspace, cluster } });
  return parts;
}

const isPart = (m: WorkerMessage): m is EndpointsPart => !('workspace' in m);

/** Puts a response back together from its messages, for one request id at a time. */
export class ResponseAssembler {
  private id = -1;
  private parts: Endpoint[][] = [];

  /** The whole response once `message` completes it, else null. */
  receive(message: WorkerMessage): EvaluateResponse | null {
    if (message.id !== this.id) {
      this.id = message.id;
      this.parts = [];
    }
    if (isPart(message)) {
      this.parts.push(message.endpoints);
      return null;
    }
    const parts = this.parts;
    this.parts = [];
    if (parts.length === 0) return message;
    const endpoints = parts.flat();
    for (const e of message.workspace.cluster.endpoints) endpoints.push(e);
    const cluster = { ...message.workspace.cluster, endpoints };
    return { ...message, workspace: { ...message.workspace, cluster } };
  }
}
