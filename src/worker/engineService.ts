import {
  analysisToData,
  analyze,
  applyEdit,
  auditWorkspace,
  evaluateConnection,
  explainVerdict,
  representativePort,
  tierChain,
  lintWorkspace,
  withGhostPods,
  minimalReplacement,
  nodeWithin,
  parseText,
  ParseCache,
  type AuditReport,
  type Diagnostic,
  type EvaluateOptions,
  type ExplanationStep,
  type GhostPod,
  type RuleMatch,
  type Workspace,
} from '../engine/index';
import { runProbes } from '../lessons/probes';
import { gradeText } from '../lessons/replay';
import {
  checkExpectation,
  csvByNamespace,
  evalCsvChunks,
  CSV_PAIR_LIMIT,
  readExpectations,
  type ExpectationSpec,
} from '../engine/index';
import { listChanges, type Model } from './changes';
import { exposure } from './exposure';
import { previewAdminRule } from './adminRule';
import { planConnection } from './planConnection';
import type {
  AdmittingRule,
  CallResult,
  CallType,
  EngineRequest,
  EvaluateResponse,
  ExpectationResult,
  ExplainInput,
  ExplainResult,
} from './protocol';

/** One text read and analysed under some options. */
interface Version extends Model {
  text: string;
  /** The options and the what-if pods it was analysed with. */
  optionsKey: string;
  workspace: Workspace;
  diagnostics: EvaluateResponse['diagnostics'];
  /** What `withGhostPods` found; the cluster of `workspace` holds the what-if pods it added. */
  ghostDiagnostics: Diagnostic[];
  parseMs: number;
  analyzeMs: number;
  /** Its audit, once asked for. */
  audit?: AuditReport;
}

/**
 * Versions kept analysed: the workspace, the one a preview made (Apply makes it the workspace), and
 * the one compared with. Each holds a cluster and its analysis, so a few at most.
 */
const VERSIONS_KEPT = 3;

type Handled<K extends CallType> = K extends 'evaluate' ? EvaluateResponse : Extract<CallResult, { type: K }>;

/**
 * The engine for the page: every request to parse, analyse, preview, explain or compare is handled
 * here, in the engine worker (or on the page when workers are unavailable or fail). It keeps the last
 * few versions analysed, so a preview or an explanation reuses the analysis of the workspace.
 */
/** Diagnostics that stop a text from being read at all: the page keeps showing the last good one. */
const PARSE_STOPPERS = new Set(['yaml-syntax', 'json-syntax', 'input-too-complex', 'binary-input']);

export class EngineService {
  private versions: Version[] = [];
  /** The last evaluated text that could be read: what the page shows while the YAML is broken. */
  private lastGood: Version | null = null;
  /**
   * The pieces of the texts read last: a preview reads the workspace with an edit in it, and the
   * workspace after Apply is that text, so each parses again only what the edit changed.
   */
  private readonly cache = new ParseCache();

  /**
   * The text analysed under these options with these what-if pods, from the ones kept when it is one
   * of them.
   */
  version(text: string, options: EvaluateOptions, ghosts: readonly GhostPod[] = []): Version {
    const optionsKey = keyOf(options, ghosts);
    const known = this.versions.find((v) => v.text === text && v.optionsKey === optionsKey);
    if (known) {
      // Most recently used last: the oldest goes first.
      this.versions = [...this.versions.filter((v) => v !== known), known];
      return known;
    }
    const t0 = performance.now();
    const parsed = parseText(text, undefined, { cache: this.cache });
    const withGhosts = withGhostPods(parsed.value.cluster, ghosts);
    const workspace = { ...parsed.value, cluster: withGhosts.value };
    const t1 = performance.now();
    const analysis = analyze(workspace.cluster, options);
    const version: Version = {
      text,
      optionsKey,
      workspace,
      cluster: workspace.cluster,
      analysis,
      diagnostics: parsed.diagnostics,
      ghostDiagnostics: withGhosts.diagnostics,
      parseMs: t1 - t0,
      analyzeMs: performance.now() - t1,
    };
    this.versions = [...this.versions.slice(-(VERSIONS_KEPT - 1)), version];
    return version;
  }

  handle<R extends EngineRequest>(request: R): Handled<R['type']> {
    return this.dispatch(request) as Handled<R['type']>;
  }

  private dispatch(request: EngineRequest): EvaluateResponse | CallResult {
    const { id, text } = request;
    const ghosts = request.ghosts ?? [];
    // Every version this request reads is analysed with the workspace's what-if pods.
    const version = (t: string, o: EvaluateOptions) => this.version(t, o, ghosts);
    const options = request.options;
    switch (request.type) {
      case 'evaluate':
        return this.evaluate(id, text, request.fileName, options, ghosts);
      case 'previewEdits': {
        const wanted = request.changes !== false;
        let next = text;
        for (const edit of request.edits) {
          const r = applyEdit(next, edit);
          const error = r.diagnostics.find((d) => d.severity === 'error');
          if (error)
            return {
              type: 'previewEdits',
              id,
              result: { error: error.message, changed: false, replacement: null, changes: NO_CHANGES },
            };
          next = r.value.text;
        }
        const changes =
          next === text || !wanted ? NO_CHANGES : listChanges(version(text, options), version(next, options));
        return {
          type: 'previewEdits',
          id,
          result: {
            error: null,
            changed: next !== text,
            replacement: minimalReplacement(text, next),
            changes: {
              opened: changes.opened,
              closed: changes.closed,
              openedCount: changes.openedCount,
              closedCount: changes.closedCount,
            },
          },
        };
      }
      case 'planConnection': {
        const { type: _t, id: _i, text: _x, options: _o, ...input } = request;
        const { ghosts: _g, ...plan } = input;
        const result = planConnection(text, version(text, options), plan, (t) => version(t, options));
        return { type: 'planConnection', id, result };
      }
      case 'explain':
        return { type: 'explain', id, result: this.explain(text, options, request, ghosts) };
      case 'exposure':
        return { type: 'exposure', id, result: exposure(version(text, options), request) };
      case 'audit': {
        // Once per version: the panel asks again after every evaluation, often of the same version.
        const shown = this.shown(text, options, ghosts);
        shown.audit ??= auditWorkspace(shown.workspace, shown.analysis.options, shown.analysis);
        return { type: 'audit', id, result: shown.audit };
      }
      case 'adminRule':
        return {
          type: 'adminRule',
          id,
          result: previewAdminRule(text, version(text, options), request.plan, (t) => version(t, options)),
        };
      case 'diff': {
        const current = version(text, options);
        const other = version(request.other, options);
        const error = other.diagnostics.find((d) => d.severity === 'error');
        const [from, to] = request.reverse ? [current, other] : [other, current];
        const changes = listChanges(from, to);
        return {
          type: 'diff',
          id,
          result: {
            error: error
              ? `${request.otherName}${error.range ? ` line ${error.range.line}:${error.range.col}` : ''}: ${error.message}`
              : null,
            changes: {
              opened: changes.opened,
              closed: changes.closed,
              openedCount: changes.openedCount,
              closedCount: changes.closedCount,
            },
            endpointsAdded: refsOnlyIn(to, from),
            endpointsRemoved: refsOnlyIn(from, to),
          },
        };
      }
      case 'namespaceCsv': {
        const { cluster, analysis } = version(text, options);
        const limit = request.limit ?? CSV_PAIR_LIMIT;
        const chunks = csvByNamespace(cluster.endpoints.length, false, limit)
          ? [...evalCsvChunks(cluster, analysis, undefined, false, limit)].filter(Boolean)
          : null;
        return { type: 'namespaceCsv', id, result: chunks && { chunks } };
      }
      case 'readExpectations':
        return { type: 'readExpectations', id, result: readExpectations(request.file) };
      case 'expectations':
        return {
          type: 'expectations',
          id,
          result: this.checkExpectations(text, options, ghosts, request.expectations),
        };
      case 'probes':
        return {
          type: 'probes',
          id,
          result: runProbes(text, request.probes, request.settings, request.expected),
        };
      case 'gradeTask':
        return {
          type: 'gradeTask',
          id,
          result: gradeText(text, request.probes, request.check, request.settings),
        };
    }
  }

  private evaluate(
    id: number,
    text: string,
    fileName: string,
    options: EvaluateOptions,
    ghosts: readonly GhostPod[],
  ): EvaluateResponse {
    const t0 = performance.now();
    const parsed = parseText(text, fileName, { cache: this.cache });
    const withGhosts = withGhostPods(parsed.value.cluster, ghosts);
    const read = { ...parsed.value, cluster: withGhosts.value };
    const t1 = performance.now();
    const analysis = analyze(read.cluster, options);
    // The complete result is computed here, off the main thread, and travels with the data.
    analysis.classEdges();
    const data = analysisToData(analysis);
    const t2 = performance.now();
    const optionsKey = keyOf(options, ghosts);
    this.versions = [
      ...this.versions
        .filter((v) => !(v.text === text && v.optionsKey === optionsKey))
        .slice(-(VERSIONS_KEPT - 1)),
      {
        text,
        optionsKey,
        workspace: read,
        cluster: read.cluster,
        analysis,
        diagnostics: parsed.diagnostics,
        ghostDiagnostics: withGhosts.diagnostics,
        parseMs: t1 - t0,
        analyzeMs: t2 - t1,
      },
    ];
    if (!parsed.diagnostics.some((d) => PARSE_STOPPERS.has(d.code))) this.lastGood = this.versions.at(-1)!;
    // The page has the text already: send file names only.
    const workspace = { ...read, files: parsed.value.files.map((f) => ({ name: f.name, text: '' })) };
    // Lint is about the YAML: what-if pods are not in it.
    const lint = parsed.value.cluster.endpoints.length <= 2000 ? lintWorkspace(parsed.value, options) : [];
    return {
      type: 'evaluate',
      id,
      workspace,
      diagnostics: [...parsed.diagnostics, ...lint],
      ...(ghosts.length > 0 ? { ghostDiagnostics: withGhosts.diagnostics } : {}),
      data,
      parseMs: t1 - t0,
      analyzeMs: t2 - t1,
    };
  }

  /** The workspace's version, or the last good one while its text does not read (the page shows that). */
  private shown(text: string, options: EvaluateOptions, ghosts: readonly GhostPod[]): Version {
    const version = this.version(text, options, ghosts);
    return this.lastGood && version.diagnostics.some((d) => PARSE_STOPPERS.has(d.code))
      ? this.lastGood
      : version;
  }

  /**
   * The expectations checked on the version the page shows, what-if pods included: their endpoint
   * indices are the graph's, and a what-if pod may well break an expectation (that is the question).
   */
  private checkExpectations(
    text: string,
    options: EvaluateOptions,
    ghosts: readonly GhostPod[],
    expectations: ExpectationSpec[],
  ): ExpectationResult[] {
    const { cluster, analysis } = this.shown(text, options, ghosts);
    const known = cluster.endpoints.length;
    return expectations.map((e): ExpectationResult => {
      const check = checkExpectation(cluster, e, analysis.options);
      if (check.kind === 'unresolved')
        return { status: 'unresolved', reason: `${check.side}: ${check.error}` };
      return {
        status: check.ok ? 'pass' : 'fail',
        allowed: check.allowed,
        reason: check.reason,
        steps: check.steps.map((s) => s.text),
        from: check.from < known ? check.from : null,
        to: check.to < known ? check.to : null,
      };
    });
  }

  private explain(
    text: string,
    options: EvaluateOptions,
    input: ExplainInput,
    ghosts: readonly GhostPod[],
  ): ExplainResult {
    // A workspace text that does not read: the page shows the last good one, explain in it.
    const version =
      input.version === undefined
        ? this.shown(text, options, ghosts)
        : this.version(input.version, options, ghosts);
    const { cluster, analysis } = version;
    const source = version.text;
    const from = cluster.endpoints.find((e) => e.ref === input.from);
    const to = cluster.endpoints.find((e) => e.ref === input.to);
    const chosen =
      input.port !== null
        ? { port: input.port, protocol: input.protocol }
        : from && to
          ? representativePort(cluster, analysis, from.index, to.index, input.protocol)
          : { port: 80, protocol: input.protocol };
    if (!from || !to)
      return {
        found: false,
        chosen,
        allowed: false,
        steps: [],
        ports: analysis.allowedPorts(0, 0),
        admittedBy: { ingress: [], egress: [] },
        chain: null,
      };
    const verdict = evaluateConnection(
      cluster,
      { from: from.index, to: to.index, ...chosen },
      analysis.options,
    );
    const admitting = (m: RuleMatch): AdmittingRule => ({
      policyIndex: m.policy.index,
      namespace: m.policy.namespace,
      name: m.policy.name,
      direction: m.direction,
      ruleIndex: m.ruleIndex,
      peerIndex: m.peerIndex,
      portIndex: m.portIndex,
    });
    return {
      found: true,
      chosen,
      allowed: verdict.allowed,
      ...(verdict.wouldBeAllowed !== undefined ? { wouldBeAllowed: verdict.wouldBeAllowed } : {}),
      steps: refineSteps(explainVerdict(cluster, verdict), source),
      ports: analysis.allowedPorts(from.index, to.index),
      admittedBy: {
        ingress: verdict.ingress.allowedBy.map(admitting),
        egress: verdict.egress.allowedBy.map(admitting),
      },
      chain: tierChain(cluster, verdict),
    };
  }
}

/** Versions are told apart by their options and their what-if pods (besides their text). */
const keyOf = (options: EvaluateOptions, ghosts: readonly GhostPod[]) =>
  JSON.stringify([options.semantics ?? null, options.enforced ?? null, ghosts.length > 0 ? ghosts : null]);

const NO_CHANGES = { opened: [], closed: [], openedCount: 0, closedCount: 0 };

const refsOnlyIn = (a: Model, b: Model) => {
  const other = new Set(b.cluster.endpoints.map((e) => e.ref));
  return a.cluster.endpoints.filter((e) => !other.has(e.ref)).map((e) => e.ref);
};

/**
 * A bulk read (big texts) gives a rule its policy's range: find the rule in it, in the text the
 * workspace was read from, so that "Show in YAML" lands on the rule. Ranges that are exact already
 * stay as they are.
 */
function refineSteps(steps: ExplanationStep[], text: string): ExplanationStep[] {
  return steps.map((step) => {
    const range = step.range;
    const policy = step.policy?.range;
    if (
      !step.within ||
      !range ||
      !policy ||
      range.offset !== policy.offset ||
      range.endOffset !== policy.endOffset
    )
      return step;
    const found = nodeWithin(text, range, step.within);
    return found ? { ...step, range: found } : step;
  });
}
