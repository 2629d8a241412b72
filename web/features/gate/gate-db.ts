import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type {
  CheckpointSyncDto,
  DenyReason,
  Direction,
  PassageInput,
  Verdict,
} from '../../../domain/checkpoints';

/**
 * What the gate page keeps on the device, in IndexedDB: the entries it logged (written here first,
 * then sent), the last sync of each checkpoint, and the guard's choices (checkpoint, lane, shift).
 * IndexedDB survives a reload, a closed tab and a phone restart, so nothing logged offline is lost.
 */

export const ENTRY_STATES = ['waiting', 'sent', 'rejected'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** What the device sends for one entry: PassageInput as JSON, before the server's parsing. */
export type PassageBody = {
  id: string;
  checkpointId: string;
  at: string;
  direction: Direction;
  lane?: string;
  passToken?: string;
  personId?: string;
  visitor?: {
    kind: 'visitor' | 'courier';
    name: string;
    phone?: string;
    idNumber?: string;
    purpose?: string;
    hostHouseholdId?: string;
    company?: string;
  };
  temperature?: number;
  plate?: string;
  occupants?: number;
  verdict: Verdict;
} & Partial<Pick<PassageInput, 'note'>>;

export type EntrySubject = 'pass' | 'person' | 'visitor' | 'courier' | 'invalid';

/** How an entry is shown in the device's list; names are masked once the entry is sent. */
export interface EntrySummary {
  subject: EntrySubject;
  label: string;
  /** An address in the compound, a courier's company, or the visitor's host. */
  detail: string | null;
  direction: Direction;
  temperature: number | null;
  plate: string | null;
  occupants: number | null;
}

export interface ServerAnswer {
  duplicate: boolean;
  decision: Verdict['decision'];
  reasons: DenyReason[];
  mismatch: boolean;
  fever: boolean;
  alertId: string | null;
}

export interface EntryProblem {
  status: number;
  title: string;
  errors: { field: string; message: string }[];
}

export interface GateEntry {
  id: string;
  /** The account that logged it: only that account sends it. */
  userId: string;
  checkpointId: string;
  /** Device time (ms) the entry was logged. */
  createdAt: number;
  /** The request body; dropped once the server has it, so the device holds no more than it needs. */
  body: PassageBody | null;
  summary: EntrySummary;
  /** The verdict the guard saw, decided on the device. */
  verdict: Verdict;
  state: EntryState;
  attempts: number;
  sentAt: number | null;
  server: ServerAnswer | null;
  problem: EntryProblem | null;
  /** The household or person whose outing quota an allowed exit uses (null: none). */
  quotaKey: string | null;
  /** The local day of the entry in the deployment's time zone. */
  day: string;
  /**
   * Claimed by a sender (this page, another tab, or the service worker sending in the background)
   * until `until` (device ms): no other sender takes the entry meanwhile. Absent or lapsed: free.
   */
  lease?: { holder: string; until: number } | null;
}

export interface GateSetup {
  checkpointId: string;
  checkpointName: string;
  lane: string | null;
  shift: ShiftKey;
}

export const SHIFTS = ['morning', 'afternoon', 'night'] as const;
export type ShiftKey = (typeof SHIFTS)[number];

export interface SyncRecord {
  checkpointId: string;
  userId: string;
  data: CheckpointSyncDto;
  /** Device time (ms) the sync was received. */
  syncedAt: number;
  /** Server time minus device time (ms), to stamp entries right on a phone with a wrong clock. */
  clockOffset: number;
}

/** What the service worker needs to send entries as the page would: the page's language. */
export interface SenderInfo {
  language: 'zh-CN' | 'en';
}

/** Small things the guard set once: recent temperatures, the plate's province. */
export interface Preferences {
  recentTemperatures: number[];
  province: string;
}

interface GateDb extends DBSchema {
  entries: {
    key: string;
    value: GateEntry;
    indexes: { byCreated: number; byState: [string, string, number] };
  };
  syncs: { key: string; value: SyncRecord };
  settings: { key: string; value: GateSetup | Preferences | SenderInfo };
}

/**
 * The database's name and version, its `entries` store, `byState` index and `settings` store are
 * MIRRORED in web/public/sw.js (plain JavaScript, not bundled), which reads and updates the outbox
 * when it sends in the background: change them there too, in the same commit.
 */
export const GATE_DB_NAME = 'shouwang-gate';
export const GATE_DB_VERSION = 1;
export const SENDER_KEY = 'sender';
/** How long a sender holds the entries it claimed: a request's timeout and some. */
export const LEASE_MS = 45_000;

let opening: Promise<IDBPDatabase<GateDb>> | null = null;

export function gateDb(): Promise<IDBPDatabase<GateDb>> {
  if (!opening) {
    opening = openDB<GateDb>(GATE_DB_NAME, GATE_DB_VERSION, {
      upgrade(db) {
        const entries = db.createObjectStore('entries', { keyPath: 'id' });
        entries.createIndex('byCreated', 'createdAt');
        // Waiting entries of one account, oldest first: what the sender reads.
        entries.createIndex('byState', ['userId', 'state', 'createdAt']);
        db.createObjectStore('syncs', { keyPath: 'checkpointId' });
        db.createObjectStore('settings');
      },
      // Another tab opened a newer version: let it proceed, reopen on next use.
      blocking() {
        void opening?.then((db) => db.close());
        opening = null;
      },
    });
    opening.catch(() => {
      opening = null;
    });
  }
  return opening;
}

// ------------------------------------------------------------------ entries

export async function putEntry(entry: GateEntry): Promise<void> {
  const db = await gateDb();
  // A durable write: the entry is on disk before the guard sees the verdict.
  const tx = db.transaction('entries', 'readwrite', { durability: 'strict' });
  await Promise.all([tx.store.put(entry), tx.done]);
}

export async function getEntry(id: string): Promise<GateEntry | undefined> {
  return (await gateDb()).get('entries', id);
}

/** Updates entries in one transaction, each by its latest stored copy. */
export async function updateEntries(
  ids: readonly string[],
  change: (e: GateEntry) => GateEntry | null,
): Promise<void> {
  const db = await gateDb();
  const tx = db.transaction('entries', 'readwrite', { durability: 'strict' });
  for (const id of ids) {
    const e = await tx.store.get(id);
    if (!e) continue;
    const next = change(e);
    if (next) await tx.store.put(next);
  }
  await tx.done;
}

export async function deleteEntry(id: string): Promise<void> {
  await (await gateDb()).delete('entries', id);
}

const waitingOf = (userId: string) =>
  IDBKeyRange.bound([userId, 'waiting', 0], [userId, 'waiting', Number.MAX_SAFE_INTEGER]);

/**
 * Claims the account's oldest waiting entries that no other sender holds, up to `limit`, in one
 * transaction: each gets a lease for `holder` and one more attempt. The page and the service worker
 * both claim before they send, so no entry is in two uploads at once; a sender that died mid-upload
 * (a closed page) frees its entries when the lease lapses. `heldUntil`: when the first lease of
 * another sender lapses, if some waiting entries are held.
 */
export async function claimWaiting(
  userId: string,
  limit: number,
  holder: string,
  now = Date.now(),
): Promise<{ entries: GateEntry[]; heldUntil: number | null }> {
  const db = await gateDb();
  const tx = db.transaction('entries', 'readwrite');
  const entries: GateEntry[] = [];
  let heldUntil: number | null = null;
  let cursor = await tx.store.index('byState').openCursor(waitingOf(userId));
  while (cursor && entries.length < limit) {
    const e = cursor.value;
    if (e.lease && e.lease.until > now && e.lease.holder !== holder) {
      heldUntil = Math.min(heldUntil ?? e.lease.until, e.lease.until);
    } else {
      const next: GateEntry = { ...e, attempts: e.attempts + 1, lease: { holder, until: now + LEASE_MS } };
      await cursor.update(next);
      entries.push(next);
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return { entries, heldUntil };
}

/** Frees entries this sender claimed and did not settle (the upload failed, or will be retried). */
export function releaseEntries(ids: readonly string[], holder: string): Promise<void> {
  return updateEntries(ids, (e) => (e.lease?.holder === holder ? { ...e, lease: null } : null));
}

/** Waiting entries of this account and of other accounts that signed in on this device. */
export async function waitingCounts(userId: string): Promise<{ mine: number; others: number }> {
  const db = await gateDb();
  const waiting = (await db.getAll('entries')).filter((e) => e.state === 'waiting');
  const mine = waiting.filter((e) => e.userId === userId).length;
  return { mine, others: waiting.length - mine };
}

/** The newest entries, newest first. */
export async function recentEntries(limit: number): Promise<GateEntry[]> {
  const db = await gateDb();
  const out: GateEntry[] = [];
  let cursor = await db.transaction('entries').store.index('byCreated').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Entries logged since a device time, for the shift's counts and the local quota. */
export async function entriesSince(since: number): Promise<GateEntry[]> {
  const db = await gateDb();
  return db.getAllFromIndex('entries', 'byCreated', IDBKeyRange.lowerBound(since));
}

/** Sent entries are kept a while for the guard's list, then forgotten; waiting and rejected stay. */
const KEEP_SENT_MS = 3 * 86_400_000;
const KEEP_SENT_MAX = 1000;

export async function pruneEntries(now = Date.now()): Promise<number> {
  const db = await gateDb();
  const tx = db.transaction('entries', 'readwrite');
  let cursor = await tx.store.index('byCreated').openCursor(null, 'prev');
  let sent = 0;
  let removed = 0;
  while (cursor) {
    const e = cursor.value;
    if (e.state === 'sent') {
      sent++;
      if (sent > KEEP_SENT_MAX || now - e.createdAt > KEEP_SENT_MS) {
        await cursor.delete();
        removed++;
      }
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

// ------------------------------------------------------------------ sync and settings

export async function getSync(checkpointId: string): Promise<SyncRecord | undefined> {
  return (await gateDb()).get('syncs', checkpointId);
}

export async function putSync(record: SyncRecord): Promise<void> {
  await (await gateDb()).put('syncs', record);
}

const setupKey = (userId: string) => `setup:${userId}`;
const PREFERENCES = 'preferences';

export async function getSetup(userId: string): Promise<GateSetup | null> {
  const v = await (await gateDb()).get('settings', setupKey(userId));
  return (v as GateSetup | undefined) ?? null;
}

export async function putSetup(userId: string, setup: GateSetup): Promise<void> {
  await (await gateDb()).put('settings', setup, setupKey(userId));
}

export async function clearSetup(userId: string): Promise<void> {
  await (await gateDb()).delete('settings', setupKey(userId));
}

export const DEFAULT_PREFERENCES: Preferences = {
  recentTemperatures: [36.3, 36.5, 36.7],
  province: '豫',
};

export async function getPreferences(): Promise<Preferences> {
  const v = await (await gateDb()).get('settings', PREFERENCES);
  return { ...DEFAULT_PREFERENCES, ...((v as Preferences | undefined) ?? {}) };
}

export async function putPreferences(p: Preferences): Promise<void> {
  await (await gateDb()).put('settings', p, PREFERENCES);
}

export async function putSenderInfo(info: SenderInfo): Promise<void> {
  await (await gateDb()).put('settings', info, SENDER_KEY);
}
