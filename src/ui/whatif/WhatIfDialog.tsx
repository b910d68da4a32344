// The What if… dialog: pods that are not in the YAML (ghosts) added to the graph, and the exposure
// question for any pod like the one described: what could it reach, who could reach it, by which rules.
import { useId, useState } from 'react';
import type { Diagnostic, GhostPod } from '../../engine/index';
import type { ExposureInput, ExposurePeer, ExposureSide } from '../../worker/protocol';
import { GHOST_LIMIT } from '../../state/engineHelpers';
import {
  selectGhostDiagnostics,
  selectGhosts,
  selectWorkspace,
  useAppStore,
  useAppStoreApi,
} from '../../state/store';
import { useEngine } from '../../state/useEngine';
import { useDialog } from '../edit/useDialog';
import { readGhostForm, type FieldErrors, type GhostField, type GhostFormFields } from './ghostForm';

const labelsText = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'no labels';

const portsText = (ports: GhostPod['ports']) =>
  ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`).join(', ');

/**
 * "What if…": add a pod to the graph that is not in the YAML (a what-if pod), or ask which pods any
 * pod with some labels in some namespace could reach, or be reached by, and which rules admit each.
 * Both are answered by the engine worker. Not modal: the graph with the what-if pod stays in view.
 */
export function WhatIfDialog({ onClose }: { onClose: () => void }) {
  const dialog = useDialog(onClose, false);
  const store = useAppStoreApi();
  const ghosts = useAppStore(selectGhosts);
  const findings = useAppStore(selectGhostDiagnostics);
  const workspace = useAppStore(selectWorkspace);
  const namespaces = (workspace?.cluster.namespaces ?? []).filter((n) => !n.assumed).map((n) => n.name);
  const [fields, setFields] = useState<GhostFormFields>(() => ({
    name: '',
    namespace: namespaces[0] ?? 'default',
    labels: '',
    ports: '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [direction, setDirection] = useState<'from' | 'to'>('from');
  const [question, setQuestion] = useState<ExposureInput | null>(null);
  const id = useId();

  const set = (field: GhostField) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [field]: e.target.value }));

  const add = async () => {
    const read = readGhostForm(fields);
    setErrors(read.errors ?? {});
    if (!read.ghost) {
      setStatus('Not added: see the fields marked.');
      return;
    }
    const refused = await store.getState().addGhost(read.ghost);
    if (refused) setStatus(`Not added: ${refused}`);
    else {
      const ref = `${read.ghost.namespace}/${read.ghost.name}`;
      // Focused once evaluated; not while the YAML does not read (the graph shows the last good version).
      const { selection, workspace: now } = store.getState();
      const focused = selection?.type === 'endpoint' && now?.cluster.endpoints[selection.index]?.ref === ref;
      setStatus(
        `Added what if pod ${ref} to the graph (not to the YAML)${focused ? '; it is focused' : ''}.`,
      );
      setFields((f) => ({ ...f, name: '' }));
    }
  };

  const ask = () => {
    const read = readGhostForm(fields, true);
    setErrors(read.errors ?? {});
    if (!read.ghost) {
      setStatus('Not asked: see the fields marked.');
      setQuestion(null);
      return;
    }
    setStatus(null);
    setQuestion({
      namespace: read.ghost.namespace,
      labels: read.ghost.labels,
      ports: read.ghost.ports,
      direction,
    });
  };

  // A namespace typed that the YAML does not have: said beside the field before anything is added.
  const typedNamespace = fields.namespace.trim();
  const assumed = typedNamespace && !namespaces.includes(typedNamespace) ? typedNamespace : null;
  const field = (name: GhostField) => {
    const described = [
      errors[name] ? `${id}-${name}-error` : '',
      name === 'namespace' && assumed ? `${id}-namespace-assumed` : '',
    ].filter(Boolean);
    return {
      'aria-invalid': errors[name] ? true : undefined,
      'aria-describedby': described.length ? described.join(' ') : undefined,
    };
  };
  const fieldErrors = (name: GhostField) =>
    errors[name] && (
      <ul className="field-error" id={`${id}-${name}-error`}>
        {errors[name]!.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    );

  return (
    <dialog ref={dialog} className="dialog whatif-dialog" aria-label="What if">
      <h3>What if…</h3>
      <p className="hint">
        A pod described here is evaluated with the YAML but never written to it: add it to the graph, or ask
        what any pod like it could reach.
      </p>
      <form
        className="dialog-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label title="The what-if pod's name (a DNS subdomain, as for a Pod); not needed to ask">
          Name
          <input
            value={fields.name}
            onChange={set('name')}
            placeholder="e.g. new-frontend"
            {...field('name')}
          />
        </label>
        <label title="A namespace of the YAML, or a new one (assumed, with only its name label)">
          Namespace
          <input
            value={fields.namespace}
            onChange={set('namespace')}
            list={`${id}-namespaces`}
            {...field('namespace')}
          />
          <datalist id={`${id}-namespaces`}>
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        {fieldErrors('name')}
        {fieldErrors('namespace')}
        {assumed && (
          <p className="hint wide" id={`${id}-namespace-assumed`} role="note">
            Namespace {assumed} is not in the YAML: it is assumed, with only its{' '}
            <code>kubernetes.io/metadata.name: {assumed}</code> label, so a namespaceSelector on any other
            label does not match it.
          </p>
        )}
        <label className="wide" title="One label a line, as key=value">
          Labels (key=value, one a line)
          <textarea rows={3} value={fields.labels} onChange={set('labels')} {...field('labels')} />
        </label>
        {fieldErrors('labels')}
        <label className="wide" title='One container port a line: "8080", "http 8080" or "dns 53/UDP"'>
          Container ports (one a line)
          <textarea
            rows={2}
            value={fields.ports}
            onChange={set('ports')}
            placeholder="http 8080"
            {...field('ports')}
          />
        </label>
        {fieldErrors('ports')}
        <div className="dialog-actions wide">
          <button
            type="submit"
            title={`Add this pod to the graph, not to the YAML (at most ${GHOST_LIMIT})`}
            disabled={ghosts.length >= GHOST_LIMIT}
          >
            Add to graph
          </button>
        </div>
        <label className="wide" title="Which way to ask about any pod with these labels in this namespace">
          Question
          <select value={direction} onChange={(e) => setDirection(e.target.value as 'from' | 'to')}>
            <option value="from">What could it reach?</option>
            <option value="to">Who could reach it?</option>
          </select>
        </label>
        <div className="dialog-actions wide">
          <button
            type="button"
            onClick={ask}
            title="Which pods any pod with these labels in this namespace could reach (or be reached by), and the rules that admit each; nothing is added"
          >
            Ask
          </button>
        </div>
      </form>
      {status && <p role="status">{status}</p>}
      {question && <ExposureAnswer question={question} />}
      <GhostList ghosts={ghosts} findings={findings} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

function GhostList({ ghosts, findings }: { ghosts: readonly GhostPod[]; findings: readonly Diagnostic[] }) {
  const store = useAppStoreApi();
  if (ghosts.length === 0) return <p className="hint">No what-if pods yet.</p>;
  return (
    <section aria-label="What-if pods" className="ghost-list">
      <h4>
        What-if pods ({ghosts.length} of at most {GHOST_LIMIT})
      </h4>
      <ul>
        {ghosts.map((g, i) => {
          const ref = `${g.namespace}/${g.name}`;
          const notes = findings.filter((d) => d.path?.startsWith(`ghosts[${i}]`));
          return (
            <li key={ref}>
              <span aria-hidden="true">👻 </span>
              what if pod {ref} · {labelsText(g.labels)}
              {g.ports.length > 0 && ` · ports ${portsText(g.ports)}`}{' '}
              <button
                type="button"
                aria-label={`Remove what-if pod ${ref}`}
                title="Remove this what-if pod from the graph"
                onClick={() => store.getState().removeGhost(i)}
              >
                Remove
              </button>
              {notes.map((d) => (
                <p key={d.message} className={d.severity === 'error' ? 'field-error' : 'hint'}>
                  {d.message}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        onClick={() => store.getState().clearGhosts()}
        title="Remove every what-if pod from the graph"
      >
        Remove all what-if pods
      </button>
    </section>
  );
}

const CAUSES: Partial<Record<ExposureSide['cause'], string>> = {
  'not-isolated': 'not isolated (no policy selects it)',
  'legacy-not-isolated': 'not isolated (legacy semantics)',
  self: 'itself',
  external: 'outside the cluster (no policy applies)',
};

/** "allowed by NetworkPolicy shop/db-from-frontend rule 1", or why no rule is needed. */
function sideText(side: ExposureSide, direction: 'ingress' | 'egress'): string {
  if (side.decidedBy) return `${direction}: accepted by ${side.decidedBy}`;
  if (side.rules.length > 0)
    return `${direction}: allowed by ${side.rules
      .map((r) => `NetworkPolicy ${r.namespace}/${r.name} ${direction} rule ${r.ruleIndex + 1}`)
      .join('; ')}`;
  return `${direction}: ${CAUSES[side.cause] ?? side.cause}`;
}

function ExposureAnswer({ question }: { question: ExposureInput }) {
  const { result } = useEngine('exposure', question);
  const who = `Any pod with ${labelsText(question.labels)} in namespace ${question.namespace}`;
  if (!result)
    return (
      <p role="status" aria-busy="true">
        Asking…
      </p>
    );
  if (result.error)
    return (
      <p className="field-error" role="alert">
        {result.error}
      </p>
    );
  const verb = question.direction === 'from' ? 'could reach' : 'could be reached by';
  return (
    <section aria-label="Exposure" className="exposure">
      <p role="status">
        {who} {verb}{' '}
        {result.count === 0 ? 'nothing' : `${result.count} endpoint${result.count === 1 ? '' : 's'}`}.
        {result.namespaceAssumed &&
          ` Namespace ${question.namespace} is not in the YAML: assumed, with only its kubernetes.io/metadata.name label.`}
      </p>
      <ul aria-label={question.direction === 'from' ? 'Reachable' : 'Reached by'}>
        {result.peers.map((p: ExposurePeer) => (
          <li key={p.ref}>
            <strong>{p.ghost ? `what if pod ${p.ref} (not in the YAML)` : p.ref}</strong> on {p.ports} —{' '}
            {sideText(p.ingress, 'ingress')}; {sideText(p.egress, 'egress')} (worked out on{' '}
            {p.chosen.protocol} {p.chosen.port})
          </li>
        ))}
        {result.count > result.peers.length && <li>… and {result.count - result.peers.length} more</li>}
      </ul>
    </section>
  );
}
