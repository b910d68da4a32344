// A small JSON schema for the kinds netpol-lab reads, so completion and hover work in the editor.
const labels = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Labels: key/value pairs',
};
const selector = {
  type: 'object',
  description: 'A label selector. {} selects everything; a missing selector is different from an empty one.',
  properties: {
    matchLabels: labels,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
const peer = {
  type: 'object',
  description:
    'One peer. podSelector and namespaceSelector in the SAME peer are ANDed; separate peers are ORed.',
  properties: {
    podSelector: {
      ...selector,
      description: 'Pods (in the policy namespace unless namespaceSelector is set in this peer)',
    },
    namespaceSelector: { ...selector, description: 'Namespaces whose pods are selected' },
    ipBlock: {
      type: 'object',
      required: ['cidr'],
      properties: {
        cidr: { type: 'string', description: 'e.g. 10.0.0.0/16' },
        except: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};
const port = {
  type: 'object',
  properties: {
    protocol: { enum: ['TCP', 'UDP', 'SCTP'], description: 'Defaults to TCP' },
    port: {
      type: ['integer', 'string'],
      description: 'A container port number or name (not the Service port)',
    },
    endPort: { type: 'integer', description: 'With a numeric port: the range port..endPort' },
  },
};
const rule = (peersKey: string) => ({
  type: 'object',
  description: 'A rule admits traffic matching one of its peers AND one of its ports. {} admits everything.',
  properties: { [peersKey]: { type: 'array', items: peer }, ports: { type: 'array', items: port } },
});
const metadata = {
  type: 'object',
  properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels, annotations: labels },
};

// The cluster-scoped policies of sigs.k8s.io/network-policy-api, from the API types
// (apis/v1alpha1/adminnetworkpolicy_types.go, baselineadminnetworkpolicy_types.go, shared_types.go,
// apis/v1alpha2/clusternetworkpolicy_types.go). Closed objects (additionalProperties: false) and
// "exactly one field" unions (minProperties/maxProperties 1), as the CRDs validate them, so the editor
// flags what the engine refuses.
const exactlyOne = (properties: Record<string, unknown>, description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties,
});
const namespacedPod = {
  type: 'object',
  description: 'Pods matching podSelector in the namespaces matching namespaceSelector (AND).',
  additionalProperties: false,
  required: ['namespaceSelector', 'podSelector'],
  properties: {
    namespaceSelector: { ...selector, description: 'Namespaces; {} = every namespace' },
    podSelector: { ...selector, description: 'Pods in those namespaces; {} = every pod' },
  },
};
const adminSubject = exactlyOne(
  {
    namespaces: { ...selector, description: 'Every pod of the namespaces matching this selector' },
    pods: namespacedPod,
  },
  'The pods this policy applies to: exactly one of namespaces or pods. Host-network pods are never subjects.',
);
const adminPeerFields = {
  namespaces: { ...selector, description: 'Every (non host-network) pod of the matching namespaces' },
  pods: namespacedPod,
};
const egressOnlyPeerFields = {
  nodes: { ...selector, description: 'The addresses (status.addresses) of the nodes matching this selector' },
  networks: {
    type: 'array',
    minItems: 1,
    maxItems: 25,
    items: { type: 'string', description: 'A CIDR, e.g. 10.0.0.0/8; it matches pod addresses too' },
    description: 'CIDRs outside or inside the cluster',
  },
};
const portNumberV1 = {
  type: 'integer',
  minimum: 1,
  maximum: 65535,
};
const protocolV1 = { enum: ['TCP', 'UDP', 'SCTP'], description: 'Defaults to TCP' };
const v1alpha1Port = exactlyOne(
  {
    portNumber: {
      type: 'object',
      additionalProperties: false,
      required: ['port'],
      properties: { protocol: protocolV1, port: portNumberV1 },
    },
    namedPort: { type: 'string', description: "The destination pod's container port of this name" },
    portRange: {
      type: 'object',
      additionalProperties: false,
      required: ['start', 'end'],
      properties: { protocol: protocolV1, start: portNumberV1, end: portNumberV1 },
    },
  },
  'Exactly one of portNumber, namedPort or portRange.',
);
const destinationPort = exactlyOne(
  {
    number: portNumberV1,
    range: {
      type: 'object',
      additionalProperties: false,
      required: ['start', 'end'],
      properties: { start: portNumberV1, end: portNumberV1 },
    },
  },
  'Exactly one of number or range.',
);
const transport = {
  type: 'object',
  additionalProperties: false,
  properties: { destinationPort },
};
const v1alpha2Protocol = exactlyOne(
  {
    tcp: transport,
    udp: transport,
    sctp: transport,
    destinationNamedPort: {
      type: 'string',
      description: "The destination pod's container port of this name",
    },
  },
  'Exactly one of tcp, udp, sctp or destinationNamedPort.',
);
const ACTION_HELP: Record<string, string> = {
  Allow: 'Allow: the connection is allowed; no later rule or tier is consulted',
  Accept: 'Accept: the connection is accepted; no later rule or tier is consulted',
  Deny: 'Deny: the connection is dropped; no NetworkPolicy can open it',
  Pass: 'Pass: skip the rest of this tier; the next tier (NetworkPolicy, or the default) decides',
};
function adminRule(peersKey: 'from' | 'to', actions: string[], v1alpha2: boolean) {
  const peerFields =
    peersKey === 'from'
      ? adminPeerFields
      : {
          ...adminPeerFields,
          ...egressOnlyPeerFields,
          ...(v1alpha2 ? { domainNames: { type: 'array', minItems: 1, items: { type: 'string' } } } : {}),
        };
  return {
    type: 'object',
    description: 'A rule: the first rule that matches, in priority and then written order, decides.',
    additionalProperties: false,
    required: ['action', peersKey],
    properties: {
      name: { type: 'string', maxLength: 100, description: 'Optional; shown in explanations' },
      action: { enum: actions, description: actions.map((a) => ACTION_HELP[a]).join('. ') },
      [peersKey]: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: exactlyOne(peerFields, `One peer: exactly one of ${Object.keys(peerFields).join(', ')}.`),
      },
      ...(v1alpha2
        ? { protocols: { type: 'array', minItems: 1, maxItems: 100, items: v1alpha2Protocol } }
        : { ports: { type: 'array', minItems: 1, maxItems: 100, items: v1alpha1Port } }),
    },
  };
}
const priority = {
  type: 'integer',
  minimum: 0,
  maximum: 1000,
  description: 'Lower values are evaluated first within the tier (0-1000)',
};
function adminSpec(kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy') {
  const v1alpha2 = kind === 'ClusterNetworkPolicy';
  const actions = v1alpha2
    ? ['Accept', 'Deny', 'Pass']
    : kind === 'AdminNetworkPolicy'
      ? ['Allow', 'Deny', 'Pass']
      : ['Allow', 'Deny'];
  const maxRules = v1alpha2 ? 25 : 100;
  return {
    type: 'object',
    additionalProperties: false,
    required: [
      ...(v1alpha2 ? ['tier'] : []),
      ...(kind === 'BaselineAdminNetworkPolicy' ? [] : ['priority']),
      'subject',
    ],
    properties: {
      ...(v1alpha2
        ? {
            tier: {
              enum: ['Admin', 'Baseline'],
              description:
                'Admin: before NetworkPolicy, which cannot override it. Baseline: after NetworkPolicy.',
            },
          }
        : {}),
      ...(kind === 'BaselineAdminNetworkPolicy' ? {} : { priority }),
      subject: adminSubject,
      ingress: { type: 'array', maxItems: maxRules, items: adminRule('from', actions, v1alpha2) },
      egress: { type: 'array', maxItems: maxRules, items: adminRule('to', actions, v1alpha2) },
    },
  };
}
const ADMIN_KINDS = [
  ['AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1'],
  ['BaselineAdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1'],
  ['ClusterNetworkPolicy', 'policy.networking.k8s.io/v1alpha2'],
] as const;

/** Each cluster-scoped policy kind, keyed by kind, with the apiVersion it belongs to. */
const adminSchemas = ADMIN_KINDS.map(([kind, apiVersion]) => ({
  if: { properties: { kind: { const: kind } }, required: ['kind'] },
  then: {
    properties: {
      apiVersion: { const: apiVersion, description: `${kind} is served as ${apiVersion}` },
      metadata: {
        ...metadata,
        properties: {
          ...metadata.properties,
          name:
            kind === 'BaselineAdminNetworkPolicy'
              ? { const: 'default', description: 'There is one BaselineAdminNetworkPolicy, named default' }
              : { type: 'string' },
          namespace: { not: {}, description: `${kind} is cluster-scoped: it has no namespace` },
        },
      },
      spec: adminSpec(kind),
    },
    required: ['spec'],
  },
}));

export const manifestSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: {
      enum: [
        'Namespace',
        'Pod',
        'Deployment',
        'StatefulSet',
        'DaemonSet',
        'ReplicaSet',
        'ReplicationController',
        'Job',
        'CronJob',
        'Service',
        'NetworkPolicy',
        'Node',
        'AdminNetworkPolicy',
        'BaselineAdminNetworkPolicy',
        'ClusterNetworkPolicy',
        'List',
      ],
    },
    metadata,
  },
  allOf: adminSchemas,
  if: { properties: { kind: { const: 'NetworkPolicy' } } },
  then: {
    properties: {
      apiVersion: { enum: ['networking.k8s.io/v1', 'extensions/v1beta1'] },
      spec: {
        type: 'object',
        required: ['podSelector'],
        properties: {
          podSelector: {
            ...selector,
            description: 'The pods this policy applies to, in its namespace. {} = all of them.',
          },
          policyTypes: {
            type: 'array',
            items: { enum: ['Ingress', 'Egress'] },
            description: 'Defaults to Ingress, plus Egress when egress rules exist',
          },
          ingress: { type: 'array', items: rule('from') },
          egress: { type: 'array', items: rule('to') },
        },
      },
    },
  },
};
