import type { Generated } from 'kysely';

/**
 * Table types as Kysely sees them. Instants are ISO-8601 strings on both databases (the pg driver is
 * told to parse timestamptz into ISO strings); booleans are 0/1 integers on both.
 */
export interface UnitsTable {
  id: string;
  parent_id: string | null;
  type: string;
  name: string;
  code: string | null;
  floor: number | null;
  sort_order: number;
  unmanaged: number;
  village_to_community: number;
  status: string | null;
  /** Ids from the root down to this node: `/rootId/…/id/`. A subtree is one index range. */
  path: string;
  depth: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitStatusEventsTable {
  id: string;
  unit_id: string;
  unit_path: string;
  from_status: string | null;
  to_status: string;
  reason: string;
  changed_by: string | null;
  changed_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  unit_id: string | null;
  unit_path: string | null;
  request_id: string | null;
  ip: string | null;
  details: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface HouseholdsTable {
  id: string;
  room_id: string;
  unit_path: string;
  source: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonsTable {
  id: string;
  household_id: string;
  unit_path: string;
  name: string;
  name_initials: string;
  id_type: string;
  id_number: string | null;
  id_tail: string | null;
  sex: string | null;
  birth_date: string | null;
  phone: string | null;
  relation: string | null;
  occupation: string | null;
  residence_status: string;
  care_flags: string;
  travel_from: string | null;
  returned_on: string | null;
  transport: string | null;
  notes: string | null;
  source: string;
  created_at: string;
  updated_at: string;
  anonymized_at: string | null;
  /** SQLite: this person's row in the `person_search` FTS5 table (see persons.search.ts). */
  search_rowid?: number | null;
  /** PostgreSQL: this person's search document, GIN-indexed. */
  search?: string | null;
}

/** SQLite only: the FTS5 index of persons' search documents. */
export interface PersonSearchTable {
  rowid: number;
  doc: string;
  person_id: string;
}

export interface PersonMovesTable {
  id: string;
  person_id: string;
  from_household_id: string;
  to_household_id: string;
  reason: string;
  moved_by: string | null;
  moved_at: string;
}

export interface ImportsTable {
  id: string;
  kind: string;
  unit_id: string;
  unit_path: string;
  file_name: string;
  status: string;
  rows_read: number;
  rows_stored: number;
  rows_rejected: number;
  rooms_created: number;
  rejected_json: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RegistrationLinksTable {
  compound_id: string;
  token: string;
  created_by: string | null;
  created_at: string;
}

export interface RegistrationsTable {
  id: string;
  compound_id: string;
  room_id: string;
  unit_path: string;
  payload: string;
  status: string;
  household_id: string | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface IsolationSitesTable {
  id: string;
  name: string;
  address: string | null;
  unit_id: string;
  unit_path: string;
  community_ids: string;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IsolationSiteRoomsTable {
  id: string;
  site_id: string;
  name: string;
  beds: number;
  sort_order: number;
}

export interface KeyPersonsTable {
  id: string;
  person_id: string;
  unit_path: string;
  category: string;
  source: string;
  /** JSON of the category's details (origin, arrival, last exposure…). */
  details: string;
  /** `,accountId,accountId,` */
  team_ids: string;
  note: string | null;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IsolationOrdersTable {
  id: string;
  key_person_id: string;
  person_id: string;
  unit_path: string;
  kind: string;
  site_id: string | null;
  site_room_id: string | null;
  bed: string | null;
  start_on: string;
  planned_end_on: string;
  status: string;
  door_sealed: number;
  reason: string | null;
  watch_from: string;
  first_slot: number;
  ended_at: string | null;
  ended_on: string | null;
  last_slot: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IsolationEventsTable {
  id: string;
  isolation_id: string;
  type: string;
  reason: string | null;
  details: string;
  actor_id: string | null;
  at: string;
}

export interface HealthChecksTable {
  id: string;
  isolation_id: string;
  at: string;
  day: string;
  shift: number;
  slot: number;
  temp_tenths: number;
  /** `,symptom,symptom,` */
  symptoms: string;
  method: string;
  note: string | null;
  escalation: string | null;
  alert_id: string | null;
  checked_by: string | null;
  body_hash: string;
  created_at: string;
  /** Staff confirmation (migration 009): the maker for staff checks, null on an unconfirmed self-report. */
  confirmed_by?: string | null;
  confirmed_at?: string | null;
}

/** Secret self-report links of isolation orders (migration 009); the token is stored only hashed. */
export interface SelfReportLinksTable {
  id: string;
  isolation_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface FollowUpTasksTable {
  id: string;
  isolation_id: string;
  unit_path: string;
  due_on: string;
  day_after: number;
  status: string;
  note: string | null;
  done_by: string | null;
  done_at: string | null;
  created_at: string;
}

export interface AlertsTable {
  id: string;
  kind: string;
  source_type: string;
  source_id: string | null;
  person_id: string | null;
  unit_id: string | null;
  unit_path: string;
  details: string;
  status: string;
  outcome: string | null;
  note: string | null;
  handled_by: string | null;
  handled_at: string | null;
  created_at: string;
}

export interface DailyReportsTable {
  id: string;
  community_id: string;
  unit_path: string;
  day: string;
  version: number;
  cutoff_hour: number;
  period_start: string;
  period_end: string;
  deadline: string;
  /** JSON of DailyFigures (domain/reports.ts), frozen at submission. */
  figures: string;
  zero_report: number;
  notable_events: string | null;
  needs: string | null;
  remarks: string | null;
  correction_reason: string | null;
  late: number;
  submitted_by: string | null;
  submitted_at: string;
}

export interface DailyReportDraftsTable {
  community_id: string;
  day: string;
  unit_path: string;
  notable_events: string | null;
  needs: string | null;
  remarks: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface DailyFiguresTable {
  community_id: string;
  day: string;
  unit_path: string;
  cutoff_hour: number;
  /** JSON of DailyFigures of a closed report day. */
  figures: string;
  compiled_at: string;
}

export interface CheckpointsTable {
  id: string;
  unit_id: string;
  unit_path: string;
  compound_id: string | null;
  name: string;
  kind: string;
  /** JSON of Lane[] (domain/checkpoints.ts). */
  lanes: string;
  /** JSON of OpeningWindow[]; `[]` = around the clock. */
  opening_hours: string;
  note: string | null;
  archived_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface GateRulesTable {
  unit_id: string;
  unit_path: string;
  quota_outings: number | null;
  quota_days: number | null;
  quota_per: string | null;
  visitors_allowed: number;
  fever_tenths: number;
  updated_by: string | null;
  updated_at: string;
}

export interface PassKeysTable {
  id: number;
  /** Raw Ed25519 public key, base64url. */
  public_key: string;
  /** PKCS#8 PEM. */
  private_key: string;
  created_at: string;
  retired_at: string | null;
}

export interface PassesTable {
  id: string;
  kind: string;
  household_id: string | null;
  person_id: string | null;
  holder_name: string | null;
  holder_phone: string | null;
  employer: string | null;
  /** `,id,id,` */
  unit_ids: string;
  unit_path: string;
  valid_from: string;
  valid_to: string;
  exception: number;
  note: string | null;
  key_id: number;
  token: string;
  link_secret: string;
  issued_by: string | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface PassagesTable {
  id: string;
  checkpoint_id: string;
  unit_path: string;
  compound_id: string | null;
  at: string;
  day: string;
  hour: number;
  direction: string;
  lane: string | null;
  subject_type: string;
  pass_id: string | null;
  person_id: string | null;
  household_id: string | null;
  visitor_name: string | null;
  visitor_phone: string | null;
  visitor_id_number: string | null;
  visitor_purpose: string | null;
  visitor_company: string | null;
  host_household_id: string | null;
  temp_tenths: number | null;
  fever: number;
  plate: string | null;
  occupants: number | null;
  note: string | null;
  decision: string;
  /** `,reason,reason,` */
  reasons: string;
  server_decision: string;
  server_reasons: string;
  device_decision: string | null;
  device_reasons: string | null;
  mismatch: number;
  quota_key: string | null;
  alert_id: string | null;
  guard_id: string | null;
  body_hash: string;
  created_at: string;
}

/** Passages per checkpoint, local day and hour; written in the passages' own transaction. */
export interface PassageHourlyTable {
  checkpoint_id: string;
  /** The checkpoint's own path. */
  unit_path: string;
  day: string;
  hour: number;
  entries_in: number;
  entries_out: number;
  fevers: number;
  denied: number;
  /** PostgreSQL spreads one gate-hour over up to 8 rows (migration 011); always 0 on SQLite. Sum them. */
  shard?: number;
}

export interface Database {
  units: UnitsTable;
  unit_status_events: UnitStatusEventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  households: HouseholdsTable;
  persons: PersonsTable;
  person_search: PersonSearchTable;
  person_moves: PersonMovesTable;
  imports: ImportsTable;
  registration_links: RegistrationLinksTable;
  registrations: RegistrationsTable;
  isolation_sites: IsolationSitesTable;
  isolation_site_rooms: IsolationSiteRoomsTable;
  key_persons: KeyPersonsTable;
  isolation_orders: IsolationOrdersTable;
  isolation_events: IsolationEventsTable;
  health_checks: HealthChecksTable;
  follow_up_tasks: FollowUpTasksTable;
  alerts: AlertsTable;
  self_report_links: SelfReportLinksTable;
  // daily reports (issue 6)
  daily_reports: DailyReportsTable;
  daily_report_drafts: DailyReportDraftsTable;
  daily_figures: DailyFiguresTable;
  // checkpoints (issue 4)
  checkpoints: CheckpointsTable;
  gate_rules: GateRulesTable;
  pass_keys: PassKeysTable;
  passes: PassesTable;
  passages: PassagesTable;
  passage_hourly: PassageHourlyTable;
  /** Kysely's own bookkeeping, listed for completeness. */
  kysely_migration: { name: string; timestamp: Generated<string> };
}
