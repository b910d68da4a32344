// Endpoint classes: endpoints that every policy treats alike (same namespace, labels, named container
// ports and ipBlocks they fall in) share a class, so the analysis works on classes, not pods.
import type { Cluster, ContainerPort, Endpoint } from '../types';
import type { IpBlockInfo } from './ipBlockSets';

export interface Classes {
  classCount: number;
  /** endpoint -> class */
  classOf: Int32Array;
  /** The first endpoint of each class, which stands for all of them. */
  classRep: Endpoint[];
  /** Per class: its container-port signature id (named ports resolve on the destination). */
  classPortKeyList: number[];
  portKeyCount: number;
  /** CSR lists of each class's endpoints. */
  memberOffsets: Int32Array;
  members: Int32Array;
  classExternal: Uint8Array;
  /** Pod classes of each namespace. */
  classesByNs: Map<string, number[]>;
  /** The classes in each ipBlock (by its index in the ipBlock list). */
  classesByIpBlock: number[][];
}

export function buildClasses(
  endpoints: readonly Endpoint[],
  ipBlocks: readonly IpBlockInfo[],
  ipSets: { setOf: Int32Array; sets: Int32Array[] },
  nodeKey: (endpoint: Endpoint) => string = () => '',
): Classes {
  const classIds = new Map<string, number>();
  const classOf = new Int32Array(endpoints.length);
  const classRep: Endpoint[] = [];
  const classIps: Int32Array[] = [];
  const portKeyIds = new Map<string, number>();
  const classPortKeyList: number[] = [];
  for (let i = 0; i < endpoints.length; i++) {
    const ep = endpoints[i]!;
    const ipSet = ipSets.setOf[i]!;
    const pk = ep.type === 'pod' ? portsKey(ep.ports) : '\u0003external';
    const key =
      ep.type === 'pod'
        ? `p\u0002${ep.namespace}\u0002${labelsKey(ep.labels)}\u0002${pk}\u0002${ipSet}\u0002${nodeKey(ep)}`
        : `e\u0002${ipSet}\u0002${nodeKey(ep)}`;
    let id = classIds.get(key);
    if (id === undefined) {
      id = classRep.length;
      classIds.set(key, id);
      classRep.push(ep);
      classIps.push(ipSets.sets[ipSet]!);
      let pkId = portKeyIds.get(pk);
      if (pkId === undefined) {
        pkId = portKeyIds.size;
        portKeyIds.set(pk, pkId);
      }
      classPortKeyList.push(pkId);
    }
    classOf[i] = id;
  }
  const classCount = classRep.length;
  const memberOffsets = new Int32Array(classCount + 1);
  for (let i = 0; i < endpoints.length; i++) memberOffsets[classOf[i]! + 1]!++;
  for (let c = 0; c < classCount; c++) memberOffsets[c + 1]! += memberOffsets[c]!;
  const members = new Int32Array(endpoints.length);
  const fill = memberOffsets.slice(0, classCount);
  for (let i = 0; i < endpoints.length; i++) members[fill[classOf[i]!]!++] = i;
  const classExternal = new Uint8Array(classCount);
  const classesByNs = new Map<string, number[]>();
  for (let c = 0; c < classCount; c++) {
    const rep = classRep[c]!;
    if (rep.type === 'external') classExternal[c] = 1;
    else {
      let list = classesByNs.get(rep.namespace);
      if (!list) classesByNs.set(rep.namespace, (list = []));
      list.push(c);
    }
  }
  const classesByIpBlock: number[][] = ipBlocks.map(() => []);
  for (let c = 0; c < classCount; c++) for (const b of classIps[c]!) classesByIpBlock[b]!.push(c);

  return {
    classCount,
    classOf,
    classRep,
    classPortKeyList,
    portKeyCount: portKeyIds.size,
    memberOffsets,
    members,
    classExternal,
    classesByNs,
    classesByIpBlock,
  };
}

function labelsKey(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0000${labels[k]}\u0001`;
  return out;
}

function portsKey(ports: readonly ContainerPort[]): string {
  // Only named ports matter to policies (numeric ports do not depend on the destination).
  let one = '';
  let named: string[] | null = null;
  for (const p of ports) {
    if (!p.name) continue;
    const key = `${p.name}/${p.protocol}/${p.containerPort}`;
    if (one === '') one = key;
    else (named ??= [one]).push(key);
  }
  return named ? named.sort().join(',') : one;
}

/**
 * The node part of a class key: admin `nodes` peers tell a host-network pod by its node, and an outside
 * address by the nodes that have it; admin `pods`/`namespaces` peers and subjects skip host-network pods.
 */
export function nodeKeyOf(cluster: Cluster): (endpoint: Endpoint) => string {
  const nodes = cluster.nodes ?? [];
  if (nodes.length === 0 && !cluster.endpoints.some((e) => e.type === 'pod' && e.hostNetwork))
    return () => '';
  const byAddress = new Map<string, string[]>();
  for (const node of nodes)
    for (const a of node.addresses) {
      let list = byAddress.get(a);
      if (!list) byAddress.set(a, (list = []));
      list.push(node.name);
    }
  return (ep) => {
    if (ep.type === 'pod') return ep.hostNetwork ? `h${ep.nodeName ?? ''}` : '';
    return byAddress.get(ep.address)?.join(',') ?? '';
  };
}
