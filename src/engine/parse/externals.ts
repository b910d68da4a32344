import ipaddr from 'ipaddr.js';
import type { ExternalEndpoint, NetworkPolicy } from '../types';
import { ipBlockMatches, normalizeCidr } from '../match/cidr';

/** Addresses reserved for documentation (RFC 5737 / 3849): never a real peer, so safe as "elsewhere". */
const ELSEWHERE_CANDIDATES = [
  '203.0.113.77',
  '198.51.100.77',
  '192.0.2.77',
  '100.64.77.77',
  '2001:db8:ffff::77',
];

function addressAt(network: string, prefix: number, offset: bigint): string | null {
  const base = ipaddr.parse(network);
  const bytes = base.toByteArray();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  const bits = BigInt(bytes.length * 8);
  const size = 1n << (bits - BigInt(prefix));
  if (offset < 0n) offset += size;
  if (offset < 0n || offset >= size) return null;
  n += offset;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    out.unshift(Number(n & 255n));
    n >>= 8n;
  }
  return ipaddr.fromByteArray(out).toString();
}

/** An address inside `cidr` and outside every `except`, preferring the first host address. */
export function representativeAddress(cidr: string, except: readonly string[]): string | null {
  const normalized = normalizeCidr(cidr);
  if (!normalized) return null;
  const [network, prefixText] = normalized.split('/') as [string, string];
  const prefix = Number(prefixText);
  const candidates: (string | null)[] = [addressAt(network, prefix, 1n), addressAt(network, prefix, 0n)];
  for (const e of except) {
    const ne = normalizeCidr(e);
    if (!ne) continue;
    const [en, ep] = ne.split('/') as [string, string];
    const size = 1n << BigInt((en.includes(':') ? 128 : 32) - Number(ep));
    // The first address after the excepted block, relative to the block's own network.
    const after = addressAt(en, Number(ep), size - 1n);
    if (after) {
      const next = addressAt(after, en.includes(':') ? 128 : 32, 0n);
      if (next) candidates.push(bump(next));
    }
  }
  candidates.push(addressAt(network, prefix, -2n));
  for (const c of candidates) if (c && ipBlockMatches(cidr, except, c)) return c;
  return null;
}

function bump(address: string): string {
  const bytes = ipaddr.parse(address).toByteArray();
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 255) {
      bytes[i]!++;
      break;
    }
    bytes[i] = 0;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** A block's addresses as inclusive integer ranges of one family: its CIDR minus its excepts. */
function blockRanges(
  cidr: string,
  except: readonly string[],
): { v6: boolean; ranges: [bigint, bigint][] } | null {
  const main = rangeOf(cidr);
  if (!main) return null;
  let ranges: [bigint, bigint][] = [[main.from, main.to]];
  for (const e of except) {
    const hole = rangeOf(e);
    if (!hole || hole.v6 !== main.v6) continue;
    const next: [bigint, bigint][] = [];
    for (const [from, to] of ranges) {
      if (hole.to < from || hole.from > to) next.push([from, to]);
      else {
        if (hole.from > from) next.push([from, hole.from - 1n]);
        if (hole.to < to) next.push([hole.to + 1n, to]);
      }
    }
    ranges = next;
  }
  return { v6: main.v6, ranges };
}

function rangeOf(cidr: string): { v6: boolean; from: bigint; to: bigint } | null {
  const normalized = normalizeCidr(cidr);
  if (!normalized) return null;
  const [network, prefixText] = normalized.split('/') as [string, string];
  let n = 0n;
  const bytes = ipaddr.parse(network).toByteArray();
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  const size = 1n << BigInt(bytes.length * 8 - Number(prefixText));
  return { v6: bytes.length === 16, from: n, to: n + size - 1n };
}

function addressOf(n: bigint, v6: boolean): string {
  const out: number[] = [];
  for (let i = 0; i < (v6 ? 16 : 4); i++) {
    out.unshift(Number(n & 255n));
    n >>= 8n;
  }
  return ipaddr.fromByteArray(out).toString();
}

/**
 * An address that no ipBlock matches, or null when the blocks cover every address of the families in
 * use. A documentation address (RFC 5737 / 3849) when one is free, else the lowest free host address.
 * IPv6 is searched only when some ipBlock is IPv6: a cluster that never names IPv6 has no IPv6 peers.
 */
function unmatchedAddress(blocks: readonly { cidr: string; except: readonly string[] }[]): string | null {
  const parsed = blocks.map((b) => blockRanges(b.cidr, b.except)).filter((b) => b !== null);
  const families = parsed.some((b) => b.v6) ? [false, true] : [false];
  for (const v6 of families) {
    const free = ELSEWHERE_CANDIDATES.find(
      (a) => a.includes(':') === v6 && !blocks.some((b) => ipBlockMatches(b.cidr, b.except, a)),
    );
    if (free) return free;
    const ranges = parsed.filter((b) => b.v6 === v6).flatMap((b) => b.ranges);
    ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // The first address no range covers, from 1 (0 is no host).
    let next = 1n;
    for (const [from, to] of ranges) {
      if (from > next) break;
      if (to >= next) next = to + 1n;
    }
    if (next < 1n << (v6 ? 128n : 32n)) return addressOf(next, v6);
  }
  return null;
}

function describeBlock(cidr: string, except: readonly string[]): string {
  if (except.length === 0) return cidr;
  if (except.length <= 2) return `${cidr} except ${except.join(', ')}`;
  return `${cidr} except ${except.length} ranges`;
}

/**
 * The graph shows addresses outside the cluster as nodes: one per distinct ipBlock (its CIDR minus its
 * excepts) of the policies, and one "other addresses" node, standing for every address no ipBlock
 * matches, when some rule admits addresses and such addresses exist. Each node's `address` lies in the
 * set it stands for (for overlapping ipBlocks, the verdicts of that one address).
 */
export function deriveExternalEndpoints(
  policies: readonly NetworkPolicy[],
  firstIndex: number,
): ExternalEndpoint[] {
  const out: ExternalEndpoint[] = [];
  const seen = new Set<string>();
  let wantsElsewhere = false;
  // An ipBlock (cidr and except) met again has the same representative address: already listed.
  const blocksSeen = new Set<string>();
  const blocks: { cidr: string; except: readonly string[] }[] = [];
  for (const policy of policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.peers.length === 0) wantsElsewhere = true;
      for (const peer of rule.peers) {
        if (peer.type !== 'ipBlock') continue;
        wantsElsewhere = true;
        const block = JSON.stringify([peer.cidr, peer.except]);
        if (blocksSeen.has(block)) continue;
        blocksSeen.add(block);
        const normalized = normalizeCidr(peer.cidr);
        if (!normalized) continue;
        const except = peer.except.map((e) => normalizeCidr(e) ?? e);
        blocks.push({ cidr: normalized, except });
        const address = representativeAddress(peer.cidr, peer.except);
        if (!address || seen.has(address)) continue;
        seen.add(address);
        out.push({
          type: 'external',
          index: firstIndex + out.length,
          ref: `ip:${address}`,
          address,
          cidr: normalized,
          except,
          label: describeBlock(peer.cidr, peer.except),
        });
      }
    }
  }
  if (wantsElsewhere) {
    const address = unmatchedAddress(blocks);
    if (address && !seen.has(address)) {
      out.push({
        type: 'external',
        index: firstIndex + out.length,
        ref: `ip:${address}`,
        address,
        cidr: address.includes(':') ? '::/0' : '0.0.0.0/0',
        outsideOf: blocks,
        label: 'other addresses',
      });
    }
  }
  return out;
}
