/**
 * Rows a hot write path reads again and again, kept for a moment. Every gate entry reads its
 * checkpoint, compound, rules, pass and the pass holder's household; at a busy gate those rows are
 * the same for thousands of entries while they change a few times a day.
 *
 * Correctness rests on the generation: every successful write through this server other than the
 * hot paths themselves (`forgetReferenceData`, called by a hook in server/app.ts before the answer
 * is sent) moves it on, and a row fetched under an older generation is not used again. So a pass
 * revoked or a compound sealed through the API counts for the very next entry. Writes from another
 * process (the CLI's import, demo or purge) are seen after at most `ttlMs`.
 */
let generation = 0;

/** Forgets every cached row, in every cache. */
export function forgetReferenceData(): void {
  generation++;
}

type Held<T> = { generation: number; until: number; value: T | undefined };

export class RefCache<T> {
  private readonly held = new Map<string, Held<T>>();

  constructor(
    private readonly ttlMs = 2000,
    private readonly max = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The values of `keys`: kept ones where still good, the rest from `fetch` (called once with the
   * missing keys; a key it leaves out is remembered as absent, too).
   */
  async many(keys: readonly string[], fetch: (missing: string[]) => Promise<Map<string, T>>) {
    const out = new Map<string, T>();
    const missing: string[] = [];
    const now = this.now();
    for (const k of new Set(keys)) {
      const h = this.held.get(k);
      if (h && h.generation === generation && h.until > now) {
        if (h.value !== undefined) out.set(k, h.value);
      } else missing.push(k);
    }
    if (missing.length === 0) return out;
    // Stamped before the read: a write that lands while it runs makes the rows stale at once.
    const stamp = generation;
    const fetched = await fetch(missing);
    if (this.held.size + missing.length > this.max) this.held.clear();
    const until = this.now() + this.ttlMs;
    for (const k of missing) {
      const value = fetched.get(k);
      this.held.set(k, { generation: stamp, until, value });
      if (value !== undefined) out.set(k, value);
    }
    return out;
  }

  /** One key's value, fetched by `fetch` when not held (undefined: absent, remembered too). */
  async one(key: string, fetch: () => Promise<T | undefined>): Promise<T | undefined> {
    const found = await this.many([key], async () => {
      const value = await fetch();
      return new Map(value === undefined ? [] : [[key, value]]);
    });
    return found.get(key);
  }

  /** Rows by their key column, fetched by `fetch` when not held. */
  async rows<R extends T>(
    keys: readonly string[],
    keyOf: (row: R) => string,
    fetch: (missing: string[]) => Promise<R[]>,
  ): Promise<R[]> {
    const found = await this.many(keys, async (missing) => {
      const m = new Map<string, T>();
      for (const r of await fetch(missing)) m.set(keyOf(r), r);
      return m;
    });
    return [...found.values()] as R[];
  }
}

/**
 * One value (a cache, or a set of them) per database handle, made on first use: two databases in
 * one process (the tests run SQLite and PostgreSQL side by side) never share cached rows.
 */
export function perDatabase<T>(make: () => T): (db: object) => T {
  const held = new WeakMap<object, T>();
  return (db) => {
    let value = held.get(db);
    if (value === undefined) {
      value = make();
      held.set(db, value);
    }
    return value;
  };
}
