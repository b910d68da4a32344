import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import {
  MAX_SHARED_BYTES,
  decodeShare,
  describeIgnored,
  encodeShare,
  inflateCapped,
  validateSaved,
} from './persistence';
import { lessons } from '../lessons/index';
import { readProgress } from './lessonStore';

const base = {
  text: 'kind: Pod\n',
  fileNames: ['a.yaml'],
  settings: { semantics: 'current', plugin: 'calico', dns: false },
};
const toFragment = (value: unknown) =>
  btoa(String.fromCharCode(...deflateSync(strToU8(JSON.stringify(value)))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('what is read back from a link or from storage', () => {
  const lesson = lessons[0]!;
  it.each([
    ['a step far past the end', 1e9],
    ['a negative step', -1],
    ['a step that is not a number', 'constructor'],
    ['a fractional step', 0.5],
  ])('drops a lesson with %s, and names it', (_, step) => {
    const { value, ignored } = validateSaved({ ...base, lesson: { id: lesson.id, step } });
    expect(value?.text).toBe(base.text);
    expect(value?.lesson).toBeUndefined();
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toContain(`step ${JSON.stringify(step)}`);
  });

  it('drops unknown lessons, settings and view fields, and keeps the rest', () => {
    const { value, ignored } = validateSaved({
      ...base,
      lesson: { id: 'constructor', step: 0 },
      settings: { semantics: 'future', plugin: '__proto__', dns: 'yes' },
      view: {
        tab: 'constructor',
        port: '70000',
        protocol: 'ICMP',
        showDenied: true,
        selection: { type: 'x' },
        panes: { editor: 1e9, side: null, editorCollapsed: false, sideCollapsed: false },
      },
      fileNames: 'a.yaml',
    });
    expect(value).toEqual({ ...base, fileNames: ['workspace.yaml'], view: { showDenied: true } });
    expect(ignored).toHaveLength(10);
    expect(describeIgnored(ignored, 'the link')).toContain('the lesson "constructor" (no such lesson)');
  });

  it('keeps a valid lesson step and view', () => {
    const view = {
      tab: 'problems',
      port: '8080',
      protocol: 'UDP',
      namespaceFilter: 'ns-1',
      labelFilter: 'app=web',
      showDenied: true,
      theme: 'dark',
      selection: { type: 'pair', from: 'a/b', to: 'c/d' },
      panes: { editor: 400, side: null, editorCollapsed: false, sideCollapsed: true },
    };
    const { value, ignored } = validateSaved({ ...base, lesson: { id: lesson.id, step: 1 }, view });
    expect(ignored).toEqual([]);
    expect(value).toEqual({ ...base, lesson: { id: lesson.id, step: 1 }, view });
  });

  it('refuses records without a text, or pointing at an odd storage slot', () => {
    expect(validateSaved(null).value).toBeNull();
    expect(validateSaved([]).value).toBeNull();
    expect(validateSaved({ text: 5 }).value).toBeNull();
    expect(validateSaved({ ...base, slot: '../x' }).value).toBeNull();
  });
});

describe('share links', () => {
  it('are refused when they inflate past the cap, without inflating them whole', () => {
    // Zeros compress about 1000:1: 40 MB of them make a link of about 40 kB.
    const huge = new Uint8Array(40 * 1024 * 1024);
    const packed = deflateSync(huge);
    expect(packed.length).toBeLessThan(100_000);
    expect(inflateCapped(packed, MAX_SHARED_BYTES)).toBe('too-big');
    const fragment = btoa(String.fromCharCode(...packed))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(decodeShare(fragment)).toEqual({ kind: 'too-big' });
  });

  it('inflate whole below the cap', () => {
    const text = 'x'.repeat(3 * 1024 * 1024);
    const bytes = inflateCapped(deflateSync(strToU8(text)), MAX_SHARED_BYTES);
    expect(bytes).not.toBe('too-big');
    expect((bytes as Uint8Array).length).toBe(text.length);
  });

  it('say what they ignored', () => {
    const read = decodeShare(toFragment({ ...base, lesson: { id: lessons[0]!.id, step: 1e9 } }));
    expect(read.kind).toBe('ok');
    expect(read.kind === 'ok' && read.ignored[0]).toContain('step 1000000000');
  });

  it('are unreadable when they are not JSON, carry no text, or point into storage', () => {
    expect(decodeShare(toFragment('just a string')).kind).toBe('unreadable');
    expect(decodeShare(toFragment({ ...base, slot: 'sx-y-1' })).kind).toBe('unreadable');
    const ok = encodeShare(base as never);
    expect(decodeShare(ok).kind).toBe('ok');
    expect(decodeShare(ok.slice(0, ok.length / 2)).kind).toBe('unreadable');
  });
});

describe('lesson progress read back from storage', () => {
  it('keeps known lessons with steps they have, and nothing else', () => {
    const lesson = lessons[0]!;
    const empty = { reached: {}, solved: {} };
    expect(readProgress('null')).toEqual(empty);
    expect(readProgress('[1,2]')).toEqual(empty);
    expect(readProgress('not json')).toEqual(empty);
    expect(
      readProgress(
        JSON.stringify({
          reached: { [lesson.id]: 1, constructor: 3, [lessons[1]!.id]: 1e9 },
          solved: { [lesson.id]: [-1, 'x'] },
        }),
      ),
    ).toEqual({ reached: { [lesson.id]: 1 }, solved: {} });
  });
});

describe('saved expectations', () => {
  it('keeps the ones that fit and names how many were dropped', () => {
    const good = { from: 'n/a', to: 'n/b', port: 80, protocol: 'TCP', allowed: true };
    const { value, ignored } = validateSaved({
      text: 'x',
      expectations: [
        good,
        { ...good, port: 'http', protocol: 'UDP', allowed: false, extra: '<b>' },
        { ...good, protocol: 'ICMP' },
        { ...good, allowed: 'yes' },
        'web -> db',
      ],
    });
    expect(value!.expectations).toEqual([good, { ...good, port: 'http', protocol: 'UDP', allowed: false }]);
    expect(ignored).toEqual(['3 expectations']);
    expect(validateSaved({ text: 'x', expectations: 'all' }).ignored).toEqual(['the expectations "all"']);
  });

  it('travel in a share link', () => {
    const expectations = [
      { from: 'ip:203.0.113.10', to: 'n/db', port: 5432, protocol: 'TCP' as const, allowed: false },
    ];
    const saved = {
      text: 'kind: Pod',
      fileNames: ['a.yaml'],
      settings: { semantics: 'current' as const, plugin: 'calico', dns: false },
      expectations,
    };
    const read = decodeShare(encodeShare(saved));
    expect(read.kind === 'ok' && read.saved.expectations).toEqual(expectations);
  });
});
