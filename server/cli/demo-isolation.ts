import {
  addDays,
  type CategoryDetails,
  DEFAULT_SCHEDULE,
  dayNumber,
  followUpDays,
  type KeyPersonCategory,
  localTime,
  MAX_ISOLATION_DAYS,
  plannedEnd,
  type Symptom,
  slotOf,
  startOfLocalDay,
} from '../../domain/isolation';
import { insertRows } from '../db/bulk';
import type {
  AlertsTable,
  FollowUpTasksTable,
  HealthChecksTable,
  IsolationEventsTable,
  IsolationOrdersTable,
  IsolationSiteRoomsTable,
  IsolationSitesTable,
  KeyPersonsTable,
} from '../db/schema';
import type { Deps } from '../deps';
import { subtreeEnd } from '../http/context';
import { newId } from '../lib/ids';
import { bodyHash } from '../modules/isolation/isolation.service';
import { rng } from './demo-people';

/**
 * The isolation part of `shouwang demo` (issue 5 §7): about 3% of the demo's persons under watch at
 * every stage — returnees from risk areas, overseas arrivals, close contacts, fever patients,
 * suspected, confirmed and recovered cases — at home or at one of two centralised sites, each with a
 * named team of the demo's accounts, and two checks a day since they were admitted, with gaps (so
 * some are overdue now), fevers and their alerts (the older ones handled), releases and follow-ups.
 * Everything is dated back from the demo's "now" (deps.clock) and written in bulk.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Rand = ReturnType<typeof rng>;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[rand(0, xs.length - 1)] as T;
const chance = (rand: Rand, percent: number) => rand(0, 9_999) < percent * 100;

/** Per 1,000 persons under watch. */
const CATEGORY_MIX: [KeyPersonCategory, number][] = [
  ['risk_area_returnee', 400],
  ['overseas_arrival', 120],
  ['close_contact', 280],
  ['fever_patient', 80],
  ['suspected', 50],
  ['confirmed', 30],
  ['recovered', 40],
];

const ORIGINS = ['湖北武汉', '湖北孝感', '湖北黄冈', '湖北随州', '浙江温州', '广东深圳', '河南信阳'];
const TRAINS = ['G802', 'G1735', 'G570', 'G92', 'K1358', 'D2202', 'Z38'];
const ABROAD: [string, string][] = [
  ['意大利米兰', 'CA950'],
  ['韩国首尔', 'KE5811'],
  ['日本东京', 'NH959'],
  ['英国伦敦', 'CA938'],
  ['美国纽约', 'CA982'],
  ['伊朗德黑兰', 'W5078'],
  ['德国法兰克福', 'LH728'],
];
const CLINICS = ['郑东新区人民医院发热门诊', '河南省人民医院发热门诊', '郑州市第七人民医院发热门诊'];
const HOSPITALS = ['郑州市第六人民医院', '河南省人民医院', '郑州大学第一附属医院'];
const CASE_REFS = ['郑州市第12例确诊病例', '郑州市第27例确诊病例', '金水区聚集性疫情', '同航班密接'];

function sourceOf(rand: Rand, c: KeyPersonCategory): KeyPersonsTable['source'] {
  if (c === 'risk_area_returnee') return pick(rand, ['screening', 'screening', 'checkpoint', 'self_report']);
  if (c === 'overseas_arrival' || c === 'close_contact') return 'notice';
  return pick(rand, ['hospital', 'hospital', 'checkpoint']);
}

function detailsOf(rand: Rand, c: KeyPersonCategory, startOn: string): CategoryDetails[KeyPersonCategory] {
  const back = (max: number) => addDays(startOn, -rand(0, max));
  switch (c) {
    case 'risk_area_returnee':
      return {
        origin: pick(rand, ORIGINS),
        arrivedOn: back(2),
        transport: 'train',
        trainOrFlight: pick(rand, TRAINS),
      };
    case 'overseas_arrival': {
      const [origin, flight] = pick(rand, ABROAD);
      return {
        origin,
        flight,
        arrivedOn: back(1),
        port: '郑州新郑国际机场',
        pickupBy: `接机专班${pick(rand, ['一', '二', '三'])}组`,
      };
    }
    case 'close_contact':
      return { lastExposureOn: back(3), caseRef: pick(rand, CASE_REFS) };
    case 'fever_patient':
      return { onsetOn: back(1), clinic: pick(rand, CLINICS) };
    case 'suspected':
      return { reportedOn: startOn, hospital: pick(rand, HOSPITALS) };
    case 'confirmed':
      return { confirmedOn: startOn, hospital: pick(rand, HOSPITALS) };
    case 'recovered':
      return { dischargedOn: back(1), hospital: pick(rand, HOSPITALS) };
  }
}

/** Rooms named by floor and number from 201 on, 30 to a floor. */
function siteRooms(count: number, beds: number, siteId: string): IsolationSiteRoomsTable[] {
  return Array.from({ length: count }, (_, i) => ({
    id: newId(),
    site_id: siteId,
    name: `${2 + Math.floor(i / 30)}${String((i % 30) + 1).padStart(2, '0')}`,
    beds,
    sort_order: i,
  }));
}

export type IsolationDemoStats = {
  watched: number;
  active: number;
  atSites: number;
  released: number;
  hospitalised: number;
  checks: number;
  alerts: number;
  openAlerts: number;
  followUps: number;
};

export async function loadIsolationDemo(
  deps: Deps,
  root: { id: string; path: string },
  opts: { log?: (s: string) => void; seed?: number } = {},
): Promise<IsolationDemoStats> {
  const rand = rng(opts.seed ?? 52020);
  const tz = deps.config.tzDays;
  const now = deps.clock.now();
  const nowMs = now.getTime();
  const today = localTime(tz, now).day;
  const nowSlot = slotOf(tz, now, DEFAULT_SCHEDULE).slot;
  const perDay = DEFAULT_SCHEDULE.starts.length;
  const db = deps.db;

  // The demo's accounts, per community: the 四包一专班 of grid worker, community staff (片医),
  // the community's isolation team, and the sub-district's.
  const accounts = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.role', 'n.id as unit_id', 'n.type'])
    .where('n.path', '>=', root.path)
    .where('n.path', '<', subtreeEnd(root.path))
    .where('u.disabled', '=', 0)
    .orderBy('u.username')
    .execute();
  const hqTeam = accounts.find((a) => a.unit_id === root.id && a.role === 'isolation_team')?.id;
  const byCommunity = new Map<string, Record<string, string>>();
  for (const a of accounts) {
    if (a.type !== 'community' && a.type !== 'village') continue;
    const m = byCommunity.get(a.unit_id) ?? {};
    m[a.role] ??= a.id;
    byCommunity.set(a.unit_id, m);
  }

  const persons = await db
    .selectFrom('persons')
    .select(['id', 'unit_path'])
    .where('unit_path', '>=', root.path)
    .where('unit_path', '<', subtreeEnd(root.path))
    .where('anonymized_at', 'is', null)
    .orderBy('unit_path')
    .orderBy('id')
    .execute();
  const chosen = persons.filter(() => rand(0, 999) < 30);

  // Local midnights, computed once per day (Intl is the slow part).
  const midnights = new Map<number, number>();
  const midnight = (dn: number) => {
    let m = midnights.get(dn);
    if (m === undefined) {
      m = startOfLocalDay(tz, addDays('1970-01-01', dn)).getTime();
      midnights.set(dn, m);
    }
    return m;
  };
  const slotWindow = (slot: number) => {
    const dn = Math.floor(slot / perDay);
    const shift = slot % perDay;
    const base = midnight(dn);
    const start = base + (DEFAULT_SCHEDULE.starts[shift] as number) * MINUTE;
    const end =
      shift + 1 < perDay ? base + (DEFAULT_SCHEDULE.starts[shift + 1] as number) * MINUTE : midnight(dn + 1);
    return { dn, shift, start, end };
  };
  const slotAt = (ms: number) => slotOf(tz, new Date(ms), DEFAULT_SCHEDULE).slot;
  const iso = (ms: number) => new Date(ms).toISOString();

  const siteIds = [newId(), newId()] as const;
  const keyPersons: KeyPersonsTable[] = [];
  const orders: IsolationOrdersTable[] = [];
  const events: IsolationEventsTable[] = [];
  const checks: HealthChecksTable[] = [];
  const alerts: AlertsTable[] = [];
  const followUps: FollowUpTasksTable[] = [];
  /** Orders at a site, placed in rooms once the rooms are counted. */
  const atSite: IsolationOrdersTable[] = [];
  const categoryWheel = CATEGORY_MIX.flatMap(([c, n]) => Array<KeyPersonCategory>(n / 10).fill(c));

  /** The alert a fever or symptom check raised; older ones mostly handled by the community. */
  const alertOf = (c: HealthChecksTable, p: { id: string; unit_path: string }, open = false): AlertsTable => {
    const nodes = p.unit_path.split('/').filter(Boolean);
    const team = byCommunity.get(nodes[1] ?? '') ?? {};
    const at = Date.parse(c.at);
    const handledAt = at + rand(20, 120) * MINUTE;
    const handled =
      !open && handledAt < nowMs && nowMs - at > 2 * HOUR && chance(rand, c.day === today ? 40 : 95);
    const symptoms = c.symptoms.split(',').filter(Boolean);
    return {
      id: c.alert_id as string,
      kind: c.escalation as string,
      source_type: 'isolation',
      source_id: c.isolation_id,
      person_id: p.id,
      unit_id: nodes[nodes.length - 1] ?? null,
      unit_path: p.unit_path,
      details: JSON.stringify({
        checkId: c.id,
        temperature: c.temp_tenths / 10,
        symptoms,
        ...(c.checked_by ? {} : { selfReport: true }),
      }),
      status: handled ? 'handled' : 'open',
      outcome: handled
        ? c.escalation === 'fever'
          ? pick(rand, ['referred_to_clinic', 'monitoring', 'false_alarm'])
          : pick(rand, ['monitoring', 'false_alarm'])
        : null,
      note: handled ? pick(rand, ['复测体温正常', '已送发热门诊', '居家观察，明日复查']) : null,
      handled_by: handled ? (team.community_admin ?? team.community_staff ?? null) : null,
      handled_at: handled ? iso(handledAt) : null,
      created_at: c.at,
    };
  };

  let moves = 0;
  for (const p of chosen) {
    const nodes = p.unit_path.split('/').filter(Boolean);
    const team = byCommunity.get(nodes[1] ?? '') ?? {};
    const grid = team.grid_worker ?? null;
    const staff = team.community_staff ?? grid;
    const teamIds = [grid, team.community_staff, team.isolation_team, hqTeam].filter((x): x is string =>
      Boolean(x),
    );
    // The first few cover every category, so even the small demo shows each of them.
    const category =
      keyPersons.length < CATEGORY_MIX.length
        ? (CATEGORY_MIX[keyPersons.length] as [KeyPersonCategory, number])[0]
        : pick(rand, categoryWheel);
    const daysAgo = rand(0, 24);
    const startOn = addDays(today, -daysAgo);
    const details = detailsOf(rand, category, startOn);
    let plannedEndOn = plannedEnd(category, details, startOn);
    const extended =
      (keyPersons.length === CATEGORY_MIX.length || chance(rand, 4)) &&
      addDays(plannedEndOn, 7) <= addDays(startOn, MAX_ISOLATION_DAYS);
    const originalEnd = plannedEndOn;
    if (extended) plannedEndOn = addDays(plannedEndOn, 7);

    // Registered that day between 08:00 and 20:00, never after "now".
    const dayStart = midnight(dayNumber(startOn));
    let admitted = dayStart + rand(8 * 60, 20 * 60) * MINUTE;
    if (admitted > nowMs) admitted = Math.max(dayStart, nowMs - rand(1, 30) * MINUTE);
    const siteShare =
      category === 'overseas_arrival'
        ? 70
        : category === 'close_contact'
          ? 30
          : category === 'suspected'
            ? 50
            : 5;
    const kind = chance(rand, siteShare) ? 'site' : 'home';
    const movedLater = kind === 'site' && (moves++ === 0 || chance(rand, 15));

    // How it ends: confirmed cases go to hospital within days, some suspected too; the rest are
    // released when their time is up.
    let ends: { status: 'released' | 'hospitalised'; at: number } | null = null;
    if (category === 'confirmed' || (category === 'suspected' && chance(rand, 40))) {
      const at = admitted + rand(18, 60) * HOUR;
      if (at < nowMs) ends = { status: 'hospitalised', at };
    } else {
      const releaseAt = Math.max(
        admitted + HOUR,
        midnight(dayNumber(plannedEndOn)) + rand(9 * 60, 17 * 60) * MINUTE,
      );
      if (plannedEndOn < today || (plannedEndOn === today && releaseAt < nowMs && chance(rand, 50)))
        ends = { status: 'released', at: releaseAt };
    }

    const kpId = newId();
    const orderId = newId();
    const created = iso(admitted);
    keyPersons.push({
      id: kpId,
      person_id: p.id,
      unit_path: p.unit_path,
      category,
      source: sourceOf(rand, category),
      details: JSON.stringify(details),
      team_ids: teamIds.length ? `,${teamIds.join(',')},` : '',
      note: null,
      closed_at: ends ? iso(ends.at) : null,
      created_by: staff,
      created_at: created,
      updated_at: ends ? iso(ends.at) : created,
    });
    const firstSlot = slotAt(admitted);
    const order: IsolationOrdersTable = {
      id: orderId,
      key_person_id: kpId,
      person_id: p.id,
      unit_path: p.unit_path,
      kind,
      site_id: null,
      site_room_id: null,
      bed: null,
      start_on: startOn,
      planned_end_on: plannedEndOn,
      status: ends?.status ?? 'active',
      door_sealed: kind === 'home' && chance(rand, 60) ? 1 : 0,
      reason: null,
      watch_from: created,
      first_slot: firstSlot,
      ended_at: ends ? iso(ends.at) : null,
      ended_on: ends ? localTime(tz, new Date(ends.at)).day : null,
      last_slot: ends ? slotAt(ends.at) - 1 : null,
      created_by: staff,
      created_at: created,
      updated_at: ends ? iso(ends.at) : created,
    };
    orders.push(order);
    if (kind === 'site') atSite.push(order);

    const event = (type: string, at: number, reason: string | null, d: Record<string, unknown>) =>
      events.push({
        id: newId(),
        isolation_id: orderId,
        type,
        reason,
        details: JSON.stringify(d),
        actor_id: staff,
        at: iso(at),
      });
    const home = { kind: 'home', siteId: null, siteRoomId: null, bed: null };
    // Site placements are filled in below, once rooms exist; the events name the site then.
    event('start', admitted, null, {
      to: kind === 'site' && !movedLater ? { kind, pending: true } : home,
      startOn,
      plannedEndOn: originalEnd,
      byRule: true,
      doorSealed: order.door_sealed === 1,
    });
    const moveAt = admitted + rand(20, 40) * HOUR;
    if (movedLater && moveAt < (ends?.at ?? nowMs))
      event('transfer', moveAt, '家中不具备隔离条件', { from: home, to: { kind: 'site', pending: true } });
    if (extended) {
      const at = Math.min(nowMs - HOUR, midnight(dayNumber(originalEnd)) - rand(2, 30) * HOUR);
      if (at > admitted) event('extend', at, '同住人核酸阳性', { from: originalEnd, to: plannedEndOn });
    }
    if (ends?.status === 'released') {
      const releasedOn = order.ended_on as string;
      event('release', ends.at, '隔离期满，核酸阴性', {
        early: releasedOn < plannedEndOn,
        plannedEndOn,
        releasedOn,
      });
      for (const f of followUpDays(releasedOn)) {
        const doneAt = midnight(dayNumber(f.dueOn)) + rand(9 * 60, 17 * 60) * MINUTE;
        const done = f.dueOn < today && chance(rand, 70) && doneAt < nowMs;
        followUps.push({
          id: newId(),
          isolation_id: orderId,
          unit_path: p.unit_path,
          due_on: f.dueOn,
          day_after: f.dayAfter,
          status: done ? 'done' : 'open',
          note: done ? pick(rand, ['电话随访，无异常', '上门随访，体温正常', '无发热咳嗽']) : null,
          done_by: done ? grid : null,
          done_at: done ? iso(doneAt) : null,
          created_at: iso(ends.at),
        });
      }
    } else if (ends?.status === 'hospitalised') {
      event('hospitalise', ends.at, '确诊，转定点医院', { from: { kind }, to: { kind: 'hospital' } });
    }

    // Two checks a day, with gaps: some persons are hard to reach, and today's earlier shift is
    // sometimes forgotten (those rows show overdue).
    const neglected = chance(rand, 6);
    // Fever patients are still feverish at their first check; a few others run a fever once.
    const fever = category === 'fever_patient' ? 'first' : chance(rand, 2) ? 'once' : null;
    const lastSlot = order.last_slot ?? nowSlot;
    const limit = ends ? ends.at : nowMs;
    let feverPlaced = false;
    for (let slot = firstSlot; slot <= lastSlot; slot++) {
      const w = slotWindow(slot);
      const lo = Math.max(w.start, admitted);
      const hi = Math.min(w.end - MINUTE, limit);
      if (lo > hi) continue;
      const skip = slot === nowSlot ? 0 : slot === nowSlot - 1 ? 12 : neglected ? 35 : 4;
      if (chance(rand, skip)) continue;
      const preferred =
        w.start + (w.shift === 0 ? rand(7 * 60, 10 * 60 + 30) : rand(2 * 60 + 30, 6 * 60 + 30)) * MINUTE;
      // The running shift: done only by those whose usual time has come.
      if (slot === nowSlot && preferred > nowMs) continue;
      const at = Math.min(Math.max(preferred, lo), hi);
      let tenths = 360 + rand(0, 4) + rand(0, 5);
      if (chance(rand, 3)) tenths = 370 + rand(0, 2);
      let symptoms: Symptom[] = [];
      const feverNow =
        !feverPlaced && (fever === 'first' || (fever === 'once' && slot >= firstSlot + 4 && chance(rand, 8)));
      if (feverNow) {
        feverPlaced = true;
        tenths = 373 + rand(0, 15);
        symptoms = chance(rand, 60) ? ['cough', 'fever'] : ['fever'];
      } else if (chance(rand, 0.3)) {
        symptoms = [pick(rand, ['cough', 'fatigue', 'sore_throat'])];
      }
      const escalation = tenths >= 373 ? 'fever' : symptoms.length ? 'symptoms' : null;
      const method = chance(rand, 12) ? 'self_report' : chance(rand, 60) ? 'phone' : 'visit';
      const checkedBy = method === 'self_report' ? null : pick(rand, [grid, grid, staff]);
      const confirmedLater = method === 'self_report' && nowMs - at > 3 * HOUR && chance(rand, 90);
      const id = newId();
      const alertId = escalation ? newId() : null;
      const input = {
        id,
        at: iso(at),
        temperature: tenths / 10,
        symptoms,
        method: method as 'phone' | 'visit' | 'self_report',
      };
      checks.push({
        id,
        isolation_id: orderId,
        at: input.at,
        day: addDays('1970-01-01', w.dn),
        shift: w.shift,
        slot,
        temp_tenths: tenths,
        symptoms: symptoms.length ? `,${symptoms.join(',')},` : '',
        method,
        note: null,
        escalation,
        alert_id: alertId,
        checked_by: checkedBy,
        body_hash: bodyHash(orderId, input),
        created_at: input.at,
        confirmed_by: checkedBy ?? (confirmedLater ? grid : null),
        confirmed_at: checkedBy ? input.at : confirmedLater ? iso(at + rand(20, 150) * MINUTE) : null,
      });
      if (escalation && alertId) alerts.push(alertOf(checks[checks.length - 1] as HealthChecksTable, p));
    }
  }

  // A few alerts still waiting, whatever the dice said: the alerts page is never empty in a demo.
  const openWanted = Math.max(2, Math.round(orders.length * 0.01));
  const waiting = () => alerts.filter((a) => a.status === 'open').length;
  if (waiting() < openWanted) {
    const active = new Map(orders.filter((o) => o.status === 'active').map((o) => [o.id, o]));
    const recent = checks
      .filter((c) => active.has(c.isolation_id) && !c.escalation && nowMs - Date.parse(c.at) < 12 * HOUR)
      .sort((a, b) => b.at.localeCompare(a.at));
    const seen = new Set<string>();
    for (const c of recent) {
      if (waiting() >= openWanted) break;
      if (seen.has(c.isolation_id)) continue;
      seen.add(c.isolation_id);
      const o = active.get(c.isolation_id) as IsolationOrdersTable;
      c.temp_tenths = 376 + rand(0, 10);
      c.symptoms = ',fever,';
      c.escalation = 'fever';
      c.alert_id = newId();
      c.body_hash = bodyHash(o.id, {
        id: c.id,
        at: c.at,
        temperature: c.temp_tenths / 10,
        symptoms: ['fever'],
        method: c.method as 'phone',
      });
      alerts.push(alertOf(c, { id: o.person_id, unit_path: o.unit_path }, true));
    }
  }

  // Two centralised sites of the sub-district serving every community, sized to what is needed.
  const activeAtSite = atSite.filter((o) => o.status === 'active');
  const hotelShare = Math.ceil(activeAtSite.length * 0.6);
  const hotelRooms = siteRooms(Math.max(10, Math.ceil(hotelShare * 1.25)), 1, siteIds[0]);
  const flatRooms = siteRooms(
    Math.max(10, Math.ceil(((activeAtSite.length - hotelShare) / 2) * 1.25)),
    2,
    siteIds[1],
  );
  const nowIso = iso(nowMs);
  const sites: IsolationSitesTable[] = [
    {
      id: siteIds[0],
      name: '如意湖街道集中隔离观察点（如意酒店）',
      address: '郑东新区如意东路 88 号',
      unit_id: root.id,
      unit_path: root.path,
      community_ids: '',
      notes:
        '单人单间；三餐由酒店送至门口（7:30、11:30、17:30）；每日消杀两次；医护 24 小时值守：0371-6000 0001',
      created_by: hqTeam ?? null,
      created_at: nowIso,
      updated_at: nowIso,
    },
    {
      id: siteIds[1],
      name: '龙子湖集中隔离点（职教园区公寓）',
      address: '郑东新区龙子湖高校园区 6 号',
      unit_id: root.id,
      unit_path: root.path,
      community_ids: '',
      notes: '两人一间（同户优先）；三餐统一配送；垃圾每日两次专人收运；心理疏导热线 0371-6000 0002',
      created_by: hqTeam ?? null,
      created_at: nowIso,
      updated_at: nowIso,
    },
  ];
  const beds = [
    ...hotelRooms.map((r) => ({ room: r, bed: '1' })),
    ...flatRooms.flatMap((r) => [
      { room: r, bed: '1' },
      { room: r, bed: '2' },
    ]),
  ];
  let next = 0;
  for (const o of atSite) {
    // Active orders take a free bed each; ended ones had one somewhere.
    const place = o.status === 'active' ? beds[next++] : pick(rand, beds);
    if (!place) continue;
    o.site_id = place.room.site_id;
    o.site_room_id = place.room.id;
    o.bed = place.bed;
  }
  const placed = new Map(atSite.map((o) => [o.id, o]));
  for (const e of events) {
    const o = placed.get(e.isolation_id);
    if (!o || !e.details.includes('"pending":true')) continue;
    const d = JSON.parse(e.details);
    const to = { kind: 'site', siteId: o.site_id, siteRoomId: o.site_room_id, bed: o.bed };
    if (d.to?.pending) d.to = to;
    e.details = JSON.stringify(d);
  }

  await deps.db.transaction().execute(async (trx) => {
    await insertRows(deps.store, trx, 'isolation_sites', sites);
    await insertRows(deps.store, trx, 'isolation_site_rooms', [...hotelRooms, ...flatRooms]);
    await insertRows(deps.store, trx, 'key_persons', keyPersons);
    await insertRows(deps.store, trx, 'isolation_orders', orders);
    await insertRows(deps.store, trx, 'isolation_events', events);
    await insertRows(deps.store, trx, 'health_checks', checks);
    await insertRows(deps.store, trx, 'alerts', alerts);
    await insertRows(deps.store, trx, 'follow_up_tasks', followUps);
  });

  const stats: IsolationDemoStats = {
    watched: orders.length,
    active: orders.filter((o) => o.status === 'active').length,
    atSites: activeAtSite.length,
    released: orders.filter((o) => o.status === 'released').length,
    hospitalised: orders.filter((o) => o.status === 'hospitalised').length,
    checks: checks.length,
    alerts: alerts.length,
    openAlerts: alerts.filter((a) => a.status === 'open').length,
    followUps: followUps.length,
  };
  opts.log?.(
    `${stats.watched} persons under watch (${stats.active} active, ${stats.atSites} of them at 2 sites; ` +
      `${stats.released} released, ${stats.hospitalised} in hospital), ${stats.checks} checks, ` +
      `${stats.alerts} alerts (${stats.openAlerts} open), ${stats.followUps} follow-ups`,
  );
  return stats;
}
