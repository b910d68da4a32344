// Pods grouped into classes for the checks that ask which pods a selector or peer picks (lint, audit):
// each distinct (namespace, selector) and peer is matched once against the classes of the namespaces
// it can reach, so the cost grows with policies and classes, not policies x pods.
import type { Cluster, LabelSelector, NetworkPolicy, Peer, PodEndpoint } from '../types';
import { selectorKey, selectorMatches } from '../match/selector';
import { namespaceLabelsOf } from '../evaluate/common';
import { ipBlockMatches } from '../match/cidr';

/** Pods that every check sees alike: same namespace, labels and named container ports. */
export interface PodClass {
  id: number;
  namespace: string;
  rep: PodEndpoint;
  /** Endpoint indices of its pods, in cluster order. */
  members: number[];
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

export interface PodIndex {
  pods: readonly PodEndpoint[];
  /** Classes in order of their first pod, so that lists built from them keep the pods' order. */
  classes: readonly PodClass[];
  classesByNs: ReadonlyMap<string, readonly PodClass[]>;
  classOfPod: ReadonlyMap<number, PodClass>;
  /** One key per (namespace, podSelector): policies with equal keys select the same pods. */
  selectionKey(policy: NetworkPolicy): string;
  /** The classes a policy's podSelector selects in its namespace. */
  selectedBy(policy: NetworkPolicy): readonly PodClass[];
  /** Namespaces (with pods) that a namespaceSelector matches. */
  namespacesMatching(sel: LabelSelector): readonly string[];
  /**
   * The pods a peer matches: class representatives for selector peers; every pod with an address in
   * the block for ipBlock peers (classes do not record addresses).
   */
  peerPods(policy: NetworkPolicy, peer: Peer): readonly PodEndpoint[];
}

export function podIndex(cluster: Cluster): PodIndex {
  const pods = cluster.endpoints.filter((e): e is PodEndpoint => e.type === 'pod');
  const nsLabels = namespaceLabelsOf(cluster);
  const classes: PodClass[] = [];
  const classIds = new Map<string, PodClass>();
  const classesByNs = new Map<string, PodClass[]>();
  const classOfPod = new Map<number, PodClass>();
  for (const pod of pods) {
    const key = classKey(pod);
    let c = classIds.get(key);
    if (!c) {
      c = { id: classes.length, namespace: pod.namespace, rep: pod, members: [] };
      classIds.set(key, c);
      classes.push(c);
      let list = classesByNs.get(pod.namespace);
      if (!list) classesByNs.set(pod.namespace, (list = []));
      list.push(c);
    }
    c.members.push(pod.index);
    classOfPod.set(pod.index, c);
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

  return { pods, classes, classesByNs, classOfPod, selectionKey, selectedBy, namespacesMatching, peerPods };
}
