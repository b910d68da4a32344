// Strict field validation, as `kubectl apply` does by default (the API server's strict decoding): an
// unknown field, a value of the wrong type or a duplicate key makes the API server refuse the whole
// object. The engine refuses it the same way, so a typo never silently changes what a policy means.
//
// Only the levels the engine reads are described field by field; what it never reads (probes, volumes,
// status, managedFields, ...) is accepted as it is, so real `kubectl get -o yaml` output passes.
// One walk over the plain value, no Document API: it runs on every object of a 10,000-pod export.

import type { Path } from './buildCluster';

type Scalar = 'string' | 'int' | 'intOrString' | 'bool' | 'any';
type Shape =
  | Scalar
  | { list: Shape }
  | { map: Shape }
  | {
      fields: Readonly<Record<string, Shape>>;
      check?: (value: Obj, path: Path, out: StrictProblem[]) => void;
    };
type Obj = Record<string, unknown>;

export interface StrictProblem {
  code: 'unknown-field' | 'field-wrong-type' | 'selector-values' | 'port-quoted';
  path: Path;
  /** The message arguments before the object's own name (added by the builder). */
  args: string[];
}

const ANY = 'any' as const;
const anyOf = (...names: string[]): Record<string, Shape> => Object.fromEntries(names.map((n) => [n, ANY]));

// ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1). clusterName was removed in 1.25 but old exports carry it.
const OBJECT_META: Shape = {
  fields: {
    ...anyOf(
      'generateName',
      'selfLink',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'ownerReferences',
      'finalizers',
      'managedFields',
      'clusterName',
    ),
    name: 'string',
    namespace: 'string',
    labels: { map: 'string' },
    annotations: { map: 'string' },
  },
};

const LABEL_SELECTOR_REQUIREMENT: Shape = {
  fields: { key: 'string', operator: 'string', values: { list: 'string' } },
  check: (value, path, out) => {
    const op = value.operator;
    const values = Array.isArray(value.values) ? value.values : [];
    // LabelSelectorRequirement: "If the operator is In or NotIn, the values array must be non-empty. If the
    // operator is Exists or DoesNotExist, the values array must be empty."
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      out.push({
        code: 'selector-values',
        path: [...path, value.values === undefined ? 'operator' : 'values'],
        args: [`operator ${op} needs a non-empty values list`],
      });
    else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      out.push({
        code: 'selector-values',
        path: [...path, 'values'],
        args: [`operator ${op} must not have values`],
      });
  },
};

const LABEL_SELECTOR: Shape = {
  fields: { matchLabels: { map: 'string' }, matchExpressions: { list: LABEL_SELECTOR_REQUIREMENT } },
};

const POLICY_PORT: Shape = {
  fields: { protocol: 'string', port: 'intOrString', endPort: 'int' },
  check: (value, path, out) => {
    // IntOrString: a string is a port name, which must contain a letter (IsValidPortName); "80" is refused.
    if (typeof value.port === 'string' && /^\d+$/.test(value.port))
      out.push({ code: 'port-quoted', path: [...path, 'port'], args: [value.port] });
  },
};

const PEER: Shape = {
  fields: {
    podSelector: LABEL_SELECTOR,
    namespaceSelector: LABEL_SELECTOR,
    ipBlock: { fields: { cidr: 'string', except: { list: 'string' } } },
  },
};

const NETWORK_POLICY_SPEC: Shape = {
  fields: {
    podSelector: LABEL_SELECTOR,
    ingress: { list: { fields: { from: { list: PEER }, ports: { list: POLICY_PORT } } } },
    egress: { list: { fields: { to: { list: PEER }, ports: { list: POLICY_PORT } } } },
    // Items are checked by the builder, which reads `- Ingress:` (a stray colon) with its own finding.
    policyTypes: { list: ANY },
  },
};

const CONTAINER: Shape = {
  fields: {
    ...anyOf(
      'image',
      'command',
      'args',
      'workingDir',
      'envFrom',
      'env',
      'resources',
      'resizePolicy',
      'restartPolicy',
      'restartPolicyRules',
      'volumeMounts',
      'volumeDevices',
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'lifecycle',
      'terminationMessagePath',
      'terminationMessagePolicy',
      'imagePullPolicy',
      'securityContext',
      'stdin',
      'stdinOnce',
      'tty',
      'targetContainerName',
    ),
    name: 'string',
    ports: {
      list: {
        fields: {
          name: 'string',
          hostPort: 'int',
          containerPort: 'int',
          protocol: 'string',
          hostIP: 'string',
        },
      },
    },
  },
};

const POD_SPEC: Shape = {
  fields: {
    ...anyOf(
      'volumes',
      'restartPolicy',
      'terminationGracePeriodSeconds',
      'activeDeadlineSeconds',
      'dnsPolicy',
      'nodeSelector',
      'serviceAccountName',
      'serviceAccount',
      'automountServiceAccountToken',
      'nodeName',
      'hostNetwork',
      'hostPID',
      'hostIPC',
      'shareProcessNamespace',
      'securityContext',
      'imagePullSecrets',
      'hostname',
      'subdomain',
      'affinity',
      'schedulerName',
      'tolerations',
      'hostAliases',
      'priorityClassName',
      'priority',
      'dnsConfig',
      'readinessGates',
      'runtimeClassName',
      'enableServiceLinks',
      'preemptionPolicy',
      'overhead',
      'topologySpreadConstraints',
      'setHostnameAsFQDN',
      'os',
      'hostUsers',
      'schedulingGates',
      'resourceClaims',
      'resources',
      'ephemeralContainers',
      'hostnameOverride',
    ),
    containers: { list: CONTAINER },
    initContainers: { list: CONTAINER },
  },
};

const POD_TEMPLATE: Shape = { fields: { metadata: OBJECT_META, spec: POD_SPEC } };

const object = (spec: Shape): Shape => ({
  fields: { apiVersion: 'string', kind: 'string', metadata: OBJECT_META, spec, status: ANY },
});

const workload = (...fields: string[]): Shape =>
  object({ fields: { ...anyOf(...fields), template: POD_TEMPLATE } });

const JOB_FIELDS = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'podFailurePolicy',
  'successPolicy',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'selector',
  'manualSelector',
  'ttlSecondsAfterFinished',
  'completionMode',
  'suspend',
  'podReplacementPolicy',
  'managedBy',
];

/** The objects the engine reads, by kind (DESIGN 2.2); other kinds are ignored, not validated. */
const KINDS: Readonly<Record<string, Shape>> = {
  Namespace: object({ fields: anyOf('finalizers') }),
  Pod: object(POD_SPEC),
  Deployment: workload(
    'replicas',
    'selector',
    'strategy',
    'minReadySeconds',
    'revisionHistoryLimit',
    'paused',
    'progressDeadlineSeconds',
  ),
  StatefulSet: workload(
    'replicas',
    'selector',
    'volumeClaimTemplates',
    'serviceName',
    'podManagementPolicy',
    'updateStrategy',
    'revisionHistoryLimit',
    'minReadySeconds',
    'persistentVolumeClaimRetentionPolicy',
    'ordinals',
  ),
  DaemonSet: workload('selector', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'),
  ReplicaSet: workload('replicas', 'minReadySeconds', 'selector'),
  ReplicationController: workload('replicas', 'minReadySeconds', 'selector'),
  Job: workload(...JOB_FIELDS),
  CronJob: object({
    fields: {
      ...anyOf(
        'schedule',
        'timeZone',
        'startingDeadlineSeconds',
        'concurrencyPolicy',
        'suspend',
        'successfulJobsHistoryLimit',
        'failedJobsHistoryLimit',
      ),
      jobTemplate: {
        fields: {
          metadata: OBJECT_META,
          spec: { fields: { ...anyOf(...JOB_FIELDS), template: POD_TEMPLATE } },
        },
      },
    },
  }),
  Service: object({
    fields: {
      ...anyOf(
        'clusterIP',
        'clusterIPs',
        'type',
        'externalIPs',
        'sessionAffinity',
        'loadBalancerIP',
        'loadBalancerSourceRanges',
        'externalName',
        'externalTrafficPolicy',
        'healthCheckNodePort',
        'publishNotReadyAddresses',
        'sessionAffinityConfig',
        'ipFamilies',
        'ipFamilyPolicy',
        'allocateLoadBalancerNodePorts',
        'loadBalancerClass',
        'internalTrafficPolicy',
        'trafficDistribution',
      ),
      selector: { map: 'string' },
      ports: {
        list: {
          fields: {
            name: 'string',
            protocol: 'string',
            appProtocol: 'string',
            port: 'int',
            targetPort: 'intOrString',
            nodePort: 'int',
          },
        },
      },
    },
  }),
  NetworkPolicy: {
    // NetworkPolicy has had no status since 1.28; older exports may carry an empty one.
    fields: {
      apiVersion: 'string',
      kind: 'string',
      metadata: OBJECT_META,
      spec: NETWORK_POLICY_SPEC,
      status: ANY,
    },
  },
};

/** Everything the API server's strict decoding would refuse in an object of a kind the engine reads. */
export function strictProblems(value: Obj, kind: string): StrictProblem[] {
  const shape = KINDS[kind];
  const out: StrictProblem[] = [];
  if (shape) walk(value, shape, [], out);
  return out;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return typeof v;
}

function wanted(shape: Shape): string {
  if (shape === 'string') return 'a string';
  if (shape === 'int') return 'an integer';
  if (shape === 'intOrString') return 'an integer or a string';
  if (shape === 'bool') return 'a boolean';
  if (shape === 'any') return 'anything';
  if ('list' in shape) return 'a list';
  return 'a mapping';
}

/**
 * Checks `value` against `shape`. `path` is one stack shared by the whole walk (pushed and popped, and
 * copied only into a finding): 10,000 pods have about a million fields, and this runs on all of them.
 */
function walk(value: unknown, shape: Shape, path: (string | number)[], out: StrictProblem[]): void {
  // A null field is an unset one, as in the API's JSON decoding.
  if (value === null || value === undefined || shape === 'any') return;
  let ok: boolean;
  if (shape === 'string') ok = typeof value === 'string';
  else if (shape === 'int') ok = typeof value === 'number' && Number.isInteger(value);
  else if (shape === 'intOrString')
    ok = typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  else if (shape === 'bool') ok = typeof value === 'boolean';
  else if ('list' in shape) ok = Array.isArray(value);
  else ok = typeof value === 'object' && !Array.isArray(value);
  if (!ok) {
    out.push({
      code: 'field-wrong-type',
      path: [...path],
      args: [jsonPath(path), wanted(shape), typeName(value)],
    });
    return;
  }
  if (typeof shape === 'string') return;
  if ('list' in shape) {
    const items = value as unknown[];
    if (shape.list === 'any') return;
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      walk(items[i], shape.list, path, out);
      path.pop();
    }
    return;
  }
  const obj = value as Obj;
  if ('map' in shape) {
    for (const key in obj) {
      path.push(key);
      walk(obj[key], shape.map, path, out);
      path.pop();
    }
    return;
  }
  for (const key in obj) {
    path.push(key);
    const field = shape.fields[key];
    if (field === undefined)
      out.push({ code: 'unknown-field', path: [...path], args: [jsonPath(path), hint(key, shape)] });
    else walk(obj[key], field, path, out);
    path.pop();
  }
  shape.check?.(obj, [...path], out);
}

/** `spec.ingress[0].from[0].matchLabels`, as kubectl names a field in its strict decoding errors. */
export function jsonPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** " (did you mean "matchLabels"?)": the known field a typo probably meant, or where a stray one belongs. */
function hint(key: string, shape: { fields: Readonly<Record<string, Shape>> }): string {
  const known = Object.keys(shape.fields);
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase(), 3);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  // At most two edits, and fewer than half the word: "label" → labels, "ingres" → ingress.
  if (best !== undefined && bestDistance <= Math.min(2, Math.floor(key.length / 2)))
    return ` (did you mean "${best}"?)`;
  // A field one level too shallow: `matchLabels` beside namespaceSelector instead of inside it.
  const parents = known.filter((name) => {
    const child = shape.fields[name]!;
    return typeof child === 'object' && 'fields' in child && key in child.fields;
  });
  if (parents.length > 0)
    return ` (it belongs inside ${parents.map((p) => `"${p}"`).join(' or ')}: indent it under one)`;
  return '';
}

/** Levenshtein distance, giving up (returning `limit`) once it is certain to reach it. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= limit) return limit;
    previous = row;
  }
  return Math.min(previous[b.length]!, limit);
}
