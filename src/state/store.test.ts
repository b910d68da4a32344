import { describe, expect, it } from 'vitest';
import { createAppStore, joinFiles } from './store';
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
      store.getState().applyEdit({ type: 'add-default-deny', namespace: 'n', policyTypes: ['Ingress'] }),
    ).toBe(true);
    expect(store.getState().text).toContain('default-deny-ingress');
    store.getState().setText('kind: [', 'editor');
    await settle(store);
    expect(store.getState().applyEdit({ type: 'allow-dns', namespace: 'n' })).toBe(false);
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
