import {
  analyze,
  describeAdminPolicy,
  evaluateConnection,
  formatPortSet,
  representativePort,
  withGhostPods,
  type AdminRuleMatch,
  type DirectionVerdict,
  type GhostPod,
} from '../engine/index';
import type { Model } from './changes';
import {
  EXPOSURE_LISTED,
  type AdmittingRule,
  type ExposureInput,
  type ExposureResult,
  type ExposureSide,
} from './protocol';

/** The name of the pod asked about: not shown (the question names its labels and namespace). */
const ASKED = 'asked-pod';

const adminRuleText = (m: AdminRuleMatch) =>
  `${describeAdminPolicy(m.policy)}, ${m.direction === 'Egress' ? 'egress' : 'ingress'} rule ${m.ruleIndex + 1}${m.ruleName ? ` \`${m.ruleName}\`` : ''}`;

const sideOf = (v: DirectionVerdict): ExposureSide => ({
  cause: v.cause,
  rules: v.allowedBy.map((m): AdmittingRule => ({
    policyIndex: m.policy.index,
    namespace: m.policy.namespace,
    name: m.policy.name,
    direction: m.direction,
    ruleIndex: m.ruleIndex,
    peerIndex: m.peerIndex,
    portIndex: m.portIndex,
  })),
  decidedBy: v.decidedBy && v.decidedBy.action === 'Accept' ? adminRuleText(v.decidedBy) : null,
});

/**
 * Which endpoints a pod with these labels in this namespace could reach (`from`), or which could reach
 * it (`to`), each with the rules admitting it on both sides. It is exactly a what-if pod that is not
 * kept: added to the workspace's model (with its own what-if pods) by `withGhostPods`, analysed, its
 * row or column read, and each listed pair evaluated as the explanation evaluates it.
 */
export function exposure(workspace: Model, input: ExposureInput): ExposureResult {
  const taken = new Set(workspace.cluster.endpoints.map((e) => e.ref));
  let name = ASKED;
  for (let i = 2; taken.has(`${input.namespace}/${name}`); i++) name = `${ASKED}-${i}`;
  const asked: GhostPod = { name, namespace: input.namespace, labels: input.labels, ports: input.ports };
  const { value: cluster, diagnostics } = withGhostPods(workspace.cluster, [asked]);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) return { error: error.message, namespaceAssumed: false, peers: [], count: 0 };
  const namespaceAssumed = diagnostics.some((d) => d.code === 'ghost-namespace-assumed');
  const self = cluster.endpoints.findIndex((e) => e.ref === `${input.namespace}/${name}`);
  const analysis = analyze(cluster, workspace.analysis.options);
  const edges = input.direction === 'from' ? analysis.row(self) : analysis.column(self);
  const peerOf = (e: { from: number; to: number }) => (input.direction === 'from' ? e.to : e.from);
  const listed = edges
    .map((e) => ({ edge: e, peer: cluster.endpoints[peerOf(e)]! }))
    .sort((a, b) => (a.peer.ref < b.peer.ref ? -1 : a.peer.ref > b.peer.ref ? 1 : 0))
    .slice(0, EXPOSURE_LISTED);
  const peers = listed.map(({ edge, peer }) => {
    const chosen = representativePort(cluster, analysis, edge.from, edge.to, 'TCP');
    const verdict = evaluateConnection(
      cluster,
      { from: edge.from, to: edge.to, ...chosen },
      analysis.options,
    );
    return {
      ref: peer.ref,
      ghost: peer.type === 'pod' && peer.ghost === true,
      ports: formatPortSet(edge.ports),
      chosen,
      egress: sideOf(verdict.egress),
      ingress: sideOf(verdict.ingress),
    };
  });
  return { error: null, namespaceAssumed, peers, count: edges.length };
}
