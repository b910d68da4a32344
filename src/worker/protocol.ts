// Messages between the page and the engine worker. Only plain data crosses: the slim cluster model and
// the compiled analysis (typed arrays), never the parsed YAML documents.
//
// Every request is tagged with its `type`; `EngineCalls` lists them, one entry each (what the page
// sends besides the text, and what comes back), so adding a kind of request is one entry here and one
// handler in `engineService.ts`.
import {
  applyReplacement,
  minimalReplacement,
  type DirectionChain,
  type DirectionCause,
  type AnalysisData,
  type AuditReport,
  type GhostPod,
  type Labels,
  type Diagnostic,
  type Edit,
  type EditPort,
  type Endpoint,
  type EvaluateOptions,
  type ExplanationStep,
  type PortSet,
  type Protocol,
  type TextReplacement,
  type Workspace,
} from '../engine/index';
import type { Expectation, LessonSettings, ProbeResult, ProbeSpec } from '../lessons/types';
import type { TaskGrade } from '../lessons/replay';
import type { Expectation as FileExpectation, ExpectationProblem, ExpectationSpec } from '../engine/index';

/** One connection that opens or closes, by endpoint REFs (names line up across versions). */
export interface ConnectionDelta {
  from: string;
  to: string;
  /** "from → to (ports)", with what it was or still is: for lists and screen readers. */
  text: string;
}

/**
 * What changes from one version to another: the connections that open (or gain ports) and those that
 * close (or lose ports). Lists stop at `CHANGES_LISTED` each; the counts are exact.
 */
export interface ChangeList {
  opened: ConnectionDelta[];
  closed: ConnectionDelta[];
  openedCount: number;
  closedCount: number;
}

/** Connections listed per direction of change; the rest are counted. */
export const CHANGES_LISTED = 200;

/** The result of a preview: the text after the edits (as a replacement of the current one) and the change. */
export interface EditPreviewResult {
  error: string | null;
  changed: boolean;
  /** The workspace text after the edits, as one replacement of the text previewed. */
  replacement: TextReplacement | null;
  changes: ChangeList;
}

/** One end of a drawn connection: an endpoint, a whole namespace, or a typed address range. */
export type ConnectionEnd = { endpoint: number } | { namespace: string } | { cidr: string };

/**
 * How broad the source of a drawn connection is: exactly the pod's labels, a chosen subset of them,
 * every pod of its namespace, or pods with (some of) these labels in namespaces with (some of) those.
 */
export type SourceScope = 'pod-labels' | 'label-subset' | 'namespace' | 'ns-labels';

export interface ScopeOptions {
  scope: SourceScope;
  /** For 'label-subset' and 'ns-labels': the source pod label keys to keep (none: every pod). */
  podLabelKeys?: readonly string[];
  /** For 'ns-labels': the source namespace's label keys to match. */
  namespaceLabelKeys?: readonly string[];
}

export interface PlanInput {
  from: ConnectionEnd;
  to: ConnectionEnd;
  ports: EditPort[];
  scope: ScopeOptions;
  egressToo: boolean;
}

export interface ConnectionPlan {
  edits: Edit[];
  /** The text after the edits, as one replacement of the text planned on. */
  replacement: TextReplacement | null;
  /** Connections that the edit opens besides the one drawn. */
  alsoOpens: ConnectionDelta[];
  alsoOpensCount: number;
  /** Connections that close: a first policy selecting a pod isolates it. */
  closes: ConnectionDelta[];
  closesCount: number;
  opensDrawn: boolean;
  /** Each edit as the replacement of the text before it: one diff hunk per edit. */
  steps: { before: string; after: string; line: number }[];
  /** Sides left alone because a rule there already admits the drawn connection on these ports. */
  covered: ('Ingress' | 'Egress')[];
  error?: string;
}

/** A rule that admits a connection, enough to remove it (or its peer, or its port). */
export interface AdmittingRule {
  policyIndex: number;
  namespace: string;
  name: string;
  direction: 'Ingress' | 'Egress';
  ruleIndex: number;
  peerIndex: number;
  portIndex: number;
}

export interface ExplainInput {
  /** Endpoint REFs, so that a pair explains alike in two versions. */
  from: string;
  to: string;
  /** A port to explain; null: an allowed one if any, else the destination's own. */
  port: number | null;
  protocol: Protocol;
  /** Another version's text to explain the pair in, instead of the workspace. */
  version?: string;
}

export interface ExplainResult {
  /** False when either REF is not in the version explained. */
  found: boolean;
  chosen: { port: number; protocol: Protocol };
  allowed: boolean;
  wouldBeAllowed?: boolean;
  steps: ExplanationStep[];
  /** Every port allowed for the pair. */
  ports: PortSet;
  admittedBy: { ingress: AdmittingRule[]; egress: AdmittingRule[] };
  /** The tiers in order and which decided, when admin or baseline policies take part; else null. */
  chain: DirectionChain[] | null;
}

/** What one expectation gives on the workspace shown (the last text that reads, while one does not). */
export type ExpectationResult =
  | {
      status: 'pass' | 'fail';
      allowed: boolean;
      /** The step that decides the actual verdict: which policy isolates, or which rule admits. */
      reason: string;
      /** Every step of the explanation of the actual verdict, as text. */
      steps: string[];
      /** The endpoints' indices in the workspace shown; null for an address it does not hold. */
      from: number | null;
      to: number | null;
    }
  /** A REF that names nothing in the workspace (or is ambiguous): the expectation cannot be checked. */
  | { status: 'unresolved'; reason: string };

export interface CompareResult {
  /** A problem reading the other version (its first error), or null. */
  error: string | null;
  /** From the other version to the workspace (reversed: from the workspace to it). */
  changes: ChangeList;
  endpointsAdded: string[];
  endpointsRemoved: string[];
}

/**
 * "Which pods could any pod with these labels in this namespace reach" (`direction: 'from'`), or "which
 * could reach it" (`'to'`): answered by evaluating it as a what-if pod that is not kept.
 */
export interface ExposureInput {
  namespace: string;
  labels: Labels;
  ports: GhostPod['ports'];
  direction: 'from' | 'to';
}

/** One side of an admitted connection: why it is allowed there, and by which rules. */
export interface ExposureSide {
  cause: DirectionCause;
  /** The NetworkPolicy rules that admit it (none: not isolated, or an admin or baseline rule decided). */
  rules: AdmittingRule[];
  /** The admin or baseline rule that accepted it, as text, when one did. */
  decidedBy: string | null;
}

export interface ExposurePeer {
  ref: string;
  /** The peer is itself a what-if pod. */
  ghost: boolean;
  /** Every port allowed between them, as text. */
  ports: string;
  /** The port the sides below were worked out on. */
  chosen: { port: number; protocol: Protocol };
  egress: ExposureSide;
  ingress: ExposureSide;
}

export interface ExposureResult {
  /** Why the pod asked about is not a valid pod (its first problem), or null. */
  error: string | null;
  /** The namespace is in neither the YAML nor a what-if pod: it is assumed. */
  namespaceAssumed: boolean;
  /** The first `EXPOSURE_LISTED` peers, by REF; `count` is exact. */
  peers: ExposurePeer[];
  count: number;
}

/** Peers listed, each with its admitting rules; the rest are counted. */
export const EXPOSURE_LISTED = 200;

/** An admin-tier rule between two namespaces, as the "Admin rule…" dialog asks for it. */
export interface AdminRulePlan {
  /** Traffic from the pods of this namespace ... */
  fromNamespace: string;
  /** ... to the pods of this one (the policy's subject: the rule is an ingress rule at the destination). */
  toNamespace: string;
  action: 'Deny' | 'Pass';
  /** 0-1000, lower first. */
  priority: number;
  /** Only this port (of `protocol`); none: every port of every protocol. */
  port?: number;
  protocol?: Protocol;
  /** The policy's name; made from the namespaces when missing. */
  name?: string;
}

export interface AdminRulePreview {
  /** The document appended to the YAML. */
  yaml: string;
  edit: Edit;
  /** Pairs that lose some port, and pairs that gain some, as "from → to (ports)" lines (the first 500). */
  closed: string[];
  opened: string[];
  /** How many pairs lose / gain some port. */
  closedCount: number;
  openedCount: number;
  /** A plan the API server would refuse, or the YAML cannot take the edit: why. */
  error?: string;
  /** The text after the edit, as one replacement of the text previewed (none with an error). */
  replacement?: TextReplacement | null;
}

/**
 * Every kind of request: what the page sends besides the text and options (`request`), and what the
 * worker answers (`response`). Each is answered with `{ id, type, result }`, except `evaluate`
 * (see `EvaluateResponse`).
 */
export interface EngineCalls {
  evaluate: { request: { fileName: string }; response: EvaluateResponse };
  /** With `changes: false`, only the text after the edits (an edit made without a preview). */
  previewEdits: { request: { edits: Edit[]; changes?: false }; response: EditPreviewResult };
  planConnection: { request: PlanInput; response: ConnectionPlan };
  explain: { request: ExplainInput; response: ExplainResult };
  /**
   * The workspace against another version (`other`): what changes from it to the workspace, or with
   * `reverse`, from the workspace to it.
   */
  diff: { request: { other: string; otherName: string; reverse?: boolean }; response: CompareResult };
  exposure: { request: ExposureInput; response: ExposureResult };
  /**
   * The audit of the version the page shows (the last that reads, while the text does not), what-if
   * pods included (their endpoints say `ghost`): the Audit panel.
   */
  audit: { request: Record<string, never>; response: AuditReport };
  /** What adding an admin rule between two namespaces closes and opens (the Admin rule dialog). */
  adminRule: { request: { plan: AdminRulePlan }; response: AdminRulePreview };
  /**
   * The reachability CSV's rows per pair of namespaces (`eval --format csv` past CSV_PAIR_LIMIT pairs),
   * in pieces of a few hundred rows, written here rather than on the page; null when the workspace is
   * small enough for a row per pair of endpoints (the page writes those, a row at a time).
   */
  namespaceCsv: { request: { limit?: number }; response: { chunks: string[] } | null };
  /**
   * An expectations file read for import (`file`, up to 1 MB): every expectation that reads and every
   * mistake at its line and column. In the worker because a file that size takes seconds to read.
   */
  readExpectations: {
    request: { file: string };
    response: { value: FileExpectation[]; errors: ExpectationProblem[] };
  };
  /** Each expectation checked on the workspace, in order (the CLI's `assert`, on the page). */
  expectations: { request: { expectations: ExpectationSpec[] }; response: ExpectationResult[] };
  probes: {
    request: {
      probes: ProbeSpec[];
      settings: LessonSettings;
      expected: Record<string, 'allowed' | 'denied'>;
    };
    response: ProbeResult[];
  };
  /** A lesson task's check on the workspace text: the probes it names, and the YAML's errors. */
  gradeTask: {
    request: { probes: ProbeSpec[]; check: Record<string, Expectation>; settings: LessonSettings };
    response: TaskGrade;
  };
}

export type CallType = keyof EngineCalls;
export type CallRequest<K extends CallType> = EngineCalls[K]['request'];
export type CallResponse<K extends CallType> = EngineCalls[K]['response'];

/**
 * What every request may carry besides its own fields: the what-if pods of the workspace, evaluated
 * with the text (never written to it) by every kind of request, so that endpoint indices agree.
 */
export interface Ghosts {
  ghosts?: readonly GhostPod[];
}

/** A request with its text, as the engine service handles it. */
export type EngineRequest = {
  [K in CallType]: { type: K; id: number; text: string; options: EvaluateOptions } & Ghosts & CallRequest<K>;
}[CallType];

/** A request as posted: the text is the change from the previous request's (see `TextSender`). */
export type EngineMessage = {
  [K in CallType]: {
    type: K;
    id: number;
    change: TextReplacement | null;
    options: EvaluateOptions;
  } & Ghosts &
    CallRequest<K>;
}[CallType];

/** The answer to a request other than `evaluate`. */
export type CallResult = {
  [K in Exclude<CallType, 'evaluate'>]: { type: K; id: number; result: CallResponse<K> };
}[Exclude<CallType, 'evaluate'>];

export interface EvaluateRequest extends Ghosts {
  type?: 'evaluate';
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

  toMessage<R extends { text: string }>({
    text,
    ...request
  }: R): Omit<R, 'text'> & { change: TextReplacement | null } {
    const change = minimalReplacement(this.last, text);
    this.last = text;
    return { ...request, change };
  }
}

/** The worker's side: keeps the text the page last sent, and makes each change to it. */
export class TextReceiver {
  private text = '';

  toRequest<M extends { change: TextReplacement | null }>({
    change,
    ...request
  }: M): Omit<M, 'change'> & { text: string } {
    this.text = applyReplacement(this.text, change);
    return { ...request, text: this.text };
  }
}

export interface EvaluateResponse {
  type?: 'evaluate';
  id: number;
  workspace: Workspace;
  diagnostics: Diagnostic[];
  data: AnalysisData;
  /** What `withGhostPods` found about the what-if pods (each `path` starts `ghosts[i]`); kept apart from the YAML's. */
  ghostDiagnostics?: Diagnostic[];
  /** Milliseconds spent parsing and analysing, for the status line. */
  parseMs: number;
  analyzeMs: number;
}

/** Some of a response's endpoints, posted ahead of the response (which holds the rest). */
export interface EndpointsPart {
  type?: 'endpoints';
  id: number;
  endpoints: Endpoint[];
}

export type WorkerMessage = EvaluateResponse | EndpointsPart | CallResult;

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
export function toMessages(
  response: EvaluateResponse,
  size = ENDPOINTS_PER_MESSAGE,
): (EvaluateResponse | EndpointsPart)[] {
  const { endpoints } = response.workspace.cluster;
  if (endpoints.length <= size) return [response];
  const parts: (EvaluateResponse | EndpointsPart)[] = [];
  let at = 0;
  for (; endpoints.length - at > size; at += size)
    parts.push({ id: response.id, endpoints: endpoints.slice(at, at + size) });
  const cluster = { ...response.workspace.cluster, endpoints: endpoints.slice(at) };
  parts.push({ ...response, workspace: { ...response.workspace, cluster } });
  return parts;
}

const isPart = (m: EvaluateResponse | EndpointsPart): m is EndpointsPart => !('workspace' in m);

/** Puts a response back together from its messages, for one request id at a time. */
export class ResponseAssembler {
  private id = -1;
  private parts: Endpoint[][] = [];

  /** The whole response once `message` completes it, else null. */
  receive(message: EvaluateResponse | EndpointsPart): EvaluateResponse | null {
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
