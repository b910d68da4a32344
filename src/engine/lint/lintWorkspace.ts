import type {
  Diagnostic,
  EvaluateOptions,
  LabelSelector,
  NetworkPolicy,
  PodEndpoint,
  PolicyRule,
  Workspace,
} from '../types';
import { diagnostic } from '../messages';
import { selectorKey, selectorMatches } from '../match/selector';
import { podIndex } from './podIndex';
import { lintAdminPolicies } from './lintAdminPolicies';

/**
 * Findings about policies that are valid but probably not what their author meant.
 *
 * Budget: proportional to the analysis (`analyze`), not to policies x pods: selectors and peers are
 * matched against pod classes (`podIndex`); `lintReference` is the pod-by-pod statement of the same
 * checks.
 */
export function lintWorkspace(ws: Workspace, options?: EvaluateOptions): Diagnostic[] {
  void options;
  const { cluster } = ws;
  const out: Diagnostic[] = [];
  const { pods, classes, selectedBy, peerPods, selectionKey } = podIndex(cluster);
  if (pods.length === 0) return lintAdminPolicies(ws);
  const fileName = (p: NetworkPolicy) => (p.range ? ws.files[p.range.file]?.name : undefined);

  // Namespaces whose pods match a pod selector, in order of their first pod (for "did you mean").
  const elsewhereCache = new Map<string, string[]>();
  const namespacesWithPods = (sel: LabelSelector): string[] => {
    const key = selectorKey(sel);
    let hit = elsewhereCache.get(key);
    if (!hit) {
      hit = [...new Set(classes.filter((c) => selectorMatches(sel, c.rep.labels)).map((c) => c.namespace))];
      elsewhereCache.set(key, hit);
    }
    return hit;
  };

  const hasNamedPort = (dests: readonly PodEndpoint[], name: string, protocol: string) =>
    dests.some((p) => p.ports.some((c) => c.name === name && c.protocol === protocol));
  const egressDestinations = (policy: NetworkPolicy, rule: PolicyRule): readonly PodEndpoint[] => {
    if (rule.peers.length === 0) return pods;
    if (rule.peers.length === 1) return peerPods(policy, rule.peers[0]!);
    return rule.peers.flatMap((peer) => peerPods(policy, peer));
  };

  // DNS egress per distinct selection: the egress policies of the namespace that select some of the
  // same pods, whether one admits UDP 53, and which of them is reported.
  const egressByNs = new Map<string, NetworkPolicy[]>();
  for (const p of cluster.policies) {
    if (!p.policyTypes.includes('Egress')) continue;
    let list = egressByNs.get(p.namespace);
    if (!list) egressByNs.set(p.namespace, (list = []));
    list.push(p);
  }
  const idSets = new Map<string, Set<number>>();
  const idsOf = (p: NetworkPolicy): Set<number> => {
    const key = selectionKey(p);
    let hit = idSets.get(key);
    if (!hit) idSets.set(key, (hit = new Set(selectedBy(p).map((c) => c.id))));
    return hit;
  };
  const overlapCache = new Map<string, boolean>();
  const overlaps = (a: NetworkPolicy, b: NetworkPolicy): boolean => {
    const ka = selectionKey(a);
    const kb = selectionKey(b);
    if (ka === kb) return selectedBy(a).length > 0;
    const key = ka < kb ? `${ka}\u0003${kb}` : `${kb}\u0003${ka}`;
    let hit = overlapCache.get(key);
    if (hit === undefined) {
      const [small, large] = selectedBy(a).length <= selectedBy(b).length ? [a, b] : [b, a];
      const other = idsOf(large);
      hit = selectedBy(small).some((c) => other.has(c.id));
      overlapCache.set(key, hit);
    }
    return hit;
  };
  const dnsCache = new Map<string, { allowed: boolean; first: NetworkPolicy | undefined }>();
  const dnsOf = (policy: NetworkPolicy) => {
    const key = selectionKey(policy);
    let hit = dnsCache.get(key);
    if (!hit) {
      const egressPolicies = (egressByNs.get(policy.namespace) ?? []).filter((p) => overlaps(p, policy));
      hit = { allowed: egressPolicies.some(admitsDns), first: egressPolicies[0] };
      dnsCache.set(key, hit);
    }
    return hit;
  };

  for (const policy of cluster.policies) {
    const name = `${policy.namespace}/${policy.name}`;
    const selected = selectedBy(policy);
    if (selected.length === 0) {
      out.push(
        diagnostic('lint-policy-selects-nothing', [name, policy.namespace], policy.range, fileName(policy)),
      );
    }
    for (const [dir, rules] of [
      ['Ingress', policy.ingress],
      ['Egress', policy.egress],
    ] as const) {
      for (const rule of rules) {
        for (const peer of rule.peers) {
          if (peer.type === 'ipBlock' || peerPods(policy, peer).length > 0) continue;
          out.push(
            diagnostic('lint-peer-selects-nothing', [name], peer.range ?? rule.range, fileName(policy)),
          );
          if (peer.namespaceSelector === null && peer.podSelector) {
            const elsewhere = namespacesWithPods(peer.podSelector);
            if (elsewhere.length > 0) {
              out.push(
                diagnostic(
                  'lint-peer-other-namespace',
                  [policy.namespace, elsewhere.join(', ')],
                  peer.range ?? rule.range,
                  fileName(policy),
                ),
              );
            }
          }
        }
        for (const port of rule.ports) {
          if (typeof port.port !== 'string') continue;
          // Named ports resolve on the destination: the selected pods for ingress, the peers for egress.
          const destinations =
            dir === 'Ingress' ? selected.map((c) => c.rep) : egressDestinations(policy, rule);
          if (destinations.length > 0 && !hasNamedPort(destinations, port.port, port.protocol)) {
            out.push(
              diagnostic(
                'lint-named-port-missing',
                [port.port, port.protocol],
                port.range ?? rule.range,
                fileName(policy),
              ),
            );
          }
        }
      }
    }
    if (policy.policyTypes.includes('Egress') && selected.length > 0) {
      if (policy.egress.length === 0) {
        out.push(diagnostic('lint-deny-all-egress', [name], policy.range, fileName(policy)));
      }
      // DNS: some policy selecting these pods for egress must admit UDP 53 somewhere.
      const dns = dnsOf(policy);
      if (!dns.allowed && policy === dns.first) {
        out.push(diagnostic('lint-no-dns-egress', [name], policy.range, fileName(policy)));
      }
    }
  }
  out.push(...lintAdminPolicies(ws));
  return out;
}

function admitsDns(p: NetworkPolicy): boolean {
  return p.egress.some(
    (r) =>
      r.ports.length === 0 ||
      r.ports.some(
        (port) =>
          port.protocol === 'UDP' &&
          (port.port === undefined ||
            port.port === 53 ||
            port.port === 'dns' ||
            (typeof port.port === 'number' &&
              port.endPort !== undefined &&
              port.port <= 53 &&
              port.endPort >= 53)),
      ),
  );
}
