// Addresses and CIDRs (ipaddr.js): parsing, containment, ipBlock with except, and the IPv4 ranges the
// fast evaluator works on. The one IP implementation of the engine; parses are memoised.
import ipaddr from 'ipaddr.js';
import { memoize } from '../memo';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

function normalize(address: Address): Address {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address for matching purposes.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

/**
 * `ipaddr.parseCIDR` tries IPv6 first and throws for every IPv4 CIDR: with thousands of ipBlocks those
 * exceptions were a tenth of reading the input. The form is plain from the text.
 */
function parseCidrText(text: string): [Address, number] {
  return text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
}

/** Parses a CIDR; host bits may be set ("10.0.0.5/24" means 10.0.0.0/24). null when invalid. */
export const parseCidr = memoize(10000, (text): Cidr | null => {
  try {
    const [address, prefix] = parseCidrText(text.trim());
    return [address, prefix];
  } catch {
    return null;
  }
});

export const parseAddress = memoize(100000, (text): Address | null => {
  try {
    return normalize(ipaddr.parse(text.trim()));
  } catch {
    return null;
  }
});

export function cidrContains(cidr: string, address: string): boolean {
  const range = parseCidr(cidr);
  const ip = parseAddress(address);
  if (!range || !ip || range[0].kind() !== ip.kind()) return false;
  return ip.match(range);
}

/**
 * NetworkPolicy ipBlock (networking/v1 IPBlock): "CIDR is a string representing the IPBlock. Except is a
 * slice of CIDRs that should not be included within an IPBlock." An address matches when it lies in
 * `cidr` and in none of `except`.
 */
export function ipBlockMatches(cidr: string, except: readonly string[], address: string): boolean {
  if (!cidrContains(cidr, address)) return false;
  for (const e of except) if (cidrContains(e, address)) return false;
  return true;
}

/**
 * The network form of a CIDR ("10.0.0.5/24" -> "10.0.0.0/24"), or null when invalid. Policies repeat
 * their ipBlocks: normalizing each again was a tenth of reading 6,000 policies.
 */
export const normalizeCidr = memoize(10000, (cidr): string | null => {
  const range = parseCidr(cidr);
  if (!range) return null;
  const network = parseCidrText(`${range[0].toString()}/${range[1]}`);
  const bytes = network[0].toByteArray();
  const bits = range[1];
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
});

/** IPv4 fast path: [start, end] as unsigned 32-bit numbers, or null for IPv6 / invalid. */
export function v4Range(cidr: string): [number, number] | null {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed[0].kind() !== 'ipv4') return null;
  const b = parsed[0].toByteArray();
  const base = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const prefix = parsed[1];
  const size = prefix === 0 ? 2 ** 32 : 2 ** (32 - prefix);
  const start = base - (base % size);
  return [start, start + size - 1];
}

/**
 * A plain dotted-quad IPv4 address ("10.1.2.3"; no leading zeros, which ipaddr.js reads as octal) as an
 * unsigned number, read without allocating; -1 for anything else (left to ipaddr.js).
 */
export function dottedQuad(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // a leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}
