import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { AppStore, EditReceipt } from '../../state/store';

// The live editor, for the Undo of an edit confirmation: one editor per page.
let current: Monaco.editor.IStandaloneCodeEditor | null = null;

export function setEditor(editor: Monaco.editor.IStandaloneCodeEditor | null) {
  current = editor;
}

/**
 * Takes back the edit a confirmation describes: with the editor's own Undo while the text is still
 * what the edit wrote (so Redo brings it back), else by writing the text from before it.
 */
export function undoEdit(app: AppStore, receipt: EditReceipt) {
  const store = app.getState();
  const model = current?.getModel();
  if (current && model && model.getValue() === receipt.after) {
    current.trigger('netpol-lab', 'undo', null);
    if (model.getValue() === receipt.before) {
      store.setText(receipt.before, 'editor');
      store.dismissReceipt();
      return;
    }
  }
  store.setText(receipt.before, 'external');
  store.dismissReceipt();
}
