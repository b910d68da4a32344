import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi, selectAnalysis, selectWorkspace } from '../../state/store';
import { getGraphController, onGraphController } from '../graph/graphRegistry';
import type { GraphController } from '../graph/GraphController';
import { endpointId, namespaceId, parseNodeId, type EndRef } from '../graph/ids';
import { defaultPorts, parsePorts, type ConnectionEnd, type SourceScope } from './connectionInput';
import type { Protocol } from '../../engine/index';
import { METADATA_NAME_LABEL } from '../../state/engineHelpers';
import { useEngine } from '../../state/useEngine';
import { useGraphChanges } from '../graph/useGraphChanges';
import { lineDiff } from './lineDiff';
import { ConnectionList } from './ConnectionList';
import { useDialog } from './useDialog';

/** The select value of an end: its graph node id (`ep:3`, `ns:web`), or `cidr` for a typed address. */
const endKey = (end: ConnectionEnd) =>
  'namespace' in end ? namespaceId(end.namespace) : 'cidr' in end ? 'cidr' : endpointId(end.endpoint);
const parseEndKey = (key: string): ConnectionEnd => {
  const ref = parseNodeId(key);
  return ref?.type === 'namespace'
    ? { namespace: ref.name }
    : ref?.type === 'endpoint'
      ? { endpoint: ref.index }
      : { cidr: '' };
};
const endOf = (ref: EndRef): ConnectionEnd =>
  ref.type === 'namespace' ? { namespace: ref.name } : { endpoint: ref.index };

/** Press on one node and release on another (or click one, then the other) while the dialog is open. */
function useGraphPicker(onPick: (from: ConnectionEnd, to: ConnectionEnd) => void) {
  useEffect(() => {
    const attach = (graph: GraphController | null) =>
      graph ? graph.onConnect((a, b) => onPick(endOf(a), endOf(b))) : () => {};
    let detach = attach(getGraphController());
    const off = onGraphController((graph) => {
      detach();
      detach = attach(graph);
    });
    return () => {
      off();
      detach();
    };
  }, [onPick]);
}

/** The address or CIDR of an outside end, typed. */
function AddressInput({
  label,
  example,
  end,
  onChange,
}: {
  label: string;
  example: string;
  end: { cidr: string };
  onChange: (end: ConnectionEnd) => void;
}) {
  return (
    <label title={`An IPv4 or IPv6 address or CIDR, such as ${example}`}>
      {label}
      <input
        aria-label={label}
        value={end.cidr}
        onChange={(e) => onChange({ cidr: e.target.value })}
        placeholder={example}
      />
    </label>
  );
}

function KeyChoices({
  legend,
  labels,
  chosen,
  onChange,
}: {
  legend: string;
  labels: Readonly<Record<string, string>>;
  chosen: readonly string[];
  onChange: (keys: string[]) => void;
}) {
  const entries = Object.entries(labels);
  return (
    <fieldset className="key-choices">
      <legend>{legend}</legend>
      {entries.length === 0 && <span className="hint">No labels: matches every pod.</span>}
      {entries.map(([k, v]) => (
        <label key={k} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(k)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, k] : chosen.filter((c) => c !== k))}
          />{' '}
          {k}={v}
        </label>
      ))}
    </fieldset>
  );
}

const NONE: never[] = [];

export function DrawConnectionDialog({
  onClose,
  initialFrom,
}: {
  onClose: () => void;
  initialFrom?: number;
}) {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  // The text a plan is of: a plan is shown only for the current text, and Apply takes its YAML as is.
  const text = useAppStore((s) => s.text);
  // Not modal: the graph stays usable to drag the connection on it.
  const dialog = useDialog(onClose, false);
  const endpoints = workspace?.cluster.endpoints ?? NONE;
  const namespaces = workspace?.cluster.namespaces ?? NONE;
  const [from, setFrom] = useState<ConnectionEnd>({ endpoint: initialFrom ?? 0 });
  const [to, setToEnd] = useState<ConnectionEnd>({
    endpoint: endpoints.length > 1 ? (initialFrom === 1 ? 0 : 1) : 0,
  });
  // The ports start as the destination's container ports, and follow it until the person types some.
  const [portText, setPortText] = useState(() => defaultPorts(workspace, to).text);
  const [protocol, setProtocol] = useState<Protocol>(() => defaultPorts(workspace, to).protocol);
  const portsTyped = useRef(false);
  const setTo = (end: ConnectionEnd) => {
    setToEnd(end);
    if (portsTyped.current) return;
    const d = defaultPorts(workspace, end);
    setPortText(d.text);
    setProtocol(d.protocol);
  };
  const [scope, setScope] = useState<SourceScope>('pod-labels');
  const [podKeys, setPodKeys] = useState<string[]>([]);
  const [nsKeys, setNsKeys] = useState<string[]>([]);
  const egressOf = (end: ConnectionEnd) =>
    analysis && 'endpoint' in end ? analysis.isolation(end.endpoint).egress : false;
  const [egressToo, setEgressToo] = useState(() => egressOf({ endpoint: initialFrom ?? 0 }));

  const source = 'endpoint' in from ? endpoints[from.endpoint] : undefined;
  const sourcePod = source?.type === 'pod' ? source : undefined;
  const sourceNs = sourcePod ? namespaces.find((n) => n.name === sourcePod.namespace) : undefined;
  const chooseFrom = (end: ConnectionEnd) => {
    setFrom(end);
    setEgressToo(egressOf(end));
    const e = 'endpoint' in end ? endpoints[end.endpoint] : undefined;
    setPodKeys(e?.type === 'pod' ? Object.keys(e.labels) : []);
    setNsKeys([METADATA_NAME_LABEL]);
  };
  const pick = useMemo(
    () => (a: ConnectionEnd, b: ConnectionEnd) => {
      chooseFrom(a);
      setTo(b);
    },
    [analysis, endpoints], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useGraphPicker(pick);

  const ports = parsePorts(portText, protocol);
  const same = endKey(from) === endKey(to);
  const blank = (end: ConnectionEnd) => 'cidr' in end && !end.cidr.trim();
  // Planned in the engine worker: the edits, the YAML they make, and what they open and close.
  const { result: plan, pending } = useEngine(
    'planConnection',
    !workspace || !analysis || 'error' in ports || same || blank(from) || blank(to)
      ? null
      : {
          from,
          to,
          ports,
          scope: { scope, podLabelKeys: podKeys, namespaceLabelKeys: nsKeys },
          egressToo,
        },
  );
  // One hunk per edit, each against the text before it: lines as they are, + added, - removed.
  const hunks =
    plan && !plan.error
      ? plan.steps.map((step) =>
          lineDiff(step.before, step.after).map((l) => ({ ...l, line: l.line + step.line - 1 })),
        )
      : [];
  useGraphChanges(workspace, plan?.alsoOpens ?? NONE, plan?.closes ?? NONE);

  // Built once per cluster: at 5,000 pods the two lists are 10,000 options, and rebuilding them on
  // every render (each answer of the worker, each key typed in Ports) reconciled them all again.
  const endOptions = useMemo(
    () => (
      <>
        <optgroup label="Pods, workloads and addresses">
          {endpoints.map((e) => (
            <option key={e.index} value={endpointId(e.index)}>
              {e.ref}
            </option>
          ))}
        </optgroup>
        <optgroup label="Every pod of a namespace">
          {namespaces.map((n) => (
            <option key={n.name} value={namespaceId(n.name)}>
              namespace {n.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Outside the cluster">
          <option value="cidr">another address or CIDR…</option>
        </optgroup>
      </>
    ),
    [endpoints, namespaces],
  );
  const scopeRadio = (value: SourceScope, text: string, title: string) => (
    <label className="check" title={title}>
      <input type="radio" name="scope" checked={scope === value} onChange={() => setScope(value)} /> {text}
    </label>
  );

  return (
    <dialog ref={dialog} className="dialog" aria-label="Draw a connection">
      <h3>Allow a connection</h3>
      <p className="hint">
        Pick the endpoints here, or drag from one node (or namespace) to another on the graph.
      </p>
      <div className="dialog-grid">
        <label>
          From
          <select
            aria-label="From"
            value={endKey(from)}
            onChange={(e) => chooseFrom(parseEndKey(e.target.value))}
          >
            {endOptions}
          </select>
        </label>
        <label>
          To
          <select aria-label="To" value={endKey(to)} onChange={(e) => setTo(parseEndKey(e.target.value))}>
            {endOptions}
          </select>
        </label>
        {'cidr' in from && (
          <AddressInput label="From address" example="203.0.113.0/24" end={from} onChange={setFrom} />
        )}
        {'cidr' in to && <AddressInput label="To address" example="198.51.100.7" end={to} onChange={setTo} />}
        <label title="Comma-separated ports or ranges; empty allows every port">
          Ports
          <input
            aria-label="Ports"
            value={portText}
            onChange={(e) => {
              portsTyped.current = true;
              setPortText(e.target.value);
            }}
            placeholder="every port"
          />
        </label>
        <label>
          Protocol of the rule
          <select
            value={protocol}
            onChange={(e) => {
              portsTyped.current = true;
              setProtocol(e.target.value as Protocol);
            }}
          >
            <option>TCP</option>
            <option>UDP</option>
            <option>SCTP</option>
          </select>
        </label>
        {'cidr' in from ? (
          <p className="hint">The source is outside the cluster: the rule admits it with an ipBlock.</p>
        ) : source?.type === 'external' ? (
          <p className="hint">The source is an outside address: the rule admits its CIDR ({source.cidr}).</p>
        ) : !sourcePod ? (
          <p className="hint">The source is a whole namespace: the rule admits every pod in it.</p>
        ) : (
          <fieldset>
            <legend>Who may connect</legend>
            {scopeRadio(
              'pod-labels',
              'Pods with exactly these labels',
              'podSelector with every label of the source',
            )}
            {scopeRadio(
              'label-subset',
              'Pods with some of these labels',
              'podSelector with the labels you tick below: broader than the drawn pod',
            )}
            {scopeRadio(
              'namespace',
              'Every pod of the source namespace',
              'namespaceSelector on the namespace name',
            )}
            {scopeRadio(
              'ns-labels',
              'Pods with these labels in namespaces with those labels',
              'podSelector AND namespaceSelector in one peer',
            )}
            {(scope === 'label-subset' || scope === 'ns-labels') && (
              <KeyChoices
                legend="Pod labels to match"
                labels={sourcePod.labels}
                chosen={podKeys}
                onChange={setPodKeys}
              />
            )}
            {scope === 'ns-labels' && (
              <KeyChoices
                legend={`Labels of namespace ${sourcePod.namespace} to match`}
                labels={sourceNs?.labels ?? { [METADATA_NAME_LABEL]: sourcePod.namespace }}
                chosen={nsKeys}
                onChange={setNsKeys}
              />
            )}
          </fieldset>
        )}
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
      {same && <p className="field-error">Pick two different endpoints: a pod can always reach itself.</p>}
      {pending && (
        <p className="hint" role="status">
          Working out what the rule opens and closes…
        </p>
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
          {plan.alsoOpensCount > 0 && (
            <>
              <p>
                ⚠ The selector is broad: it also opens {plan.alsoOpensCount} more connection
                {plan.alsoOpensCount === 1 ? '' : 's'} (dotted on the graph, “+ opens”)
              </p>
              <ConnectionList
                label="Also opens"
                items={plan.alsoOpens.map((c) => c.text)}
                total={plan.alsoOpensCount}
              />
            </>
          )}
          {plan.closesCount > 0 && (
            <>
              <p>
                ⚠ The new policy isolates its pods: {plan.closesCount} connection
                {plan.closesCount === 1 ? '' : 's'} it does not allow will close (dashed on the graph, “⊣
                closes”)
              </p>
              <ConnectionList
                label="Closes"
                items={plan.closes.map((c) => c.text)}
                total={plan.closesCount}
              />
            </>
          )}
          {plan.covered.map((side) => (
            <p key={side}>
              {side === 'Ingress'
                ? 'The destination already admits this in its ingress rules: no ingress rule added.'
                : "The source's egress rules already admit this: no egress rule added."}
            </p>
          ))}
          <details open>
            <summary>YAML change</summary>
            <pre className="yaml-preview diff" tabIndex={0} aria-label="YAML change">
              {hunks.map((hunk, h) => (
                <span key={h}>
                  <span className="diff-hunk">@@ line {hunk.find((l) => l.kind !== '-')?.line ?? 1} @@</span>

                  {hunk.map((l, i) => (
                    <span
                      key={i}
                      className={l.kind === '+' ? 'diff-add' : l.kind === '-' ? 'diff-del' : 'diff-ctx'}
                    >
                      {l.kind} {l.text}
                    </span>
                  ))}
                </span>
              ))}
            </pre>
          </details>
        </div>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          disabled={!plan || Boolean(plan.error)}
          onClick={() => {
            if (!plan || plan.error) return;
            const sides = plan.edits.map((e) => (e.type === 'add-ingress-rule' ? 'an ingress' : 'an egress'));
            const applied = store.getState().applyEdits(
              plan.edits,
              {
                action: `Added ${sides.join(' and ')} rule${sides.length > 1 ? 's' : ''}`,
                policy: 'to',
              },
              { text, replacement: plan.replacement },
            );
            // Kept open when the text cannot take edits yet (the notice says why): the plan stays.
            if (!applied.ok && (applied.reason === 'broken' || applied.reason === 'evaluating')) return;
            onClose();
          }}
        >
          Apply
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
