import type { Analysis, Cluster } from '../../engine/index';
import { selectorMatches } from '../../state/engineHelpers';

/** What the hover card says about a graph node: plain text lines, never markup. */
export function nodeDetails(
  cluster: Cluster,
  analysis: Analysis | null,
  node: { index?: number; namespace?: string },
): { title: string; lines: string[] } | null {
  if (node.index !== undefined) {
    const ep = cluster.endpoints[node.index];
    if (!ep) return null;
    if (ep.type === 'external')
      return {
        title: ep.ref,
        lines: ep.outsideOf
          ? [
              ep.outsideOf.length
                ? `Any address no ipBlock matches (outside ${ep.outsideOf.length} ipBlock${ep.outsideOf.length === 1 ? '' : 's'})`
                : 'Any address outside the cluster',
              `evaluated as ${ep.address}`,
            ]
          : [
              ep.cidr ? `ipBlock ${ep.cidr}` : ep.address,
              ...(ep.except?.length ? [`except ${ep.except.join(', ')}`] : []),
              `evaluated as ${ep.address}`,
            ],
      };
    const iso = analysis?.isolation(ep.index);
    const labels = Object.entries(ep.labels).map(([k, v]) => `${k}=${v}`);
    return {
      title: ep.ghost ? `What if pod ${ep.ref}` : `${ep.kind} ${ep.ref}`,
      lines: [
        ...(ep.ghost ? ['not in the YAML: added with What if…'] : []),
        labels.length ? `labels: ${labels.join(', ')}` : 'no labels',
        ...(ep.ports.length
          ? [
              `ports: ${ep.ports
                .map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`)
                .join(', ')}`,
            ]
          : []),
        ...(ep.ips.length ? [`IP: ${ep.ips.join(', ')}`] : []),
        ...(iso
          ? [
              iso.ingress || iso.egress
                ? `isolated for ${[iso.ingress && 'ingress', iso.egress && 'egress'].filter(Boolean).join(' and ')}`
                : 'not isolated: every connection allowed',
            ]
          : []),
      ],
    };
  }
  if (node.namespace !== undefined) {
    const ns = cluster.namespaces.find((n) => n.name === node.namespace);
    if (!ns) return null;
    const pods = cluster.endpoints.filter((e) => e.type === 'pod' && e.namespace === ns.name).length;
    const policies = cluster.policies.filter((p) => p.namespace === ns.name).length;
    return {
      title: `Namespace ${ns.name}`,
      lines: [
        `labels: ${Object.entries(ns.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
        `${pods} pod${pods === 1 ? '' : 's'}/workloads, ${policies} NetworkPolic${policies === 1 ? 'y' : 'ies'}`,
        ...adminLines(cluster, ns.labels),
        ...(ns.declared
          ? []
          : [
              ns.assumed
                ? 'not in the YAML: assumed for a what-if pod'
                : 'not declared in the YAML: only referenced',
            ]),
      ],
    };
  }
  return null;
}

/** The admin and baseline policies whose subject takes in (some pods of) a namespace. */
function adminLines(cluster: Cluster, nsLabels: Readonly<Record<string, string>>): string[] {
  const names = (cluster.adminPolicies ?? [])
    .filter((p) => selectorMatches(p.subject.namespaceSelector, nsLabels))
    .map((p) => `${p.tier === 'Admin' ? 'admin' : 'baseline'} ${p.kind} ${p.name}`);
  return names.length ? [`cluster-wide policies: ${names.join(', ')}`] : [];
}
