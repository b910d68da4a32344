// Strict field validation, as `kubectl apply` refuses objects by default: each case is an error at its
// key, with its code and JSON path, and the object is not applied. Every case runs on both read paths
// (the `yaml` Document API, and js-yaml / JSON.parse for bulk input), which must give one answer.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseText } from './parseWorkspace';
import { bulkDocumentSpans, documentSpans, splitDocuments } from './documents';
import { editDistance, jsonPath } from './strict';
import { escapeInvisible } from './validate';
import { generateCluster, toJson, toKubectlYaml } from '../../../bench/generate';
import type { Diagnostic, Workspace } from '../types';
import real from '../../../fixtures/kubectl/get-all-o-yaml.yaml?raw';

const policy = (spec: string, meta = 'metadata: {name: p, namespace: n}') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}\nspec:\n${spec}`;

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: n
  labels: {app: web}
spec:
  containers:
  - name: c
    ports:
    - containerPort: 80
`;

type Case = {
  name: string;
  text: string;
  code: string;
  /** line:col of the finding. */
  at: string;
  path: string;
  says: string;
  /** How many such findings (one unless said). */
  count?: number;
  /** What must be missing from the cluster: the refused object. */
  refused: (w: Workspace) => boolean;
};

const noPolicy = (w: Workspace) => w.cluster.policies.length === 0;
const noPod = (name: string) => (w: Workspace) =>
  !w.cluster.endpoints.some((e) => e.type === 'pod' && e.name === name);

const CASES: Case[] = [
  {
    name: 'matchLabel instead of matchLabels',
    text: policy('  podSelector:\n    matchLabel:\n      app: db\n'),
    code: 'unknown-field',
    at: '6:5',
    path: 'spec.podSelector.matchLabel',
    says: 'unknown field "spec.podSelector.matchLabel" (did you mean "matchLabels"?); NetworkPolicy n/p is not applied',
    refused: noPolicy,
  },
  {
    name: 'podselector in lower case',
    text: policy('  podselector: {}\n'),
    code: 'unknown-field',
    at: '5:3',
    path: 'spec.podselector',
    says: 'did you mean "podSelector"?',
    refused: noPolicy,
  },
  {
    name: 'ingres',
    text: policy('  podSelector: {}\n  ingres:\n  - {}\n'),
    code: 'unknown-field',
    at: '6:3',
    path: 'spec.ingres',
    says: 'did you mean "ingress"?',
    refused: noPolicy,
  },
  {
    name: 'label: on a Pod',
    text: pod.replace('labels: {app: web}', 'label: {app: web}'),
    code: 'unknown-field',
    at: '6:3',
    path: 'metadata.label',
    says: 'unknown field "metadata.label" (did you mean "labels"?); Pod n/web is not applied',
    refused: noPod('web'),
  },
  {
    name: 'a selector indented one level too little',
    text: policy(
      '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n      matchLabels:\n        team: a\n',
    ),
    code: 'unknown-field',
    at: '9:7',
    path: 'spec.ingress[0].from[0].matchLabels',
    says: 'it belongs inside "podSelector" or "namespaceSelector"',
    refused: noPolicy,
  },
  {
    name: 'spec as a string',
    text: policy('', 'metadata: {name: p, namespace: n}').replace('spec:\n', 'spec: "a string"\n'),
    code: 'field-wrong-type',
    at: '4:1',
    path: 'spec',
    says: 'spec must be a mapping, not the string "a string"; NetworkPolicy n/p is not applied',
    refused: noPolicy,
  },
  {
    name: 'a scalar for the ports list',
    text: policy('  podSelector: {}\n  ingress:\n  - ports: 8080\n'),
    code: 'field-wrong-type',
    at: '7:5',
    path: 'spec.ingress[0].ports',
    says: 'spec.ingress[0].ports must be a list, not the number 8080',
    refused: noPolicy,
  },
  {
    name: 'a map for the from list',
    text: policy('  podSelector: {}\n  ingress:\n  - from: {podSelector: {}}\n'),
    code: 'field-wrong-type',
    at: '7:5',
    path: 'spec.ingress[0].from',
    says: 'spec.ingress[0].from must be a list, not a mapping',
    refused: noPolicy,
  },
  {
    name: 'a string for the policyTypes list',
    text: policy('  podSelector: {}\n  policyTypes: Ingress\n'),
    code: 'field-wrong-type',
    at: '6:3',
    path: 'spec.policyTypes',
    says: 'spec.policyTypes must be a list, not the string "Ingress"',
    refused: noPolicy,
  },
  {
    name: 'a quoted port number',
    text: policy('  podSelector: {}\n  ingress:\n  - ports:\n    - port: "80"\n'),
    code: 'port-quoted',
    at: '8:7',
    path: 'spec.ingress[0].ports[0].port',
    says: 'port "80" is a string, and a port name needs a letter: write 80 without quotes',
    refused: noPolicy,
  },
  {
    name: 'a quoted containerPort',
    text: pod.replace('containerPort: 80', 'containerPort: "80"'),
    code: 'field-wrong-type',
    at: '11:7',
    path: 'spec.containers[0].ports[0].containerPort',
    says: 'must be an integer, not the string "80"',
    refused: noPod('web'),
  },
  {
    name: 'ingress twice',
    text: policy('  podSelector: {}\n  ingress:\n  - {}\n  ingress: []\n'),
    code: 'duplicate-key',
    at: '8:3',
    path: 'spec.ingress',
    says: 'duplicate field "spec.ingress"',
    refused: noPolicy,
  },
  {
    name: 'two objects without --- between them',
    text: `${pod}${policy('  podSelector: {}\n')}`,
    code: 'duplicate-key',
    at: '12:1',
    path: 'apiVersion',
    says: 'duplicate field "apiVersion" (already set at line 1): a missing `---` line between two objects?',
    count: 4,
    refused: (w) => noPolicy(w) && noPod('web')(w),
  },
  {
    name: 'operator In without values',
    text: policy('  podSelector:\n    matchExpressions:\n    - {key: app, operator: In}\n'),
    code: 'selector-values',
    at: '7:18',
    path: 'spec.podSelector.matchExpressions[0].operator',
    says: 'operator In needs a non-empty values list; NetworkPolicy n/p is not applied',
    refused: noPolicy,
  },
  {
    name: 'operator NotIn with an empty values list',
    text: policy('  podSelector:\n    matchExpressions:\n    - {key: app, operator: NotIn, values: []}\n'),
    code: 'selector-values',
    at: '7:35',
    path: 'spec.podSelector.matchExpressions[0].values',
    says: 'operator NotIn needs a non-empty values list',
    refused: noPolicy,
  },
  {
    name: 'operator Exists with values',
    text: policy('  podSelector:\n    matchExpressions:\n    - {key: app, operator: Exists, values: [a]}\n'),
    code: 'selector-values',
    at: '7:36',
    path: 'spec.podSelector.matchExpressions[0].values',
    says: 'operator Exists must not have values',
    refused: noPolicy,
  },
  {
    name: 'a zero-width space in a pod name',
    text: pod.replace('name: web', 'name: "we\u200bb"'),
    code: 'name-invalid',
    at: '4:9',
    path: 'metadata.name',
    says: 'Pod name "we\\u200bb" is not valid',
    refused: (w) => w.cluster.endpoints.every((e) => e.type !== 'pod'),
  },
  {
    name: 'a right-to-left override in a namespace',
    text: pod.replace('namespace: n', 'namespace: "n\u202eb"'),
    code: 'name-invalid',
    at: '5:14',
    path: 'metadata.namespace',
    says: 'namespace "n\\u202eb" is not valid',
    refused: (w) => w.cluster.endpoints.every((e) => e.type !== 'pod'),
  },
  {
    name: 'an unknown field in a Deployment pod template',
    text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: n}
spec:
  template:
    metadata:
      lables: {app: web}
    spec:
      containers: []
`,
    code: 'unknown-field',
    at: '7:7',
    path: 'spec.template.metadata.lables',
    says: 'did you mean "labels"?',
    refused: noPod('web'),
  },
  {
    name: 'a typo in a legacy extensions/v1beta1 policy',
    text: policy('  podSelector:\n    matchLabel: {app: db}\n').replace(
      'networking.k8s.io/v1',
      'extensions/v1beta1',
    ),
    code: 'unknown-field',
    at: '6:5',
    path: 'spec.podSelector.matchLabel',
    says: 'did you mean "matchLabels"?',
    refused: noPolicy,
  },
  {
    name: 'a misspelt top-level field',
    text: pod.replace('spec:', 'specs:'),
    code: 'unknown-field',
    at: '7:1',
    path: 'specs',
    says: 'unknown field "specs" (did you mean "spec"?); Pod n/web is not applied',
    refused: noPod('web'),
  },
  {
    name: 'a wrong type in a CronJob pod template',
    text: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: n}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: batch}
        spec:
          containers: {name: c}
`,
    code: 'field-wrong-type',
    at: '12:11',
    path: 'spec.jobTemplate.spec.template.spec.containers',
    says: 'must be a list, not a mapping; CronJob n/nightly is not applied',
    refused: noPod('nightly'),
  },
  {
    name: 'a number as a label value',
    text: pod.replace('labels: {app: web}', 'labels: {version: 1}'),
    code: 'field-wrong-type',
    at: '6:12',
    path: 'metadata.labels.version',
    says: 'metadata.labels.version must be a string, not the number 1',
    refused: noPod('web'),
  },
];

const at = (d: Diagnostic) => `${d.range?.line}:${d.range?.col}`;
const summary = (ds: Diagnostic[]) =>
  ds.map((d) => `${d.severity} ${d.code} ${at(d)} ${d.path ?? ''} ${d.message}`).sort();

describe('strict field validation, as kubectl apply', () => {
  it.each(CASES)('refuses $name at its key, on both read paths', (c) => {
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(c.text, 'x.yaml', { fast });
      const found = diagnostics.filter((d) => d.code === c.code);
      expect(found, `${fast ? 'bulk' : 'document'} path: ${JSON.stringify(diagnostics)}`).toHaveLength(
        c.count ?? 1,
      );
      const d = found[0]!;
      expect(d.severity).toBe('error');
      expect(at(d), fast ? 'bulk path' : 'document path').toBe(c.at);
      expect(d.path).toBe(c.path);
      expect(d.message).toContain(c.says);
      expect(c.refused(value), 'the object is not applied').toBe(true);
    }
  });

  it('refuses a duplicate key in one item of a big kubectl List, and applies the others', () => {
    const items = generateCluster({
      pods: 300,
      policies: 30,
      namespaces: 5,
      mix: 'default-deny-apps',
      seed: 3,
    });
    const text = toKubectlYaml(items);
    const line = /^ {6}name: ([a-z0-9-]+-\d+)\n(?= {6}namespace:)/m.exec(text)!;
    const name = line[1]!;
    const at = line.index + line[0].length;
    const broken = `${text.slice(0, at)}      name: ${name}b\n${text.slice(at)}`;
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(broken, 'big.yaml', { fast });
      const errors = diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => [d.code, d.path, d.range?.line])).toEqual([
        ['duplicate-key', 'metadata.name', broken.slice(0, at).split('\n').length],
      ]);
      const pods = value.cluster.endpoints.filter((e) => e.type === 'pod');
      expect(pods).toHaveLength(299);
      expect(pods.some((p) => p.name.startsWith(name))).toBe(false);
      expect(errors[0]!.message).toContain(
        `(already set at line ${broken.slice(0, at).split('\n').length - 1})`,
      );
    }
  });

  it('refuses duplicate keys in a big kubectl JSON List on the bulk path too, as on the Document path', () => {
    const items = toJson(
      generateCluster({ pods: 300, policies: 30, namespaces: 5, mix: 'default-deny-apps', seed: 3 }),
    );
    // Two items get a repeated key: one in metadata (its name), one deep in a policy's spec.
    const name = /"name": "([a-z0-9-]+-\d+)",\n\s+"namespace"/.exec(items)!;
    let broken = `${items.slice(0, name.index)}"name": "${name[1]}b",\n        ${items.slice(name.index)}`;
    const spec = broken.indexOf('"podSelector": {', broken.indexOf('"kind": "NetworkPolicy"'));
    broken = `${broken.slice(0, spec)}"podSelector": {},\n        ${broken.slice(spec)}`;
    expect(broken.length).toBeGreaterThan(100_000);
    const [doc, bulk] = [false, true].map((fast) => parseText(broken, 'big.json', { fast }));
    const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
    expect(errors(bulk!.diagnostics).map((d) => [d.code, d.path])).toEqual([
      ['duplicate-key', 'metadata.name'],
      ['duplicate-key', 'spec.podSelector'],
    ]);
    expect(summary(bulk!.diagnostics)).toEqual(summary(doc!.diagnostics));
    expect(bulk!.diagnostics.map((d) => d.range)).toEqual(doc!.diagnostics.map((d) => d.range));
    for (const { value } of [doc!, bulk!]) {
      expect(value.cluster.endpoints.filter((e) => e.type === 'pod')).toHaveLength(299);
      expect(value.cluster.policies).toHaveLength(29);
    }
  });

  // JSON pieces with a repeated key or not (written plainly or with an escape, at several depths),
  // pretty or minified, with a BOM or not: both paths give the same findings at the same places.
  it('gives the same findings on both paths for random JSON', () => {
    const arb = fc.record({
      where: fc.constantFrom('none', 'top', 'metadata', 'labels', 'spec', 'selector', 'item'),
      escaped: fc.boolean(),
      minified: fc.boolean(),
      bom: fc.boolean(),
      list: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (o) => {
        const key = (k: string) =>
          o.escaped ? `"\\u00${k.charCodeAt(0).toString(16)}${k.slice(1)}"` : `"${k}"`;
        const dup = (where: string, k: string, v: string) => (o.where === where ? `${key(k)}: ${v}, ` : '');
        const podJson = `{${dup('top', 'kind', '"Pod"')}"apiVersion": "v1", "kind": "Pod", "metadata": {${dup('metadata', 'name', '"x"')}"name": "web", "namespace": "n", "labels": {${dup('labels', 'app', '"db"')}"app": "web"}}}`;
        const policyJson = `{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "p", "namespace": "n"}, "spec": {${dup('spec', 'ingress', '[]')}"podSelector": {"matchLabels": {${dup('selector', 'app', '"x"')}"app": "web"}}, "ingress": [{"from": [{${dup('item', 'podSelector', '{}')}"podSelector": {}}]}]}}`;
        let text = o.list
          ? `{"apiVersion": "v1", "kind": "List", "items": [\n${podJson},\n${policyJson}\n]}`
          : podJson.replace(
              '{',
              `{"spec": {"containers": [{"name": "c", "ports": [{"containerPort": 80}]}]}, `,
            );
        if (!o.minified) text = text.replace(/, "/g, ',\n  "');
        if (o.bom) text = `\ufeff${text}`;
        const [doc, bulk] = [false, true].map((fast) => parseText(text, 'r.json', { fast }));
        expect(summary(bulk!.diagnostics)).toEqual(summary(doc!.diagnostics));
        expect(bulk!.diagnostics.map((d) => d.range)).toEqual(doc!.diagnostics.map((d) => d.range));
        const found = doc!.diagnostics.filter((d) => d.code === 'duplicate-key');
        const expected =
          o.where === 'none' ||
          (!o.list && o.where !== 'top' && o.where !== 'metadata' && o.where !== 'labels')
            ? 0
            : 1;
        expect(found, text).toHaveLength(expected);
        expect(bulk!.value.cluster.endpoints.map((e) => e.ref)).toEqual(
          doc!.value.cluster.endpoints.map((e) => e.ref),
        );
        expect(bulk!.value.cluster.policies.length).toBe(doc!.value.cluster.policies.length);
      }),
      { numRuns: 150 },
    );
  });

  it('finds nothing to refuse in real kubectl output or the bench generator, in YAML and JSON', () => {
    const items = generateCluster({
      pods: 200,
      policies: 40,
      namespaces: 6,
      mix: 'default-deny-apps',
      seed: 1,
    });
    for (const [name, text] of [
      ['real.yaml', real],
      ['gen.yaml', toKubectlYaml(items)],
      ['gen.json', toJson(items)],
    ] as const)
      for (const fast of [false, true]) {
        const { value, diagnostics } = parseText(text, name, { fast });
        expect(
          diagnostics.filter((d) => d.severity === 'error'),
          name,
        ).toEqual([]);
        expect(value.cluster.endpoints.length).toBeGreaterThan(1);
      }
    const { value } = parseText(real);
    expect(value.cluster.policies.map((p) => p.name)).toEqual(['api-from-web']);
    expect(value.cluster.endpoints.filter((e) => e.type === 'pod').map((e) => e.name)).toEqual([
      'api-6c9f8d7b5-x2kqp',
      'web',
    ]);
  });

  it('suggests by edit distance, and only close names', () => {
    expect(editDistance('matchlabel', 'matchlabels', 3)).toBe(1);
    expect(editDistance('ingres', 'ingress', 3)).toBe(1);
    expect(editDistance('ingres', 'egress', 3)).toBe(3);
    expect(editDistance('abc', 'xyzuvw', 3)).toBe(3);
    const far = parseText(policy('  podSelector: {}\n  whatever: 1\n')).diagnostics.find(
      (d) => d.code === 'unknown-field',
    )!;
    expect(far.message).toBe('unknown field "spec.whatever"; NetworkPolicy n/p is not applied');
    expect(jsonPath(['spec', 'ingress', 0, 'from', 1, 'podSelector'])).toBe(
      'spec.ingress[0].from[1].podSelector',
    );
  });
});

describe('one answer whatever the read path', () => {
  const labelsWithMerge = `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: n
  labels:
    <<: {app: web, tier: front}
    tier: back
spec: {}
`;

  it('merges YAML merge keys on both paths, as Kubernetes reads them', () => {
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(labelsWithMerge, 'm.yaml', { fast });
      expect(diagnostics).toEqual([]);
      expect(value.cluster.endpoints.find((e) => e.type === 'pod')?.labels).toEqual({
        app: 'web',
        tier: 'back',
      });
    }
  });

  it('reads JSON with a byte-order mark on both paths', () => {
    const json = `\ufeff${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } })}`;
    for (const fast of [false, true]) {
      const { value, diagnostics } = parseText(json, 'bom.json', { fast });
      expect(diagnostics).toEqual([]);
      expect(value.cluster.namespaces.map((n) => n.name)).toEqual(['b']);
    }
  });

  it('reads lone CR line endings as line ends, with the same lines and columns', () => {
    const text = policy('  podSelector:\n    matchLabel: {}\n').replace(/\n/g, '\r');
    const [doc, bulk] = [false, true].map((fast) => parseText(text, 'cr.yaml', { fast }).diagnostics);
    expect(summary(doc!)).toEqual(summary(bulk!));
    expect(doc!.map(at)).toEqual(['6:5']);
  });

  // Random objects, with a mistake or not, written with merge keys, a BOM, CR or CRLF line ends: the
  // Document path and the bulk path must give the same findings at the same places.
  it('gives the same findings on both paths for random inputs', () => {
    const field = fc.constantFrom('matchLabels', 'matchLabel', 'matchExpressions');
    const arb = fc.record({
      field,
      merge: fc.boolean(),
      eol: fc.constantFrom('\n', '\r', '\r\n'),
      bom: fc.boolean(),
      name: fc.constantFrom('a', 'b', 'a\u200b', 'UPPER'),
      dup: fc.boolean(),
      port: fc.constantFrom('80', '"80"', 'http', '[80]'),
    });
    fc.assert(
      fc.property(arb, (o) => {
        const value = o.field === 'matchExpressions' ? '[{key: a, operator: In}]' : '{app: x}';
        const labels = o.merge ? '    <<: {app: x}\n    tier: y\n' : '    app: x\n';
        const text =
          (o.bom ? '\ufeff' : '') +
          `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${o.name}"\n  labels:\n${labels}spec: {}\n---\n` +
          policy(
            `  podSelector:\n    ${o.field}: ${value}\n  ingress:\n  - ports:\n    - port: ${o.port}\n${o.dup ? '  ingress: []\n' : ''}`,
          ).replace(/\n/g, o.eol);
        const [doc, bulk] = [false, true].map((fast) => parseText(text, 'r.yaml', { fast }));
        expect(summary(bulk!.diagnostics)).toEqual(summary(doc!.diagnostics));
        expect(bulk!.value.cluster.endpoints.map((e) => e.ref)).toEqual(
          doc!.value.cluster.endpoints.map((e) => e.ref),
        );
        expect(bulk!.value.cluster.policies.length).toBe(doc!.value.cluster.policies.length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('invisible characters', () => {
  it('are escaped visibly wherever a message quotes the input', () => {
    expect(escapeInvisible('a\u200bb\u202ec\u2066d')).toBe('a\\u200bb\\u202ec\\u2066d');
    expect(escapeInvisible('plain-name')).toBe('plain-name');
    const { diagnostics } = parseText('apiVersion: v1\nkind: "Wid\u200bget"\nmetadata: {name: a}\n');
    expect(diagnostics[0]!.message).toContain('Wid\\u200bget');
    expect(diagnostics[0]!.message).not.toMatch(/\u200b/);
  });
});

describe('one document splitter', () => {
  it('sees a document whose content shares its --- line', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n';
    expect(splitDocuments(text)).toEqual([
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
      '{apiVersion: v1, kind: Namespace, metadata: {name: b}}\n',
    ]);
    for (const fast of [false, true])
      expect(parseText(text, 'x.yaml', { fast }).value.cluster.namespaces.map((n) => n.name)).toEqual([
        'a',
        'b',
      ]);
  });

  it('covers the text end to end, with comments and empty documents', () => {
    const text = '# head\n---\na: 1\n# tail\n---\n---   # empty\nb: 2\n';
    const spans = documentSpans(text);
    expect(spans[0]!.start).toBe(0);
    expect(spans.at(-1)!.end).toBe(text.length);
    spans.slice(1).forEach((s, i) => expect(s.start).toBe(spans[i]!.end));
    expect(splitDocuments(text)).toEqual(['a: 1\n# tail\n', '', 'b: 2\n']);
  });

  it('is the same with or without parsing (the bulk path finds documents without the Document API)', () => {
    const piece = fc.constantFrom(
      'a: 1\n',
      '# comment\n',
      '\n',
      '{kind: Namespace, metadata: {name: b}}\n',
      'items:\n- a: 1\n  b: "---"\n',
      'k: |\n  ---\n  text\n',
    );
    const marker = fc.constantFrom('---\n', '--- ', '---   # c\n', '');
    const text = fc
      .array(fc.tuple(marker, piece), { minLength: 1, maxLength: 6 })
      .map((parts) =>
        parts.map(([m, p]) => (m === '--- ' && p.startsWith('items') ? `---\n${p}` : m + p)).join(''),
      );
    fc.assert(
      fc.property(text, (t) => {
        const docs = documentSpans(t);
        // The Document API sees one document per marker (plus leading content); so must the bulk path.
        expect(bulkDocumentSpans(t)).toEqual(docs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('syntax errors', () => {
  const before = Array.from({ length: 86 }, (_, i) => `# line ${i + 1}`).join('\n');
  it.each([
    ['an unclosed { on line 87', `${before}\nmetadata: {name: a\nspec: {}\n`, 87, 11, '{'],
    ['an unclosed [ on line 87', `${before}\nports: [80, 443\nspec: {}\n`, 87, 8, '['],
    [
      'an unclosed { after quotes and comments with brackets',
      `${before}\nmetadata: {name: 'it''s [', x: "}" # }\nspec: {}\n`,
      87,
      11,
      '{',
    ],
  ])('points at %s where it opens, on both read paths', (_name, text, line, col, bracket) => {
    for (const fast of [false, true]) {
      const errors = parseText(text, 'x.yaml', { fast }).diagnostics.filter((d) => d.code === 'yaml-syntax');
      expect(errors.map((d) => [d.range!.line, d.range!.col])).toEqual([[line, col]]);
      expect(errors[0]!.message).toContain(`"${bracket}"`);
    }
  });
});
