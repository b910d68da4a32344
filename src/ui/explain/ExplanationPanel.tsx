import { useMemo, useState } from 'react';
import { connectionChanges } from '../edit/planConnection';
import { ConnectionList } from '../edit/ConnectionList';
import { representativePort } from '../graph/adminDenial';
import { adminPoliciesSelecting, describeAdminPolicy, tierChain, tierLabel, type TierRow } from './tierChain';
import {
  applyEdit,
  evaluateConnection,
  explainVerdict,
  formatPortSet,
  nodeWithin,
  selectorMatches,
  type Edit,
  type ExplanationStep,
} from '../../engine/index';
import {
  enforces,
  useAppStore,
  useAppStoreApi,
  selectAnalysis,
  selectSelection,
  selectSettings,
  selectWorkspace,
} from '../../state/store';

/**
 * A bulk read (big texts) gives a rule its policy's range: find the rule in it, in the text the
 * workspace was read from, so that "Show in YAML" lands on the rule. Ranges that are exact already,
 * and any step when the text has changed since, stay as they are.
 */
function refineSteps(steps: ExplanationStep[], text: string | null): ExplanationStep[] {
  if (!text) return steps;
  return steps.map((step) => {
    const range = step.range;
    const policy = step.policy?.range;
    if (
      !step.within ||
      !range ||
      !policy ||
      range.offset !== policy.offset ||
      range.endOffset !== policy.endOffset
    )
      return step;
    const found = nodeWithin(text, range, step.within);
    return found ? { ...step, range: found } : step;
  });
}

export function ExplanationPanel() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const selection = useAppStore(selectSelection);
  const settings = useAppStore(selectSettings);
  const portText = useAppStore((s) => s.port);
  const protocol = useAppStore((s) => s.protocol);
  const source = useAppStore((s) => (s.stale ? null : s.evaluatedText));

  const content = useMemo(() => {
    if (!workspace || !analysis || !selection) return null;
    const cluster = workspace.cluster;
    if (selection.type === 'pair') {
      const { from, to } = selection;
      if (!cluster.endpoints[from] || !cluster.endpoints[to]) return null;
      const chosen = /^\d+$/.test(portText)
        ? { port: Number(portText), protocol }
        : representativePort(cluster, analysis, from, to, protocol);
      const verdict = evaluateConnection(
        cluster,
        { from, to, ...chosen },
        { semantics: settings.semantics, enforced: enforces(settings.plugin) },
      );
      return {
        kind: 'pair' as const,
        from,
        to,
        chosen,
        verdict,
        steps: refineSteps(explainVerdict(cluster, verdict), source),
        chain: tierChain(cluster, verdict),
        ports: analysis.allowedPorts(from, to),
      };
    }
    if (selection.type === 'endpoint') {
      const ep = cluster.endpoints[selection.index];
      if (!ep) return null;
      const policies =
        ep.type === 'pod'
          ? cluster.policies.filter(
              (p) => p.namespace === ep.namespace && selectorMatches(p.podSelector, ep.labels),
            )
          : [];
      const admin = adminPoliciesSelecting(cluster, ep);
      return { kind: 'endpoint' as const, ep, policies, admin, isolation: analysis.isolation(ep.index) };
    }
    return null;
  }, [workspace, analysis, selection, portText, protocol, settings, source]);

  // Nothing selected, nothing to explain: the area gives its room to the tab above (the matrix says
  // to select a cell).
  if (!content) return null;
  const close = (
    <button
      type="button"
      className="collapse-button"
      aria-label="Close the explanation"
      title="Close the explanation (clears the selection)"
      onClick={() => store.getState().select(null)}
    >
      ✕
    </button>
  );
  const reveal = (line?: number, endLine?: number) => {
    if (line) store.getState().revealLines(line, endLine ?? line);
  };
  if (content.kind === 'endpoint') {
    const { ep, policies, admin, isolation } = content;
    return (
      <section aria-label="Explanation" className="explanation">
        <div className="explanation-head">
          <h3>{ep.ref}</h3>
          {close}
        </div>
        {ep.type === 'pod' ? (
          <>
            <p>
              {ep.kind} in namespace <strong>{ep.namespace}</strong>. Isolated for ingress:{' '}
              <strong>{isolation.ingress ? 'yes' : 'no'}</strong>; for egress:{' '}
              <strong>{isolation.egress ? 'yes' : 'no'}</strong>.
            </p>
            <p>
              Labels:{' '}
              {Object.entries(ep.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ') || 'none'}
            </p>
            <p>
              Ports:{' '}
              {ep.ports
                .map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`)
                .join(', ') || 'none declared'}
            </p>
            <h4>Policies selecting it</h4>
            {policies.length === 0 ? (
              <p>None: every connection to and from it is allowed (unless the other side is isolated).</p>
            ) : (
              <ul>
                {policies.map((p) => (
                  <li key={p.index}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => reveal(p.range?.line, p.range?.endLine)}
                    >
                      {p.namespace}/{p.name}
                    </button>{' '}
                    ({p.policyTypes.join(' + ')})
                  </li>
                ))}
              </ul>
            )}
            {admin.length > 0 && (
              <>
                <h4>Admin and baseline policies applying to it</h4>
                <ul aria-label="Admin and baseline policies applying to it">
                  {admin.map((p) => (
                    <li key={p.index}>
                      <button
                        type="button"
                        className="link"
                        onClick={() => reveal(p.range?.line, p.range?.endLine)}
                      >
                        {describeAdminPolicy(p)}
                      </button>{' '}
                      ({p.tier === 'Admin' ? 'before' : 'after'} NetworkPolicy)
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p>
            An address outside the cluster ({ep.cidr || ep.address}). NetworkPolicies apply to it only through
            ipBlock peers.
          </p>
        )}
      </section>
    );
  }
  const { verdict, steps, chosen, ports, chain } = content;
  const refs = workspace!.cluster.endpoints;
  return (
    <section aria-label="Explanation" className="explanation">
      <div className="explanation-head">
        <h3>
          <span aria-hidden="true">
            {verdict.allowed ? (verdict.wouldBeAllowed === false ? '⚠' : '✓') : '✕'}
          </span>{' '}
          {refs[content.from]!.ref} → {refs[content.to]!.ref} on {chosen.protocol} {chosen.port}:{' '}
          {verdict.allowed ? 'allowed' : 'denied'}
        </h3>
        {close}
      </div>
      {!/^\d+$/.test(portText) && (
        <p className="hint">
          Port filter empty: explaining {chosen.protocol} {chosen.port}. Allowed ports for this pair:{' '}
          {formatPortSet(ports)}.
        </p>
      )}
      {chain && (
        <div className="tier-chain" role="group" aria-label="Tier chain">
          {chain.map((c) => (
            <div key={c.direction}>
              <h4>
                {c.direction} at {c.subject}
              </h4>
              <ol aria-label={`${c.direction} tiers, in order`}>
                {c.rows.map((r) => (
                  <li
                    key={r.tier}
                    className={`tier-${r.status}`}
                    aria-current={r.status === 'decided' ? 'step' : undefined}
                  >
                    <span className="step-icon" aria-hidden="true">
                      {tierIcon(r)}
                    </span>
                    <strong>{tierLabel(r.tier)}</strong>: {r.text}
                    {r.status === 'decided' ? ` (decided: ${r.allowed ? 'allowed' : 'denied'})` : ''}
                    {r.range && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => reveal(r.range!.line, r.range!.endLine)}
                        aria-label={`Show in YAML: ${tierLabel(r.tier)}, ${r.text}`}
                      >
                        line {r.range.line}
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      )}
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={i} className={s.allowed ? 'step-allowed' : 'step-denied'}>
            <span className="step-icon" aria-hidden="true">
              {s.allowed ? '✓' : '✕'}
            </span>
            <span className="step-text">{s.text}</span>
            {s.range && (
              <button
                type="button"
                className="link"
                onClick={() => reveal(s.range!.line, s.range!.endLine)}
                aria-label={`Show in YAML: ${s.text}`}
              >
                Show in YAML (line {s.range.line})
              </button>
            )}
            {s.policy && s.allowed && s.direction !== 'Result' && (
              <RemoveActions step={s} verdict={verdict} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Not colour alone: each status of a tier has its own mark. */
function tierIcon(r: TierRow): string {
  if (r.status === 'decided')
    return r.allowed ? '✓' : r.tier === 'Admin' || r.tier === 'Baseline' ? '⛔' : '✕';
  if (r.status === 'passed') return '↷';
  if (r.status === 'no-match') return '·';
  return '–';
}

function RemoveActions({
  step,
  verdict,
}: {
  step: ReturnType<typeof explainVerdict>[number];
  verdict: ReturnType<typeof evaluateConnection>;
}) {
  const [pending, setPending] = useState<{ edit: Edit; what: string } | null>(null);
  const side = step.direction === 'Egress' ? verdict.egress : verdict.ingress;
  const match = side.allowedBy.find((m) => m.policy.index === step.policy!.index);
  if (!match) return null;
  const base = {
    policy: { namespace: match.policy.namespace, name: match.policy.name },
    direction: match.direction,
    ruleIndex: match.ruleIndex,
  };
  const ask = (edit: Edit, what: string) => setPending({ edit, what });
  return (
    <>
      <span className="remove-actions">
        <button
          type="button"
          onClick={() => ask({ type: 'remove-rule', ...base }, 'the whole rule')}
          title="Delete the whole rule from the policy (shows what closes first)"
        >
          Remove rule
        </button>
        {match.peerIndex >= 0 && (
          <button
            type="button"
            onClick={() => ask({ type: 'remove-peer', ...base, peerIndex: match.peerIndex }, 'the peer')}
            title="Delete only the peer that matched (shows what closes first)"
          >
            Remove peer
          </button>
        )}
        {match.portIndex >= 0 && (
          <button
            type="button"
            onClick={() => ask({ type: 'remove-port', ...base, portIndex: match.portIndex }, 'the port')}
            title="Delete only the port entry that matched (shows what closes first)"
          >
            Remove port
          </button>
        )}
      </span>
      {/* On a row of its own, under the buttons: beside them it stretched them and hid Confirm removal. */}
      {pending && <RemovePreview edit={pending.edit} what={pending.what} onDone={() => setPending(null)} />}
    </>
  );
}

/** Before a permission is removed: every connection that closes with it, then Remove or Keep. */
function RemovePreview({ edit, what, onDone }: { edit: Edit; what: string; onDone: () => void }) {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const text = useAppStore((s) => s.text);
  const preview = useMemo(() => {
    if (!workspace || !analysis) return null;
    const r = applyEdit(text, edit);
    const error = r.diagnostics.find((d) => d.severity === 'error');
    if (error) return { error: error.message, closed: [] as string[], opened: [] as string[] };
    const change = connectionChanges(workspace, analysis, r.value.text);
    return {
      error: null,
      closed: change.closed.map((c) => c.text),
      opened: change.opened.map((c) => c.text),
    };
  }, [workspace, analysis, text, edit]);
  if (!preview) return null;
  return (
    <div className="remove-preview" role="group" aria-label="Removal preview">
      {preview.error ? (
        <p className="field-error">{preview.error}</p>
      ) : (
        <>
          <p>
            Removing {what} closes {preview.closed.length} connection{preview.closed.length === 1 ? '' : 's'}
            {preview.closed.length ? ':' : '.'}
          </p>
          <ConnectionList label="Closes" items={preview.closed} />
          {preview.opened.length > 0 && (
            <p>
              ⚠ It also opens {preview.opened.length}: {preview.opened.slice(0, 5).join('; ')}
              {preview.opened.length > 5 ? '…' : ''}
            </p>
          )}
        </>
      )}
      <button
        type="button"
        disabled={Boolean(preview.error)}
        onClick={() => {
          store.getState().applyEdits([edit]);
          onDone();
        }}
      >
        Confirm removal
      </button>
      <button type="button" onClick={onDone}>
        Keep it
      </button>
    </div>
  );
}
