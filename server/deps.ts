import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { Db } from './db';
import type { Database } from './db/schema';
import type { EventHub } from './http/events';
import type { Clock } from './lib/clock';

/** What services need from the running process; built once in app.ts or by a CLI command. */
export type Deps = {
  store: Db;
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
  events: EventHub;
  version: string;
};
