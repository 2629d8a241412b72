import { describe, expect, it } from 'vitest';
import type { PassClaims } from './checkpoints';
import {
  decodePassToken,
  encodePassBody,
  fitLabel,
  fromBase64Url,
  maskName,
  PASS_TOKEN_PREFIX,
  passToken,
  toBase64Url,
  verifyPass,
} from './passes';

const claims: PassClaims = {
  id: '01950000-0000-7000-8000-0000000000f1',
  kind: 'household',
  subjectId: '01950000-0000-7000-8000-0000000000a1',
  unitIds: ['01950000-0000-7000-8000-00000000000c'],
  validFrom: '2020-03-01',
  validTo: '2020-03-31',
  exception: false,
  keyId: 3,
  label: '王*英等3人',
};

/** Signs as the server does, with a key made by WebCrypto (what a browser has too). */
async function keyPair() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const sign = async (c: PassClaims) => {
    const body = encodePassBody(c);
    return passToken(
      body,
      new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new Uint8Array(body))),
    );
  };
  return { publicKey: toBase64Url(raw), sign };
}

describe('pass tokens', () => {
  it('round-trips every field in a token short enough for a small QR code', async () => {
    const { sign } = await keyPair();
    const token = await sign(claims);
    expect(token.startsWith(PASS_TOKEN_PREFIX)).toBe(true);
    expect(token.length).toBeLessThanOrEqual(184);
    expect(decodePassToken(token)?.claims).toEqual(claims);
    const worker = {
      ...claims,
      kind: 'worker' as const,
      subjectId: null,
      exception: true,
      unitIds: [claims.unitIds[0] as string, claims.id],
    };
    expect(decodePassToken(await sign(worker))?.claims).toEqual(worker);
  });

  it('verifies with the public key only, and refuses any change or another key', async () => {
    const a = await keyPair();
    const b = await keyPair();
    const token = await a.sign(claims);
    expect(await verifyPass(token, a.publicKey)).toEqual({ ok: true, claims });
    expect(await verifyPass(token, [{ id: 3, publicKey: a.publicKey }])).toEqual({ ok: true, claims });
    expect(await verifyPass(token, b.publicKey)).toEqual({ ok: false, problem: 'signature' });
    expect(await verifyPass(token, [{ id: 1, publicKey: a.publicKey }])).toEqual({
      ok: false,
      problem: 'unknown_key',
    });
    const bytes = fromBase64Url(token.slice(PASS_TOKEN_PREFIX.length)) as Uint8Array;
    for (let i = 0; i < bytes.length; i += 7) {
      const changed = new Uint8Array(bytes);
      changed[i] = (changed[i] as number) ^ 0x10;
      const v = await verifyPass(PASS_TOKEN_PREFIX + toBase64Url(changed), a.publicKey);
      expect(v.ok, `byte ${i}`).toBe(false);
    }
    // A forged body re-encoded with a longer validity keeps the old signature: refused.
    const forged = encodePassBody({ ...claims, validTo: '2020-12-31' });
    const sig = bytes.subarray(bytes.length - 64);
    expect((await verifyPass(passToken(forged, sig), a.publicKey)).ok).toBe(false);
    expect(await verifyPass('https://example.com/x', a.publicKey)).toEqual({
      ok: false,
      problem: 'malformed',
    });
    expect(await verifyPass(`${PASS_TOKEN_PREFIX}!!!`, a.publicKey)).toEqual({
      ok: false,
      problem: 'malformed',
    });
    expect(await verifyPass(token, 'short')).toEqual({ ok: false, problem: 'unknown_key' });
  });

  it('cuts labels on a character boundary and masks names', () => {
    expect(new TextEncoder().encode(fitLabel('王'.repeat(40))).length).toBe(60);
    expect(fitLabel('王秀英')).toBe('王秀英');
    expect(maskName('王秀英')).toBe('王*英');
    expect(maskName('王伟')).toBe('王*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('A')).toBe('A');
  });

  it('encodes base64url without padding and refuses other alphabets', () => {
    const b = new Uint8Array([0xfb, 0xff, 0x00, 0x10]);
    expect(toBase64Url(b)).toBe('-_8AEA');
    expect(fromBase64Url('-_8AEA')).toEqual(b);
    expect(fromBase64Url('+/8AEA')).toBeNull();
  });
});
