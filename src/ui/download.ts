// Saving what the page built as a file the browser downloads (no server): a Blob behind a temporary link.
import { Document, parseAllDocuments } from 'yaml';

export function downloadBlob(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(name: string, text: string, type = 'application/yaml') {
  downloadBlob(name, new Blob([text], { type }));
}

/** Only the NetworkPolicy documents (and List items) of the text, comments kept per document. */
export function policiesOnly(text: string): string {
  const out: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as { kind?: string; items?: { kind?: string }[] } | null;
    if (value?.kind === 'NetworkPolicy') out.push(doc.toString().replace(/^---\n/, ''));
    else if (value?.kind?.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items)
        if (item?.kind === 'NetworkPolicy') out.push(new Document(item).toString());
    }
  }
  return out.join('---\n');
}
