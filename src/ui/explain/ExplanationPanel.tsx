// The Explanation region (DESIGN 2.4): the selected connection's verdict in words, the tier chain of
// each side, links to the YAML lines, and removal of the rule, peer or port that admits it.
import { useMemo, useState } from 'react';
import { ChangeLists, useEditPreview } from '../edit/EditPreview';
import type { Edit, ExplanationStep } from '../../engine/index';
import type { AdmittingRule, ExplainResult } from '../../worker/protocol';
import {
  adminPoliciesSelecting,
  describeAdminPolicy,
  formatPortSet,
  selectorMatches,
  tierLabel,
} from '../../state/engineHelpers';
import type { TierRow } from '../../engine/index';
import { useEngine } from '../../state/useEngine';
import { ExpectThis } from '../expectations/ExpectationsPanel';
import {
  useAppStore,
  useAppStoreApi,
  selectAnalysis,
  selectSelection,
  selectWorkspace,
  portFilterOf,
} from '../../state/store';

export function ExplanationPanel() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const analysis = useAppStore(selectAnalysis);
  const selection = useAppStore(selectSelection);
  const portText = useAppStore((s) => s.port);
  const protocol = useAppStore((s) => s.protocol);

  const cluster = workspace?.cluster;
  const pair =
    selection?.type === 'pair' && cluster?.endpoints[selection.from] && cluster.endpoints[selection.to]
      ? { from: selection.from, to: selection.to }
      : null;
  // The verdict and its steps come from the engine worker; the pair is named by REF.
  const explained = useEngine(
    'explain',
    pair && cluster
      ? {
          from: cluster.endpoints[pair.from]!.ref,
          to: cluster.endpoints[pair.to]!.ref,
          port: portFilterOf(portText),
          protocol,
        }
      : null,
    'explain',
    true,
  );
  const content = useMemo(() => {
    if (!workspace || !analysis || !selection) return null;
    if (pair) return { kind: 'pair' as const, ...pair };
    if (selection.type === 'endpoint') {
      const ep = workspace.cluster.endpoints[selection.index];
      if (!ep) return null;
      const policies =
        ep.type === 'pod'
          ? workspace.cluster.policies.filter(
              (p) => p.namespace === ep.namespace && selectorMatches(p.podSelector, ep.labels),
            )
          : [];
      const admin = adminPoliciesSelecting(workspace.cluster, ep);
      return { kind: 'endpoint' as const, ep, policies, admin, isolation: analysis.isolation(ep.index) };
    }
    return null;
  }, [workspace, analysis, selection, pair?.from, pair?.to]); // eslint-disable-line react-hooks/exhaustive-deps

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
          <h3>{ep.type === 'pod' && ep.ghost ? `What if pod ${ep.ref} (not in the YAML)` : ep.ref}</h3>
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
  const refs = workspace!.cluster.endpoints;
  const result = explained.result;
  if (!result || !result.found)
    return (
      <section aria-label="Explanation" className="explanation" aria-busy="true">
        <div className="explanation-head">
          <h3>
            {refs[content.from]!.ref} → {refs[content.to]!.ref}
          </h3>
          {close}
        </div>
        <p role="status">Explaining…</p>
      </section>
    );
  const { steps, chosen, ports, chain } = result;
  const verdict = result;
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
        <ExpectThis
          spec={{
            from: refs[content.from]!.ref,
            to: refs[content.to]!.ref,
            port: chosen.port,
            protocol: chosen.protocol,
            allowed: verdict.allowed,
          }}
        />
        {close}
      </div>
      {portFilterOf(portText) === null && (
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
              <RemoveActions step={s} admittedBy={result.admittedBy} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RemoveActions({
  step,
  admittedBy,
}: {
  step: ExplanationStep;
  admittedBy: ExplainResult['admittedBy'];
}) {
  const [pending, setPending] = useState<{ edit: Edit; what: string } | null>(null);
  const side: AdmittingRule[] = step.direction === 'Egress' ? admittedBy.egress : admittedBy.ingress;
  const match = side.find((m) => m.policyIndex === step.policy!.index);
  if (!match) return null;
  const base = {
    policy: { namespace: match.namespace, name: match.name },
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

/** Not colour alone: each status of a tier has its own mark. */
function tierIcon(r: TierRow): string {
  if (r.status === 'decided')
    return r.allowed ? '✓' : r.tier === 'Admin' || r.tier === 'Baseline' ? '⊗' : '✕';
  if (r.status === 'passed') return '↷';
  if (r.status === 'no-match') return '·';
  return '–';
}

/** Before a permission is removed: every connection that closes with it, then Remove or Keep. */
function RemovePreview({ edit, what, onDone }: { edit: Edit; what: string; onDone: () => void }) {
  const store = useAppStoreApi();
  const edits = useMemo(() => [edit], [edit]);
  const { preview, computed } = useEditPreview(edits);
  return (
    <div className="remove-preview" role="group" aria-label="Removal preview" aria-busy={!preview}>
      {!preview ? (
        <p role="status">Working out what closes…</p>
      ) : preview.error ? (
        <p className="field-error">{preview.error}</p>
      ) : (
        <ChangeLists what={`Removing ${what}`} changes={preview.changes} />
      )}
      <button
        type="button"
        disabled={!preview || Boolean(preview.error)}
        onClick={() => {
          if (!preview || preview.error) return;
          store.getState().applyEdits([edit], undefined, computed);
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
