// The filters above the graph: namespace, label selector, port, protocol, Focus pod and Show denied.
// They narrow what the graph and matrix show.
import { useMemo } from 'react';
import { portFilterProblem, useAppStore, useAppStoreApi, selectWorkspace } from '../state/store';
import { parseLabelFilter } from './graph/labelFilter';
import { FocusPodBox } from './FocusPodBox';

export function FilterBar() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const port = useAppStore((s) => s.port);
  const protocol = useAppStore((s) => s.protocol);
  const namespaceFilter = useAppStore((s) => s.namespaceFilter);
  const labelFilter = useAppStore((s) => s.labelFilter);
  const showDenied = useAppStore((s) => s.showDenied);
  const s = store.getState();
  const namespaces = useMemo(() => workspace?.cluster.namespaces.map((n) => n.name) ?? [], [workspace]);
  const labelError = useMemo(() => {
    const parsed = parseLabelFilter(labelFilter);
    return parsed && 'error' in parsed ? parsed.error : null;
  }, [labelFilter]);
  const portProblem = portFilterProblem(port);
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <label>
        Namespace
        <select
          aria-label="Namespace"
          value={namespaceFilter}
          onChange={(e) => s.setNamespaceFilter(e.target.value)}
        >
          <option value="">all</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label title="A kubectl-style label selector: app=web,tier in (a,b),!legacy">
        Labels
        <input
          aria-label="Labels"
          value={labelFilter}
          placeholder="app=web,tier in (a,b)"
          onChange={(e) => s.setLabelFilter(e.target.value)}
          aria-invalid={labelError ? 'true' : 'false'}
        />
      </label>
      {labelError && (
        <span className="field-error" role="alert">
          {labelError}
        </span>
      )}
      <label title="Only show connections allowed on this port (empty: any port)">
        Port
        <input
          aria-label="Port"
          inputMode="numeric"
          size={6}
          value={port}
          placeholder="any"
          onChange={(e) => s.setPort(e.target.value.trim())}
          aria-invalid={portProblem ? 'true' : 'false'}
        />
      </label>
      {portProblem && (
        <span className="field-error" role="alert">
          {portProblem}
        </span>
      )}
      <label>
        Protocol
        <select
          aria-label="Protocol"
          value={protocol}
          onChange={(e) => s.setProtocol(e.target.value as 'TCP' | 'UDP' | 'SCTP')}
        >
          <option value="TCP">TCP</option>
          <option value="UDP">UDP</option>
          <option value="SCTP">SCTP</option>
        </select>
      </label>
      <FocusPodBox />
      <label
        className="check"
        title="Also draw the connections that are denied: the focused pod's, or every pair of a small graph"
      >
        <input type="checkbox" checked={showDenied} onChange={(e) => s.setShowDenied(e.target.checked)} />
        Show denied
      </label>
    </div>
  );
}
