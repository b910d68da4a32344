import { useEffect, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi, selectDiagnostics, selectTheme } from '../../state/store';
import {
  PLAIN_TEXT_LIMIT,
  optionsForSize,
  setupMonaco,
  updateBracketsForSize,
  updateLanguageForSize,
  updateSchemaForSize,
} from './monacoSetup';
import { minimalReplacement } from '../../state/engineHelpers';
import { toMarkers } from './toMarkers';
import { setEditor } from './editorRegistry';
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';

/** Monaco's dark theme with comments light enough to read (WCAG AA, 4.5:1, on its background). */
const DARK_THEME = 'netpol-dark';

/** Characters given to Monaco per task when it takes a big text. */
const LOAD_CHUNK = 256_000;

/**
 * A paste bigger than this goes in like an opened file (in pieces, with progress, undone with Undo
 * open): Monaco inserts a paste in one task, which for tens of megabytes freezes the page for seconds.
 */
export const BIG_PASTE = 1_000_000;

/** Monaco's own limits (TextModel.LARGE_FILE_*) past which a model is too large to tokenize. */
const LARGE_TEXT_CHARS = 20 * 1024 * 1024;
const LARGE_TEXT_LINES = 300_000;

/** Whether Monaco, given `text` at once, would create its model as a large one. */
function isLargeText(text: string): boolean {
  if (text.length > LARGE_TEXT_CHARS) return true;
  if (text.length < LARGE_TEXT_LINES) return false;
  let breaks = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
    if (++breaks >= LARGE_TEXT_LINES) return true;
  return false;
}

/** The Monaco adapter: one lifecycle hook; outside text changes arrive as edits between undo stops. */
export function YamlEditor() {
  const [tabMovesFocus, setTabMovesFocus] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const diagnostics = useAppStore(selectDiagnostics);
  const theme = useAppStore(selectTheme);
  /** Share of a big text loaded into the editor so far, or null when it holds the whole text. */
  const [loaded, setLoaded] = useState<number | null>(null);
  const textSize = useAppStore((s) => (loaded === null ? 0 : s.text.length));
  const canUndoOpen = useAppStore((s) => loaded !== null && s.previous !== null);

  const store = useAppStoreApi();
  useEffect(() => {
    const monaco = setupMonaco();
    const initial = store.getState().text;
    const uri = monaco.Uri.parse('file:///workspace.yaml');
    let model = monaco.editor.createModel(
      initial.length > PLAIN_TEXT_LIMIT ? '' : initial,
      initial.length > PLAIN_TEXT_LIMIT ? 'plaintext' : 'yaml',
      uri,
    );
    let modelIsLarge = false;
    // Monaco picks CRLF for a model without line breaks on Windows (and for any browser that says
    // it is Windows): the YAML is LF whatever the platform, so exports and edits stay byte-stable.
    model.setEOL(monaco.editor.EndOfLineSequence.LF);
    const editor = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      ...optionsForSize(initial.length),
      ariaLabel: 'YAML manifests',
      theme: store.getState().theme === 'dark' ? DARK_THEME : 'vs',
    });
    editorRef.current = editor;
    setEditor(editor);
    // Ctrl+M switches Tab between indenting and moving focus (Monaco's tab focus mode, as VS Code
    // binds it), and the hint above the editor follows.
    let tabMoves = false;
    // (Ctrl is CtrlCmd on Linux and Windows; on a Mac, where Cmd+M minimizes, it is WinCtrl.)
    const ctrl = /Mac/.test(navigator.platform) ? monaco.KeyMod.WinCtrl : monaco.KeyMod.CtrlCmd;
    editor.addCommand(ctrl | monaco.KeyCode.KeyM, () => {
      tabMoves = !tabMoves;
      editor.updateOptions({ tabFocusMode: tabMoves });
      setTabMovesFocus(tabMoves);
    });
    (window as unknown as { __netpolEditor?: unknown }).__netpolEditor = editor;
    let applying = false;
    updateSchemaForSize(model.getValueLength());
    let loading = false;
    const watch = () =>
      model.onDidChangeContent(() => {
        if (loading) return;
        updateSchemaForSize(model.getValueLength());
        updateLanguageForSize(model);
        updateBracketsForSize(model);
        if (!applying) store.getState().setText(model.getValue(), 'editor');
      });
    let sub = watch();
    let decorations: string[] = [];
    // A cluster export goes into Monaco 256 kB at a time, a task each: in one piece, tens of
    // megabytes freeze the page for a second or more. Read-only meanwhile, so nothing is typed into
    // a half-loaded text; a newer outside change cancels the load.
    let loadGeneration = 0;
    const loadInChunks = (text: string) => {
      const generation = ++loadGeneration;
      const current = () => generation === loadGeneration && !model.isDisposed();
      loading = true;
      editor.updateOptions({ readOnly: true });
      setLoaded(0);
      const large = isLargeText(text);
      // Each stage in a task of its own (the text arrives in a task that already read the file):
      // a new model, then the emptied model in the editor, then the pieces.
      const replaceModel = () => {
        if (!current()) return;
        if (large !== modelIsLarge) {
          // Monaco decides once, as it creates a model, whether it is too large to tokenize, and
          // shows a large one line for line: no view object per line, no copy of the line array per
          // piece, so filling it stays in short tasks.
          // A text Monaco would call large gets a model created large, from empty lines, then emptied.
          sub.dispose();
          editor.setModel(null);
          model.dispose();
          model = monaco.editor.createModel(
            large ? '\n'.repeat(LARGE_TEXT_LINES) : '',
            text.length > PLAIN_TEXT_LIMIT ? 'plaintext' : 'yaml',
            uri,
          );
          modelIsLarge = large;
          sub = watch();
          decorations = [];
        }
        setTimeout(empty, 0);
      };
      const empty = () => {
        if (!current()) return;
        // Without a model after a newer load replaced it and was itself replaced: this one shows it.
        if (editor.getModel() !== model) editor.setModel(model);
        editor.updateOptions({ ...optionsForSize(text.length), readOnly: true });
        updateBracketsForSize(model, text.length);
        // Plain text while a cluster export streams in; a text that stays YAML keeps its language, so
        // that Monaco parses bracket pairs piece by piece instead of all at once when it is switched.
        if (text.length > PLAIN_TEXT_LIMIT) monaco.editor.setModelLanguage(model, 'plaintext');
        updateSchemaForSize(text.length);
        applying = true;
        model.setValue('');
        // An empty model takes the platform's line ends (CRLF under a Windows user agent): the
        // appended text must keep its LF.
        model.setEOL(monaco.editor.EndOfLineSequence.LF);
        applying = false;
        setTimeout(step, 0);
      };
      let at = 0;
      const step = () => {
        if (!current()) return;
        // Cut after a line break, so that a CRLF is never split between two pieces.
        const cut = text.indexOf('\n', Math.min(text.length, at + LOAD_CHUNK));
        const end = cut < 0 ? text.length : cut + 1;
        const last = model.getLineCount();
        const column = model.getLineMaxColumn(last);
        // A flat copy of the piece: Monaco reads it char by char, which is slow on a slice that
        // still points into the file's string.
        const piece = ` ${text.slice(at, end)}`.slice(1);
        applying = true;
        model.applyEdits([{ range: new monaco.Range(last, column, last, column), text: piece }]);
        applying = false;
        at = end;
        if (at < text.length) {
          setLoaded(at / text.length);
          setTimeout(step, 0);
        } else {
          loading = false;
          editor.updateOptions({ readOnly: false });
          updateLanguageForSize(model);
          setLoaded(null);
          // Markers set while the text was partial were cut to its lines: set them again.
          monaco.editor.setModelMarkers(
            model,
            'netpol-lab',
            toMarkers(store.getState().diagnostics, model.getLineCount()),
          );
        }
      };
      setTimeout(replaceModel, 0);
    };
    if (initial.length > PLAIN_TEXT_LIMIT) loadInChunks(initial);
    const pasteBig = (pasted: string) => {
      const selection = editor.getSelection();
      if (loading || !selection) return;
      const text = model.getValue();
      const start = model.getOffsetAt(selection.getStartPosition());
      const end = model.getOffsetAt(selection.getEndPosition());
      const s = store.getState();
      s.openWorkspace(
        { text: text.slice(0, start) + pasted + text.slice(end), fileNames: s.fileNames },
        `Pasted ${(pasted.length / 1e6).toFixed(1)} MB: it goes into the editor in pieces, like an opened file. Undo open brings back the text before the paste.`,
      );
    };
    // A paste arrives as a DOM event (menus, the browser's own paste), seen here before Monaco's
    // handler inside the host, or, from the keyboard, as Monaco's paste command with the clipboard text.
    const onPaste = (e: ClipboardEvent) => {
      const pasted = e.clipboardData?.getData('text/plain') ?? '';
      if (pasted.length <= BIG_PASTE) return;
      e.preventDefault();
      e.stopPropagation();
      pasteBig(pasted);
    };
    const trigger = editor.trigger.bind(editor);
    editor.trigger = (source, handlerId, payload: unknown) => {
      const pasted = handlerId === 'paste' ? (payload as { text?: unknown } | null)?.text : undefined;
      if (typeof pasted === 'string' && pasted.length > BIG_PASTE) pasteBig(pasted);
      else trigger(source, handlerId, payload);
    };
    const pasteHost = host.current!;
    pasteHost.addEventListener('paste', onPaste, true);
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.externalVersion !== prev.externalVersion && state.text !== model.getValue()) {
        const current = model.getValue();
        const change = minimalReplacement(current, state.text);
        // Opening a cluster export replaces megabytes: an undoable edit of that size keeps the page
        // busy for as long as Monaco takes to count, store and draw it all (0.5 s for 3 MB), and
        // "Undo open" already brings the previous workspace back. Anything above one piece goes in
        // piece by piece; any change while a text is loading starts the load again from the new text.
        if (change && (loading || change.end - change.start + change.text.length > LOAD_CHUNK)) {
          loadInChunks(state.text);
        } else if (change) {
          const start = model.getPositionAt(change.start);
          const end = model.getPositionAt(change.end);
          applying = true;
          editor.pushUndoStop();
          editor.executeEdits('netpol-lab', [
            {
              range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
              text: change.text,
            },
          ]);
          editor.pushUndoStop();
          applying = false;
        }
      }
      if (state.reveal && state.reveal !== prev.reveal) {
        const { line, endLine } = state.reveal;
        editor.revealLinesInCenter(line, endLine);
        decorations = editor.deltaDecorations(decorations, [
          {
            range: new monaco.Range(line, 1, endLine, 1),
            options: { isWholeLine: true, className: 'revealed-line' },
          },
        ]);
        editor.setPosition({ lineNumber: line, column: 1 });
      }
    });
    return () => {
      pasteHost.removeEventListener('paste', onPaste, true);
      unsubscribe();
      sub.dispose();
      setEditor(null);
      editor.dispose();
      model.dispose();
    };
  }, [store]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const monaco = setupMonaco();
    monaco.editor.setModelMarkers(model, 'netpol-lab', toMarkers(diagnostics, model.getLineCount()));
  }, [diagnostics]);

  useEffect(() => {
    setupMonaco().editor.setTheme(theme === 'dark' ? DARK_THEME : 'vs');
  }, [theme]);

  return (
    <>
      <p className="hint tab-hint" id="editor-tab-hint">
        {tabMovesFocus ? (
          <>
            Tab moves focus out of the editor. <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab indents again.
          </>
        ) : (
          <>
            Tab indents. <kbd>Ctrl</kbd>+<kbd>M</kbd>: Tab moves focus instead.
          </>
        )}
      </p>
      {loaded !== null && (
        <div className="banner info" role="status">
          Loading {(textSize / 1e6).toFixed(1)} MB into the editor: {Math.round(loaded * 100)}%. The graph and
          the matrix do not wait for it; the text can be edited once it is all in.
          {canUndoOpen && (
            <button
              type="button"
              onClick={() => store.getState().undoOpen()}
              title="Stop loading and bring back the workspace you had before"
            >
              Cancel
            </button>
          )}
        </div>
      )}
      <div
        ref={host}
        className="editor-host"
        data-testid="monaco-host"
        aria-busy={loaded !== null ? 'true' : 'false'}
      />
    </>
  );
}
