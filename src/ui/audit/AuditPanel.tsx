import { useEffect, useState, type ReactNode } from 'react';
import type { AuditReport, AuditRule, SourceRange, Workspace } from '../../engine/index';
import { formatPolicyPorts } from '../../state/engineHelpers';
import { useAppStore, useAppStoreApi, selectWorkspace, type AppStore } from '../../state/store';
import { useEngine } from '../../state/useEngine';
import { focusSearchEntry } from '../../state/search';
import { getGraphController } from '../graph/graphRegistry';
import { endpointId } from '../graph/ids';

/** Items listed at first per section, and added per "Show more": a cluster can have thousands. */
const PAGE = 50;

function showInYaml(store: AppStore, range: SourceRange | undefined) {
  if (range) store.getState().revealLines(range.line, range.endLine);
}

function showPod(store: AppStore, ws: Workspace, index: number) {
  const ep = ws.cluster.endpoints[index];
  if (!ep) return;
  const graph = getGraphController();
  const drawn = !graph || graph.hasNode(endpointId(index));
  focusSearchEntry(
    store,
    { kind: 'pod', title: ep.ref, detail: '', endpoint: index, ...(ep.range ? { range: ep.range } : {}) },
    drawn,
  );
}

function showNamespace(store: AppStore, name: string) {
  focusSearchEntry(store, { kind: 'namespace', title: name, detail: '', namespace: name });
}

/** A button drawn as a link: every item of the audit acts on the graph or the editor. */
function LinkButton({
  title,
  label,
  className = 'link',
  onClick,
  children,
}: {
  title: string;
  label?: string;
  className?: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className={className} aria-label={label} title={title} onClick={onClick}>
      {children}
    </button>
  );
}

/** A rule, linked to its lines in the YAML; its namespace is selected on the graph. */
function RuleLink({ rule, extra }: { rule: AuditRule; extra?: string }) {
  const store = useAppStoreApi();
  const text = `${rule.policy}, ${rule.direction.toLowerCase()} rule ${rule.rule + 1} (${formatPolicyPorts(rule.ports)})`;
  return (
    <LinkButton
      title="Show this rule in the YAML, and its namespace on the graph"
      onClick={() => {
        showNamespace(store, rule.policy.split('/')[0]!);
        showInYaml(store, rule.range);
      }}
    >
      {text}
      {extra ? ` ${extra}` : ''}
    </LinkButton>
  );
}

function PodLinks({ ws, index }: { ws: Workspace; index: number }) {
  const store = useAppStoreApi();
  const ep = ws.cluster.endpoints[index];
  if (!ep) return null;
  return (
    <>
      <LinkButton title="Focus this pod on the graph" onClick={() => showPod(store, ws, index)}>
        {ep.ref}
      </LinkButton>
      {ep.type === 'pod' && ep.ghost && (
        <span className="ghost-mark" title="A what-if pod: not in the YAML">
          {' '}
          (what if)
        </span>
      )}
      {ep.range && (
        <LinkButton
          className="link audit-yaml"
          label={`Show ${ep.ref} in the YAML`}
          title="Show in the YAML"
          onClick={() => showInYaml(store, ep.range)}
        >
          YAML
        </LinkButton>
      )}
    </>
  );
}

/** One finding of the audit: a heading with its count, and its items a page at a time. */
function Section<T>({
  id,
  title,
  help,
  items,
  render,
}: {
  id: string;
  title: string;
  help: string;
  items: readonly T[];
  render: (item: T) => ReactNode;
}) {
  const [shown, setShown] = useState(PAGE);
  const left = items.length - shown;
  return (
    <section className="audit-section" aria-labelledby={`audit-${id}`}>
      <h3 id={`audit-${id}`}>
        <span className={items.length ? 'audit-count found' : 'audit-count'}>
          {items.length === 0 ? '✓ none' : `⚠ ${items.length}`}
        </span>{' '}
        {title}
      </h3>
      <p className="hint">{help}</p>
      {items.length > 0 && (
        <ul className="audit-items" aria-label={title}>
          {items.slice(0, shown).map((item, i) => (
            <li key={i}>{render(item)}</li>
          ))}
        </ul>
      )}
      {left > 0 && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, left)} more of {items.length}
        </button>
      )}
    </section>
  );
}

const NOT_ISOLATED_HELP = {
  ingress: 'every pod and address can connect to them.',
  egress: 'they can connect anywhere.',
};

/** The pods no policy selects for one direction. */
function NotIsolatedSection({
  ws,
  direction,
  pods,
}: {
  ws: Workspace;
  direction: 'ingress' | 'egress';
  pods: readonly number[];
}) {
  return (
    <Section
      id={direction}
      title={`Pods not isolated for ${direction}`}
      help={`No policy selects them for ${direction}: ${NOT_ISOLATED_HELP[direction]}`}
      items={pods}
      render={(i) => <PodLinks ws={ws} index={i} />}
    />
  );
}

/**
 * The audit, worked out in the engine worker, with the workspace it speaks of: its pod indices are
 * that workspace's, so a report is shown only with the workspace of its own text, and the last such
 * pair stays while a newer one is worked on.
 */
function useAudit(): { ws: Workspace; report: AuditReport } | null {
  const workspace = useAppStore(selectWorkspace);
  const current = useAppStore((s) => s.evaluatedText === s.text && !s.busy);
  const { result } = useEngine('audit', {});
  const [shown, setShown] = useState<{ ws: Workspace; report: AuditReport } | null>(null);
  useEffect(() => {
    if (result && workspace && current) setShown({ ws: workspace, report: result });
  }, [result, workspace, current]);
  return shown;
}

/**
 * What a reviewer looks for first (the engine's `auditWorkspace`, as `netpol-lab audit` prints it): each
 * item focuses its pod or namespace on the graph and shows its rule or policy in the YAML.
 */
export function AuditPanel() {
  const store = useAppStoreApi();
  const shown = useAudit();
  if (!shown) return <p className="empty-state">Evaluating…</p>;
  const { ws, report } = shown;
  const ghosts = ws.cluster.endpoints.filter((e) => e.type === 'pod' && e.ghost).length;
  const pairs = (n: number) => `${n.toLocaleString('en')} pod pair${n === 1 ? '' : 's'}`;
  return (
    <div className="audit" role="region" aria-label="Audit">
      {ghosts > 0 && (
        <p className="audit-ghosts">
          Includes {ghosts} what-if pod{ghosts === 1 ? '' : 's'} (not in the YAML), marked “(what if)”.
        </p>
      )}
      <Section
        id="outside"
        title="Pods reachable from outside the cluster"
        help="Not isolated for ingress, or admitted by a rule with no peers or an ipBlock."
        items={report.reachableFromOutside}
        render={(r) => (
          <>
            <PodLinks ws={ws} index={r.pod} />{' '}
            {r.openToAll ? (
              <span>: no policy isolates it for ingress</span>
            ) : (
              <span>
                : admitted by{' '}
                {r.rules.map((rule, i) => (
                  <span key={i}>
                    {i > 0 && ', '}
                    <RuleLink rule={rule} />
                  </span>
                ))}
              </span>
            )}
          </>
        )}
      />
      <NotIsolatedSection ws={ws} direction="ingress" pods={report.notIsolated.ingress} />
      <NotIsolatedSection ws={ws} direction="egress" pods={report.notIsolated.egress} />
      <Section
        id="default-deny"
        title="Namespaces without a default deny"
        help="No policy selecting every pod of the namespace with no rules for that direction."
        items={report.namespacesWithoutDefaultDeny}
        render={(n) => (
          <>
            <LinkButton
              title="Select this namespace on the graph"
              onClick={() => showNamespace(store, n.namespace)}
            >
              {n.namespace}
            </LinkButton>
            : no default deny for{' '}
            {[!n.ingress && 'ingress', !n.egress && 'egress'].filter(Boolean).join(' or ')}
          </>
        )}
      />
      <Section
        id="nothing"
        title="Policies that select nothing"
        help="Their pod selector matches no pod of their namespace: a typo in a label, or a leftover."
        items={report.policiesSelectingNothing}
        render={(p) => (
          <LinkButton title="Show this policy in the YAML" onClick={() => showInYaml(store, p.range)}>
            {p.policy}
          </LinkButton>
        )}
      />
      <Section
        id="every-namespace"
        title="Rules that admit every namespace"
        help="No peers at all, or a peer with namespaceSelector: {}."
        items={report.rulesAdmittingEveryNamespace}
        render={(r) => <RuleLink rule={r} extra={r.anyAddress ? '· and any address' : undefined} />}
      />
      <Section
        id="permissive"
        title="Most permissive rules"
        help="By pod pairs admitted: pods the policy selects × pods the rule's peers admit."
        items={report.mostPermissiveRules}
        render={(r) => (
          <>
            <RuleLink rule={r} />: {pairs(r.pairs)}
            {r.anyAddress ? ', and addresses outside the cluster' : ''}
          </>
        )}
      />
    </div>
  );
}
