// Small YAML writers so lesson clusters read like the manifests a person would apply.

const labelsBlock = (labels: Record<string, string>, indent: string) =>
  Object.keys(labels).length === 0
    ? ''
    : `\n${indent}labels:\n${Object.entries(labels)
        .map(([k, v]) => `${indent}  ${k}: ${JSON.stringify(v)}`)
        .join('\n')}`;

export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}${labelsBlock(labels, '  ')}\n`;
}

export interface PortSpec {
  port: number;
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  ports: PortSpec[] = [],
  ip?: string,
): string {
  const portLines = ports.length
    ? `\n      ports:\n${ports.map((p) => `        - containerPort: ${p.port}${p.name ? `\n          name: ${p.name}` : ''}${p.protocol ? `\n          protocol: ${p.protocol}` : ''}`).join('\n')}`
    : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}${labelsBlock(labels, '  ')}\nspec:\n  containers:\n    - name: ${name}\n      image: ${name}${portLines}\n${ip ? `status:\n  podIP: ${ip}\n` : ''}`;
}

export function service(
  ns: string,
  name: string,
  selector: Record<string, string>,
  ports: { port: number; targetPort?: number | string; name?: string; protocol?: string }[],
): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n${Object.entries(
    selector,
  )
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n')}\n  ports:\n${ports
    .map(
      (p) =>
        `    - port: ${p.port}${p.name ? `\n      name: ${p.name}` : ''}${p.targetPort !== undefined ? `\n      targetPort: ${p.targetPort}` : ''}${p.protocol ? `\n      protocol: ${p.protocol}` : ''}`,
    )
    .join('\n')}\n`;
}

export const docs = (...parts: string[]) => parts.map((p) => p.replace(/\s+$/, '\n')).join('---\n');

/** The cluster DNS, for lessons that resolve Services by name. */
export const kubeDns = () =>
  docs(
    namespace('kube-system'),
    pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ port: 53, name: 'dns', protocol: 'UDP' }]),
  );
