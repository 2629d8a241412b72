import type { PersonInput } from '../../domain/registry';
import { idCheckChar } from '../../domain/residents';
import { insertRows } from '../db/bulk';
import type { Db } from '../db/index';
import type { HouseholdsTable, PersonsTable } from '../db/schema';
import { subtreeEnd } from '../http/context';
import { newId } from '../lib/ids';
import { personRow } from '../modules/registry';
import { insertPersonsIndexed } from '../modules/registry/persons.search';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强文博浩然子涵梓萱一诺欣怡宇轩雨桐俊杰晓东海燕春花国庆建华丽娟淑珍秀珍桂兰凤英德明振华佳怡思远嘉怡';
const ORIGINS = [
  '湖北武汉',
  '湖北孝感',
  '湖北黄冈',
  '浙江温州',
  '广东深圳',
  '广东广州',
  '北京',
  '上海',
  '河南信阳',
  '河南南阳',
];
const TRANSPORTS = ['train', 'car', 'plane', 'bus'] as const;
// Henan area codes for the first six digits of synthetic ID numbers.
const AREAS = ['410105', '410102', '410103', '410122', '411502', '411302', '410181'];

/** Deterministic pseudo-random numbers, so every demo load is the same sub-district. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return (lo: number, hi: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  };
}

type Rand = ReturnType<typeof rng>;
const pick = <T>(rand: Rand, xs: readonly T[] | string): T => xs[rand(0, xs.length - 1)] as T;

/** A synthetic ID number with a valid check character, unique within `taken`. */
function idNumber(rand: Rand, birth: string, male: boolean, taken: Set<string>): string {
  for (;;) {
    const seq = rand(0, 499) * 2 + (male ? 1 : 0);
    const first17 = `${pick<string>(rand, AREAS)}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function person(
  rand: Rand,
  taken: Set<string>,
  phoneSeq: { n: number },
  role: 'head' | 'spouse' | 'child' | 'parent',
  headYear: number,
): PersonInput {
  const male = role === 'head' ? rand(0, 1) === 1 : rand(0, 1) === 1;
  const year =
    role === 'child'
      ? Math.min(2019, headYear + rand(22, 34))
      : role === 'parent'
        ? headYear - rand(22, 32)
        : role === 'spouse'
          ? headYear + rand(-4, 4)
          : headYear;
  const birth = `${year}-${String(rand(1, 12)).padStart(2, '0')}-${String(rand(1, 28)).padStart(2, '0')}`;
  const surname = pick<string>(rand, SURNAMES);
  const given =
    rand(0, 2) === 0 ? pick<string>(rand, GIVEN) : `${pick<string>(rand, GIVEN)}${pick<string>(rand, GIVEN)}`;
  const adult = 2020 - year >= 16;
  return {
    name: `${surname}${given}`,
    idType: 'resident_id',
    idNumber: idNumber(rand, birth, male, taken),
    // Obviously fake numbers: 170 0000 xxxx, counted up.
    phone: adult ? `1700${String(phoneSeq.n++ % 10_000_000).padStart(7, '0')}` : undefined,
    relation: role,
    residenceStatus: rand(0, 9) === 0 ? 'tenant' : 'permanent',
    careFlags: [],
  };
}

/**
 * Gives every room under `rootPath` a household of one to five synthetic persons, about 3% of whom
 * came back from elsewhere in January 2020. Returns how many persons were made.
 */
export async function fillHouseholds(
  store: Db,
  rootPath: string,
  seed: number,
  now: string,
): Promise<number> {
  const rand = rng(seed);
  const taken = new Set<string>();
  const phoneSeq = { n: 1 };
  const rooms = await store.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('type', '=', 'household')
    .where('path', '>=', rootPath)
    .where('path', '<', subtreeEnd(rootPath))
    .orderBy('path')
    .execute();
  let made = 0;
  for (let i = 0; i < rooms.length; i += 5000) {
    const households: HouseholdsTable[] = [];
    const persons: PersonsTable[] = [];
    for (const room of rooms.slice(i, i + 5000)) {
      const h = {
        id: newId(),
        room_id: room.id,
        unit_path: room.path,
        source: 'import',
        created_by: null,
        created_at: now,
        updated_at: now,
      };
      households.push(h);
      const size = [1, 2, 2, 3, 3, 3, 4, 4, 5][rand(0, 8)] as number;
      const headYear = rand(1938, 1995);
      const roles: ('head' | 'spouse' | 'child' | 'parent')[] = [
        'head',
        'spouse',
        'child',
        'child',
        'parent',
      ];
      for (let k = 0; k < size; k++) {
        const p = person(rand, taken, phoneSeq, roles[k] ?? 'child', headYear);
        if (size === 1 && headYear < 1950) p.careFlags = ['elderly_alone'];
        if (rand(0, 99) < 3) {
          p.travelFrom = pick(rand, ORIGINS);
          p.returnedOn = `2020-${rand(0, 1) === 0 ? '01' : '02'}-${String(rand(1, 28)).padStart(2, '0')}`;
          p.transport = pick(rand, TRANSPORTS);
        }
        persons.push(personRow(p, h, 'import', now));
      }
    }
    await store.db.transaction().execute(async (trx) => {
      await insertRows(store, trx, 'households', households);
      await insertPersonsIndexed(store, trx, persons);
    });
    made += persons.length;
  }
  return made;
}
