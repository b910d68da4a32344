// Which ipBlocks each endpoint's addresses fall in: the ipBlock part of an endpoint's class.
import type { Cluster, Endpoint } from '../types';
import { dottedQuad, parseAddress, parseCidr, v4Range } from '../match/cidr';

export interface IpBlockInfo {
  cidr: string;
  except: readonly string[];
}

/** Every distinct ipBlock of the policies (by cidr and except), and the id of each. */
export function collectIpBlocks(cluster: Cluster): {
  ipBlocks: IpBlockInfo[];
  ipBlockIds: Map<string, number>;
} {
  const ipBlockIds = new Map<string, number>();
  const ipBlocks: IpBlockInfo[] = [];
  for (const policy of cluster.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        if (peer.type !== 'ipBlock') continue;
        const key = ipBlockKey(peer);
        if (!ipBlockIds.has(key)) {
          ipBlockIds.set(key, ipBlocks.length);
          ipBlocks.push({ cidr: peer.cidr, except: peer.except });
        }
      }
    }
  }
  // Admin `networks` CIDRs split classes like ipBlocks do (they match pod addresses too).
  for (const policy of cluster.adminPolicies ?? []) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        if (peer.type !== 'networks') continue;
        for (const cidr of peer.cidrs) {
          const key = ipBlockKey({ cidr, except: [] });
          if (!ipBlockIds.has(key)) {
            ipBlockIds.set(key, ipBlocks.length);
            ipBlocks.push({ cidr, except: [] });
          }
        }
      }
    }
  }

  return { ipBlocks, ipBlockIds };
}

/** The key of an ipBlock in `ipBlockIds`. */
export function ipBlockKey(block: IpBlockInfo): string {
  return `${block.cidr}|${block.except.join(',')}`;
}

function v4Number(ip: ReturnType<typeof parseAddress>): number | null {
  if (!ip || ip.kind() !== 'ipv4') return null;
  const b = ip.toByteArray();
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** An address parsed once, for testing against every ipBlock. */
interface ParsedAddress {
  /** IPv4 as an unsigned 32-bit number, else null. */
  v4: number | null;
  ip: ReturnType<typeof parseAddress>;
}

/** An address as ipaddr.js reads it (plain dotted quads are read by `dottedQuad` first). */
function parsedAddress(address: string): ParsedAddress {
  const ip = parseAddress(address);
  return { v4: v4Number(ip), ip };
}

function makeIpMatcher(block: IpBlockInfo): (address: ParsedAddress) => boolean {
  const main = v4Range(block.cidr);
  const excepts = block.except.map(v4Range);
  const mainParsed = parseCidr(block.cidr);
  const exceptParsed = block.except.map(parseCidr);
  return ({ v4: n, ip }) => {
    if (n !== null && main) {
      if (n < main[0] || n > main[1]) return false;
      return !excepts.some((r) => r !== null && n >= r[0] && n <= r[1]);
    }
    if (!ip || !mainParsed || mainParsed[0].kind() !== ip.kind() || !ip.match(mainParsed)) return false;
    return !exceptParsed.some((r) => r !== null && r[0].kind() === ip.kind() && ip.match(r));
  };
}

/**
 * For each endpoint, which ipBlocks (indices, ascending) one of its addresses falls in, as an id into
 * `sets` (0 is the empty set): endpoints in the same blocks share an id, so the class key carries a
 * number instead of the list. IPv4 addresses are visited in ascending order while a sweep over the
 * starts and ends of every block and except keeps the blocks they are in: a set is listed only where
 * the sweep crossed a boundary since the previous address, so neither the pods under a /16 nor
 * thousands of /32 blocks cost blocks x addresses. Other addresses are tested against every block.
 */
export function endpointIpBlockSets(
  endpoints: readonly Endpoint[],
  blocks: readonly IpBlockInfo[],
): { setOf: Int32Array; sets: Int32Array[] } {
  const setOf = new Int32Array(endpoints.length);
  const sets: Int32Array[] = [new Int32Array(0)];
  if (blocks.length === 0) return { setOf, sets };
  const setIds = new Map<string, number>([['', 0]]);
  const intern = (list: readonly number[]): number => {
    const key = list.join(',');
    let id = setIds.get(key);
    if (id === undefined) {
      id = sets.length;
      setIds.set(key, id);
      sets.push(Int32Array.from(list));
    }
    return id;
  };

  // Each endpoint address as an unsigned IPv4 number, or NaN with its parsed form kept for the matchers.
  const numbers: number[] = [];
  const others = new Map<number, ParsedAddress>();
  const addressesOf = (ep: Endpoint) => (ep.type === 'external' ? [ep.address] : ep.ips);
  for (const ep of endpoints) {
    for (const text of addressesOf(ep)) {
      const quad = dottedQuad(text);
      const address = quad >= 0 ? null : parsedAddress(text);
      const n = address ? address.v4 : quad;
      if (n === null) others.set(numbers.length, address!);
      numbers.push(n ?? NaN);
    }
  }

  // Sweep events: +1 / -1 to a block's own range (kind 0) or to its excepts (kind 1), at an address.
  const eventAt: number[] = [];
  const eventCode: number[] = [];
  blocks.forEach((block, b) => {
    const range = v4Range(block.cidr);
    if (!range) return;
    const push = (at: number, kind: number, delta: number) => {
      eventAt.push(at);
      eventCode.push(b * 4 + kind * 2 + (delta > 0 ? 0 : 1));
    };
    push(range[0], 0, 1);
    push(range[1] + 1, 0, -1);
    for (const r of block.except.map(v4Range)) {
      if (!r) continue;
      push(r[0], 1, 1);
      push(r[1] + 1, 1, -1);
    }
  });
  const eventOrder = Array.from(eventAt, (_, k) => k).sort((x, y) => eventAt[x]! - eventAt[y]!);
  const inRange = new Int32Array(blocks.length);
  const excepted = new Int32Array(blocks.length);
  const active = new Set<number>();
  const v4Sets = new Map<number, number>();
  const sorted = Float64Array.from(numbers.filter((n) => !Number.isNaN(n))).sort();
  let e = 0;
  let current = 0;
  let changed = false;
  for (const n of sorted) {
    for (; e < eventOrder.length && eventAt[eventOrder[e]!]! <= n; e++) {
      const code = eventCode[eventOrder[e]!]!;
      const b = code >> 2;
      const delta = code & 1 ? -1 : 1;
      if (code & 2) excepted[b]! += delta;
      else inRange[b]! += delta;
      if (inRange[b]! > 0 && excepted[b] === 0) active.add(b);
      else active.delete(b);
      changed = true;
    }
    if (changed) {
      current = intern([...active].sort((x, y) => x - y));
      changed = false;
    }
    v4Sets.set(n, current);
  }

  let matchers: ((address: ParsedAddress) => boolean)[] | null = null;
  const setOfAddress = (k: number): number => {
    const n = numbers[k]!;
    if (!Number.isNaN(n)) return v4Sets.get(n)!;
    const address = others.get(k)!;
    matchers ??= blocks.map(makeIpMatcher);
    const inBlocks: number[] = [];
    matchers.forEach((matches, b) => {
      if (matches(address)) inBlocks.push(b);
    });
    return intern(inBlocks);
  };
  let k = 0;
  for (let i = 0; i < endpoints.length; i++) {
    const count = addressesOf(endpoints[i]!).length;
    if (count === 1) setOf[i] = setOfAddress(k);
    else if (count > 1) {
      const union = new Set<number>();
      for (let j = k; j < k + count; j++) for (const b of sets[setOfAddress(j)]!) union.add(b);
      setOf[i] = intern([...union].sort((x, y) => x - y));
    }
    k += count;
  }
  return { setOf, sets };
}
