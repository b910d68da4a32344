import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import {
  listItems,
  nodeWithin,
  parseText,
  parseWorkspace,
  resolveLines,
  type LineStart,
} from './parseWorkspace';
import type { Diagnostic, NetworkPolicy, SourceRange } from '../types';
import { deriveExternalEndpoints } from './externals';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const find = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);

const COURSE_002 = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: network-policy
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress:
  ingress:
  - from:
    - podSelector:
        matchLabels:
          name: api-pod
    ports:
    - protocol: TCP
      port: 3306
`;

const COURSE_003 = `kind: Namespace
apiVersion: v1
metadata:
  name: default
  annotations:
    net.beta.kubernetes.io/network-policy: |
      {
        "ingress": {
          "isolation": "DefaultDeny"
        }
      }
---
apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata:
 name: test-network-policy
 namespace: default
spec:
 podSelector:
  matchLabels:
    role: db
 ingress:
  - from:
     - namespaceSelector:
        matchLabels:
         project: myproject
     - podSelector:
        matchLabels:
         role: frontend
    ports:
     - protocol: tcp
       port: 6379
`;

describe('parseText', () => {
  it('refuses the course 002 policy for the stray colon in `- Ingress:`, at its line, as the API server does', () => {
    const { value, diagnostics } = parseText(COURSE_002, 'course-002.yaml');
    expect(value.cluster.policies).toEqual([]);
    const stray = find(diagnostics, 'policy-types-stray-colon')!;
    expect(stray.severity).toBe('error');
    expect(stray.range).toMatchObject({ line: 10, col: 5 });
    expect(stray.fileName).toBe('course-002.yaml');
    expect(stray.message).toBe(
      'policyTypes item "Ingress:" has a stray colon, which makes it a mapping instead of the string "Ingress"; NetworkPolicy default/network-policy is not applied',
    );
    // Without the colon it is read, with the course's meaning.
    const fixed = parseText(COURSE_002.replace('- Ingress:', '- Ingress')).value.cluster.policies[0]!;
    expect(fixed.namespace).toBe('default');
    expect(fixed.policyTypes).toEqual(['Ingress']);
    expect(fixed.policyTypesInferred).toBe(false);
    expect(fixed.ingress[0]!.ports).toMatchObject([{ protocol: 'TCP', port: 3306 }]);
  });

  it('reads the early-docs extensions/v1beta1 example as v1 with warnings, and the DefaultDeny annotation', () => {
    const { value, diagnostics } = parseText(COURSE_003);
    const policy = value.cluster.policies[0]!;
    expect(policy.legacy).toBe(true);
    expect(policy.ingress[0]!.peers).toHaveLength(2);
    expect(policy.ingress[0]!.ports[0]).toMatchObject({ protocol: 'TCP', port: 6379 });
    expect(codes(diagnostics)).toEqual(
      expect.arrayContaining(['policy-legacy-api', 'protocol-case', 'legacy-default-deny-annotation']),
    );
    expect(find(diagnostics, 'protocol-case')!.range!.line).toBe(31);
    expect(value.cluster.namespaces.find((n) => n.name === 'default')!.legacyDefaultDeny).toBe(true);
    expect(diagnostics.every((d) => d.severity !== 'error')).toBe(true);
  });

  it('applies defaults once: namespace, protocol, inferred policyTypes, metadata.name label', () => {
    const { value } = parseText(`
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: p}
spec:
  podSelector: {}
  egress:
  - ports: [{port: 53}]
`);
    const p = value.cluster.policies[0]!;
    expect(p.namespace).toBe('default');
    expect(p.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(p.policyTypesInferred).toBe(true);
    expect(p.egress[0]!.ports[0]!.protocol).toBe('TCP');
    expect(p.egress[0]!.peers).toEqual([]);
    const ns = value.cluster.namespaces.find((n) => n.name === 'default')!;
    expect(ns.declared).toBe(false);
    expect(ns.labels['kubernetes.io/metadata.name']).toBe('default');
  });

  it('keeps a missing selector (null) apart from an empty one ({})', () => {
    const { value } = parseText(`
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {}
    - podSelector: {matchLabels: {a: b}}
      namespaceSelector: {matchLabels: {c: d}}
`);
    const peers = value.cluster.policies[0]!.ingress[0]!.peers;
    expect(peers[0]).toMatchObject({
      type: 'selector',
      podSelector: null,
      namespaceSelector: { matchLabels: {} },
    });
    expect(peers[1]).toMatchObject({
      podSelector: { matchLabels: { a: 'b' } },
      namespaceSelector: { matchLabels: { c: 'd' } },
    });
  });

  it('reads kind: List (kubectl get -o yaml) and workloads through their pod templates', () => {
    const { value, diagnostics } = parseText(`
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: web, namespace: shop, labels: {app: web, extra: x}}
  spec: {containers: [{name: c}]}
  status: {podIP: 10.0.0.4, podIPs: [{ip: 10.0.0.4}, {ip: "fd00::4"}]}
- apiVersion: batch/v1
  kind: CronJob
  metadata: {name: report, namespace: shop}
  spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: [{name: c}]}}}}}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cfg}
`);
    const refs = value.cluster.endpoints.map((e) => e.ref);
    expect(refs).toEqual(['shop/deployment/web', 'shop/pod/web', 'shop/report']);
    const deployment = value.cluster.endpoints[0]!;
    expect(deployment.type === 'pod' && deployment.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
    const pod = value.cluster.endpoints[1]!;
    expect(pod.type === 'pod' && pod.ips).toEqual(['10.0.0.4', 'fd00::4']);
    expect(find(diagnostics, 'unknown-kind')!.severity).toBe('info');
    expect(value.cluster.endpoints[2]!.range!.line).toBe(17);
  });

  it('reads JSON, including a List, on both paths', () => {
    const json = JSON.stringify({
      kind: 'List',
      items: [{ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'n', labels: { x: 'y' } } }],
    });
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(json, 'x.json', { fast });
      expect(value.cluster.endpoints.map((e) => e.ref)).toEqual(['n/a']);
      expect(diagnostics).toEqual([]);
    }
  });

  it('accepts empty and comment-only documents', () => {
    const { value, diagnostics } = parseText('# nothing\n---\n---\n# still nothing\n');
    expect(value.cluster.endpoints).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ['label key', 'metadata: {name: p, labels: {"bad key": x}}', 'label-key'],
    ['label value', 'metadata: {name: p, labels: {ok: "-bad"}}', 'label-value'],
    ['missing name', 'metadata: {labels: {a: b}}', 'missing-name'],
  ])('validates %s', (_name, metadata, code) => {
    const { diagnostics } = parseText(`apiVersion: v1\nkind: Pod\n${metadata}\n`);
    expect(find(diagnostics, code)!.range!.line).toBe(3);
  });

  it.each([
    [
      'an unknown operator',
      'podSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}',
      'selector-operator',
    ],
    ['In without values', 'podSelector: {matchExpressions: [{key: a, operator: In}]}', 'selector-values'],
    [
      'Exists with values',
      'podSelector: {matchExpressions: [{key: a, operator: Exists, values: [b]}]}',
      'selector-values',
    ],
    ['a bad CIDR', 'ipBlock: {cidr: 10.0.0.0/33}', 'cidr-syntax'],
    [
      'an except outside the CIDR',
      'ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}',
      'except-outside-cidr',
    ],
    [
      'ipBlock with a selector',
      'ipBlock: {cidr: 10.0.0.0/16}\n      podSelector: {}',
      'peer-ipblock-and-selector',
    ],
    ['an empty peer', '{}', 'peer-empty'],
  ])('rejects a peer with %s, at its line', (_name, peer, code) => {
    const { diagnostics } = parseText(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ${peer}\n`,
    );
    const d = find(diagnostics, code);
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect(d!.severity).toBe('error');
    expect(d!.range!.line).toBe(8);
  });

  it.each([
    ['port 0', '{port: 0}', 'port-range'],
    ['port 70000', '{port: 70000}', 'port-range'],
    ['a bad port name', '{port: Not_A_Name}', 'port-name'],
    ['endPort below port', '{port: 90, endPort: 80}', 'endport-below-port'],
    ['endPort with a named port', '{port: http, endPort: 80}', 'endport-named'],
    ['ICMP', '{protocol: ICMP, port: 1}', 'protocol-unknown'],
  ])('rejects %s', (_name, port, code) => {
    const { diagnostics } = parseText(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - ${port}\n`,
    );
    expect(find(diagnostics, code)?.severity, JSON.stringify(diagnostics)).toBe('error');
  });

  it('reports YAML syntax errors with line and column and keeps the other documents', () => {
    const { value, diagnostics } = parseText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [unclosed\n',
    );
    const error = find(diagnostics, 'yaml-syntax')!;
    expect(error.range!.doc).toBe(1);
    expect(error.range!.line).toBeGreaterThanOrEqual(6);
    expect(value.cluster.endpoints.map((e) => e.ref)).toEqual(['default/a']);
  });

  it('derives one external endpoint per ipBlock, outside its excepts, and one for other addresses', () => {
    const { value } = parseText(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/24]}
    - ipBlock: {cidr: "2001:db8::/32"}
`);
    const externals = value.cluster.endpoints.filter((e) => e.type === 'external');
    expect(externals.map((e) => e.type === 'external' && [e.ref, e.label])).toEqual([
      ['ip:10.0.1.0', '10.0.0.0/8 except 10.0.0.0/24'],
      ['ip:2001:db8::1', '2001:db8::/32'],
      ['ip:203.0.113.77', 'other addresses'],
    ]);
  });
});

describe('hostile input', () => {
  it('refuses an alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    const { diagnostics } = parseText(lines.join('\n'));
    expect(codes(diagnostics)).toContain('input-too-complex');
  });

  it('refuses very deep nesting', () => {
    const { diagnostics } = parseText('a: ' + '['.repeat(100000) + ']'.repeat(100000));
    expect(codes(diagnostics)).toContain('input-too-complex');
  });

  it('reads bulk JSON with a value nested far too deep without overflowing, and says where', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    const pods = Array.from({ length: 2000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'a', labels: { app: 'x' } },
    }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }, null, 2).replace(
      '"app": "x"',
      `"app": ${deep}`,
    );
    const { value, diagnostics } = parseText(text, 'deep.json');
    const found = diagnostics.find((d) => d.code === 'field-wrong-type');
    expect(found?.message).toBe('metadata.labels.app must be a string, not a list; Pod a/p0 is not applied');
    // At the key, found by walking the JSON text (the Document API would not read it).
    expect(text.split('\n')[found!.range!.line - 1]!.trimStart().slice(0, 12)).toBe('"app": [[[[[');
    expect(text.slice(found!.range!.offset, found!.range!.endOffset)).toBe('"app"');
    // The object the API server would refuse is not applied; the others are.
    expect(value.cluster.endpoints.filter((e) => e.type === 'pod' && e.kind === 'Pod')).toHaveLength(1999);
  });

  it('counts lines and columns right for List items on the bulk path', () => {
    const pods = Array.from({ length: 300 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'a', labels: i % 7 === 0 ? { 'bad key!': 'x' } : { app: 'x' } },
    }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }, null, 2);
    const { value, diagnostics } = parseText(text, 'c.json', { fast: true });
    const lines = text.split('\n');
    // Findings point at their node, as on the Document path: the bad key's line.
    const found = diagnostics.filter((x) => x.code === 'label-key');
    expect(found).toHaveLength(43);
    for (const d of found) expect(lines[d.range!.line - 1]).toBe('          "bad key!": "x"');
    expect(found).toEqual(parseText(text, 'c.json', { fast: false }).diagnostics);
    for (const pod of value.cluster.endpoints.filter((e) => e.type === 'pod' && e.kind === 'Pod')) {
      const at = pod.range!;
      expect(text.slice(at.offset, at.offset + 1)).toBe('{');
      expect(lines[at.line - 1]!.slice(at.col - 1)).toBe('{');
      expect(lines[at.endLine - 1]!.slice(0, at.endCol - 1)).toBe(
        text.slice(text.lastIndexOf('\n', at.endOffset - 1) + 1, at.endOffset),
      );
    }
  });

  it('refuses binary junk', () => {
    const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const { diagnostics } = parseText(junk);
    expect(codes(diagnostics)).toContain('binary-input');
  });
});

describe('the bulk path', () => {
  it('finds a rule inside its policy bulk range where the Document path puts it (nodeWithin)', () => {
    // "Show in YAML" for an allowing rule: on the bulk path a rule has its policy's range, and the page
    // finds the rule in it when it is shown. (Minified JSON is one line: every range in it is line 1.)
    const rule = fc.record(
      {
        from: fc.array(
          fc.record({
            podSelector: fc.record({
              matchLabels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b')),
            }),
          }),
          { maxLength: 2 },
        ),
        ports: fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
    const spec = fc.record({
      ingress: fc.array(rule, { maxLength: 3 }),
      egress: fc.array(
        rule.map((r) => ({ to: r.from, ports: r.ports })),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 3 }), fc.nat(3), (specs, layout) => {
        const items = specs.map((sp, i) => ({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `p${i}`, namespace: 'n', annotations: { note: 'a "quoted" {brace} - x' } },
          spec: { podSelector: {}, ...sp },
        }));
        const list = { apiVersion: 'v1', items, kind: 'List' };
        const text = [
          JSON.stringify(list, null, 2),
          stringify(list, { indentSeq: false }),
          stringify(list, { indentSeq: true, indent: 4 }),
          items.map((item) => stringify(item)).join('---\n'),
        ][layout]!;
        const slow = parseText(text, 'x', { fast: false }).value.cluster.policies;
        const fast = parseText(text, 'x', { fast: true }).value.cluster.policies;
        fast.forEach((policy, p) => {
          for (const dir of ['ingress', 'egress'] as const)
            policy[dir].forEach((r, k) => {
              // On the bulk path the rule has its policy's range; nodeWithin finds the rule.
              expect(r.range).toEqual(policy.range);
              expect(nodeWithin(text, policy.range!, ['spec', dir, k])).toEqual(slow[p]![dir][k]!.range);
            });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('builds the same cluster as the Document path (ranges aside)', () => {
    const docs: string[] = [];
    for (let i = 0; i < 300; i++) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: ns${i % 7}\n  labels: {app: a${i % 5}}\nspec:\n  containers:\n  - name: c\n    ports: [{name: http, containerPort: 80}]\nstatus: {podIP: 10.0.${i % 250}.${i % 200}}`,
      );
      if (i % 10 === 0) {
        docs.push(
          `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ns${i % 7}}\nspec:\n  podSelector: {matchLabels: {app: a${i % 5}}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: x}}, podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}]\n    ports: [{port: http}, {protocol: UDP, port: 53, endPort: 60}]`,
        );
      }
    }
    const text = docs.join('\n---\n');
    const strip = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'range' ? undefined : x)));
    const slow = parseText(text, 'a.yaml', { fast: false });
    const fast = parseText(text, 'a.yaml', { fast: true });
    expect(strip(fast.value.cluster)).toEqual(strip(slow.value.cluster));
    expect(fast.diagnostics).toEqual([]);
    // Ranges on the bulk path are per document: the 2nd pod's document starts at its own line.
    expect(fast.value.cluster.endpoints[1]!.range!.line).toBe(
      slow.value.cluster.endpoints[1]!.range!.line - 0,
    );
  });

  it('points a finding inside a kind: List at its node, as the Document path does, in YAML and in JSON', () => {
    const items = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'n' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'n', labels: { 'bad key': 'x' } } },
    ];
    const yaml = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: a\n      namespace: n\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: b\n      namespace: n\n      labels:\n        bad key: x\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: c, namespace: n}\n`;
    const at = (text: string, fast: boolean) =>
      find(parseText(text, 'l', { fast }).diagnostics, 'label-key')!.range!;
    const fromYaml = at(yaml, true);
    expect(fromYaml).toEqual(at(yaml, false));
    expect(yaml.split('\n')[fromYaml.line - 1]).toBe('        bad key: x');
    // At the key, which is what is wrong, not at its value.
    expect(yaml.slice(fromYaml.offset, fromYaml.endOffset)).toBe('bad key');
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
    const fromJson = at(json, true);
    expect(fromJson).toEqual(at(json, false));
    expect(json.split('\n')[fromJson.line - 1]).toBe('          "bad key": "x"');
    expect(json.slice(fromJson.offset, fromJson.endOffset)).toBe('"bad key"');
    // Objects know their item too, so "Show in YAML" lands on them (b, refused, is not one).
    const c = parseText(yaml, 'l.yaml', { fast: true }).value.cluster.endpoints[1]!;
    expect(c.ref).toBe('n/c');
    expect(c.range!.line).toBe(16);
  });

  it('reports a js-yaml syntax error position', () => {
    const { diagnostics } = parseText('a: 1\nb: [\n', 'x.yaml', { fast: true });
    expect(find(diagnostics, 'yaml-syntax')!.range!.line).toBeGreaterThanOrEqual(2);
  });
});

describe('parseWorkspace', () => {
  it('keeps file indexes and names on ranges and diagnostics', () => {
    const { value, diagnostics } = parseWorkspace([
      { name: 'a.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n' },
      {
        name: 'b.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c, labels: {"x y": z}}\n',
      },
    ]);
    expect(value.cluster.endpoints.map((e) => e.range!.file)).toEqual([0, 1]);
    expect(diagnostics[0]!.fileName).toBe('b.yaml');
  });
});

/** Line and column (from 1) of an offset, the slow and obvious way. */
const naivePosition = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
};

describe('resolveLines', () => {
  it('gives every range the line and column of its offsets, in any order, shared or repeated, with or without known line starts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 100 }),
        fc.infiniteStream(fc.boolean()),
        (text, picks, keep) => {
          // Some of the real line starts, as a List scan hands them over.
          const known: LineStart[] = [];
          for (
            let i = 0, line = 1;
            i <= text.length;
            i = text.indexOf('\n', i) + 1 || text.length + 1, line++
          )
            if (keep.next().value) known.push({ offset: i, line });
          const ranges: SourceRange[] = picks.map(([x, y]) => {
            const [offset, endOffset] = [x % (text.length + 1), y % (text.length + 1)].sort((m, n) => m - n);
            return {
              file: 0,
              doc: 0,
              line: 0,
              col: 0,
              endLine: 0,
              endCol: 0,
              offset: offset!,
              endOffset: endOffset!,
            };
          });
          resolveLines(text, ranges, known);
          for (const r of ranges) {
            expect({ line: r.line, col: r.col }).toEqual(naivePosition(text, r.offset));
            expect({ line: r.endLine, col: r.endCol }).toEqual(naivePosition(text, r.endOffset));
          }
        },
      ),
    );
  });
});

describe('List items on the bulk path', () => {
  // kubectl's own layouts and some it never prints: items at any indentation, JSON of any indent,
  // nested objects and lists that start with the item's own marker one level deeper.
  const item = (i: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, labels: { app: `a${i % 3}` } },
    spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 + i }] }] },
  });
  const yamlList = (n: number, indent: string) =>
    `apiVersion: v1\nkind: List\nitems:\n${Array.from(
      { length: n },
      (_, i) =>
        `${indent}- apiVersion: v1\n${indent}  kind: Pod\n${indent}  metadata:\n${indent}    name: p${i}\n${indent}  spec:\n${indent}    containers:\n${indent}    - name: c\n`,
    ).join('')}`;

  it('finds every item and its line, as the lines of the text say, in YAML and JSON', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('', '  ', '\t'),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.constantFrom('# c', 'x: 1', ''), { maxLength: 4 }).map((lines) => lines.join('\n')),
        (n, yamlIndent, jsonIndent, preamble) => {
          const texts = [
            `${preamble}\n${yamlList(n, yamlIndent)}`,
            JSON.stringify(
              { apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => item(i)) },
              null,
              jsonIndent || 1,
            ),
          ];
          for (const text of texts) {
            const found = listItems(text, 0, text.length);
            expect(found.offsets).toHaveLength(n);
            const first = text.slice(found.offsets[0]!, found.offsets[0]! + 2);
            found.offsets.forEach((offset, i) => {
              expect(text.slice(offset, offset + 2)).toBe(first);
              expect(naivePosition(text, offset)).toEqual({ line: found.lines[i], col: found.column });
            });
            expect(naivePosition(text, found.last.offset)).toEqual({ line: found.last.line, col: 1 });
            expect(text.slice(found.last.offset, text.length - 1)).not.toContain('\n');
          }
        },
      ),
    );
  });

  it('points findings in two Lists of one file at their nodes, on the bulk path', () => {
    const list = (bad: number) =>
      `apiVersion: v1\nkind: List\nitems:\n${[0, 1, 2]
        .map(
          (i) =>
            `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p${bad}${i}\n    namespace: n\n    labels:\n      ${i === bad ? 'bad key' : 'app'}: x\n`,
        )
        .join('')}`;
    const text = `${list(1)}---\n${list(2)}`;
    const found = parseText(text, 'two.yaml', { fast: true }).diagnostics.filter(
      (d) => d.code === 'label-key',
    );
    const lines = text.split('\n');
    expect(found.map((d) => [lines[d.range!.line - 1], lines[d.range!.line - 4]])).toEqual([
      ['      bad key: x', '    name: p11'],
      ['      bad key: x', '    name: p22'],
    ]);
    expect(found).toEqual(
      parseText(text, 'two.yaml', { fast: false }).diagnostics.filter((d) => d.code === 'label-key'),
    );
    // Objects still point at their item; the last item of each List ends with its document.
    const last = parseText(text, 'two.yaml', { fast: true }).value.cluster.endpoints.at(-1)!.range!;
    expect(lines[last.line - 1]).toBe('- apiVersion: v1');
    expect(naivePosition(text, last.endOffset)).toEqual({ line: last.endLine, col: last.endCol });
  });

  it('points findings where the Document path does, in Lists as kubectl and others print them', () => {
    // Bad label keys and values, a port that is neither a number nor a name, in random items; YAML at
    // three indentations with kubectl's `kind: List` after the items, JSON of any indent.
    const bad = fc.constantFrom(
      { labels: { 'bad key': 'x' } },
      { labels: { app: 'no spaces allowed' } },
      { labels: { app: 'a}{\\"b' } },
      { labels: { app: 'x' } },
    );
    fc.assert(
      fc.property(
        fc.array(bad, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('', '  ', '    '),
        fc.integer({ min: 1, max: 4 }),
        (metas, indent, jsonIndent) => {
          const items = metas.map((m, i) => ({
            apiVersion: 'v1',
            kind: 'Pod',
            // A copy each: a shared object would be written as a YAML alias, which kubectl never prints.
            metadata: { name: `p${i}`, namespace: 'n', labels: { ...m.labels } },
            spec: { containers: [{ name: 'c', ports: [{ containerPort: i % 2 ? 80 : 'http x' }] }] },
          }));
          const json = JSON.stringify({ apiVersion: 'v1', items, kind: 'List' }, null, jsonIndent);
          // kubectl's key order (items before kind), block style, sequences indented or not.
          const yaml = stringify(
            { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } },
            { indent: indent.length || 2, indentSeq: indent !== '' },
          );
          for (const text of [json, yaml]) {
            const fast = parseText(text, 'x', { fast: true }).diagnostics;
            expect(fast.length).toBeGreaterThan(0);
            expect(fast).toEqual(parseText(text, 'x', { fast: false }).diagnostics);
          }
        },
      ),
    );
  });

  it('points a finding about a missing field at the deepest part of its path that is there', () => {
    // A policy without spec: "spec.podSelector is required" points at the policy, not the whole file.
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } };
    for (const indent of [0, 2]) {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, policy] }, null, indent);
      for (const fast of [true, false]) {
        const range = find(parseText(text, 'x', { fast }).diagnostics, 'policy-missing-pod-selector')!.range!;
        expect(JSON.parse(text.slice(range.offset, range.endOffset))).toEqual(policy);
      }
    }
  });

  it('points findings where the Document path does in Lists of junk, one item per line or minified', () => {
    // Any shape where an object is expected: findings for missing or mistyped fields point at the
    // deepest part of their path that exists, on both paths.
    const junk = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
    );
    const item = fc.record(
      {
        apiVersion: fc.constantFrom('v1', 'networking.k8s.io/v1'),
        kind: fc.constantFrom('Pod', 'NetworkPolicy', 'Namespace', 'Service'),
        metadata: fc.record(
          {
            name: fc.oneof(fc.string({ maxLength: 4 }), junk),
            labels: fc.oneof(junk, fc.dictionary(fc.string({ maxLength: 6 }), junk, { maxKeys: 3 })),
          },
          { requiredKeys: [] },
        ),
        spec: fc.oneof(
          junk,
          fc.record(
            {
              podSelector: junk,
              ingress: fc.array(fc.record({ from: junk, ports: fc.array(fc.record({ port: junk })) }), {
                maxLength: 2,
              }),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (items, indent) => {
          const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, indent);
          expect(parseText(text, 'x', { fast: true }).diagnostics).toEqual(
            parseText(text, 'x', { fast: false }).diagnostics,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts from a line start it is given, and stops at the end of its document', () => {
    const text = `kind: Pod\n---\n${yamlList(3, '')}---\nkind: Pod\n`;
    const from = text.indexOf('apiVersion');
    const to = text.lastIndexOf('---');
    const found = listItems(text, from, to, { offset: 10, line: 2 });
    expect(found.lines).toEqual([6, 13, 20]);
    expect(found.offsets.map((o) => naivePosition(text, o).line)).toEqual([6, 13, 20]);
    expect(found.last).toEqual({ offset: text.lastIndexOf('\n', to - 2) + 1, line: 26 });
  });
});

describe('deriveExternalEndpoints', () => {
  const policy = (blocks: [string, string[]][]): NetworkPolicy =>
    ({
      namespace: 'ns',
      name: 'p',
      ingress: [{ peers: blocks.map(([cidr, except]) => ({ type: 'ipBlock', cidr, except })), ports: [] }],
      egress: [],
    }) as unknown as NetworkPolicy;

  it('lists each ipBlock once, however many rules repeat it, and tells blocks apart by cidr and except', () => {
    const externals = deriveExternalEndpoints(
      [
        policy([
          // Not a CIDR (the parser reports and drops these; the function is also called directly).
          ['10.0.0.0/8 10.0.0.0/16', ['x']],
          ['10.0.0.0/8', ['10.0.0.0/16', 'x']],
        ]),
        policy([
          ['10.0.0.0/8', ['10.0.0.0/16', 'x']],
          ['192.168.0.0/16', []],
        ]),
      ],
      7,
    );
    expect(externals.map((e) => [e.index, e.label, e.address])).toEqual([
      [7, '10.0.0.0/8 except 10.0.0.0/16, x', '10.1.0.0'],
      [8, '192.168.0.0/16', '192.168.0.1'],
      [9, 'other addresses', '203.0.113.77'],
    ]);
  });
});
