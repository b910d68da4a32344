import { useState } from 'react';
import { useAppStoreApi } from '../../state/store';
import { applyEditsInWorker } from '../../state/workerEdits';

/** What can carry labels here: a pod, a workload (its pod template) or a namespace. */
export interface LabelTarget {
  kind: string;
  namespace?: string;
  name: string;
  /** How the target is shown: a REF, or "namespace NAME". */
  title: string;
  /** Its labels now (a namespace's automatic kubernetes.io/metadata.name left out). */
  labels: Readonly<Record<string, string>>;
}

const labelArgs = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/**
 * The edit the box asks for: it holds the whole label set, so a label taken out of it is removed, as
 * is one written `key-`; the others are set.
 */
export function labelChanges(
  current: Readonly<Record<string, string>>,
  text: string,
): { labels: Record<string, string | null> } | { error: string } {
  const parsed = parseLabelArgs(text);
  if ('error' in parsed) return parsed;
  const labels: Record<string, string | null> = { ...parsed.labels };
  for (const key of Object.keys(current)) if (!(key in labels)) labels[key] = null;
  return { labels };
}

/** Parses `kubectl label` arguments: key=value adds or changes, key- removes. */
export function parseLabelArgs(text: string): { labels: Record<string, string | null> } | { error: string } {
  const labels: Record<string, string | null> = {};
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([\w./-]+)(?:=([\w.-]*)|(-))$/.exec(part);
    if (!m) return { error: `"${part}": write key=value to set, key- to remove` };
    labels[m[1]!] = m[3] ? null : m[2]!;
  }
  return { labels };
}

/**
 * `kubectl label` for the selected pod, workload or namespace. Shown, disabled, when nothing is
 * selected: it says where labelling is, and a selection does not grow the toolbar (that resized the
 * graph, which refitted and redrew every element at the new zoom).
 */
export function LabelEditor({ target }: { target: LabelTarget | undefined }) {
  const store = useAppStoreApi();
  // Starts with the current labels: edit them in place, as in the YAML.
  const [text, setText] = useState(() => (target ? labelArgs(target.labels) : ''));
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    if (!target) return;
    const parsed = labelChanges(target.labels, text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    const { labels } = parsed;
    setError(null);
    void applyEditsInWorker(store, [
      { type: 'set-labels', kind: target.kind, namespace: target.namespace, name: target.name, labels },
    ]).then((r) => {
      if (r.ok)
        setText(
          labelArgs(
            Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => e[1] !== null)),
          ),
        );
    });
  };
  return (
    <form
      className="label-editor"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label
        title={
          target
            ? 'The labels as key=value pairs: change, add or take one out (or write app- to remove it), then Apply'
            : 'Select a pod or a namespace on the graph (or in the matrix) to label it'
        }
      >
        {target ? `Label ${target.title}` : 'Label'}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={target ? 'no labels: app=web' : 'select a pod first'}
          disabled={!target}
        />
      </label>
      <button type="submit" disabled={!target}>
        Apply labels
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
