import { useEffect, useRef } from 'react';
import { getStore, useAppStore, selectDiagnostics, selectTheme } from '../../state/store';
import {
  PLAIN_TEXT_LIMIT,
  optionsForSize,
  setupMonaco,
  updateLanguageForSize,
  updateSchemaForSize,
} from './monacoSetup';
import { minimalReplacement, toMarkers } from './toMarkers';
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';

/** The Monaco adapter: one lifecycle hook; outside text changes arrive as edits between undo stops. */
export function YamlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const diagnostics = useAppStore(selectDiagnostics);
  const theme = useAppStore(selectTheme);

  useEffect(() => {
    const monaco = setupMonaco();
    const store = getStore();
    const initial = store.getState().text;
    const model = monaco.editor.createModel(
      initial,
      initial.length > PLAIN_TEXT_LIMIT ? 'plaintext' : 'yaml',
      monaco.Uri.parse('file:///workspace.yaml'),
    );
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
      theme: store.getState().theme === 'dark' ? 'vs-dark' : 'vs',
    });
    editorRef.current = editor;
    (window as unknown as { __netpolEditor?: unknown }).__netpolEditor = editor;
    let applying = false;
    updateSchemaForSize(model.getValueLength());
    const sub = model.onDidChangeContent(() => {
      updateSchemaForSize(model.getValueLength());
      updateLanguageForSize(model);
      if (!applying) store.getState().setText(model.getValue(), 'editor');
    });
    let decorations: string[] = [];
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.externalVersion !== prev.externalVersion && state.text !== model.getValue()) {
        const current = model.getValue();
        const change = minimalReplacement(current, state.text);
        // Opening a cluster export replaces tens of megabytes: an undoable edit of that size keeps
        // the page busy for seconds, and "Undo open" already brings the previous workspace back.
        if (change && change.end - change.start + change.text.length > PLAIN_TEXT_LIMIT) {
          applying = true;
          // Folding, bracket colours, links... over a whole export take the main thread a while too.
          editor.updateOptions(optionsForSize(state.text.length));
          model.setValue(state.text);
          updateLanguageForSize(model);
          applying = false;
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
      unsubscribe();
      sub.dispose();
      editor.dispose();
      model.dispose();
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const monaco = setupMonaco();
    monaco.editor.setModelMarkers(model, 'netpol-lab', toMarkers(diagnostics, model.getLineCount()));
  }, [diagnostics]);

  useEffect(() => {
    setupMonaco().editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div ref={host} className="editor-host" data-testid="monaco-host" />;
}
