import type {
  Diagnostic,
  EvaluateOptions,
  LabelSelector,
  NetworkPolicy,
  Peer,
  PodEndpoint,
  PolicyRule,
  Workspace,
} from '../types';
import { diagnostic } from '../messages';
import { selectorKey, selectorMatches } from '../match/selector';
import { namespaceLabelsOf } from '../evaluate/common';
import { ipBlockMatches } from '../match/cidr';
import { lintAdminPolicies } from './lintAdminPolicies';

/**
 * Pods that every check below sees alike: same namespace, labels and named container ports. Lint asks
 * only whether some pod matches, so a class stands for all its members.
 */
interface PodClass {
  id: number;
  namespace: string;
  rep: PodEndpoint;
}

function classKey(pod: PodEndpoint): string {
  const keys = Object.keys(pod.labels).sort();
  let out = `${pod.namespace}\u0002`;
  for (const k of keys) out += `${k}\u0000${pod.labels[k]}\u0001`;
  out += '\u0002';
  const named = pod.ports
    .filter((p) => p.name)
    .map((p) => `${p.name}/${p.protocol}`)
    .sort();
  return out + named.join(',');
}

/**
 * Findings about policies that are valid but probably not what their author meant.
 *
 * Budget: proportional to the analysis (`analyze`), not to policies x pods. Pods are grouped into
 * classes once, and each distinct (namespace, selector) and peer is matched once against the classes of
 * the namespaces it can reach, as `compileAnalysis` does; `lintReference` is the pod-by-pod statement
 * of the same checks.
 */
export function lintWorkspace(ws: Workspace, options?: EvaluateOptions): Diagnostic[] {
  void options;
  const { cluster } = ws;
  const out: Diagnostic[] = [];
  const pods = cluster.endpoints.filter((e): e is PodEndpoint => e.type === 'pod');
  if (pods.length === 0) return lintAdminPolicies(ws);
  const nsLabels = namespaceLabelsOf(cluster);
  const fileName = (p: NetworkPolicy) => (p.range ? ws.files[p.range.file]?.name : undefined);

  // Classes in order of their first pod, so that lists built from them keep the pods' order.
  const classes: PodClass[] = [];
  const classIds = new Map<string, PodClass>();
  const classesByNs = new Map<string, PodClass[]>();
  for (const pod of pods) {
    const key = classKey(pod);
    if (classIds.has(key)) continue;
    const c: PodClass = { id: classes.length, namespace: pod.namespace, rep: pod };
    classIds.set(key, c);
    classes.push(c);
    let list = classesByNs.get(pod.namespace);
    if (!list) classesByNs.set(pod.namespace, (list = []));
    list.push(c);
  }
  const allNamespaces = [...classesByNs.keys()];

  const nsCache = new Map<string, string[]>();
  const namespacesMatching = (sel: LabelSelector): string[] => {
    const key = selectorKey(sel);
    let hit = nsCache.get(key);
    if (!hit) nsCache.set(key, (hit = allNamespaces.filter((ns) => selectorMatches(sel, nsLabels(ns)))));
    return hit;
  };

  const selectionCache = new Map<string, PodClass[]>();
  const selectionKey = (p: NetworkPolicy) => `${p.namespace}\u0002${selectorKey(p.podSelector)}`;
  const selectedBy = (p: NetworkPolicy): PodClass[] => {
    const key = selectionKey(p);
    let hit = selectionCache.get(key);
    if (!hit) {
      hit = (classesByNs.get(p.namespace) ?? []).filter((c) => selectorMatches(p.podSelector, c.rep.labels));
      selectionCache.set(key, hit);
    }
    return hit;
  };

  // The pods a peer matches. Selector peers in class space; ipBlock peers by pod address, which classes
  // do not record (wanted only for named ports on egress, so computed on demand).
  const peerCache = new Map<string, readonly PodEndpoint[]>();
  const peerPods = (policy: NetworkPolicy, peer: Peer): readonly PodEndpoint[] => {
    const key =
      peer.type === 'ipBlock'
        ? `i\u0002${peer.cidr}|${peer.except.join(',')}`
        : `s\u0002${peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : `=${policy.namespace}`}\u0002${
            peer.podSelector ? selectorKey(peer.podSelector) : '*'
          }`;
    let hit = peerCache.get(key);
    if (hit) return hit;
    if (peer.type === 'ipBlock') {
      hit = pods.filter((p) => p.ips.some((ip) => ipBlockMatches(peer.cidr, peer.except, ip)));
    } else {
      const namespaces =
        peer.namespaceSelector === null ? [policy.namespace] : namespacesMatching(peer.namespaceSelector);
      const reps: PodEndpoint[] = [];
      for (const ns of namespaces)
        for (const c of classesByNs.get(ns) ?? [])
          if (peer.podSelector === null || selectorMatches(peer.podSelector, c.rep.labels)) reps.push(c.rep);
      hit = reps;
    }
    peerCache.set(key, hit);
    return hit;
  };

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
