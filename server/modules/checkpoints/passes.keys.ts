import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { PassClaims } from '../../../domain/checkpoints';
import { encodePassBody, passToken, verifyPass } from '../../../domain/passes';
import { isUniqueViolation } from '../../db';
import type { Clock } from '../../lib/clock';
import * as repo from './checkpoints.repo';

/**
 * The Ed25519 keys passes are signed with. The private key never leaves the server (it lives in the
 * `pass_keys` table, so backups and restores keep passes valid); devices get the public keys at
 * every sync. The newest unretired key signs; older unretired keys still verify the passes they
 * signed, so a rotation does not invalidate passes already handed out. Retiring a key does.
 */

type SigningKey = { id: number; key: KeyObject };
const cache = new WeakMap<repo.Db, SigningKey>();

function newKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    public_key: jwk.x as string,
    private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

async function addKey(db: repo.Db, clock: Clock): Promise<number> {
  const keys = await repo.passKeys(db);
  const id = Math.max(0, ...keys.map((k) => k.id)) + 1;
  if (id > 255) throw new Error('pass signing keys exhausted (255 rotations)');
  await repo.insertPassKey(db, {
    id,
    ...newKeyPair(),
    created_at: clock.now().toISOString(),
    retired_at: null,
  });
  return id;
}

/** The key that signs new passes, made on first use. */
export async function signingKey(db: repo.Db, clock: Clock): Promise<SigningKey> {
  const cached = cache.get(db);
  if (cached) return cached;
  let current = (await repo.passKeys(db)).filter((k) => !k.retired_at).pop();
  if (!current) {
    try {
      await addKey(db, clock);
    } catch (err) {
      // Two first passes at once: the other request made the key.
      if (!isUniqueViolation(err)) throw err;
    }
    current = (await repo.passKeys(db)).filter((k) => !k.retired_at).pop();
    if (!current) throw new Error('no pass signing key');
  }
  const key = { id: current.id, key: createPrivateKey(current.private_key) };
  cache.set(db, key);
  return key;
}

/** Public keys a device verifies with: every key not retired. */
export async function publicKeys(db: repo.Db): Promise<{ id: number; publicKey: string }[]> {
  return (await repo.passKeys(db))
    .filter((k) => !k.retired_at)
    .map((k) => ({ id: k.id, publicKey: k.public_key }));
}

/** A new signing key; passes signed by the older ones stay valid until their key is retired. */
export async function rotateKey(db: repo.Db, clock: Clock) {
  const id = await addKey(db, clock);
  cache.delete(db);
  const key = (await repo.passKeys(db)).find((k) => k.id === id);
  return { id, publicKey: key?.public_key as string };
}

export async function retireKey(db: repo.Db, clock: Clock, id: number) {
  await repo.retirePassKey(db, id, clock.now().toISOString());
  cache.delete(db);
  verified.delete(db);
}

export function signPass(claims: Omit<PassClaims, 'keyId'>, key: SigningKey): string {
  const body = encodePassBody({ ...claims, keyId: key.id });
  return passToken(body, new Uint8Array(sign(null, body, key.key)));
}

/** Verified pass tokens: a household's pass is scanned many times a day. Cleared when a key is retired. */
const verified = new WeakMap<repo.Db, Map<string, PassClaims>>();

/** Checks tokens' signatures with the unretired keys (the same `verifyPass` a gate device runs). */
export async function verifyTokens(db: repo.Db, tokens: string[]) {
  const out = new Map<string, PassClaims | null>();
  let known = verified.get(db);
  if (!known) {
    known = new Map();
    verified.set(db, known);
  }
  const seen = known;
  const todo = [...new Set(tokens)].filter((t) => {
    const claims = seen.get(t);
    if (claims) out.set(t, claims);
    return !claims;
  });
  if (todo.length === 0) return out;
  const keys = await publicKeys(db);
  await Promise.all(
    todo.map(async (t) => {
      const v = await verifyPass(t, keys);
      const claims = v.ok ? v.claims : null;
      out.set(t, claims);
      // Only a good signature is remembered: a bad one may be a key this process has not seen yet.
      if (claims) {
        if (seen.size > 20_000) seen.clear();
        seen.set(t, claims);
      }
    }),
  );
  return out;
}
