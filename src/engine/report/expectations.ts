// The expectations file of `assert` (DESIGN 2.3), read with positions so mistakes point at their line.
// One reader, writer and checker for every user of the file: the CLI (`assert`), the engine worker
// (the app's Expectations panel, checked on every evaluation) and the store (import and export). It
// reads no files and prints nothing, so the worker and the page may import it.
import {
  LineCounter,
  parseDocument,
  isMap,
  isSeq,
  stringify,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import { evaluateConnection, resolvePort, resolveRef } from '../evaluate/index';
import { editDistance } from '../parse/strict';
import { escapeInvisible, portNameValid } from '../parse/validate';
import { explainVerdict, type ExplanationStep } from '../explain/index';
import type { Cluster, EvaluateOptions, Protocol } from '../types';

/** One expectation as the file writes it. */
export interface ExpectationSpec {
  from: string;
  to: string;
  port: number | string;
  protocol: Protocol;
  allowed: boolean;
}

/** An expectation read from a file, with where it starts (1-based line and column). */
export interface Expectation extends ExpectationSpec {
  line: number;
  col: number;
}

/** A mistake in an expectations file, at its 1-based line and column. */
export interface ExpectationProblem {
  line: number;
  col: number;
  message: string;
}

/**
 * Every expectation that reads, and every mistake. A mistake in one expectation drops that one only;
 * a YAML syntax error drops the expectations whose text holds it.
 */
export function readExpectations(text: string): { value: Expectation[]; errors: ExpectationProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const posOf = (offset: number) => lineCounter.linePos(offset);
  const at = (node: YamlNode | null | undefined, message: string): ExpectationProblem => {
    const pos = posOf(node?.range?.[0] ?? 0);
    return { line: pos.line, col: pos.col, message };
  };
  const errors: ExpectationProblem[] = doc.errors.map((e) => {
    const pos = posOf(e.pos[0]);
    return { line: pos.line, col: pos.col, message: e.message.split('\n')[0]! };
  });
  const root = doc.contents;
  const list = isMap(root) ? root.get('expectations', true) : undefined;
  if (!isSeq(list)) {
    if (errors.length === 0)
      errors.push(at(root as YamlNode, 'expected a mapping with an "expectations" list'));
    return { value: [], errors };
  }
  const broken = doc.errors.map((e) => e.pos[0]);
  const value: Expectation[] = [];
  for (const item of list.items) {
    const node = item as YamlNode;
    const [start, , end] = node?.range ?? [0, 0, 0];
    // A syntax error inside an expectation: what was read of it is not what was written.
    if (broken.some((p) => p >= start && p <= end)) continue;
    if (!isMap(item)) {
      errors.push(at(node, 'each expectation must be a mapping with from, to, port and allowed'));
      continue;
    }
    const field = (key: string) => ((item as YAMLMap).get(key, true) as YamlNode | undefined) ?? node;
    // A misspelt key would otherwise fall back silently (`protocl: UDP` checking TCP).
    const unknown = item.items.find(
      (pair) => !FIELDS.includes(String((pair.key as { value?: unknown })?.value)),
    );
    if (unknown) {
      const key = String((unknown.key as { value?: unknown })?.value);
      errors.push(at(unknown.key as YamlNode, `unknown field "${escapeInvisible(key)}"${fieldHint(key)}`));
      continue;
    }
    const e = item.toJSON() as Record<string, unknown>;
    const protocol = String(e.protocol ?? 'TCP').toUpperCase();
    const port = e.port;
    const portProblem =
      typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))
        ? Number.isInteger(Number(port)) && Number(port) >= 1 && Number(port) <= 65535
          ? null
          : 'port must be from 1 to 65535'
        : typeof port === 'string'
          ? portNameValid(port)
            ? null
            : 'a named port has at most 15 lower-case letters, digits and "-", with at least one letter'
          : 'port must be a number or a named port';
    if (typeof e.from !== 'string' || typeof e.to !== 'string')
      errors.push(at(typeof e.from !== 'string' ? field('from') : field('to'), 'from and to must be REFs'));
    else if (portProblem) errors.push(at(field('port'), portProblem));
    else if (typeof e.allowed !== 'boolean')
      errors.push(at(field('allowed'), 'allowed must be true or false'));
    else if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP')
      errors.push(at(field('protocol'), 'protocol must be TCP, UDP or SCTP'));
    else {
      const pos = posOf(start);
      value.push({
        from: e.from,
        to: e.to,
        port: /^\d+$/.test(String(port)) ? Number(port) : (port as string),
        protocol,
        allowed: e.allowed,
        line: pos.line,
        col: pos.col,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { value, errors };
}

const FIELDS = ['from', 'to', 'port', 'protocol', 'allowed'];

/** ` (did you mean "allowed"?)` for a key one or two letters from a field of an expectation. */
function fieldHint(key: string): string {
  const lower = key.toLowerCase();
  const near = FIELDS.find((f) => editDistance(lower, f, 3) < 3);
  return near ? ` (did you mean "${near}"?)` : ` (an expectation has ${FIELDS.join(', ')})`;
}

/** The file for `assert`: all of it, or every mistake as `file:line:col: message`. */
export function parseExpectations(
  text: string,
  fileName: string,
): { ok: true; value: Expectation[] } | { ok: false; errors: string[] } {
  const { value, errors } = readExpectations(text);
  if (errors.length)
    return { ok: false, errors: errors.map((e) => `${fileName}:${e.line}:${e.col}: ${e.message}`) };
  return { ok: true, value };
}

/** An expectations file that `readExpectations` (and so `netpol-lab assert`) reads back as `list`. */
export function formatExpectations(list: readonly ExpectationSpec[]): string {
  const expectations = list.map((e) => ({
    from: e.from,
    to: e.to,
    port: e.port,
    protocol: e.protocol,
    allowed: e.allowed,
  }));
  // Block style, a key per line (diffs well in review); yaml quotes the strings that need it.
  return `# netpol-lab assert --expect FILE PATHS...\n${stringify(
    { expectations },
    { collectionStyle: 'block', lineWidth: 0 },
  )}`;
}

/** What one expectation gives on a cluster. */
export type ExpectationCheck =
  | {
      kind: 'checked';
      ok: boolean;
      allowed: boolean;
      /** The step that decides: the first denial, else the first rule that admits, else the result. */
      reason: string;
      steps: ExplanationStep[];
      /** The endpoints' indices; an address not in the cluster is added past its endpoints. */
      from: number;
      to: number;
    }
  /** A REF names nothing in the cluster (or is ambiguous). */
  | { kind: 'unresolved'; side: 'from' | 'to'; error: string };

export function checkExpectation(
  cluster: Cluster,
  e: ExpectationSpec,
  options: EvaluateOptions,
): ExpectationCheck {
  const from = resolveRef(cluster, e.from);
  if (!from.ok) return { kind: 'unresolved', side: 'from', error: from.error };
  const to = resolveRef(from.cluster, e.to);
  if (!to.ok) return { kind: 'unresolved', side: 'to', error: to.error };
  // A named port the destination does not have: "denied" would hold for a misspelt name, so say so.
  if (resolvePort(to.cluster, to.index, e.port, e.protocol) === undefined) {
    const destination = to.cluster.endpoints[to.index];
    const names =
      destination?.type === 'pod'
        ? destination.ports.filter((p) => p.name && p.protocol === e.protocol).map((p) => `"${p.name}"`)
        : [];
    return {
      kind: 'unresolved',
      side: 'to',
      error: `${e.to} has no ${e.protocol} port named "${escapeInvisible(String(e.port))}" (${
        names.length
          ? `its named ${e.protocol} ports: ${names.join(', ')}`
          : `it has no named ${e.protocol} port`
      })`,
    };
  }
  const verdict = evaluateConnection(
    to.cluster,
    { from: from.index, to: to.index, port: e.port, protocol: e.protocol },
    options,
  );
  const steps = explainVerdict(to.cluster, verdict);
  return {
    kind: 'checked',
    ok: verdict.allowed === e.allowed,
    allowed: verdict.allowed,
    reason: reasonOf(steps),
    steps,
    from: from.index,
    to: to.index,
  };
}

function reasonOf(steps: ExplanationStep[]): string {
  const denial = steps.find((s) => !s.allowed && s.direction !== 'Result');
  const rule = steps.find((s) => s.allowed && s.policy);
  return (denial ?? rule ?? steps[steps.length - 1])?.text ?? '';
}
