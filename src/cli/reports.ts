// The CI formats of `lint` (json, SARIF 2.1.0) and `assert` (JUnit XML), DESIGN 2.3.
import type { Diagnostic } from '../engine/index';

export type LintFormat = 'text' | 'json' | 'sarif';
export type AssertFormat = 'text' | 'json' | 'junit';

export interface AssertResult {
  from: string;
  to: string;
  port: number | string;
  protocol: string;
  expected: boolean;
  allowed: boolean;
  ok: boolean;
  reason: string;
}

/** `lint --format json`: every finding with its place, then the counts the exit code follows from. */
export function formatLintJson(findings: readonly Diagnostic[]): string {
  const report = {
    findings: findings.map((d) => ({
      file: d.fileName ?? null,
      line: d.range?.line ?? null,
      column: d.range?.col ?? null,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
    errors: findings.filter((d) => d.severity === 'error').length,
    warnings: findings.filter((d) => d.severity === 'warning').length,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * A file name as a SARIF artifact URI (RFC 3986): relative paths stay relative to where the command
 * ran (the repository root in CI, which code-scanning services resolve them against), with `/`
 * separators; absolute ones become file URIs. Characters outside the URI syntax are percent-encoded.
 */
export function artifactUri(fileName: string): string {
  const path = fileName.replace(/\\/g, '/');
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

/** `lint --format sarif`: SARIF 2.1.0, one result per finding, its code as the rule id. */
export function formatLintSarif(findings: readonly Diagnostic[], version: string): string {
  const ruleIds = [...new Set(findings.map((d) => d.code))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const levelOf = new Map(findings.map((d) => [d.code, SARIF_LEVEL[d.severity]]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netpol-lab',
            version,
            rules: ruleIds.map((id) => ({ id, defaultConfiguration: { level: levelOf.get(id) } })),
          },
        },
        // Columns count characters as the editor and `file:line:col` do, not UTF-16 code units.
        columnKind: 'unicodeCodePoints',
        results: findings.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: d.fileName
            ? [
                {
                  physicalLocation: {
                    artifactLocation: { uri: artifactUri(d.fileName) },
                    ...(d.range
                      ? {
                          region: {
                            startLine: d.range.line,
                            startColumn: d.range.col,
                            endLine: d.range.endLine,
                            endColumn: d.range.endCol,
                          },
                        }
                      : {}),
                  },
                },
              ]
            : [],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Text for XML character data and attributes. Names and labels come from the user's YAML: markup
 * characters are escaped, and characters XML 1.0 cannot carry at all (most control characters, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD, so the report always parses.
 */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** `assert --format junit`: one suite for the expectations file, one test case per expectation in order. */
export function formatAssertJunit(expectFile: string, results: readonly AssertResult[]): string {
  const failures = results.filter((r) => !r.ok).length;
  const suite = xmlText(expectFile);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netpol-lab assert" tests="${results.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${suite}" tests="${results.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const r of results) {
    const want = r.expected ? 'allowed' : 'denied';
    const name = xmlText(`${r.from} -> ${r.to} ${r.protocol} ${r.port} is ${want}`);
    if (r.ok) {
      lines.push(`    <testcase classname="${suite}" name="${name}"/>`);
    } else {
      const got = r.allowed ? 'allowed' : 'denied';
      lines.push(
        `    <testcase classname="${suite}" name="${name}">`,
        `      <failure message="${xmlText(r.reason)}" type="expected ${want}, got ${got}">${xmlText(
          `expected ${want}, got ${got}: ${r.reason}`,
        )}</failure>`,
        '    </testcase>',
      );
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
