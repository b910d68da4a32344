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
        'List',
      ],
    },
    metadata,
  },
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
