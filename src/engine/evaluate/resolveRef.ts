// Resolving a REF of DESIGN 2.2 (`ns/name`, `ns/kind/name`, `ip:ADDRESS`) to an endpoint of a cluster.
import type { Cluster, ExternalEndpoint } from '../types';
import { parseAddress } from '../match/cidr';

export type ResolvedRef = { ok: true; cluster: Cluster; index: number } | { ok: false; error: string };

/**
 * REF per DESIGN 2.2: `namespace/name`, `namespace/kind/name` (kind lower-case) where a Pod and a workload
 * share a name, or `ip:ADDRESS`. An address that no external endpoint has yet is added to the returned
 * cluster, so a probe can name any address.
 */
export function resolveRef(cluster: Cluster, ref: string): ResolvedRef {
  const text = ref.trim();
  if (text.startsWith('ip:')) {
    const address = text.slice(3);
    const parsed = parseAddress(address);
    if (!parsed) return { ok: false, error: `"${address}" is not an IP address` };
    const normalized = parsed.toString();
    for (const ep of cluster.endpoints) {
      if (ep.type === 'external' && parseAddress(ep.address)?.toString() === normalized) {
        return { ok: true, cluster, index: ep.index };
      }
    }
    const index = cluster.endpoints.length;
    const external: ExternalEndpoint = {
      type: 'external',
      index,
      ref: `ip:${address}`,
      address,
      cidr: '',
      label: address,
    };
    return { ok: true, cluster: { ...cluster, endpoints: [...cluster.endpoints, external] }, index };
  }
  const exact = cluster.endpoints.find((ep) => ep.ref === text);
  if (exact) return { ok: true, cluster, index: exact.index };
  const parts = text.split('/');
  const pods = cluster.endpoints.filter((ep) => ep.type === 'pod');
  let candidates = pods;
  if (parts.length === 2) candidates = pods.filter((p) => p.namespace === parts[0] && p.name === parts[1]);
  else if (parts.length === 3) {
    candidates = pods.filter(
      (p) =>
        p.namespace === parts[0] && p.kind.toLowerCase() === parts[1]!.toLowerCase() && p.name === parts[2],
    );
  } else candidates = [];
  if (candidates.length === 1) return { ok: true, cluster, index: candidates[0]!.index };
  if (candidates.length > 1) {
    return {
      ok: false,
      error: `"${text}" is ambiguous: use one of ${candidates.map((c) => `${c.namespace}/${c.kind.toLowerCase()}/${c.name}`).join(', ')}`,
    };
  }
  const name = parts[parts.length - 1] ?? text;
  const near = pods.filter((p) => p.name.includes(name) || name.includes(p.name)).map((p) => p.ref);
  const hint = near.length
    ? `; did you mean ${near.slice(0, 5).join(', ')}?`
    : pods.length
      ? `; known: ${pods
          .slice(0, 8)
          .map((p) => p.ref)
          .join(', ')}`
      : '';
  return { ok: false, error: `no pod or workload "${text}"${hint}` };
}
