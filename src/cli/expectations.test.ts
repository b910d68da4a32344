// The expectations file (DESIGN 2.3): what the app exports is what `assert` reads, and a mistake is
// reported at its line and column without dropping the expectations that read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkExpectation,
  formatExpectations,
  parseExpectations,
  parseText,
  readExpectations,
  type ExpectationSpec,
} from '../engine/index';

const ref = fc.oneof(
  fc
    .tuple(
      fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/),
      fc.stringMatching(/^[a-z0-9][-.a-z0-9]{0,10}$/),
    )
    .map(([ns, name]) => `${ns}/${name}`),
  fc.ipV4().map((a) => `ip:${a}`),
  fc.ipV6().map((a) => `ip:${a}`),
  // Hostile text: whatever a person types must survive the trip.
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s),
);
const spec: fc.Arbitrary<ExpectationSpec> = fc.record({
  from: ref,
  to: ref,
  port: fc.oneof(
    fc.integer({ min: 1, max: 65535 }),
    fc.stringMatching(/^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/).filter((s) => !s.includes('--')),
  ),
  protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
  allowed: fc.boolean(),
});

describe('the expectations file', () => {
  it('reads back what it writes, in order (export, then assert)', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), (list) => {
        const text = formatExpectations(list);
        const parsed = parseExpectations(text, 'expect.yaml');
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.map(({ line: _l, col: _c, ...e }) => e)).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the course files, flow style and default protocol included', () => {
    const text = readFileSync('fixtures/course/002-web-api-db/expect.yaml', 'utf8');
    const { value, errors } = readExpectations(text);
    expect(errors).toEqual([]);
    expect(value[0]).toEqual({
      from: 'default/api',
      to: 'default/db',
      port: 3306,
      protocol: 'TCP',
      allowed: true,
      line: 2,
      col: 5,
    });
    // Written out and read again, the same expectations.
    const again = readExpectations(formatExpectations(value)).value;
    expect(again.map(({ line: _l, col: _c, ...e }) => e)).toEqual(
      value.map(({ line: _l, col: _c, ...e }) => e),
    );
  });

  it('reports each mistake at the value at fault and keeps the expectations that read', () => {
    const text = [
      'expectations:', // 1
      '  - { from: a/web, to: a/db, port: 3306, allowed: true }', // 2
      '  - from: a/web', // 3
      '    to: a/db', // 4
      '    port: 3306', // 5
      '    allowed: maybe', // 6
      '  - { from: a/api, to: a/db, port: 3306, protocol: ICMP, allowed: true }', // 7
      '  - just a string', // 8
      '  - { from: a/api, to: 7, port: 80, allowed: false }', // 9
      '  - { from: a/api, to: a/db, port: [80], allowed: false }', // 10
      '  - { from: a/api, to: a/db, port: 22, allowed: false }', // 11
    ].join('\n');
    const { value, errors } = readExpectations(text);
    expect(errors).toEqual([
      { line: 6, col: 14, message: 'allowed must be true or false' },
      { line: 7, col: 52, message: 'protocol must be TCP, UDP or SCTP' },
      { line: 8, col: 5, message: 'each expectation must be a mapping with from, to, port and allowed' },
      { line: 9, col: 24, message: 'from and to must be REFs' },
      { line: 10, col: 36, message: 'port must be a number or a named port' },
    ]);
    expect(value.map((e) => [e.line, e.port])).toEqual([
      [2, 3306],
      [11, 22],
    ]);
    // The CLI refuses the whole file, naming every mistake.
    const cli = parseExpectations(text, 'x.yaml');
    expect(cli.ok).toBe(false);
    expect(!cli.ok && cli.errors[0]).toBe('x.yaml:6:14: allowed must be true or false');
  });

  it('drops only the expectation a YAML syntax error falls in', () => {
    const text = [
      'expectations:',
      '  - { from: a/web, to: a/db, port: 3306, allowed: true }',
      '  - { from: a/web, to: a/db, port: 3306, allowed: true',
      '  - { from: a/api, to: a/db, port: 22, allowed: false }',
    ].join('\n');
    const { value, errors } = readExpectations(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(value.map((e) => e.line)).toContain(2);
    expect(value.some((e) => e.line === 3)).toBe(false);
  });

  it('says what is missing in a file without an expectations list', () => {
    for (const text of ['', 'expectations: 3', '- a', 'foo: bar'])
      expect(readExpectations(text)).toEqual({
        value: [],
        errors: [
          { line: 1, col: expect.any(Number), message: 'expected a mapping with an "expectations" list' },
        ],
      });
  });

  it('refuses a misspelt key, a port out of range and a port name the API would refuse, where they stand', () => {
    const text = [
      'expectations:', // 1
      '  - { from: a/web, to: a/db, port: 53, protocl: UDP, allowed: true }', // 2
      '  - { from: a/web, to: a/db, port: 80, alowed: false }', // 3
      '  - { from: a/web, to: a/db, port: 80, allowed: false, note: x }', // 4
      '  - { from: a/web, to: a/db, port: 99999, allowed: false }', // 5
      '  - { from: a/web, to: a/db, port: 0, allowed: false }', // 6
      '  - { from: a/web, to: a/db, port: 8.5, allowed: false }', // 7
      '  - { from: a/web, to: a/db, port: "Web Port", allowed: false }', // 8
      '  - { from: a/web, to: a/db, port: 65535, allowed: false }', // 9
    ].join('\n');
    const { value, errors } = readExpectations(text);
    expect(errors).toEqual([
      { line: 2, col: 40, message: 'unknown field "protocl" (did you mean "protocol"?)' },
      { line: 3, col: 40, message: 'unknown field "alowed" (did you mean "allowed"?)' },
      {
        line: 4,
        col: 56,
        message: 'unknown field "note" (an expectation has from, to, port, protocol, allowed)',
      },
      { line: 5, col: 36, message: 'port must be from 1 to 65535' },
      { line: 6, col: 36, message: 'port must be from 1 to 65535' },
      { line: 7, col: 36, message: 'port must be from 1 to 65535' },
      {
        line: 8,
        col: 36,
        message: 'a named port has at most 15 lower-case letters, digits and "-", with at least one letter',
      },
    ]);
    expect(value.map((e) => [e.line, e.port])).toEqual([[9, 65535]]);
  });

  it('cannot check a named port the destination lacks, rather than call it denied', () => {
    const cluster = parseText(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: web, namespace: a}',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: db, namespace: a}',
        'spec: {containers: [{name: c, image: x, ports: [{name: sql, containerPort: 5432}, {name: dns, containerPort: 53, protocol: UDP}]}]}',
      ].join('\n'),
    ).value.cluster;
    const check = (port: number | string, protocol: ExpectationSpec['protocol'] = 'TCP') =>
      checkExpectation(cluster, { from: 'a/web', to: 'a/db', port, protocol, allowed: false }, {});
    // A typo in the name would make every "denied" expectation pass.
    expect(check('sqll')).toEqual({
      kind: 'unresolved',
      side: 'to',
      error: 'a/db has no TCP port named "sqll" (its named TCP ports: "sql")',
    });
    expect(check('sql', 'UDP')).toMatchObject({
      kind: 'unresolved',
      error: expect.stringContaining('"dns"'),
    });
    expect(check('http', 'SCTP')).toMatchObject({
      error: expect.stringContaining('it has no named SCTP port'),
    });
    expect(check('x', 'TCP')).toMatchObject({ kind: 'unresolved' });
    // The names it has, and numbers, are checked.
    expect(check('sql')).toMatchObject({ kind: 'checked', allowed: true, ok: false });
    expect(check(5432)).toMatchObject({ kind: 'checked', allowed: true });
  });
});
