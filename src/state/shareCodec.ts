// The share link's encoding: the workspace as JSON, DEFLATE-compressed, in base64url. Apart from the
// rest of persistence (which validates against the lessons), so tests can build links without the app.
import { deflateSync, strToU8 } from 'fflate';

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A workspace as it goes into a share link (`#w=...`); decodeShare in persistence.ts reads it back. */
export function encodeShare(saved: object): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(saved)), { level: 9 }));
}
