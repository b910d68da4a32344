import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster, toKubectlYaml } from '../../../bench/generate';
import { applyEdit, type Edit } from '../edit/applyEdit';
import { parseText } from './parseWorkspace';
import { ParseCache } from './parseCache';

// The bulk path, forced on small texts: the cache is used there only.
const full = (text: string) => parseText(text, 'cluster.yaml', { fast: true });
const cached = (text: string, cache: ParseCache) => parseText(text, 'cluster.yaml', { fast: true, cache });

const base = (seed: number, extra: boolean) => {
  const list = toKubectlYaml(
    generateCluster({ pods: 12, policies: 6, namespaces: 3, seed, mix: 'default-deny-apps' }),
  );
  // A document after the List, and one before it: each read alone.
  return extra
    ? `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n---\n${list}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: extra, labels: {app: x}}\n`
    : list;
};

/** A change to one line of the text, as typing makes them: some break it, some tie items together. */
const lineChange = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'duplicate', 'value', 'insert'),
  value: fc.constantFrom(
    'x',
    '"unclosed',
    "'quoted'",
    '&anchor x',
    '*anchor',
    '[1, 2',
    '{a: b}',
    'null',
    '- y',
    '|\n    block',
    '"esc\\u0041ped"',
  ),
  line: fc.constantFrom(
    '---',
    '- apiVersion: v1',
    '  - kind: Pod',
    '# a comment',
    '%YAML 1.2',
    '',
    '    extra: 1',
  ),
});

function changeLine(text: string, c: { at: number; op: string; value: string; line: string }): string {
  const lines = text.split('\n');
  const i = c.at % lines.length;
  if (c.op === 'delete') lines.splice(i, 1);
  else if (c.op === 'duplicate') lines.splice(i, 0, lines[i]!);
  else if (c.op === 'insert') lines.splice(i, 0, c.line);
  else {
    const colon = lines[i]!.indexOf(': ');
    lines[i] = colon < 0 ? `${lines[i]} ${c.value}` : `${lines[i]!.slice(0, colon + 2)}${c.value}`;
  }
  return lines.join('\n');
}

const NAMESPACES = ['monitoring', 'kube-system', 'team-2'];

/** Structured edits as the app makes them, on objects the generated cluster has. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ pod: fc.nat(11), value: fc.constantFrom('a', 'b') }).map(({ pod, value }): Edit => ({
    type: 'set-labels',
    kind: 'Pod',
    namespace: NAMESPACES[pod % 3]!,
    name: `${['prometheus', 'kube-dns', 'app-0'][pod % 3]}-${pod}`,
    labels: { extra: value },
  })),
  fc.nat(5).map((p): Edit => ({
    type: 'add-ingress-rule',
    namespace: NAMESPACES[p % 3]!,
    podSelector: p % 2 ? {} : { matchLabels: { app: 'app-0' } },
    peers: [{ podSelector: { matchLabels: { tier: 'web' } } }],
    ports: [{ port: 8080 }],
  })),
  fc.nat(5).map((p): Edit => ({
    type: 'delete-object',
    kind: 'NetworkPolicy',
    namespace: NAMESPACES[p % 3]!,
    name: `np-${p}`,
  })),
  fc.nat(5).map((p): Edit => ({
    type: 'remove-rule',
    policy: { namespace: NAMESPACES[p % 3]!, name: `np-${p}` },
    direction: p % 3 === 2 ? 'Egress' : 'Ingress',
    ruleIndex: 0,
  })),
);

const step = fc.oneof(
  lineChange.map((c) => (text: string) => changeLine(text, c)),
  edit.map((e) => (text: string) => applyEdit(text, e, { itemWiseBytes: 0 }).value.text),
);

/** The cluster and findings without positions: two texts written differently that mean the same. */
function meaning(text: string): unknown {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => k !== 'range' && k !== 'files')
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  const parsed = parseText(text);
  return strip({ cluster: parsed.value.cluster, diagnostics: parsed.diagnostics.map((d) => d.code) });
}

describe('reading a text again through the parse cache', () => {
  it('gives what reading it whole gives, after any sequence of edits and typed changes', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 4 }),
        (seed, extra, steps) => {
          const cache = new ParseCache();
          let text = base(seed, extra);
          expect(cached(text, cache)).toEqual(full(text));
          for (const change of steps) {
            text = change(text);
            expect(cached(text, cache)).toEqual(full(text));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('parses only the List items an edit changed', () => {
    const cache = new ParseCache();
    const text = base(3, true);
    cached(text, cache);
    const next = applyEdit(text, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'team-2',
      name: 'app-0-5',
      labels: { extra: 'a' },
    }).value.text;
    expect(next).not.toBe(text);
    expect(cached(next, cache)).toEqual(full(next));
    expect(cache.parsed).toBe(1);
  });
});

describe('an edit of a big List read one item at a time', () => {
  it('means what the same edit of the List read whole means, and leaves the other items as written', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.boolean(), edit, (seed, extra, e) => {
        const text = base(seed, extra);
        const whole = applyEdit(text, e);
        const items = applyEdit(text, e, { itemWiseBytes: 0 });
        expect(items.diagnostics.map((d) => d.message)).toEqual(whole.diagnostics.map((d) => d.message));
        expect(items.value.changed).toBe(whole.value.changed);
        expect(meaning(items.value.text)).toEqual(meaning(whole.value.text));
        // Lines outside the edit are kept: what changed is one run of lines.
        const a = text.split('\n');
        const b = items.value.text.split('\n');
        let head = 0;
        while (head < a.length && a[head] === b[head]) head++;
        let tail = 0;
        while (tail < a.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
        expect(a.length - head - tail).toBeLessThan(60);
      }),
      { numRuns: 15 },
    );
  });
});
