// The readers of the objects policies select and name: Pods and workloads (through their pod template:
// labels, container ports; a Pod's status IPs), Namespaces and Services. An invalid value is reported
// through the ObjectReader, which refuses the object.
import type {
  ContainerPort,
  EndpointKind,
  Labels,
  Namespace,
  PodEndpoint,
  Service,
  ServicePort,
} from '../types';
import { isObj, str, stringMap, type ObjectReader } from './objectReader';

type Obj = Record<string, unknown>;

export const WORKLOAD_KINDS: Readonly<Record<string, EndpointKind>> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicaSet: 'ReplicaSet',
  ReplicationController: 'ReplicationController',
  Job: 'Job',
  CronJob: 'CronJob',
};

export const LEGACY_ANNOTATION = 'net.beta.kubernetes.io/network-policy';

/** A pod before the cluster is built: its ref and index depend on every other pod. */
export interface PendingPod extends Omit<PodEndpoint, 'ref' | 'index'> {
  key: string;
}

export function readNamespace(metadata: Obj, name: string, labels: Labels, r: ObjectReader): Namespace {
  const annotations = stringMap(metadata.annotations);
  const legacy = legacyDefaultDeny(annotations[LEGACY_ANNOTATION]);
  if (legacy)
    r.report('legacy-default-deny-annotation', [name], r.at('metadata', 'annotations', LEGACY_ANNOTATION));
  const range = r.src.rangeAt(r.base);
  return {
    name,
    labels: { ...labels, 'kubernetes.io/metadata.name': name },
    annotations,
    declared: true,
    legacyDefaultDeny: legacy,
    ...(range ? { range } : {}),
  };
}

/** A Pod, or a workload standing for its pods. */
export function readPod(
  value: Obj,
  kind: string,
  name: string,
  namespace: string,
  labels: Labels,
  r: ObjectReader,
): PendingPod {
  const endpointKind: EndpointKind = kind === 'Pod' ? 'Pod' : WORKLOAD_KINDS[kind]!;
  let spec: unknown = value.spec;
  let podLabels: Labels = labels;
  let specPath = r.at('spec');
  if (endpointKind !== 'Pod') {
    // A workload stands for its pods: their labels and ports come from the pod template.
    const templatePath =
      endpointKind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
    let template: unknown = value;
    for (const key of templatePath) template = isObj(template) ? template[key] : undefined;
    const templateMeta = isObj(template) && isObj(template.metadata) ? template.metadata : {};
    podLabels = r.labels(templateMeta.labels, r.at(...templatePath, 'metadata', 'labels'));
    spec = isObj(template) ? template.spec : undefined;
    specPath = r.at(...templatePath, 'spec');
  }
  const ports: ContainerPort[] = [];
  const containers = isObj(spec) && Array.isArray(spec.containers) ? spec.containers : [];
  containers.forEach((c, ci) => {
    if (!isObj(c) || !Array.isArray(c.ports)) return;
    c.ports.forEach((p, pi) => {
      if (!isObj(p)) return;
      const containerPort = typeof p.containerPort === 'number' ? p.containerPort : Number(p.containerPort);
      const path = [...specPath, 'containers', ci, 'ports', pi];
      if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
        r.report('port-range', [String(p.containerPort)], [...path, 'containerPort']);
        return;
      }
      const protocol = r.protocol(p.protocol, [...path, 'protocol']) ?? 'TCP';
      const port: ContainerPort = { containerPort, protocol };
      const portName = str(p.name);
      if (portName) port.name = portName;
      ports.push(port);
    });
  });
  const ips: string[] = [];
  if (endpointKind === 'Pod' && isObj(value.status)) {
    const status = value.status;
    if (typeof status.podIP === 'string' && status.podIP) ips.push(status.podIP);
    if (Array.isArray(status.podIPs)) {
      for (const entry of status.podIPs) {
        const ip = isObj(entry) ? str(entry.ip) : undefined;
        if (ip && !ips.includes(ip)) ips.push(ip);
      }
    }
  }
  const hostNetwork = isObj(spec) && spec.hostNetwork === true;
  const nodeName = isObj(spec) ? str(spec.nodeName) : undefined;
  const range = r.src.rangeAt(r.base);
  return {
    type: 'pod',
    key: `${namespace}/${endpointKind}/${name}`,
    kind: endpointKind,
    namespace,
    name,
    labels: podLabels,
    ports,
    ips,
    ...(hostNetwork ? { hostNetwork } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(range ? { range } : {}),
  };
}

export function readService(value: Obj, name: string, namespace: string, r: ObjectReader): Service {
  const spec = isObj(value.spec) ? value.spec : {};
  const selector = isObj(spec.selector) ? r.labels(spec.selector, r.at('spec', 'selector')) : null;
  const ports: ServicePort[] = [];
  if (Array.isArray(spec.ports))
    spec.ports.forEach((p, i) => {
      if (!isObj(p)) return;
      const port = Number(p.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        r.report('port-range', [String(p.port)], r.at('spec', 'ports', i, 'port'));
        return;
      }
      const target = p.targetPort;
      const targetPort =
        typeof target === 'number'
          ? target
          : typeof target === 'string'
            ? /^\d+$/.test(target)
              ? Number(target)
              : target
            : port;
      const sp: ServicePort = {
        port,
        targetPort,
        protocol: r.protocol(p.protocol, r.at('spec', 'ports', i, 'protocol')) ?? 'TCP',
      };
      const portName = str(p.name);
      if (portName) sp.name = portName;
      ports.push(sp);
    });
  const range = r.src.rangeAt(r.base);
  return { namespace, name, selector, ports, ...(range ? { range } : {}) };
}

function legacyDefaultDeny(annotation: string | undefined): boolean {
  if (!annotation) return false;
  try {
    const parsed = JSON.parse(annotation) as { ingress?: { isolation?: string } };
    return parsed?.ingress?.isolation === 'DefaultDeny';
  } catch {
    return false;
  }
}
