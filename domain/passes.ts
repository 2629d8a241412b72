import { PASS_KINDS, type PassClaims, type PassKind } from './checkpoints';

/**
 * The wire format of an electronic pass (出入证) and its offline verification.
 *
 * A token is `SWP.` + base64url of a small binary body followed by its Ed25519 signature (64 bytes):
 *
 * | bytes | field |
 * |---|---|
 * | 1 | format version (1) |
 * | 1 | signing key id (1–255), so keys can be rotated |
 * | 1 | kind (low 2 bits: 0 household, 1 person, 2 worker); 0x40 subject present; 0x80 exception |
 * | 16 | pass id (UUID) |
 * | 16 | subject id: the household or person (only when present) |
 * | 2 + 2 | valid from / to: local days since 1970-01-01, unsigned big-endian |
 * | 1 + 16·n | n unit ids where the pass is valid (1–4) |
 * | 1 + L | L bytes of UTF-8: a short masked label (`王*英`) |
 *
 * A household pass with one compound and a label like `王*英等3人` is 135 bytes, 184 characters: a
 * version-10 QR code (57×57 modules) that a cheap phone camera reads at arm's length. No personal data in clear
 * beyond the masked label. Signing needs the server's private key (node:crypto, server side only);
 * verifying needs only the public key and runs with WebCrypto (`globalThis.crypto.subtle`, 'Ed25519')
 * in Node 20 and in the browser, so a gate device decides offline.
 */

export const PASS_TOKEN_PREFIX = 'SWP.';
const VERSION = 1;
const SIGNATURE_BYTES = 64;
const MAX_LABEL_BYTES = 60;

// ------------------------------------------------------------------ bytes, base64url, UUIDs, days

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function uuidBytes(id: string): Uint8Array {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${id}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function uuidOf(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const dayToNumber = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
const numberToDay = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** Cuts a label to what the format carries, on a character boundary. */
export function fitLabel(label: string): string {
  const enc = new TextEncoder();
  let out = '';
  for (const ch of label) {
    if (enc.encode(out + ch).length > MAX_LABEL_BYTES) break;
    out += ch;
  }
  return out;
}

// ------------------------------------------------------------------ encoding

/** The signed part of a token. */
export function encodePassBody(c: PassClaims): Uint8Array {
  if (c.keyId < 1 || c.keyId > 255) throw new Error('key id out of range');
  if (c.unitIds.length < 1 || c.unitIds.length > 4) throw new Error('a pass names 1 to 4 units');
  const label = new TextEncoder().encode(fitLabel(c.label));
  const size = 3 + 16 + (c.subjectId ? 16 : 0) + 4 + 1 + 16 * c.unitIds.length + 1 + label.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  out[o++] = VERSION;
  out[o++] = c.keyId;
  out[o++] = PASS_KINDS.indexOf(c.kind) | (c.subjectId ? 0x40 : 0) | (c.exception ? 0x80 : 0);
  out.set(uuidBytes(c.id), o);
  o += 16;
  if (c.subjectId) {
    out.set(uuidBytes(c.subjectId), o);
    o += 16;
  }
  view.setUint16(o, dayToNumber(c.validFrom));
  view.setUint16(o + 2, dayToNumber(c.validTo));
  o += 4;
  out[o++] = c.unitIds.length;
  for (const u of c.unitIds) {
    out.set(uuidBytes(u), o);
    o += 16;
  }
  out[o++] = label.length;
  out.set(label, o);
  return out;
}

export function passToken(body: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new Error('an Ed25519 signature is 64 bytes');
  const all = new Uint8Array(body.length + signature.length);
  all.set(body);
  all.set(signature, body.length);
  return PASS_TOKEN_PREFIX + toBase64Url(all);
}

/** Reads a token's body without checking its signature; null when it is not a pass token. */
export function decodePassToken(
  token: string,
): { claims: PassClaims; body: Uint8Array; signature: Uint8Array } | null {
  const t = token.trim();
  if (!t.startsWith(PASS_TOKEN_PREFIX) || t.length > 800) return null;
  const all = fromBase64Url(t.slice(PASS_TOKEN_PREFIX.length));
  if (!all || all.length < 3 + 16 + 4 + 1 + 16 + 1 + SIGNATURE_BYTES) return null;
  const body = all.subarray(0, all.length - SIGNATURE_BYTES);
  const signature = all.subarray(all.length - SIGNATURE_BYTES);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let o = 0;
  const need = (n: number) => o + n <= body.length;
  if (body[o++] !== VERSION) return null;
  const keyId = body[o++] as number;
  const flags = body[o++] as number;
  const kind = PASS_KINDS[flags & 0x03] as PassKind | undefined;
  if (!kind || (flags & 0x3c) !== 0) return null;
  if (!need(16)) return null;
  const id = uuidOf(body.subarray(o, o + 16));
  o += 16;
  let subjectId: string | null = null;
  if (flags & 0x40) {
    if (!need(16)) return null;
    subjectId = uuidOf(body.subarray(o, o + 16));
    o += 16;
  }
  if (!need(5)) return null;
  const validFrom = numberToDay(view.getUint16(o));
  const validTo = numberToDay(view.getUint16(o + 2));
  o += 4;
  const n = body[o++] as number;
  if (n < 1 || n > 4 || !need(16 * n + 1)) return null;
  const unitIds: string[] = [];
  for (let i = 0; i < n; i++) {
    unitIds.push(uuidOf(body.subarray(o, o + 16)));
    o += 16;
  }
  const labelLength = body[o++] as number;
  if (o + labelLength !== body.length) return null;
  let label: string;
  try {
    label = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(o));
  } catch {
    return null;
  }
  return {
    claims: {
      id,
      kind,
      subjectId,
      unitIds,
      validFrom,
      validTo,
      exception: (flags & 0x80) !== 0,
      keyId,
      label,
    },
    body,
    signature,
  };
}

// ------------------------------------------------------------------ verification

/** A public key: raw 32 bytes, or base64url of them, or an imported WebCrypto key. */
export type PublicKeyLike = Uint8Array | string | CryptoKey;
/** One key, or the keys of a sync (`{id, publicKey}[]`), looked up by the token's key id. */
export type PublicKeys = PublicKeyLike | readonly { id: number; publicKey: string }[];

export type PassVerification =
  | { ok: true; claims: PassClaims }
  | { ok: false; problem: 'malformed' | 'unknown_key' | 'signature' | 'no_webcrypto' };

const imported = new Map<string, Promise<CryptoKey>>();

function importKey(key: Uint8Array | string): Promise<CryptoKey> | null {
  const raw = typeof key === 'string' ? fromBase64Url(key) : key;
  if (raw?.length !== 32) return null;
  const cacheKey = typeof key === 'string' ? key : toBase64Url(key);
  let k = imported.get(cacheKey);
  if (!k) {
    k = globalThis.crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    // A failed import (no Ed25519 in this browser) must not be cached as a key.
    k.catch(() => imported.delete(cacheKey));
    if (imported.size > 50) imported.clear();
    imported.set(cacheKey, k);
  }
  return k;
}

function pick(keys: PublicKeys, keyId: number): PublicKeyLike | undefined {
  if (Array.isArray(keys)) return keys.find((k) => k.id === keyId)?.publicKey;
  return keys as PublicKeyLike;
}

/**
 * Checks a token's signature with the server's public key, on the device or on the server. Dates,
 * units and revocation are the verdict's business (`decide` in domain/checkpoints.ts).
 */
export async function verifyPass(token: string, keys: PublicKeys): Promise<PassVerification> {
  const decoded = decodePassToken(token);
  if (!decoded) return { ok: false, problem: 'malformed' };
  const key = pick(keys, decoded.claims.keyId);
  if (key === undefined) return { ok: false, problem: 'unknown_key' };
  if (!globalThis.crypto?.subtle) return { ok: false, problem: 'no_webcrypto' };
  let cryptoKey: CryptoKey;
  try {
    const k = typeof key === 'object' && !(key instanceof Uint8Array) ? key : importKey(key);
    if (!k) return { ok: false, problem: 'unknown_key' };
    cryptoKey = await k;
  } catch {
    return { ok: false, problem: 'no_webcrypto' };
  }
  const ok = await globalThis.crypto.subtle.verify(
    { name: 'Ed25519' },
    cryptoKey,
    new Uint8Array(decoded.signature),
    new Uint8Array(decoded.body),
  );
  return ok ? { ok: true, claims: decoded.claims } : { ok: false, problem: 'signature' };
}

/** `王秀英` → `王*英`, `王伟` → `王*`, `欧阳娜娜` → `欧**娜`: enough for a guard to compare. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
