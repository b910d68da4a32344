/**
 * Graph element ids: the one place that builds and reads them. A node is `ns:NAME` (a namespace box
 * or a collapsed namespace), `ep:INDEX` (an endpoint of the cluster) or `grp:NAME` (the peers of a
 * focused endpoint in one namespace, `grp:` alone for those outside the cluster); edges are `e:` (allowed
 * between endpoints), `d:` (denied), `agg:` (between namespaces) and `preview:` (the draw dialog's).
 * Namespace names cannot hold ':' (RFC 1123 labels), so a prefix never swallows part of a name.
 */

export type NodeRef =
  | { type: 'namespace'; name: string }
  | { type: 'endpoint'; index: number }
  | { type: 'group'; namespace: string };

/** A node that can be an end of a drawn connection. */
export type EndRef = Exclude<NodeRef, { type: 'group' }>;

export const namespaceId = (name: string) => `ns:${name}`;
export const endpointId = (index: number) => `ep:${index}`;
export const allowedEdgeId = (from: number, to: number) => `e:${from}-${to}`;
export const deniedEdgeId = (from: number, to: number) => `d:${from}-${to}`;
export const namespaceEdgeId = (from: string, to: string) => `agg:${from}|${to}`;
export const groupId = (namespace: string) => `grp:${namespace}`;
/** The edge between a focus and a collapsed group of its peers, one per direction. */
export const groupEdgeId = (namespace: string, out: boolean) => `${out ? 'gout' : 'gin'}:${namespace}`;
export const previewEdgeId = (i: number, kind: 'opens' | 'closes' = 'opens') => `preview:${kind}:${i}`;
/** The marker edge of an expectation on the graph (see GraphController.setMarks). */
export const markEdgeId = (i: number) => `mark:${i}`;

/** What a node id stands for, or null for an id this module did not build. */
export function parseNodeId(id: string): NodeRef | null {
  if (id.startsWith('ns:')) return id.length > 3 ? { type: 'namespace', name: id.slice(3) } : null;
  if (id.startsWith('grp:')) return { type: 'group', namespace: id.slice(4) };
  if (id.startsWith('ep:')) {
    const rest = id.slice(3);
    return /^\d+$/.test(rest) ? { type: 'endpoint', index: Number(rest) } : null;
  }
  return null;
}

/** The namespace a node id names, or null when it is not a namespace's. */
export function namespaceOfId(id: string): string | null {
  const ref = parseNodeId(id);
  return ref?.type === 'namespace' ? ref.name : null;
}
