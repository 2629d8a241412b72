import { useEffect, useState, useSyncExternalStore } from 'react';
import type { EntryAnswer } from '../../../domain/checkpoints';
import { ApiError, acceptLanguage } from '../../app/api/client';
import { postPassages } from './gate.api';
import {
  claimWaiting,
  deleteEntry,
  type EntryProblem,
  type GateEntry,
  pruneEntries,
  putEntry,
  putSenderInfo,
  recentEntries,
  releaseEntries,
  updateEntries,
  waitingCounts,
} from './gate-db';
import { GATE_SCOPE } from './gate-pwa';
import { maskedSummary } from './gate-verdict';

/**
 * The outbox of the gate page. Every entry is in IndexedDB before the guard sees its verdict; this
 * sends the waiting ones in batches to POST /api/passages and records each entry's answer. A lost
 * answer (the upload cut off halfway) leaves the entries waiting: they are sent again with the same
 * ids, and the server answers "duplicate" with the original result, so each is stored once.
 *
 * It sends when an entry is added, when the network returns, when the page becomes visible, and on
 * a timer with exponential backoff while the server cannot be reached.
 *
 * Where the browser has Background Sync (Chromium), a failed send (and a page hidden with entries
 * waiting) also registers the sync tag OUTBOX_SYNC_TAG: the service worker (web/public/sw.js) then
 * sends the same outbox when the network returns, even after the page was closed, with the same
 * rules as `send` below. Page and worker claim entries with a lease (claimWaiting in gate-db.ts)
 * before sending, so none is in two uploads at once. Elsewhere the page sends when it opens again.
 */

const BATCH = 100;
const MIN_BATCH = 5;
const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;
const TICK_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;
// The lock, the channel and the sync tag are MIRRORED in web/public/sw.js: change them there too.
const LOCK = 'shouwang-gate-send';
const CHANNEL = 'shouwang-gate';
export const OUTBOX_SYNC_TAG = 'gate-outbox';

/** The Background Sync API, not in TypeScript's DOM library (Chromium has it, others do not). */
type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register: (tag: string) => Promise<void> };
};

/**
 * Asks the service worker to send the outbox when the network is there, whether or not the page
 * is still open then. Nothing happens where the browser lacks Background Sync or the worker.
 */
export async function requestBackgroundSend(): Promise<boolean> {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return false;
  try {
    const reg = (await navigator.serviceWorker.getRegistration(GATE_SCOPE)) as SyncRegistration | undefined;
    if (!reg?.sync || !reg.active) return false;
    // The worker words rejections in the page's language, as the page would.
    await putSenderInfo({ language: acceptLanguage() === 'en' ? 'en' : 'zh-CN' });
    await reg.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

export type SendTrouble =
  | null
  /** No network, or no answer in time: retried by itself. */
  | 'network'
  /** The server is overloaded or failing: retried by itself. */
  | 'server'
  /** The session ended: entries wait until the guard signs in again. */
  | 'session'
  /** The account may no longer log entries. */
  | 'forbidden';

export interface QueueSnapshot {
  recent: GateEntry[];
  waiting: number;
  /** Entries of other accounts that signed in on this device, sent when they sign in again. */
  othersWaiting: number;
  sending: boolean;
  trouble: SendTrouble;
  /** When the next automatic attempt happens (device ms), while in trouble. */
  retryAt: number | null;
  /** Set once the first read from IndexedDB is done. */
  ready: boolean;
}

const RECENT = 60;

class GateQueue {
  private userId: string | null = null;
  private snapshot: QueueSnapshot = {
    recent: [],
    waiting: 0,
    othersWaiting: 0,
    sending: false,
    trouble: null,
    retryAt: null,
    ready: false,
  };
  private listeners = new Set<() => void>();
  private timer: number | null = null;
  private ticker: number | null = null;
  private backoff = FIRST_BACKOFF_MS;
  private batch = BATCH;
  private flushing: Promise<void> | null = null;
  private again = false;
  private channel: BroadcastChannel | null = null;
  /** This page's name on the leases it takes. */
  private readonly holder =
    `page:${typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2)}`;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private set(patch: Partial<QueueSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  /** Re-reads the list and counts from IndexedDB (after any change, here or in another tab). */
  async refresh() {
    if (!this.userId) return;
    const [recent, counts] = await Promise.all([recentEntries(RECENT), waitingCounts(this.userId)]);
    this.set({ recent, waiting: counts.mine, othersWaiting: counts.others, ready: true });
  }

  private readonly onOnline = () => {
    this.backoff = FIRST_BACKOFF_MS;
    this.kick();
  };

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') {
      void this.refresh();
      this.kick();
    } else if (this.snapshot.waiting > 0 || this.snapshot.sending) {
      // Hidden, perhaps about to be closed, with entries not yet sent: the worker finishes the job.
      void requestBackgroundSend();
    }
  };

  start(userId: string) {
    if (this.userId === userId) return;
    this.stop();
    this.userId = userId;
    this.snapshot = { ...this.snapshot, trouble: null, retryAt: null, ready: false };
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.ticker = window.setInterval(() => {
      if (!this.timer && this.snapshot.waiting > 0) this.kick();
    }, TICK_MS);
    if ('BroadcastChannel' in window) {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = () => void this.refresh();
    }
    void pruneEntries().catch(() => undefined);
    void this.refresh().then(() => this.kick());
  }

  stop() {
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.ticker) window.clearInterval(this.ticker);
    if (this.timer) window.clearTimeout(this.timer);
    this.channel?.close();
    this.channel = null;
    this.ticker = null;
    this.timer = null;
    this.userId = null;
  }

  private changed() {
    this.channel?.postMessage('changed');
    return this.refresh();
  }

  /** Stores a new entry (durably, before anything else) and sends it when it can. */
  async add(entry: GateEntry) {
    await putEntry(entry);
    await this.changed();
    this.kick();
  }

  async dismiss(id: string) {
    await deleteEntry(id);
    await this.changed();
  }

  /** Sends now, e.g. when the guard taps "send". */
  kick() {
    if (this.timer) {
      window.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = this.flushLocked().finally(() => {
      this.flushing = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async flushLocked() {
    // Two tabs of the gate page would send the same entries twice (harmless, answered as
    // duplicates, but wasteful): one sender at a time where the browser can arrange it.
    if (navigator.locks) await navigator.locks.request(LOCK, () => this.flush());
    else await this.flush();
  }

  private schedule(trouble: SendTrouble) {
    // The network or the server failed: let the worker send once it is back, page open or not.
    void requestBackgroundSend();
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.set({ trouble, retryAt: Date.now() + wait });
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.kick();
    }, wait);
  }

  private async flush() {
    const userId = this.userId;
    if (!userId) return;
    this.set({ sending: true });
    try {
      for (;;) {
        const { entries: batch, heldUntil } = await claimWaiting(userId, this.batch, this.holder);
        if (batch.length === 0) {
          if (heldUntil !== null) {
            // Another sender (the service worker, another tab) is uploading them: look again once
            // its lease lapses, in case it died on the way; its answers arrive on the channel.
            this.timer = window.setTimeout(
              () => {
                this.timer = null;
                this.kick();
              },
              Math.max(0, heldUntil - Date.now()) + 500,
            );
            return;
          }
          this.backoff = FIRST_BACKOFF_MS;
          this.set({ trouble: null, retryAt: null });
          return;
        }
        const outcome = await this.send(batch);
        await this.changed();
        if (outcome !== 'ok') return;
      }
    } finally {
      this.set({ sending: false });
    }
  }

  /** Sends claimed entries; every path settles them or gives their lease back. */
  private async send(batch: GateEntry[]): Promise<'ok' | 'stop'> {
    try {
      return await this.sendClaimed(batch);
    } finally {
      await releaseEntries(
        batch.map((e) => e.id),
        this.holder,
      ).catch(() => undefined);
    }
  }

  private async sendClaimed(batch: GateEntry[]): Promise<'ok' | 'stop'> {
    const broken = batch.filter((e) => !e.body);
    if (broken.length > 0) {
      // Cannot happen through this page; never let such an entry block the queue.
      await updateEntries(
        broken.map((e) => e.id),
        (e) =>
          e.state === 'waiting'
            ? { ...e, state: 'rejected', lease: null, problem: { status: 0, title: 'no body', errors: [] } }
            : null,
      );
      return 'ok';
    }
    const bodies = batch.flatMap((e) => (e.body ? [e.body] : []));
    const abort = new AbortController();
    const timeout = window.setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    let answer: Awaited<ReturnType<typeof postPassages>>;
    try {
      answer = await postPassages(bodies, abort.signal);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      if (status === 413 && this.batch > MIN_BATCH) {
        this.batch = Math.max(MIN_BATCH, Math.floor(this.batch / 2));
        return 'ok';
      }
      if (status === 401) {
        this.set({ trouble: 'session', retryAt: null });
        return 'stop';
      }
      if (status === 403) {
        this.set({ trouble: 'forbidden', retryAt: null });
        return 'stop';
      }
      if (status === 400 || status === 422) {
        // The whole batch was refused as malformed: keep each entry visible with the reason.
        const problem: EntryProblem = {
          status,
          title: error instanceof ApiError ? error.message : String(error),
          errors: error instanceof ApiError ? error.fieldErrors : [],
        };
        await updateEntries(
          bodies.map((b) => b.id),
          (e) => (e.state === 'waiting' ? { ...e, state: 'rejected', lease: null, problem } : null),
        );
        return 'ok';
      }
      // Network down, timed out, 429, 5xx: the server may or may not have stored them. Send again
      // later with the same ids; what it stored answers as a duplicate.
      this.schedule(status === 0 ? 'network' : 'server');
      return 'stop';
    } finally {
      window.clearTimeout(timeout);
    }
    this.backoff = FIRST_BACKOFF_MS;
    this.set({ trouble: null, retryAt: null });
    const byId = new Map<string, EntryAnswer>();
    for (const a of answer.entries) {
      const body = bodies[a.index];
      if (body) byId.set(body.id, a);
    }
    const now = Date.now();
    await updateEntries(
      bodies.map((b) => b.id),
      (e) => {
        const a = byId.get(e.id);
        // Settled already by another sender (same id, so the same answer): leave it as it is.
        if (!a || e.state !== 'waiting') return null;
        if ((a.outcome === 'stored' || a.outcome === 'duplicate') && a.result) {
          return {
            ...e,
            state: 'sent',
            lease: null,
            sentAt: now,
            body: null,
            summary: maskedSummary(e.summary),
            problem: null,
            server: {
              duplicate: a.outcome === 'duplicate',
              decision: a.result.serverVerdict.decision,
              reasons: a.result.serverVerdict.reasons,
              mismatch: a.result.mismatch,
              fever: a.result.fever,
              alertId: a.result.alertId,
            },
          };
        }
        return {
          ...e,
          state: 'rejected',
          lease: null,
          problem: {
            status: a.status,
            title: a.problem?.title ?? String(a.status),
            errors: (a.problem?.errors ?? []).map((x) => ({ field: x.field, message: x.message })),
          },
        };
      },
    );
    if (byId.size < bodies.length) {
      // An answer without every entry (a proxy cut it short?): try the rest later, not in a loop.
      this.schedule('server');
      return 'stop';
    }
    return 'ok';
  }
}

export const gateQueue = new GateQueue();

/** The outbox's state for the signed-in account; starts the sender while the gate page is open. */
export function useGateQueue(userId: string): QueueSnapshot {
  useEffect(() => {
    gateQueue.start(userId);
    return () => gateQueue.stop();
  }, [userId]);
  return useSyncExternalStore(gateQueue.subscribe, gateQueue.getSnapshot);
}

/** Whether the browser says it is online, kept up to date. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
