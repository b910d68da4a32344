// "What if" pods: hypothetical pods the user adds in the app, evaluated as if they existed and never
// written to the YAML. They join the cluster model as ordinary pods (after the pods of the YAML and
// before the outside addresses, as `Cluster.endpoints` orders them), so every evaluator, the
// explanation and the diff treat them like any other pod.
import { diagnostic } from '../messages';
import type {
  Cluster,
  ContainerPort,
  Diagnostic,
  Endpoint,
  GhostPod,
  Namespace,
  PodEndpoint,
  Result,
} from '../types';
import { labelKeyProblem, labelValueProblem, nameProblem, portNameValid } from './validate';

/** What-if pods evaluated at most: each is a pod row and column of every view, typed by hand. */
export const GHOST_LIMIT = 50;
/** Labels and container ports per what-if pod: more is a paste gone wrong, not a pod. */
export const GHOST_MAX_LABELS = 64;
export const GHOST_MAX_PORTS = 64;

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/**
 * Why the API server would refuse this pod, one diagnostic per problem, each with `path` naming the
 * field (`name`, `namespace`, `labels["key"]`, `ports[0]`). Empty: it is a valid pod. Never throws,
 * whatever the shape of `ghost` (it may come from storage or another thread).
 */
export function ghostProblems(ghost: GhostPod): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = typeof ghost?.name === 'string' ? ghost.name : '';
  const namespace = typeof ghost?.namespace === 'string' ? ghost.namespace : '';
  const shown = `${namespace}/${name}`;
  const push = (d: Diagnostic, path: string) => {
    d.path = path;
    out.push(d);
  };
  const nameWhy = name === '' ? 'it is empty' : nameProblem('Pod', name);
  if (nameWhy) push(diagnostic('ghost-name', [shown, 'pod name', name, nameWhy]), 'name');
  const nsWhy = namespace === '' ? 'it is empty' : nameProblem('Namespace', namespace);
  if (nsWhy) push(diagnostic('ghost-name', [shown, 'namespace', namespace, nsWhy]), 'namespace');
  const labels = ghost?.labels && typeof ghost.labels === 'object' ? Object.entries(ghost.labels) : [];
  if (labels.length > GHOST_MAX_LABELS)
    push(diagnostic('ghost-too-big', [shown, GHOST_MAX_LABELS, 'labels']), 'labels');
  else
    for (const [key, value] of labels) {
      const path = `labels[${JSON.stringify(key)}]`;
      const keyWhy = labelKeyProblem(key);
      if (keyWhy) push(diagnostic('ghost-label-key', [shown, key, keyWhy]), path);
      const valueWhy = typeof value !== 'string' ? 'a label value is a string' : labelValueProblem(value);
      if (valueWhy) push(diagnostic('ghost-label-value', [shown, String(value), key, valueWhy]), path);
    }
  const ports = Array.isArray(ghost?.ports) ? ghost.ports : [];
  if (ports.length > GHOST_MAX_PORTS)
    push(diagnostic('ghost-too-big', [shown, GHOST_MAX_PORTS, 'container ports']), 'ports');
  else
    ports.forEach((p, i) => {
      const path = `ports[${i}]`;
      const n = p?.containerPort;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535)
        push(diagnostic('ghost-port', [shown, `port ${String(n)} is out of range 1-65535`]), path);
      if (!PROTOCOLS.has(p?.protocol))
        push(
          diagnostic('ghost-port', [shown, `protocol "${String(p?.protocol)}" must be TCP, UDP or SCTP`]),
          path,
        );
      if (p?.name !== undefined && !(typeof p.name === 'string' && portNameValid(p.name)))
        push(
          diagnostic('ghost-port', [
            shown,
            `invalid port name "${String(p.name)}": at most 15 lower-case letters, digits and "-", with at least one letter`,
          ]),
          path,
        );
    });
  return out;
}

/**
 * The cluster with the what-if pods added, as pods of kind Pod with no address. A pod that the API
 * server would refuse, or whose `namespace/name` is already a pod or workload (of the YAML or an
 * earlier what-if pod), is left out with an error; past `GHOST_LIMIT` the rest are left out. A
 * namespace only a what-if pod names is assumed (`assumed`, not `declared`), with an info finding.
 * Every diagnostic's `path` starts with `ghosts[i]`, `i` the pod's position in `ghosts`.
 */
export function withGhostPods(cluster: Cluster, ghosts: readonly GhostPod[]): Result<Cluster> {
  if (!Array.isArray(ghosts) || ghosts.length === 0) return { value: cluster, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const pods: PodEndpoint[] = [];
  const externals: Endpoint[] = [];
  for (const e of cluster.endpoints) (e.type === 'pod' ? pods : externals).push(e);
  const taken = new Map<string, string>();
  for (const p of pods)
    taken.set(`${p.namespace}/${p.name}`, `${p.kind} ${p.namespace}/${p.name} in the YAML`);
  const namespaces = new Map<string, Namespace>(cluster.namespaces.map((n) => [n.name, n]));
  const added: PodEndpoint[] = [];
  if (ghosts.length > GHOST_LIMIT) {
    const d = diagnostic('ghost-limit', [GHOST_LIMIT, ghosts.length - GHOST_LIMIT]);
    d.path = `ghosts[${GHOST_LIMIT}]`;
    diagnostics.push(d);
  }
  ghosts.slice(0, GHOST_LIMIT).forEach((ghost: GhostPod, i) => {
    const at = `ghosts[${i}]`;
    const problems = ghostProblems(ghost);
    for (const d of problems) d.path = `${at}.${d.path}`;
    diagnostics.push(...problems);
    if (problems.length > 0) return;
    const key = `${ghost.namespace}/${ghost.name}`;
    const owner = taken.get(key);
    if (owner) {
      const d = diagnostic('ghost-name-taken', [key, owner]);
      d.path = `${at}.name`;
      diagnostics.push(d);
      return;
    }
    taken.set(key, `what-if pod ${key}`);
    if (!namespaces.has(ghost.namespace)) {
      namespaces.set(ghost.namespace, {
        name: ghost.namespace,
        labels: { 'kubernetes.io/metadata.name': ghost.namespace },
        annotations: {},
        declared: false,
        legacyDefaultDeny: false,
        assumed: true,
      });
    }
    if (namespaces.get(ghost.namespace)!.assumed) {
      const d = diagnostic('ghost-namespace-assumed', [key, ghost.namespace]);
      d.path = `${at}.namespace`;
      diagnostics.push(d);
    }
    added.push({
      type: 'pod',
      index: pods.length + added.length,
      ref: key,
      kind: 'Pod',
      namespace: ghost.namespace,
      name: ghost.name,
      labels: { ...ghost.labels },
      ports: ghost.ports.map((p: ContainerPort) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        containerPort: p.containerPort,
        protocol: p.protocol,
      })),
      ips: [],
      ghost: true,
    });
  });
  if (added.length === 0) return { value: cluster, diagnostics };
  const first = pods.length + added.length;
  const endpoints: Endpoint[] = [...pods, ...added, ...externals.map((e, i) => ({ ...e, index: first + i }))];
  return { value: { ...cluster, namespaces: [...namespaces.values()], endpoints }, diagnostics };
}
