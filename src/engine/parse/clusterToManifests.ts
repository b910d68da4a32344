// A cluster model written back as Kubernetes objects: the round-trip property test writes random
// clusters with it and requires reading them again to give the same model.
import { LEGACY_ANNOTATION } from './buildCluster';
import { METADATA_NAME_LABEL } from '../evaluate/common';
import type { Cluster, LabelSelector, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../types';

type Obj = Record<string, unknown>;

function selectorJson(s: LabelSelector): Obj {
  const out: Obj = {};
  if (Object.keys(s.matchLabels).length) out.matchLabels = { ...s.matchLabels };
  if (s.matchExpressions.length)
    out.matchExpressions = s.matchExpressions.map((e) =>
      e.operator === 'Exists' || e.operator === 'DoesNotExist'
        ? { key: e.key, operator: e.operator }
        : { key: e.key, operator: e.operator, values: [...e.values] },
    );
  return out;
}

function peerJson(p: Peer): Obj {
  if (p.type === 'ipBlock')
    return { ipBlock: { cidr: p.cidr, ...(p.except.length ? { except: [...p.except] } : {}) } };
  return {
    ...(p.namespaceSelector ? { namespaceSelector: selectorJson(p.namespaceSelector) } : {}),
    ...(p.podSelector ? { podSelector: selectorJson(p.podSelector) } : {}),
  };
}

function portJson(p: PolicyPort): Obj {
  return {
    protocol: p.protocol,
    ...(p.port !== undefined ? { port: p.port } : {}),
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  };
}

function rulesJson(rules: readonly PolicyRule[], peerKey: 'from' | 'to'): Obj[] {
  // An empty peer or port list and a missing one mean the same ("every"): write neither.
  return rules.map((r) => ({
    ...(r.peers.length ? { [peerKey]: r.peers.map(peerJson) } : {}),
    ...(r.ports.length ? { ports: r.ports.map(portJson) } : {}),
  }));
}

function policyJson(p: NetworkPolicy): Obj {
  const spec: Obj = { podSelector: selectorJson(p.podSelector) };
  // An inferred policyTypes stays unwritten, so that reading it back infers the same.
  if (!p.policyTypesInferred) spec.policyTypes = [...p.policyTypes];
  if (p.ingress.length) spec.ingress = rulesJson(p.ingress, 'from');
  if (p.egress.length) spec.egress = rulesJson(p.egress, 'to');
  return {
    apiVersion: p.apiVersion,
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace },
    spec,
  };
}

/**
 * The model written back as Kubernetes manifests: declared namespaces, pods and workloads (through
 * their pod templates), Services and NetworkPolicies, with the API defaults already applied made
 * explicit (protocols) and inferred fields left out. Externals are derived from ipBlocks, so they
 * are not written. Reading the result gives the same model: the round-trip property test.
 */
export function clusterToManifests(cluster: Cluster): Obj[] {
  const out: Obj[] = [];
  for (const ns of cluster.namespaces) {
    if (!ns.declared) continue;
    const labels = Object.fromEntries(Object.entries(ns.labels).filter(([k]) => k !== METADATA_NAME_LABEL));
    const annotations: Record<string, string> = { ...ns.annotations };
    if (ns.legacyDefaultDeny && !(LEGACY_ANNOTATION in annotations))
      annotations[LEGACY_ANNOTATION] = '{"ingress":{"isolation":"DefaultDeny"}}';
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns.name,
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    });
  }
  for (const ep of cluster.endpoints) {
    if (ep.type !== 'pod') continue;
    const podSpec = {
      containers: [
        {
          name: 'main',
          ...(ep.ports.length
            ? {
                ports: ep.ports.map((p) => ({
                  ...(p.name ? { name: p.name } : {}),
                  containerPort: p.containerPort,
                  protocol: p.protocol,
                })),
              }
            : {}),
        },
      ],
    };
    const labels = Object.keys(ep.labels).length ? { labels: { ...ep.labels } } : {};
    if (ep.kind === 'Pod') {
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: ep.name, namespace: ep.namespace, ...labels },
        spec: podSpec,
        ...(ep.ips.length ? { status: { podIP: ep.ips[0], podIPs: ep.ips.map((ip) => ({ ip })) } } : {}),
      });
      continue;
    }
    const template = { metadata: { ...labels }, spec: podSpec };
    out.push({
      apiVersion:
        ep.kind === 'CronJob' || ep.kind === 'Job'
          ? 'batch/v1'
          : ep.kind === 'ReplicationController'
            ? 'v1'
            : 'apps/v1',
      kind: ep.kind,
      metadata: { name: ep.name, namespace: ep.namespace },
      spec:
        ep.kind === 'CronJob' ? { schedule: '@hourly', jobTemplate: { spec: { template } } } : { template },
    });
  }
  for (const svc of cluster.services) {
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc.name, namespace: svc.namespace },
      spec: {
        ...(svc.selector ? { selector: { ...svc.selector } } : {}),
        ports: svc.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          targetPort: p.targetPort,
          protocol: p.protocol,
        })),
      },
    });
  }
  for (const p of cluster.policies) out.push(policyJson(p));
  return out;
}
