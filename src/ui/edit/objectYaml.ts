import { stringify } from 'yaml';
import { parseLabelArgs } from './LabelEditor';

/** RFC 1123 label, what Kubernetes requires of namespace names (and what pods and policies accept). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type NewObject =
  | { kind: 'Namespace'; name: string; labels: string }
  | { kind: 'Pod'; namespace: string; name: string; labels: string; port: string }
  | {
      kind: 'NetworkPolicy';
      namespace: string;
      name: string;
      labels: string;
      ingress: boolean;
      egress: boolean;
    };

function labelsOf(text: string): { labels: Record<string, string> } | { error: string } {
  const parsed = parseLabelArgs(text);
  if ('error' in parsed) return parsed;
  const removed = Object.entries(parsed.labels).find(([, v]) => v === null);
  if (removed) return { error: `"${removed[0]}-" removes a label: a new object has none to remove` };
  return { labels: parsed.labels as Record<string, string> };
}

/** The manifest for a new object, in Kubernetes conventions, or what is wrong with the form. */
export function newObjectYaml(o: NewObject): { yaml: string } | { error: string } {
  const name = o.name.trim();
  if (!DNS_LABEL.test(name) || name.length > 63)
    return { error: `"${name}" is not a valid name: lower-case letters, digits and '-', at most 63` };
  if (o.kind !== 'Namespace' && !DNS_LABEL.test(o.namespace.trim()))
    return { error: `"${o.namespace}" is not a valid namespace name` };
  const parsedLabels = labelsOf(o.labels);
  if ('error' in parsedLabels) return parsedLabels;
  const { labels } = parsedLabels;
  const hasLabels = Object.keys(labels).length > 0;
  switch (o.kind) {
    case 'Namespace':
      return {
        yaml: stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, ...(hasLabels ? { labels } : {}) },
        }),
      };
    case 'Pod': {
      const port = o.port.trim();
      if (port && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
        return { error: `"${port}" is not a port between 1 and 65535` };
      return {
        yaml: stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: o.namespace.trim(), ...(hasLabels ? { labels } : {}) },
          spec: {
            containers: [
              {
                name: 'main',
                image: 'registry.k8s.io/pause:3.10',
                ...(port ? { ports: [{ containerPort: Number(port), protocol: 'TCP' }] } : {}),
              },
            ],
          },
        }),
      };
    }
    case 'NetworkPolicy': {
      if (!o.ingress && !o.egress) return { error: 'Tick Ingress, Egress or both' };
      return {
        yaml: stringify({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace: o.namespace.trim() },
          spec: {
            podSelector: hasLabels ? { matchLabels: labels } : {},
            policyTypes: [...(o.ingress ? ['Ingress'] : []), ...(o.egress ? ['Egress'] : [])],
          },
        }),
      };
    }
  }
}
