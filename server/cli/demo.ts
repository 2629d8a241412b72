import { NewPassword } from '../../domain/auth';
import type { Role } from '../../domain/roles';
import type { Deps } from '../deps';
import { systemCtx } from '../http/context';
import { generatePassword } from '../lib/passwords';
import { bulkCreateIn, findRootByName, insertUnits, newUnitRow } from '../modules/units';
import { createAccount } from '../modules/users';
import { loadCheckpointDemo } from './demo-checkpoints';
import { loadIsolationDemo } from './demo-isolation';
import { fillHouseholds, rng } from './demo-people';

export const DEMO_SUBDISTRICT = { name: '如意湖街道', code: '410105560' };

/** The seven communities of 如意湖街道 (郑东新区) named in the 2020 reports. */
const COMMUNITIES = [
  { name: '如意东路社区', slug: 'rydl' },
  { name: '绿地社区', slug: 'ld' },
  { name: '天时路社区', slug: 'tsl' },
  { name: '绿城百合社区', slug: 'lcbh' },
  { name: '联盟新城社区', slug: 'lmxc' },
  { name: '馨悦苑社区', slug: 'xyy' },
  { name: '商务区社区', slug: 'swq' },
] as const;

const COMPOUND_NAMES = [
  '如意家园',
  '东方鑫城',
  '锦绣华庭',
  '翰林苑',
  '金水湾',
  '阳光新城',
  '绿地新里',
  '百合花园',
  '联盟新城一期',
  '联盟新城二期',
  '馨悦苑东区',
  '馨悦苑西区',
  '天时花园',
  '书香苑',
  '盛世华庭',
  '金色港湾',
  '湖畔雅居',
  '御景湾',
  '名门世家',
  '康桥华城',
  '蓝钻公寓',
  '桂园',
  '翡翠城',
  '名家花园',
  '国际公寓',
  '美景天城',
  '橄榄城',
  '尚品家园',
  '龙湖锦艺城',
  '民生家园',
  '东风渠小区',
  '博颂庭院',
  '鸿宝苑',
  '正弘中央公园',
  '普罗旺世',
  '北龙湖壹号',
  '安居苑',
  '幸福里',
  '春晖园',
  '祥和小区',
  '凤凰城',
  '泰和园',
  '九如意',
  '丹尼斯公寓',
  '福晟名苑',
  '润园',
  '永和龙子湖',
  '清华园',
  '梧桐苑',
  '和昌盛世',
  '金科城',
  '世纪城',
  '郑东商业公寓',
  '朗悦公园',
  '建业凯旋',
  '富田城',
];

const UNMANAGED = [
  '粮食局家属院',
  '水利局家属院',
  '供电所家属院',
  '老税务局院',
  '二建公司家属院',
  '纺织厂家属院',
  '邮政局家属院',
];

type Spec = { buildings: number; entrances: number; floors: number; rooms: number };

export type DemoAccount = { username: string; password: string; role: Role; unit: string };

export async function runDemo(
  deps: Deps,
  opts: { size: 'small' | 'full'; password?: string | undefined; json: boolean },
): Promise<DemoAccount[]> {
  if (await findRootByName(deps.db, DEMO_SUBDISTRICT.name)) {
    throw new Error(`${DEMO_SUBDISTRICT.name} is already loaded in this database`);
  }
  const password = opts.password === undefined ? undefined : NewPassword.parse(opts.password);
  const log = (s: string) => {
    if (!opts.json) process.stderr.write(`${s}\n`);
  };
  const rand = rng(410105560);
  const now = deps.clock.now().toISOString();
  const full = opts.size === 'full';
  const root = newUnitRow(null, { type: 'subdistrict', ...DEMO_SUBDISTRICT }, now);
  await insertUnits(deps.db, [root]);

  const firstCompound = new Map<string, string>();
  const communityIds = new Map<string, string>();
  let households = 0;
  let nameIndex = 0;
  for (const [i, c] of COMMUNITIES.entries()) {
    const community = newUnitRow(
      root,
      {
        type: 'community',
        name: c.name,
        code: `${DEMO_SUBDISTRICT.code}${String(i + 1).padStart(3, '0')}`,
        sort_order: i + 1,
      },
      now,
    );
    communityIds.set(c.slug, community.id);
    const compounds: { name: string; spec: Spec; unmanaged?: boolean; villageToCommunity?: boolean }[] = [];
    const count = full ? 8 : 2;
    for (let k = 0; k < count; k++) {
      const name = COMPOUND_NAMES[nameIndex++ % COMPOUND_NAMES.length] as string;
      const spec: Spec = full
        ? { buildings: rand(8, 14), entrances: rand(1, 3), floors: rand(11, 26), rooms: 2 }
        : { buildings: 2, entrances: 1, floors: 6, rooms: 2 };
      compounds.push({ name, spec });
    }
    compounds.push({
      name: UNMANAGED[i] as string,
      spec: { buildings: full ? 3 : 1, entrances: 0, floors: 6, rooms: 2 },
      unmanaged: true,
    });
    if (c.slug === 'swq') {
      compounds.push({
        name: '杨金村安置区',
        spec: { buildings: full ? 12 : 2, entrances: 2, floors: full ? 18 : 6, rooms: 2 },
        villageToCommunity: true,
      });
    }
    await deps.db.transaction().execute(async (trx) => {
      await insertUnits(trx, [community]);
      for (const [k, cp] of compounds.entries()) {
        const compound = newUnitRow(
          community,
          {
            type: 'compound',
            name: cp.name,
            sort_order: k + 1,
            unmanaged: cp.unmanaged ? 1 : 0,
            village_to_community: cp.villageToCommunity ? 1 : 0,
          },
          now,
        );
        await insertUnits(trx, [compound]);
        if (k === 0) firstCompound.set(c.slug, compound.id);
        const result = await bulkCreateIn(
          trx,
          compound,
          {
            buildingFrom: 1,
            buildingTo: cp.spec.buildings,
            entrancesPerBuilding: cp.spec.entrances,
            floors: cp.spec.floors,
            roomsPerFloor: cp.spec.rooms,
          },
          now,
        );
        households += result.created.household;
      }
    });
    log(`${c.name}: ${compounds.length} compounds`);
  }

  const persons = await fillHouseholds(deps.store, root.path, 2020, now);
  log(`${persons} persons registered in ${households} households`);

  const accounts: DemoAccount[] = [];
  const add = async (username: string, role: Role, unitId: string, unit: string, displayName: string) => {
    const pw = password ?? generatePassword();
    await createAccount(deps, systemCtx, {
      username,
      displayName,
      role,
      unitId,
      password: pw,
      mustChangePassword: false,
    });
    accounts.push({ username, password: pw, role, unit });
  };
  const hq: [string, Role, string][] = [
    ['hq.admin', 'hq_admin', '指挥部管理员'],
    ['hq.staff', 'hq_staff', '指挥部工作人员'],
    ['hq.isolation', 'isolation_team', '街道隔离专班'],
    ['hq.volunteer', 'volunteer', '街道志愿者'],
  ];
  for (const [u, role, name] of hq) await add(u, role, root.id, root.name, name);
  const perCommunity: [string, Role, string, boolean][] = [
    ['admin', 'community_admin', '社区书记', false],
    ['staff', 'community_staff', '社区工作人员', false],
    ['grid', 'grid_worker', '网格员', false],
    ['guard', 'checkpoint_guard', '卡口值守', true],
    ['isolation', 'isolation_team', '四包一专班', false],
    ['volunteer', 'volunteer', '志愿者', false],
    ['property', 'property_company', '物业', true],
    ['business', 'business', '商户', false],
  ];
  for (const c of COMMUNITIES) {
    for (const [suffix, role, label, atCompound] of perCommunity) {
      const unitId = atCompound
        ? (firstCompound.get(c.slug) as string)
        : (communityIds.get(c.slug) as string);
      await add(`${c.slug}.${suffix}`, role, unitId, c.name, `${c.name.replace(/社区$/, '')}${label}`);
    }
  }
  await loadIsolationDemo(deps, root, { log });
  await loadCheckpointDemo(deps, root, { log });
  log(
    `${DEMO_SUBDISTRICT.name}: ${COMMUNITIES.length} communities, ${households} households, ${accounts.length} accounts`,
  );
  if (opts.json) {
    console.log(
      JSON.stringify({ subdistrict: { id: root.id, ...DEMO_SUBDISTRICT }, households, persons, accounts }),
    );
  } else {
    console.log('username\trole\tunit\tpassword');
    for (const a of accounts) console.log(`${a.username}\t${a.role}\t${a.unit}\t${a.password}`);
  }
  return accounts;
}
