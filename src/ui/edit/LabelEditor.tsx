import { useState } from 'react';
import { getStore } from '../../state/store';

/** What can carry labels here: a pod, a workload (its pod template) or a namespace. */
export interface LabelTarget {
  kind: string;
  namespace?: string;
  name: string;
  /** How the target is shown: a REF, or "namespace NAME". */
  title: string;
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
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    if (!target) return;
    const parsed = parseLabelArgs(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    const { labels } = parsed;
    setError(null);
    if (
      getStore().getState().applyEdit({
        type: 'set-labels',
        kind: target.kind,
        namespace: target.namespace,
        name: target.name,
        labels,
      })
    )
      setText('');
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
            ? 'Like kubectl label: app=web sets a label, app- removes it'
            : 'Select a pod or a namespace on the graph (or in the matrix) to label it'
        }
      >
        {target ? `Label ${target.title}` : 'Label'}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={target ? 'app=web tier-' : 'select a pod first'}
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
