import { describe, expect, it } from 'vitest';
import { forgetReferenceData, perDatabase, RefCache } from './ref-cache';

function counting(source: Map<string, string>) {
  const asked: string[][] = [];
  const fetch = async (missing: string[]) => {
    asked.push(missing);
    return new Map(missing.flatMap((k) => (source.has(k) ? [[k, source.get(k) as string] as const] : [])));
  };
  return { asked, fetch };
}

describe('RefCache', () => {
  it('reads each key once while it is good, absent keys included', async () => {
    const source = new Map([['a', 'A']]);
    const { asked, fetch } = counting(source);
    const cache = new RefCache<string>(1000);
    expect([...(await cache.many(['a', 'b', 'a'], fetch))]).toEqual([['a', 'A']]);
    expect([...(await cache.many(['a', 'b'], fetch))]).toEqual([['a', 'A']]);
    expect(asked).toEqual([['a', 'b']]);
  });

  it('forgets everything when a write moves the generation on', async () => {
    const source = new Map([['a', 'A']]);
    const { asked, fetch } = counting(source);
    const cache = new RefCache<string>(60_000);
    await cache.many(['a'], fetch);
    source.set('a', 'A2');
    forgetReferenceData();
    expect((await cache.many(['a'], fetch)).get('a')).toBe('A2');
    expect(asked).toHaveLength(2);
  });

  it('does not keep a row read while a write landed', async () => {
    const source = new Map([['a', 'old']]);
    const cache = new RefCache<string>(60_000);
    // The write commits (and moves the generation on) while the read is on its way.
    await cache.many(['a'], async () => {
      const read = new Map(source);
      source.set('a', 'new');
      forgetReferenceData();
      return read;
    });
    const { fetch } = counting(source);
    expect((await cache.many(['a'], fetch)).get('a')).toBe('new');
  });

  it('reads again after its time to live', async () => {
    let now = 0;
    const source = new Map([['a', 'A']]);
    const { asked, fetch } = counting(source);
    const cache = new RefCache<string>(2000, 100, () => now);
    await cache.many(['a'], fetch);
    now = 1999;
    await cache.many(['a'], fetch);
    now = 2000;
    await cache.many(['a'], fetch);
    expect(asked).toHaveLength(2);
  });

  it('rows() keys rows by a column', async () => {
    const cache = new RefCache<{ id: string; n: number }>();
    const rows = await cache.rows(
      ['x', 'y'],
      (r) => r.id,
      async (ids) => ids.filter((i) => i === 'x').map((id) => ({ id, n: 1 })),
    );
    expect(rows).toEqual([{ id: 'x', n: 1 }]);
  });

  it('one() keeps a single key, absent included', async () => {
    const cache = new RefCache<string>();
    let reads = 0;
    const fetch = async () => {
      reads++;
      return undefined;
    };
    expect(await cache.one('k', fetch)).toBeUndefined();
    expect(await cache.one('k', fetch)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('perDatabase() makes one value per handle', () => {
    const of = perDatabase(() => new RefCache<string>());
    const a = {};
    const b = {};
    expect(of(a)).toBe(of(a));
    expect(of(a)).not.toBe(of(b));
  });
});
