import { useEffect, useMemo, useRef, useState } from 'react';
import { getStore, useAppStore, selectAnalysis, selectWorkspace } from '../../state/store';
import { onGraph, getGraph } from '../graph/graphRegistry';
import { minimalReplacement } from '../editor/toMarkers';
import { parsePorts, planConnection, type SourceScope } from './planConnection';
import type { Protocol } from '../../engine/index';

/** Press on one node and release on another (or click one, then the other) while the dialog is open. */
function useGraphPicker(onPick: (from: number, to: number) => void) {
  const pending = useRef<number | null>(null);
  useEffect(() => {
    const attach = () => {
      const cy = getGraph();
      if (!cy) return () => {};
      cy.autoungrabify(true);
      const nodeAt = (pos: { x: number; y: number }) =>
        cy.nodes().filter(
          (n) =>
            n.data('index') !== undefined &&
            (() => {
              const b = n.boundingBox({});
              return pos.x >= b.x1 && pos.x <= b.x2 && pos.y >= b.y1 && pos.y <= b.y2;
            })(),
        )[0];
      const down = (e: { position: { x: number; y: number } }) => {
        const n = nodeAt(e.position);
        if (n && pending.current === null) pending.current = n.data('index') as number;
      };
      const up = (e: { position: { x: number; y: number } }) => {
        const n = nodeAt(e.position);
        if (n && pending.current !== null && n.data('index') !== pending.current) {
          onPick(pending.current, n.data('index') as number);
          pending.current = null;
        }
      };
      cy.on('tapstart', down);
      cy.on('tapend', up);
      return () => {
        cy.removeListener('tapstart', down);
        cy.removeListener('tapend', up);
        cy.autoungrabify(false);
      };
    };
    let detach = attach();
    const off = onGraph(() => {
      detach();
      detach = attach();
    });
    return () => {
      off();
      detach();
    };
  }, [onPick]);
}

export function DrawConnectionDialog({
  onClose,
  initialFrom,
}: {
  onClose: () => void;
  initialFrom?: number;
}) {
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const text = useAppStore((s) => s.text);
  const endpoints = workspace?.cluster.endpoints ?? [];
  const [from, setFrom] = useState<number>(initialFrom ?? 0);
  const [to, setTo] = useState<number>(endpoints.length > 1 ? (initialFrom === 1 ? 0 : 1) : 0);
  const [portText, setPortText] = useState('80');
  const [protocol, setProtocol] = useState<Protocol>('TCP');
  const [scope, setScope] = useState<SourceScope>('pod-labels');
  const [egressToo, setEgressToo] = useState(() =>
    analysis ? analysis.isolation(initialFrom ?? 0).egress : false,
  );
  const pick = useMemo(
    () => (a: number, b: number) => {
      setFrom(a);
      setTo(b);
      if (analysis) setEgressToo(analysis.isolation(a).egress);
    },
    [analysis],
  );
  useGraphPicker(pick);

  const ports = parsePorts(portText, protocol);
  const plan = useMemo(() => {
    if (!workspace || !analysis || 'error' in ports || from === to) return null;
    return planConnection(text, workspace, analysis, from, to, ports, scope, egressToo);
  }, [workspace, analysis, text, from, to, JSON.stringify(ports), scope, egressToo]); // eslint-disable-line react-hooks/exhaustive-deps
  const diff = plan && !plan.error ? minimalReplacement(text, plan.text) : null;

  return (
    <div className="dialog" role="dialog" aria-modal="false" aria-label="Draw a connection">
      <h3>Allow a connection</h3>
      <p className="hint">Pick the endpoints here, or drag from one node to another on the graph.</p>
      <div className="dialog-grid">
        <label>
          From
          <select aria-label="From" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {endpoints.map((e) => (
              <option key={e.index} value={e.index}>
                {e.ref}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <select aria-label="To" value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {endpoints.map((e) => (
              <option key={e.index} value={e.index}>
                {e.ref}
              </option>
            ))}
          </select>
        </label>
        <label title="Comma-separated ports or ranges; empty allows every port">
          Ports
          <input
            aria-label="Ports"
            value={portText}
            onChange={(e) => setPortText(e.target.value)}
            placeholder="80, 8000-8080"
          />
        </label>
        <label>
          Protocol of the rule
          <select value={protocol} onChange={(e) => setProtocol(e.target.value as Protocol)}>
            <option>TCP</option>
            <option>UDP</option>
            <option>SCTP</option>
          </select>
        </label>
        <fieldset>
          <legend>Who may connect</legend>
          <label className="check">
            <input
              type="radio"
              name="scope"
              checked={scope === 'pod-labels'}
              onChange={() => setScope('pod-labels')}
            />{' '}
            Pods with exactly these labels
          </label>
          <label className="check">
            <input
              type="radio"
              name="scope"
              checked={scope === 'namespace'}
              onChange={() => setScope('namespace')}
            />{' '}
            Every pod of the source namespace
          </label>
        </fieldset>
        <label className="check" title="Needed when the source is isolated for egress">
          <input type="checkbox" checked={egressToo} onChange={(e) => setEgressToo(e.target.checked)} /> Also
          allow egress at the source
        </label>
      </div>
      {'error' in ports && (
        <p className="field-error" role="alert">
          {ports.error}
        </p>
      )}
      {from === to && (
        <p className="field-error">Pick two different endpoints: a pod can always reach itself.</p>
      )}
      {plan?.error && (
        <p className="field-error" role="alert">
          {plan.error}
        </p>
      )}
      {plan && !plan.error && (
        <div className="preview" aria-label="Preview">
          <p>
            {plan.opensDrawn
              ? '✓ Opens the drawn connection.'
              : 'The drawn connection is already allowed on these ports, or stays blocked by the other side.'}
          </p>
          {plan.alsoOpens.length > 0 && (
            <>
              <p>⚠ The selector is broad: it also opens</p>
              <ul>
                {plan.alsoOpens.slice(0, 20).map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </>
          )}
          <details open>
            <summary>YAML change</summary>
            <pre className="yaml-preview">{diff?.text ?? ''}</pre>
          </details>
        </div>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          disabled={!plan || Boolean(plan.error)}
          onClick={() => {
            if (!plan || plan.error) return;
            const st = getStore().getState();
            if (st.stale) {
              st.setNotice('Fix the YAML errors first: edits are never applied to a broken document.');
              return;
            }
            st.setText(plan.text, 'external');
            onClose();
          }}
        >
          Apply
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
