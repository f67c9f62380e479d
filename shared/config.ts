import { z } from 'zod';

/**
 * Every environment variable the project reads, parsed once with zod.
 * Lambda functions, the local stage and the CDK app all go through here, so a name is spelled in one place.
 * Provider keys are optional: an unset key means "not configured" (503 provider_not_configured), or
 * "simulated" in the local stage, decided by the local stage before handlers run.
 */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));
const url = (fallback: string) => z.url().default(fallback);

export const configSchema = z.object({
  STAGE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
    .default('local'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']).default('INFO'),
  APP_BASE_URL: optionalString,
  FRONTEND_URL: url('http://127.0.0.1:5173'),

  // Data and AWS resources (set by CDK in AWS, by the local stage locally)
  TABLE_NAME: z.string().min(3).default('flowia-local'),
  DYNAMODB_ENDPOINT: optionalString,
  AWS_REGION: z.string().default('eu-west-3'),
  KMS_KEY_ID: optionalString,
  LOCAL_MASTER_KEY: optionalString,
  INCOMING_QUEUE_URL: optionalString,
  LINKEDIN_QUEUE_URL: optionalString,
  /** Dead-letter queues of the two queues: read by /health and /admin/status (queue depths). */
  INCOMING_DLQ_URL: optionalString,
  LINKEDIN_DLQ_URL: optionalString,
  STATE_MACHINE_ARN: optionalString,
  FLOWIA_DATA_DIR: z.string().default('.local'),
  FLOWIA_SIMULATE: z.enum(['0', '1']).default('1'),
  FLOWIA_LOCAL_TRANSPORT: z.enum(['0', '1']).default('0'),

  // Auth
  JWT_SECRET: optionalString,
  JWT_SECRET_ARN: optionalString,
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),

  // Operators: who may read GET /admin/status (comma-separated emails, case-insensitive). Empty = nobody.
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== ''),
    ),

  // Meta
  META_APP_ID: optionalString,
  META_APP_SECRET: optionalString,
  META_VERIFY_TOKEN: optionalString,
  META_CONFIG_ID: optionalString,
  META_GRAPH_URL: url('https://graph.facebook.com'),
  META_OAUTH_URL: url('https://www.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v25.0'),

  // TikTok
  TIKTOK_CLIENT_KEY: optionalString,
  TIKTOK_CLIENT_SECRET: optionalString,
  TIKTOK_API_URL: url('https://open.tiktokapis.com'),
  TIKTOK_AUTH_URL: url('https://www.tiktok.com'),
  TIKTOK_BUSINESS_API_URL: url('https://business-api.tiktok.com'),

  // Google / YouTube
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_OAUTH_URL: url('https://accounts.google.com'),
  GOOGLE_TOKEN_URL: url('https://oauth2.googleapis.com/token'),
  YOUTUBE_API_URL: url('https://www.googleapis.com'),

  // LinkedIn (browser)
  LINKEDIN_URL: url('https://www.linkedin.com'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),

  // OpenAI
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),

  // Stripe
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: url('https://api.stripe.com'),
  STRIPE_PRICE_PREMIUM: optionalString,
  STRIPE_PRICE_ULTRA: optionalString,

  // CRMs
  SHEETS_API_URL: url('https://sheets.googleapis.com'),
  NOTION_API_URL: url('https://api.notion.com'),
  AIRTABLE_API_URL: url('https://api.airtable.com'),
});

export type Config = z.infer<typeof configSchema> & { appBaseUrl: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  const parsed = result.data;
  return { ...parsed, appBaseUrl: parsed.APP_BASE_URL ?? `http://127.0.0.1:${parsed.PORT}` };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Drops the cached configuration; the local stage and tests call it after changing process.env. */
export function resetConfig(): void {
  cached = undefined;
}
