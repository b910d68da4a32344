// The `netpol-lab` command (DESIGN 2.3). The only place in the engine's world that reads files or prints.
import { parseArgs } from 'node:util';
import {
  analyze,
  auditWorkspace,
  CSV_PAIR_LIMIT,
  evaluateConnection,
  escapeInvisible,
  formatVerdict,
  lintWorkspace,
  parseWorkspace,
  resolveRef,
  type Cluster,
  type Diagnostic,
  type Protocol,
  type Semantics,
} from '../engine/index';
import packageJson from '../../package.json';
import { writeEval, type EvalFormat } from './formatters';
import {
  formatAssertJunit,
  formatLintJson,
  formatLintSarif,
  type AssertResult,
  type LintFormat,
} from './reports';
import { checkExpectation, parseExpectations } from '../engine/index';
import { runDiff } from './diff';
import { formatAudit } from './auditFormat';
import { MAX_INPUT_BYTES, readInputs, readOneFile, UsageError } from './readInputs';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
  /** The input size limit; MAX_INPUT_BYTES unless a test lowers it. */
  maxInputBytes?: number;
}

const USAGE = `netpol-lab: who can talk to whom in a Kubernetes cluster, and why

Usage:
  netpol-lab eval    [--port P] [--protocol TCP|UDP|SCTP] [--format table|json|csv|md|dot] [--per-pair] PATHS...
  netpol-lab table   [--port P] [--protocol TCP|UDP|SCTP] PATHS...
  netpol-lab explain --from REF --to REF --port P [--protocol TCP] PATHS...
  netpol-lab assert  --expect FILE [--format text|json|junit] PATHS...
  netpol-lab lint    [--format text|json|sarif] PATHS...
  netpol-lab diff    --base PATH [--base PATH...] [--format text|json|md] PATHS...
  netpol-lab audit   [--format text|json] PATHS...
  netpol-lab --version

Every command takes --semantics current|legacy (legacy: Kubernetes 1.5-1.6 beta, namespace DefaultDeny).
PATHS are YAML/JSON files, directories (read recursively; regular files only) or - for standard input
(once). Each input, and all of them together, may be at most ${MAX_INPUT_BYTES / (1024 * 1024)} MB.
REF is namespace/name, namespace/kind/name, or ip:ADDRESS.
eval --format csv writes a row per pair of namespaces past ${CSV_PAIR_LIMIT.toLocaleString('en')} endpoint pairs; --per-pair writes every pair.
Exit codes: 0 success; 1 failed expectation, error-level lint finding, or connectivity differs (diff);
2 unusable input or arguments.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    // Not a user error: still no stack trace on the terminal, but say it is a bug.
    io.stderr(`netpol-lab: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        protocol: { type: 'string' },
        format: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        expect: { type: 'string' },
        base: { type: 'string', multiple: true },
        'per-pair': { type: 'boolean' },
        semantics: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`netpol-lab: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const semantics = (values.semantics ?? 'current') as Semantics;
  if (semantics !== 'current' && semantics !== 'legacy') {
    throw new UsageError(`netpol-lab: --semantics must be current or legacy, not "${values.semantics}"`);
  }
  const protocol = parseProtocol(values.protocol);
  const options = { semantics };
  if (!['eval', 'table', 'explain', 'assert', 'lint', 'diff', 'audit'].includes(command)) {
    throw new UsageError(`netpol-lab: unknown command "${command}"\n\n${USAGE}`);
  }
  if (positionals.length === 0)
    throw new UsageError(`netpol-lab ${command}: no input; give files, directories or - for stdin`);
  // Formats are checked before any input is read, so a typo costs no parse of a big cluster.
  const lintFormat = (values.format ?? 'text') as LintFormat;
  if (command === 'lint' && !['text', 'json', 'sarif'].includes(lintFormat))
    throw new UsageError(`netpol-lab lint: --format must be text, json or sarif, not "${values.format}"`);
  const assertFormat = values.format ?? 'text';
  if (command === 'assert' && !['text', 'json', 'junit'].includes(assertFormat))
    throw new UsageError(`netpol-lab assert: --format must be text, json or junit, not "${values.format}"`);

  const files = await readInputs(positionals, {
    stdin: io.stdin ?? process.stdin,
    maxBytes: io.maxInputBytes,
    warn: (text) => io.stderr(`${text}\n`),
  });

  if (command === 'diff') {
    if (!values.base?.length)
      throw new UsageError('netpol-lab diff: --base PATH is required (the version to compare with)');
    if (values.base.includes('-') && positionals.includes('-'))
      throw new UsageError('-: standard input can be read only once; give - one time');
    const base = await readInputs(values.base, {
      stdin: io.stdin ?? process.stdin,
      maxBytes: io.maxInputBytes,
      warn: (text) => io.stderr(`${text}\n`),
    });
    return runDiff(base, files, values.format ?? 'text', options, io.stdout, location);
  }
  const parsedWs = parseWorkspace(files);
  const ws = parsedWs.value;

  if (command === 'lint') {
    const findings = [...parsedWs.diagnostics, ...lintWorkspace(ws, options)];
    const errors = findings.filter((d) => d.severity === 'error').length;
    if (lintFormat === 'json') io.stdout(formatLintJson(findings));
    else if (lintFormat === 'sarif') io.stdout(formatLintSarif(findings, packageJson.version));
    else {
      for (const d of findings) io.stdout(`${location(d)}: ${d.severity}: ${d.message} [${d.code}]\n`);
      io.stdout(`${findings.length} finding(s), ${errors} error(s)\n`);
    }
    return errors > 0 ? 1 : 0;
  }

  // Evaluating a workspace with errors would answer questions about a different cluster than the user wrote.
  const errors = parsedWs.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map((d) => `${location(d)}: ${d.message}`).join('\n'));

  if (command === 'audit') {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`netpol-lab audit: --format must be text or json, not "${format}"`);
    io.stdout(formatAudit(ws, auditWorkspace(ws, options), format));
    return 0;
  }

  if (command === 'eval' || command === 'table') {
    const format = (command === 'table' ? 'table' : (values.format ?? 'table')) as EvalFormat;
    if (!['table', 'json', 'csv', 'md', 'dot'].includes(format)) {
      throw new UsageError(`netpol-lab eval: --format must be table, json, csv, md or dot, not "${format}"`);
    }
    const port = values.port === undefined ? undefined : parsePortNumber(values.port);
    const analysis = analyze(ws.cluster, options);
    const filter = port === undefined ? undefined : { port, protocol };
    writeEval(ws.cluster, analysis, format, io.stdout, filter, values['per-pair'] === true);
    return 0;
  }

  if (command === 'explain') {
    if (!values.from || !values.to || values.port === undefined) {
      throw new UsageError('netpol-lab explain: --from, --to and --port are required');
    }
    const { cluster, from, to } = resolvePair(ws.cluster, values.from, values.to);
    const port = parsePort(values.port);
    const verdict = evaluateConnection(cluster, { from, to, port, protocol }, options);
    io.stdout(`${formatVerdict(cluster, verdict)}\n`);
    return 0;
  }

  // assert
  if (!values.expect) throw new UsageError('netpol-lab assert: --expect FILE is required');
  const expectText = await readOneFile(values.expect, io.maxInputBytes);
  const expectations = parseExpectations(expectText, values.expect);
  if (!expectations.ok) throw new UsageError(expectations.errors.join('\n'));
  const results = expectations.value.map((e): AssertResult => {
    const check = checkExpectation(ws.cluster, e, options);
    if (check.kind === 'unresolved')
      throw new UsageError(`${values.expect}:${e.line}:${e.col}: --${check.side} ${check.error}`);
    return {
      from: e.from,
      to: e.to,
      port: e.port,
      protocol: e.protocol,
      expected: e.allowed,
      allowed: check.allowed,
      ok: check.ok,
      reason: check.reason,
    };
  });
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (assertFormat === 'json') io.stdout(`${JSON.stringify({ passed, failed, results }, null, 2)}\n`);
  else if (assertFormat === 'junit') io.stdout(formatAssertJunit(values.expect, results));
  else {
    for (const r of results.filter((x) => !x.ok)) {
      io.stdout(
        `FAIL ${r.from} -> ${r.to} ${r.protocol} ${r.port}: expected ${r.expected ? 'allowed' : 'denied'}, got ${r.allowed ? 'allowed' : 'denied'}: ${r.reason}\n`,
      );
    }
    io.stdout(`${passed} passed, ${failed} failed\n`);
  }
  return failed > 0 ? 1 : 0;
}

function parseProtocol(value: string | undefined): Protocol {
  if (value === undefined) return 'TCP';
  const upper = value.toUpperCase();
  if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') {
    throw new UsageError(`netpol-lab: --protocol must be TCP, UDP or SCTP, not "${value}"`);
  }
  return upper;
}

function parsePortNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new UsageError(`netpol-lab: --port must be 1-65535, not "${value}"`);
  return n;
}

function parsePort(value: string): number | string {
  return /^\d+$/.test(value) ? parsePortNumber(value) : value;
}

function resolvePair(cluster: Cluster, fromRef: string, toRef: string, where = 'netpol-lab') {
  const from = resolveRef(cluster, fromRef);
  if (!from.ok) throw new UsageError(`${where}: --from ${from.error}`);
  const to = resolveRef(from.cluster, toRef);
  if (!to.ok) throw new UsageError(`${where}: --to ${to.error}`);
  return { cluster: to.cluster, from: from.index, to: to.index };
}

export function location(d: Diagnostic): string {
  // A file name is untrusted text too: invisible and bidi characters printed escaped.
  const file = escapeInvisible(d.fileName ?? '<input>');
  return d.range ? `${file}:${d.range.line}:${d.range.col}` : file;
}
