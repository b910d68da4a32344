// The YAML text (the single source of truth), its file names, the workspace before the last open, and
// the one guarded way to change the text from the UI: `applyEdits`. Opening files or another workspace
// is an action here because it spans slices (lesson, tab, selection, receipt, text).
import {
  applyEdit,
  applyReplacement,
  escapeInvisible,
  type Diagnostic,
  type Edit,
  type EditRefusal,
  type TextReplacement,
} from '../../engine/index';
import { changedLines, describeEdit, type EditDescription } from '../describeEdit';
import { PARSE_STOPPERS } from './analysis';
import type { Settings } from './view';
import type { SliceCreator } from './types';

/** The last edit made from the UI: what it did, where, and the text before it (for Undo). */
export interface EditReceipt extends EditDescription {
  line: number;
  endLine: number;
  before: string;
  after: string;
}

export interface PreviousWorkspace {
  text: string;
  fileNames: string[];
  /** Restored too when given (a share link or another tab's version brings its own). */
  settings?: Settings;
}

/**
 * What `applyEdits` did. Refused, the text is untouched and `reason` says why: `broken` (the YAML does
 * not parse), `evaluating` (the views still show an older text, which the edits were chosen from),
 * `refused` (the engine refused an edit: `refusal` names it) or `unchanged` (the edits change nothing).
 * `message` is what the user was told (the notice), null when nothing needed saying.
 */
export type EditsResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'broken' | 'evaluating' | 'refused' | 'unchanged';
      message: string | null;
      refusal?: EditRefusal;
    };

/** What a preview's edits make of a text: `replacement` turns `text` into the text after them. */
export interface ComputedEdits {
  text: string;
  replacement: TextReplacement | null;
}

export interface DocumentSlice {
  text: string;
  fileNames: string[];
  /** The workspace before the last open (files, share link, another tab's version), for Undo open. */
  previous: PreviousWorkspace | null;
  /** Bumped when the text is replaced from outside the editor (open, lesson, edit, share link). */
  externalVersion: number;
  notice: string | null;
  setText: (text: string, origin?: 'editor' | 'external') => void;
  /** Opens files as the user's own workspace: leaves the lesson, clears the selection; Undo open reverts. */
  openFiles: (files: { name: string; text: string }[]) => void;
  /** Replaces the whole workspace (text, file names, settings) from outside; Undo open brings it back. */
  openWorkspace: (workspace: PreviousWorkspace, notice: string) => void;
  undoOpen: () => void;
  /**
   * Applies structured edits to the current text, in order, as one undo step with a receipt shown in
   * the editor; all or nothing. `description` says what they did (by default, the single edit's own).
   * `computed`: the text after the edits as the engine worker's preview made it (a replacement of the
   * text it was given), taken as it is when that text is the current one: the page never re-reads a
   * big workspace to edit it.
   */
  applyEdits: (
    edits: readonly Edit[],
    description?: EditDescription,
    computed?: ComputedEdits,
  ) => EditsResult;
  receipt: EditReceipt | null;
  /** The text before the last edit made with the app's tools (not typing), for Compare. */
  beforeLastEdit: string | null;
  dismissReceipt: () => void;
  setNotice: (notice: string | null) => void;
}

/**
 * Why an edit is refused while the YAML does not parse, naming the problem and its line: "the YAML
 * has errors" alone sends people hunting.
 */
export function brokenYamlNotice(diagnostics: readonly Diagnostic[]): string {
  const stopper = diagnostics.find((d) => PARSE_STOPPERS.has(d.code));
  if (!stopper) return 'Fix the YAML errors first: edits are never applied to a broken document.';
  const where = stopper.range ? ` at line ${stopper.range.line}:${stopper.range.col}` : '';
  return `Fix the YAML first${where}: ${stopper.message}. Edits are never applied to a broken document.`;
}

export const EVALUATING_NOTICE =
  'The graph does not show your latest change yet: edit from it again once it does.';

export function joinFiles(files: { name: string; text: string }[]): string {
  if (files.length === 1) return files[0]!.text;
  // A byte-order mark starts a file, not a document in the middle of the text (where it would become
  // part of the first key); a name with a line break in it must not end the comment.
  return files
    .map(
      (f) => `# Source: ${escapeInvisible(f.name)}\n${f.text.replace(/^\ufeff/, '').replace(/\s+$/, '')}\n`,
    )
    .join('---\n');
}

export const createDocumentSlice =
  (initialText = ''): SliceCreator<DocumentSlice> =>
  (set, get) => {
    const refuse = (
      reason: 'broken' | 'evaluating' | 'refused' | 'unchanged',
      message: string | null,
      refusal?: EditRefusal,
    ): EditsResult => {
      if (message !== null) set({ notice: message });
      return { ok: false, reason, message, ...(refusal ? { refusal } : {}) };
    };
    return {
      text: initialText,
      fileNames: ['workspace.yaml'],
      previous: null,
      externalVersion: 0,
      notice: null,
      setText: (text, origin = 'editor') => {
        if (text === get().text && origin === 'editor') return;
        set((s) => ({
          text,
          externalVersion: origin === 'external' ? s.externalVersion + 1 : s.externalVersion,
        }));
        get().scheduleEvaluation(origin === 'external');
      },
      openFiles: (files) => {
        const s = get();
        // Opened manifests are the user's own cluster: leave the lesson, whose probes no longer apply.
        s.lesson.close();
        set({
          previous: { text: s.text, fileNames: s.fileNames },
          fileNames: files.map((f) => f.name),
          selection: null,
          receipt: null,
          ...(s.tab === 'lessons' ? { tab: 'matrix' as const } : {}),
        });
        s.setText(joinFiles(files), 'external');
        set({
          // File names are untrusted text: a bidi override would make one look like another.
          notice: `Opened ${files.map((f) => escapeInvisible(f.name)).join(', ')}. Undo brings the previous workspace back.`,
        });
      },
      openWorkspace: (workspace, notice) => {
        const s = get();
        set({
          previous: { text: s.text, fileNames: s.fileNames, settings: s.settings },
          fileNames: workspace.fileNames,
          selection: null,
          ...(workspace.settings ? { settings: workspace.settings } : {}),
        });
        s.setText(workspace.text, 'external');
        if (workspace.settings) s.scheduleEvaluation(true);
        set({ notice });
      },
      undoOpen: () => {
        const previous = get().previous;
        if (!previous) return;
        set({
          previous: null,
          fileNames: previous.fileNames,
          selection: null,
          notice: 'Previous workspace restored.',
          ...(previous.settings ? { settings: previous.settings } : {}),
        });
        get().setText(previous.text, 'external');
        if (previous.settings) get().scheduleEvaluation(true);
      },
      applyEdits: (edits, description, computed) => {
        const s = get();
        if (s.stale || s.diagnostics.some((d) => PARSE_STOPPERS.has(d.code)))
          return refuse('broken', brokenYamlNotice(s.diagnostics));
        // Edits name rules and objects as the views show them: applied to a newer text, a rule index
        // could point at another rule.
        if (s.evaluatedText !== s.text) return refuse('evaluating', EVALUATING_NOTICE);
        const before = s.text;
        let text = before;
        if (computed && computed.text === before) text = applyReplacement(before, computed.replacement);
        else
          for (const edit of edits) {
            const result = applyEdit(text, edit);
            const error = result.diagnostics.find((d) => d.severity === 'error');
            if (error) return refuse('refused', error.message, result.value.refusal);
            text = result.value.text;
          }
        if (text === before) return refuse('unchanged', null);
        const what = description ?? (edits.length === 1 ? describeEdit(edits[0]!) : null);
        const lines = changedLines(before, text);
        s.setText(text, 'external');
        set({
          receipt: {
            ...(what ?? { action: `Applied ${edits.length} edits`, policy: null }),
            ...lines,
            before,
            after: text,
          },
          beforeLastEdit: before,
        });
        s.revealLines(lines.line, lines.endLine);
        return { ok: true };
      },
      receipt: null,
      beforeLastEdit: null,
      dismissReceipt: () => set({ receipt: null }),
      setNotice: (notice) => set({ notice }),
    };
  };
