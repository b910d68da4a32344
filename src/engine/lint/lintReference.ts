import type { Diagnostic, EvaluateOptions, NetworkPolicy, PodEndpoint, Workspace } from '../types';
import { diagnostic } from '../messages';
import { selectorMatches } from '../match/selector';
import { namespaceLabelsOf, peerMatches } from '../evaluate/common';

/**
 * The lint checks written pod by pod, deliberately naive (policies x pods): the property test holds the
 * class-space `lintWorkspace` to the same findings, in the same order.
 */
export function lintReference(ws: Workspace, options?: EvaluateOptions): Diagnostic[] {
  void options;
  const { cluster } = ws;
  const out: Diagnostic[] = [];
  const pods = cluster.endpoints.filter((e): e is PodEndpoint => e.type === 'pod');
  const nsLabels = namespaceLabelsOf(cluster);
  const fileName = (p: NetworkPolicy) => (p.range ? ws.files[p.range.file]?.name : undefined);
  if (pods.length === 0) return out;

  for (const policy of cluster.policies) {
    const name = `${policy.namespace}/${policy.name}`;
    const selected = pods.filter(
      (p) => p.namespace === policy.namespace && selectorMatches(policy.podSelector, p.labels),
    );
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
          const matchesPod = pods.some((p) => peerMatches(policy, peer, p, nsLabels).matches);
          const matchesAddress = peer.type === 'ipBlock';
          if (!matchesPod && !matchesAddress) {
            out.push(
              diagnostic('lint-peer-selects-nothing', [name], peer.range ?? rule.range, fileName(policy)),
            );
            if (peer.type === 'selector' && peer.namespaceSelector === null && peer.podSelector) {
              const elsewhere = [
                ...new Set(
                  pods.filter((p) => selectorMatches(peer.podSelector!, p.labels)).map((p) => p.namespace),
                ),
              ];
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
        }
        for (const port of rule.ports) {
          if (typeof port.port !== 'string') continue;
          // Named ports resolve on the destination: the selected pods for ingress, the peers for egress.
          const destinations =
            dir === 'Ingress'
              ? selected
              : rule.peers.length === 0
                ? pods
                : pods.filter((p) =>
                    rule.peers.some((peer) => peerMatches(policy, peer, p, nsLabels).matches),
                  );
          const has = destinations.some((p) =>
            p.ports.some((c) => c.name === port.port && c.protocol === port.protocol),
          );
          if (!has && destinations.length > 0) {
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
      const egressPolicies = cluster.policies.filter(
        (p) =>
          p.namespace === policy.namespace &&
          p.policyTypes.includes('Egress') &&
          selected.some((s) => selectorMatches(p.podSelector, s.labels)),
      );
      const dnsAllowed = egressPolicies.some((p) =>
        p.egress.some(
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
        ),
      );
      if (!dnsAllowed && policy === egressPolicies[0]) {
        out.push(diagnostic('lint-no-dns-egress', [name], policy.range, fileName(policy)));
      }
    }
  }
  return out;
}
