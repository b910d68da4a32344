// Lint of the cluster-scoped policies: "If two (or more) policies in the same tier with the same priority
// could match a connection, then the implementation can apply any of the matching policies to the
// connection" (ClusterNetworkPolicySpec.priority; AdminNetworkPolicySpec.priority says the same).
import type { AdminPolicy, AdminPort, AdminRule, Diagnostic, Endpoint, Workspace } from '../types';
import { diagnostic } from '../messages';
import { namespaceLabelsOf } from '../evaluate/common';
import {
  adminPeerMatches,
  adminSubjectSelects,
  describeAdminPolicy,
  adminPolicyRef,
  nodesByName,
} from '../evaluate/adminTiers';

/**
 * Pairs of policies of one tier with the same priority that both match some connection: one finding per
 * pair, at the later policy. Budget: only policies sharing a priority are compared, so a cluster whose
 * priorities are distinct costs one grouping pass.
 */
export function lintAdminPolicies(ws: Workspace): Diagnostic[] {
  const { cluster } = ws;
  const policies = cluster.adminPolicies ?? [];
  const out: Diagnostic[] = [];
  if (policies.length < 2) return out;
  const groups = new Map<string, AdminPolicy[]>();
  for (const p of policies) {
    if (p.priority === null) continue;
    const key = `${p.tier}/${p.priority}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(p);
  }
  const nsLabels = namespaceLabelsOf(cluster);
  const nodes = nodesByName(cluster);
  const endpoints = cluster.endpoints;
  const subjectsOf = new Map<number, Endpoint[]>();
  const subjects = (p: AdminPolicy) => {
    let list = subjectsOf.get(p.index);
    if (!list)
      subjectsOf.set(p.index, (list = endpoints.filter((e) => adminSubjectSelects(p.subject, e, nsLabels))));
    return list;
  };
  const peersOf = (rule: AdminRule) =>
    endpoints.filter((e) => rule.peers.some((peer) => adminPeerMatches(peer, e, nsLabels, nodes)));

  for (const group of groups.values()) {
    for (let j = 1; j < group.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = group[i]!;
        const b = group[j]!;
        const bSubjects = new Set(subjects(b));
        const common = subjects(a).find((e) => bSubjects.has(e));
        if (!common) continue;
        const example = overlap(a, b, common, peersOf);
        if (!example) continue;
        const range = b.range;
        out.push(
          diagnostic(
            'lint-admin-same-priority',
            [describeAdminPolicy(adminPolicyRef(a)), `${b.kind} ${b.name}`, a.priority!, a.tier, example],
            range,
            range ? ws.files[range.file]?.name : undefined,
          ),
        );
      }
    }
  }
  return out;
}

/** A connection both policies match (as text), or null. */
function overlap(
  a: AdminPolicy,
  b: AdminPolicy,
  subject: Endpoint,
  peersOf: (rule: AdminRule) => Endpoint[],
): string | null {
  for (const dir of ['ingress', 'egress'] as const) {
    for (const ra of a[dir]) {
      const aPeers = new Set(peersOf(ra));
      for (const rb of b[dir]) {
        for (const peer of peersOf(rb)) {
          if (!aPeers.has(peer)) continue;
          const destination = dir === 'egress' ? peer : subject;
          if (!portsOverlap(ra.ports, rb.ports, destination)) continue;
          return dir === 'egress' ? `${subject.ref} -> ${peer.ref}` : `${peer.ref} -> ${subject.ref}`;
        }
      }
    }
  }
  return null;
}

function portRanges(ports: readonly AdminPort[], destination: Endpoint): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const p of ports) {
    if (p.type === 'number') out.push([p.protocol, p.port, p.endPort]);
    else if (destination.type === 'pod')
      for (const c of destination.ports)
        if (c.name === p.name) out.push([c.protocol, c.containerPort, c.containerPort]);
  }
  return out;
}

function portsOverlap(
  a: readonly AdminPort[] | null,
  b: readonly AdminPort[] | null,
  destination: Endpoint,
): boolean {
  if (a === null && b === null) return true;
  if (a === null) return portRanges(b!, destination).length > 0;
  if (b === null) return portRanges(a, destination).length > 0;
  const rb = portRanges(b, destination);
  return portRanges(a, destination).some(([pa, fa, ta]) =>
    rb.some(([pb, fb, tb]) => pa === pb && fa <= tb && fb <= ta),
  );
}
