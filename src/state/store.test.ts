import { describe, expect, it } from 'vitest';
import { createAppStore, joinFiles, portFilterOf, portFilterProblem } from './store';
import { EVALUATING_NOTICE } from './slices/document';
import { lessons } from '../lessons/index';
import { parseText } from '../engine/index';
import { createInlineEvaluator } from './engineClient';
import { decodeShare, encodeShare, readShareFromHash, shareUrl } from './persistence';

const POD = (name: string, labels = '{}') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n, labels: ${labels}}\n`;

async function settle(store: ReturnType<typeof createAppStore>) {
  for (let i = 0; i < 50 && (store.getState().busy || !store.getState().workspace); i++)
    await new Promise((r) => setTimeout(r, 5));
}

describe('the app store', () => {
  it('derives the analysis from the text, and keeps the last good one on a parse error', async () => {
    const store = createAppStore({
      text: `${POD('a')}---\n${POD('b')}`,
      evaluator: createInlineEvaluator(),
      debounceMs: 0,
    });
    await settle(store);
    expect(store.getState().workspace!.cluster.endpoints).toHaveLength(2);
    const good = store.getState().analysis;
    store.getState().setText('kind: Pod\nmetadata: [', 'editor');
    await settle(store);
    expect(store.getState().stale).toBe(true);
    expect(store.getState().analysis).toBe(good);
    expect(store.getState().text).toBe('kind: Pod\nmetadata: [');
  });

  it('refuses graph edits while the text is broken, and applies them otherwise', async () => {
    const store = createAppStore({ text: POD('a'), evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    expect(
      store.getState().applyEdits([{ type: 'add-default-deny', namespace: 'n', policyTypes: ['Ingress'] }])
        .ok,
    ).toBe(true);
    expect(store.getState().text).toContain('default-deny-ingress');
    store.getState().setText('kind: [', 'editor');
    await settle(store);
    expect(store.getState().applyEdits([{ type: 'allow-dns', namespace: 'n' }]).ok).toBe(false);
    expect(store.getState().notice).toBe(
      'Fix the YAML first at line 1:7: YAML syntax error: this "[" is never closed (Flow sequence in block collection must be sufficiently indented and end with a ]). Edits are never applied to a broken document.',
    );
  });

  it('joins opened files into documents, whatever byte-order marks or line breaks their names hold', () => {
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
    const text = joinFiles([
      { name: 'a.yaml', text: `\ufeff${ns('a')}` },
      { name: 'b\nkind: Pod.yaml', text: `\ufeff${ns('b')}` },
    ]);
    const { value, diagnostics } = parseText(text);
    expect(diagnostics).toEqual([]);
    expect(value.cluster.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
    expect(text).toContain('# Source: b\\u000akind: Pod.yaml\n');
  });

  it('shows invisible and bidi characters of an opened file name escaped', () => {
    const store = createAppStore({ text: POD('a'), evaluator: createInlineEvaluator(), debounceMs: 0 });
    store.getState().openFiles([{ name: 'evil\u202eml.yaml', text: POD('z') }]);
    expect(store.getState().notice).toBe(
      'Opened evil\\u202eml.yaml. Undo brings the previous workspace back.',
    );
  });

  it('opening files replaces the workspace and undo restores it', async () => {
    const store = createAppStore({ text: POD('a'), evaluator: createInlineEvaluator(), debounceMs: 0 });
    store.getState().openFiles([
      { name: 'x.yaml', text: POD('x') },
      { name: 'y.yaml', text: POD('y') },
    ]);
    expect(store.getState().text).toBe(`# Source: x.yaml\n${POD('x')}---\n# Source: y.yaml\n${POD('y')}`);
    expect(store.getState().notice).toBe('Opened x.yaml, y.yaml. Undo brings the previous workspace back.');
    store.getState().undoOpen();
    expect(store.getState().text).toBe(POD('a'));
  });

  it('opening files leaves the lesson and its tab, and clears the selection and receipt', async () => {
    const store = createAppStore({ text: '', evaluator: createInlineEvaluator(), debounceMs: 0 });
    store.getState().lesson.open(lessons[0]!, 0);
    store.setState({ tab: 'lessons', selection: { type: 'namespace', name: 'x' } });
    await settle(store);
    expect(store.getState().applyEdits([{ type: 'allow-dns', namespace: 'n' }]).ok).toBe(true);
    expect(store.getState().receipt).not.toBeNull();
    store.getState().openFiles([{ name: 'x.yaml', text: POD('x') }]);
    const s = store.getState();
    expect([s.lesson.lessonId, s.lesson.welcome, s.tab, s.selection, s.receipt]).toEqual([
      null,
      true,
      'matrix',
      null,
      null,
    ]);
    // Left because the user opened files: no notice about the YAML no longer coming from the lesson.
    expect(s.notice).toBe('Opened x.yaml. Undo brings the previous workspace back.');
  });
  it('shows a panel by opening the side pane it is in', () => {
    const store = createAppStore({ text: '', evaluator: createInlineEvaluator(), debounceMs: 0 });
    store.getState().setPanes({ ...store.getState().panes, sideCollapsed: true });
    store.getState().openPanel('lessons');
    expect([store.getState().tab, store.getState().panes.sideCollapsed]).toEqual(['lessons', false]);
  });
});

describe('applyEdits, the one way the UI edits the text', () => {
  const ready = async (text = POD('a')) => {
    const store = createAppStore({ text, evaluator: createInlineEvaluator(), debounceMs: 0 });
    await settle(store);
    return store;
  };

  it('applies several edits as one step with one receipt, described as asked', async () => {
    const store = await ready();
    const r = store.getState().applyEdits(
      [
        { type: 'add-default-deny', namespace: 'n', policyTypes: ['Ingress'] },
        { type: 'allow-dns', namespace: 'n' },
      ],
      { action: 'Locked down n', policy: null },
    );
    expect(r).toEqual({ ok: true });
    const s = store.getState();
    expect(s.text).toContain('default-deny-ingress');
    expect(s.text).toContain('name: allow-dns');
    expect(s.receipt).toMatchObject({ action: 'Locked down n', before: POD('a'), after: s.text });
  });

  it('applies all or nothing: a refused edit leaves the text as it was and names why', async () => {
    const store = await ready();
    const r = store.getState().applyEdits([
      { type: 'allow-dns', namespace: 'n' },
      { type: 'delete-object', kind: 'Pod', namespace: 'n', name: 'nope' },
    ]);
    expect(r).toEqual({
      ok: false,
      reason: 'refused',
      refusal: 'object-missing',
      message: 'No Pod nope in the YAML.',
    });
    expect(store.getState().text).toBe(POD('a'));
    expect(store.getState().notice).toBe('No Pod nope in the YAML.');
    expect(store.getState().receipt).toBeNull();
  });

  it('says nothing when the edits change nothing', async () => {
    const store = await ready();
    expect(store.getState().applyEdits([{ type: 'allow-dns', namespace: 'n' }]).ok).toBe(true);
    await settle(store);
    store.setState({ notice: null });
    expect(store.getState().applyEdits([{ type: 'allow-dns', namespace: 'n' }])).toEqual({
      ok: false,
      reason: 'unchanged',
      message: null,
    });
    expect(store.getState().notice).toBeNull();
  });

  it('refuses while the views still show an older text, whose rules the edits were chosen from', async () => {
    const store = await ready(`${POD('a')}---\n${POD('b')}`);
    store.getState().setText(POD('b'), 'editor');
    const r = store
      .getState()
      .applyEdits([{ type: 'delete-object', kind: 'Pod', namespace: 'n', name: 'b' }]);
    expect(r).toMatchObject({ ok: false, reason: 'evaluating' });
    expect(store.getState().text).toBe(POD('b'));
    expect(store.getState().notice).toBe(EVALUATING_NOTICE);
    await settle(store);
    expect(
      store.getState().applyEdits([{ type: 'delete-object', kind: 'Pod', namespace: 'n', name: 'b' }]).ok,
    ).toBe(true);
  });
});

describe('share links', () => {
  it('round-trip the workspace through the URL fragment', () => {
    const saved = {
      text: POD('a'),
      fileNames: ['a.yaml'],
      settings: { semantics: 'legacy' as const, plugin: 'flannel', dns: true },
    };
    expect(decodeShare(encodeShare(saved))).toEqual({ kind: 'ok', saved, ignored: [] });
    const r = shareUrl(saved, 'https://example.test/app/#old');
    expect('url' in r && r.url.startsWith('https://example.test/app/#w=')).toBe(true);
    expect(readShareFromHash(`#w=${encodeShare(saved)}`)).toEqual({ kind: 'ok', saved, ignored: [] });
    expect(readShareFromHash('#w=not-valid')).toEqual({ kind: 'unreadable' });
    expect(readShareFromHash('#w=abc$')).toEqual({ kind: 'unreadable' });
    expect(readShareFromHash(`#w=${encodeShare(saved).slice(0, -8)}`)).toEqual({ kind: 'unreadable' });
    expect(readShareFromHash('#section')).toEqual({ kind: 'none' });
  });
  it('refuse to make a link that is too long', () => {
    let text = '';
    for (let i = 0; i < 20000; i++) text += `${Math.random().toString(36)}\n`;
    const r = shareUrl(
      { text, fileNames: [], settings: { semantics: 'current', plugin: 'calico', dns: false } },
      'https://x/',
    );
    expect(r).toMatchObject({ error: expect.stringContaining('too long') });
  });
});

describe('the Port filter', () => {
  it('reads the Port filter as a port from 1 to 65535, and says why anything else shows every port', () => {
    expect(
      ['', '80', '1', '65535', '0', '65536', '70000', '8o', '-1', '1e3', ' 80', '000080'].map(portFilterOf),
    ).toEqual([null, 80, 1, 65535, null, null, null, null, null, null, null, 80]);
    expect(portFilterProblem('')).toBeNull();
    expect(portFilterProblem('443')).toBeNull();
    for (const bad of ['0', '70000', '8o', 'http'])
      expect(portFilterProblem(bad)).toBe(
        'Port must be a number from 1 to 65535: every port is shown until it is one.',
      );
  });
});
