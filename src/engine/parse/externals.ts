import ipaddr from 'ipaddr.js';
import type { ExternalEndpoint, NetworkPolicy } from '../types';
import { cidrContains, ipBlockMatches, normalizeCidr, parseCidr } from '../match/cidr';

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

/**
 * The graph shows addresses outside the cluster as nodes: one per distinct ipBlock CIDR of the policies,
 * and one "other addresses" node when some rule admits addresses not named by any ipBlock.
 */
export function deriveExternalEndpoints(
  policies: readonly NetworkPolicy[],
  firstIndex: number,
): ExternalEndpoint[] {
  const out: ExternalEndpoint[] = [];
  const seen = new Set<string>();
  const cidrs = new Set<string>();
  let wantsElsewhere = false;
  // An ipBlock (cidr and except) met again has the same representative address: already listed.
  const blocksSeen = new Set<string>();
  for (const policy of policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.peers.length === 0) wantsElsewhere = true;
      for (const peer of rule.peers) {
        if (peer.type !== 'ipBlock') continue;
        wantsElsewhere = true;
        cidrs.add(peer.cidr);
        const block = JSON.stringify([peer.cidr, peer.except]);
        if (blocksSeen.has(block)) continue;
        blocksSeen.add(block);
        const address = representativeAddress(peer.cidr, peer.except);
        if (!address || seen.has(address)) continue;
        seen.add(address);
        const normalized = normalizeCidr(peer.cidr) ?? peer.cidr;
        out.push({
          type: 'external',
          index: firstIndex + out.length,
          ref: `ip:${address}`,
          address,
          cidr: normalized,
          label: peer.cidr,
        });
      }
    }
  }
  if (wantsElsewhere) {
    const address = ELSEWHERE_CANDIDATES.find(
      (a) => ![...cidrs].some((c) => parseCidr(c) && cidrContains(c, a) && !c.endsWith('/0')),
    );
    if (address && !seen.has(address)) {
      out.push({
        type: 'external',
        index: firstIndex + out.length,
        ref: `ip:${address}`,
        address,
        cidr: address.includes(':') ? '::/0' : '0.0.0.0/0',
        label: 'other addresses',
      });
    }
  }
  return out;
}
