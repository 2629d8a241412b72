import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL schema to use (tests run each in their own). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  /** Time zone in which calendar days and duty shifts are counted. */
  TZ_DAYS: z.string().default('Asia/Shanghai'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  /** Set when Shouwang sits behind an https reverse proxy: cookies become Secure, X-Forwarded-For is trusted. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** API requests being served at once beyond which new ones are answered 503 at once (load shedding). */
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(128),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  tzDays: string;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  trustProxy: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  loginRatePerMinute: number;
  maxInFlight: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = Env.parse(env);
  try {
    new Intl.DateTimeFormat('en', { timeZone: e.TZ_DAYS });
  } catch {
    throw new Error(`TZ_DAYS is not a known time zone: ${e.TZ_DAYS}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    databaseSchema: e.DATABASE_SCHEMA,
    tzDays: e.TZ_DAYS,
    sessionIdleSeconds: e.SESSION_IDLE_MINUTES * 60,
    sessionAbsoluteSeconds: e.SESSION_ABSOLUTE_HOURS * 3600,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    maxInFlight: e.MAX_IN_FLIGHT,
    ...overrides,
  };
}
