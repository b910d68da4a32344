import { useState } from 'react';
import { getStore } from '../../state/store';
import type { PodEndpoint } from '../../engine/index';

/** `kubectl label` for the selected pod or workload: key=value adds or changes, key- removes. */
export function LabelEditor({ endpoint }: { endpoint: PodEndpoint }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const labels: Record<string, string | null> = {};
    for (const part of text.split(/[\s,]+/).filter(Boolean)) {
      const m = /^([\w./-]+)(?:=([\w.-]*)|(-))$/.exec(part);
      if (!m) {
        setError(`"${part}": write key=value to set, key- to remove`);
        return;
      }
      labels[m[1]!] = m[3] ? null : m[2]!;
    }
    setError(null);
    if (
      getStore().getState().applyEdit({
        type: 'set-labels',
        kind: endpoint.kind,
        namespace: endpoint.namespace,
        name: endpoint.name,
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
      <label title="Like kubectl label: app=web sets a label, app- removes it">
        Label {endpoint.ref}
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="app=web tier-" />
      </label>
      <button type="submit">Apply labels</button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
