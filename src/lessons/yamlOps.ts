import { parseAllDocuments } from 'yaml';
import { applyEdit as engineApplyEdit, type Edit } from '../engine/index';

/** Lesson actions are authored by us: an edit that fails is a bug in the lesson, so say which. */
export function applyEdit(text: string, edit: Edit, tolerateMissing = false): string {
  const result = engineApplyEdit(text, edit);
  const error = result.diagnostics.find((d) => d.severity === 'error');
  if (error && !tolerateMissing) throw new Error(`lesson action ${edit.type} failed: ${error.message}`);
  return result.value.text;
}

export function parseAllDocumentsForLessons(
  yaml: string,
): { kind: string; namespace?: string; name: string }[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null)
    .filter((o): o is { kind: string; metadata: { name: string; namespace?: string } } =>
      Boolean(o?.kind && o.metadata?.name),
    )
    .map((o) => ({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }));
}
