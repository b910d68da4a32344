import type { Edit } from '../engine/index';
import type { EditDescription } from './describeEdit';
import type { EditsResult } from './slices/document';
import { enforces } from './slices/view';
import { engineOf, type AppStore } from './store';

/**
 * `applyEdits` for an edit made without a preview (delete, labels, allow DNS): the engine worker makes
 * the text after the edits, and the page takes it as the change (`computed`), so a big workspace is
 * not read again on the page to edit it. Should the worker refuse the edits, they go to `applyEdits`
 * as they are, which refuses them with its own reason (a YAML that does not read, an object gone);
 * should the text change meanwhile, `applyEdits` edits the newer text itself.
 */
export async function applyEditsInWorker(
  store: AppStore,
  edits: Edit[],
  description?: EditDescription,
): Promise<EditsResult> {
  const s = store.getState();
  const text = s.text;
  const preview = await engineOf(store).request(
    'previewEdits',
    {
      edits,
      changes: false,
      text,
      options: { semantics: s.settings.semantics, enforced: enforces(s.settings.plugin) },
      ghosts: s.ghosts,
    },
    // One channel per edit: an edit asked for is never dropped as stale by the next one.
    `edit:${nextEdit++}`,
  );
  const computed = preview && !preview.error ? { text, replacement: preview.replacement } : undefined;
  return store.getState().applyEdits(edits, description, computed);
}

let nextEdit = 0;
