import * as z from './schemas/zod';

/**
 * Every environment variable the project reads, parsed once with zod.
 * Lambda functions, the local stage and the CDK app all go through here, so a name is spelled in one place.
 * Provider keys are optional: an unset key means "not configured" (503 provider_not_configured), or
 * "simulated" in the local stage, decided by the local stage before handlers run.
 */
const optionalString = z.pipe(
  z.optional(z.string()),
  z.transform((value) => (value === undefined || value.trim() === '' ? undefined : value)),
);
/**
 * The field types, built once and shared: a zod schema is immutable, and every instance built is paid at each cold
 * start of every Lambda (this object was 284 of them, ~half of what a handler built at import, before sharing).
 */
const text = z.string();
const flag = z.enum(['0', '1']);
const anyUrl = z.url();
const positiveInt = z.coerce.number().check(z.int(), z.positive());
const intFrom0 = z.coerce.number().check(z.int(), z.gte(0));
const intFrom1 = z.coerce.number().check(z.int(), z.gte(1));
const intFrom1To86400 = z.coerce.number().check(z.int(), z.gte(1), z.lte(86_400));
const url = (fallback: string) => z._default(anyUrl, fallback);

export const configSchema = z.object({
  STAGE: z._default(
    z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes')),
    'local',
  ),
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), 3000),
  LOG_LEVEL: z._default(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']), 'INFO'),
  APP_BASE_URL: optionalString,
  /** Required outside the local stage (see parseConfig); the local stage defaults it to the Vite dev server. */
  FRONTEND_URL: z.optional(anyUrl),

  // Data and AWS resources (set by CDK in AWS, by the local stage locally)
  TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'flowia-local'),
  DYNAMODB_ENDPOINT: optionalString,
  AWS_REGION: z._default(text, 'eu-west-3'),
  KMS_KEY_ID: optionalString,
  LOCAL_MASTER_KEY: optionalString,
  INCOMING_QUEUE_URL: optionalString,
  LINKEDIN_QUEUE_URL: optionalString,
  /** Dead-letter queues of the two queues: read by /health and /admin/status (queue depths). */
  INCOMING_DLQ_URL: optionalString,
  LINKEDIN_DLQ_URL: optionalString,
  STATE_MACHINE_ARN: optionalString,
  /** The internal functions an API route calls and waits for (infra/internal-functions.ts): names set by CDK. */
  SEND_HUMAN_REPLY_FUNCTION: optionalString,
  PREVIEW_REPLY_FUNCTION: optionalString,
  FLOWIA_DATA_DIR: z._default(text, '.local'),
  FLOWIA_SIMULATE: z._default(flag, '1'),
  FLOWIA_LOCAL_TRANSPORT: z._default(flag, '0'),
  /** Local stage only: an AWS-compatible endpoint (moto_server) serving its SQS queues, KMS key and secrets. */
  FLOWIA_AWS_ENDPOINT: z.pipe(optionalString, z.optional(anyUrl)),

  // Auth
  JWT_SECRET: optionalString,
  JWT_SECRET_ARN: optionalString,
  ACCESS_TOKEN_TTL_SECONDS: z._default(positiveInt, 900),
  REFRESH_TOKEN_TTL_SECONDS: z._default(positiveInt, 30 * 24 * 3600),

  // Email (verification links, invitations): Amazon SES API v2 in AWS; the local stage's mailbox without it.
  /** The From address, an address or domain identity verified in SES (e.g. `Flow IA <no-reply@mail.flowia.app>`). */
  EMAIL_FROM: z.pipe(
    optionalString,
    z.optional(
      z
        .string()
        .check(
          z.regex(
            /^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/,
            'an email address, or "Name <address>"',
          ),
        ),
    ),
  ),
  /** Lifetime of an email verification link. */
  EMAIL_VERIFICATION_TTL_SECONDS: z._default(positiveInt, 24 * 3600),
  /** Verification emails one user may ask for per hour (signup's first one included). */
  EMAIL_VERIFICATION_PER_HOUR: z._default(intFrom1, 5),
  /** Invitation emails one workspace may send per hour. */
  INVITATIONS_PER_WORKSPACE_PER_HOUR: z._default(intFrom1, 20),

  // Operators: who may read GET /admin/status (comma-separated emails, case-insensitive; an account counts only
  // once its address is verified). Empty = nobody.
  ADMIN_EMAILS: z.pipe(
    z.optional(z.string()),
    z.transform((value) =>
      (value ?? '')
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== ''),
    ),
  ),

  // Meta
  META_APP_ID: optionalString,
  META_APP_SECRET: optionalString,
  META_VERIFY_TOKEN: optionalString,
  META_CONFIG_ID: optionalString,
  /**
   * 1 when the Meta app was granted the Human Agent feature: a member's reply may then go 24 h – 7 days after
   * the person's last message with the HUMAN_AGENT tag. 0 (default): human replies keep to the 24-hour window.
   */
  META_HUMAN_AGENT_ENABLED: z._default(flag, '0'),
  META_GRAPH_URL: url('https://graph.facebook.com'),
  META_OAUTH_URL: url('https://www.facebook.com'),
  META_GRAPH_VERSION: z._default(z.string().check(z.regex(/^v\d+\.\d+$/)), 'v25.0'),
  /**
   * Instagram API with Instagram Login: the Instagram app of the Meta app (App Dashboard > Instagram > API setup
   * with Instagram login > Business login settings: "Instagram App ID" and "Instagram app secret"), and its three
   * hosts (authorization window, code exchange, Graph). Unset: the Instagram Login routes answer 503.
   */
  INSTAGRAM_APP_ID: optionalString,
  INSTAGRAM_APP_SECRET: optionalString,
  INSTAGRAM_OAUTH_URL: url('https://www.instagram.com'),
  INSTAGRAM_API_URL: url('https://api.instagram.com'),
  INSTAGRAM_GRAPH_URL: url('https://graph.instagram.com'),

  // TikTok for Business app (business-api.tiktok.com portal): the connect flow for comments and replies
  TIKTOK_BUSINESS_APP_ID: optionalString,
  TIKTOK_BUSINESS_SECRET: optionalString,
  /** The app's "TikTok account holder authorization URL" (My Apps > App Detail > Basic Information), or its base. */
  TIKTOK_BUSINESS_AUTH_URL: url('https://www.tiktok.com/v2/auth/authorize'),
  TIKTOK_BUSINESS_API_URL: url('https://business-api.tiktok.com'),
  // TikTok Login Kit app (developers.tiktok.com): identity and videos only, used without a TikTok for Business app
  TIKTOK_CLIENT_KEY: optionalString,
  TIKTOK_CLIENT_SECRET: optionalString,
  TIKTOK_API_URL: url('https://open.tiktokapis.com'),
  TIKTOK_AUTH_URL: url('https://www.tiktok.com'),

  // Google / YouTube
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_OAUTH_URL: url('https://accounts.google.com'),
  GOOGLE_TOKEN_URL: url('https://oauth2.googleapis.com/token'),
  YOUTUBE_API_URL: url('https://www.googleapis.com'),
  /**
   * The Google Cloud project's YouTube Data API units per Pacific day (Google's default is 10,000), shared by every
   * workspace in fair shares (services/youtube/youtube-budget.ts).
   */
  YOUTUBE_DAILY_QUOTA_UNITS: z._default(positiveInt, 10_000),

  // Provider tokens and schedules
  /** Access tokens expiring within this margin are refreshed (inline before a call, and by the refresh job). */
  TOKEN_REFRESH_MARGIN_MINUTES: z._default(intFrom1, 30),
  /** Local stage only: runs every schedule this many times faster (demos). */
  FLOWIA_SCHEDULE_SPEEDUP: z._default(z.coerce.number().check(z.positive()), 1),
  /** Lifetime of the signed OAuth `state` handed to a provider's consent page. */
  OAUTH_STATE_TTL_SECONDS: z._default(positiveInt, 600),

  // LinkedIn (browser)
  LINKEDIN_URL: url('https://www.linkedin.com'),
  CHROMIUM_PATH: z._default(text, '/usr/bin/chromium'),
  /**
   * Messages one LinkedIn account may send per day. LinkedIn publishes no limit and forbids automated messaging
   * (User Agreement 8.2); automation vendors call 50–100 a day "safe". The default stays at the cautious end.
   */
  LINKEDIN_DAILY_MESSAGE_LIMIT: z._default(intFrom0, 20),
  /** Hours (workspace time zone, 24h clock, end exclusive) in which browser jobs run; outside them they wait. */
  LINKEDIN_WORKING_HOURS: z._default(
    z.string().check(z.regex(/^\d{1,2}-\d{1,2}$/, 'start-end hours, e.g. 8-20')),
    '8-20',
  ),
  /** Human-like pauses between page actions (randomised in this range) and between typed characters. */
  LINKEDIN_PAUSE_MIN_MS: z._default(intFrom0, 1200),
  LINKEDIN_PAUSE_MAX_MS: z._default(intFrom0, 4000),
  LINKEDIN_TYPING_MIN_MS: z._default(intFrom0, 40),
  LINKEDIN_TYPING_MAX_MS: z._default(intFrom0, 160),
  LINKEDIN_NAVIGATION_TIMEOUT_MS: z._default(positiveInt, 30_000),
  /** How long one account's browser session lease lasts before another job may take it over. */
  LINKEDIN_LEASE_SECONDS: z._default(positiveInt, 300),
  /** Conversations opened per sync run (each is one page view). */
  LINKEDIN_SYNC_CONVERSATIONS: z._default(positiveInt, 10),

  // OpenAI
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_MODEL: z._default(text, 'gpt-4o-mini'),
  /** One HTTP attempt; AI_BUDGET_MS bounds a whole engine call (retries and Retry-After waits included). */
  OPENAI_TIMEOUT_MS: z._default(positiveInt, 10_000),
  OPENAI_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(5)), 3),
  AI_BUDGET_MS: z._default(positiveInt, 20_000),
  AI_RATE_LIMIT_WORKSPACE_PER_MINUTE: z._default(positiveInt, 60),
  AI_RATE_LIMIT_GLOBAL_PER_MINUTE: z._default(positiveInt, 1_000),
  AI_CACHE_TTL_SECONDS: z._default(positiveInt, 7 * 24 * 3600),

  // Stripe
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: url('https://api.stripe.com'),
  STRIPE_PRICE_PREMIUM: optionalString,
  STRIPE_PRICE_ULTRA: optionalString,

  // API rate limiting (fixed windows counted in DynamoDB, per user and per IP)
  RATE_LIMIT_ENABLED: z._default(flag, '1'),
  RATE_LIMIT_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3600)), 60),
  RATE_LIMIT_PER_USER: z._default(intFrom1, 120),
  RATE_LIMIT_PER_IP: z._default(intFrom1, 300),
  /** Stricter per-IP budget on /auth/login and /auth/signup, to slow credential stuffing. */
  RATE_LIMIT_AUTH_PER_IP: z._default(intFrom1, 20),
  /** Login attempts per account (email), whatever the IP, per RATE_LIMIT_LOGIN_WINDOW_SECONDS. */
  RATE_LIMIT_LOGIN_PER_ACCOUNT: z._default(intFrom1, 10),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: z._default(intFrom1To86400, 900),
  /** CSV exports per workspace per RATE_LIMIT_EXPORT_WINDOW_SECONDS (each one reads every lead). */
  RATE_LIMIT_EXPORT_PER_WORKSPACE: z._default(intFrom1, 20),
  RATE_LIMIT_EXPORT_WINDOW_SECONDS: z._default(intFrom1To86400, 3600),
  /** Rejected (unsigned or badly signed) webhook requests per source IP per RATE_LIMIT_WINDOW_SECONDS. */
  RATE_LIMIT_WEBHOOK_REJECTS_PER_IP: z._default(intFrom1, 60),

  // Outbound webhooks
  /**
   * Lets webhook endpoints be loopback (127.0.0.0/8, ::1, localhost, plain http to them), for the local stage's
   * simulated receiver. Refused on any other stage: in AWS the SSRF guard admits public addresses only.
   */
  WEBHOOKS_ALLOW_LOOPBACK: z._default(flag, '0'),
  /** How long one delivery attempt waits for the receiver's answer. */
  WEBHOOK_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive(), z.lte(30_000)), 10_000),

  // CRMs
  SHEETS_API_URL: url('https://sheets.googleapis.com'),
  NOTION_API_URL: url('https://api.notion.com'),
  AIRTABLE_API_URL: url('https://api.airtable.com'),
  /** Airtable answers 429 for 30 s after its 5 req/s limit; the sync waits this long (tests shorten it). */
  AIRTABLE_RATE_LIMIT_WAIT_MS: z._default(intFrom0, 30_000),
  /** First backoff step of a CRM call retried inside one sync, and the total wait one sync may spend. */
  CRM_RETRY_BASE_MS: z._default(intFrom0, 500),
  CRM_RETRY_BUDGET_MS: z._default(intFrom0, 20_000),
  CRM_REQUEST_TIMEOUT_MS: z._default(positiveInt, 10_000),
});

export type Config = Omit<z.infer<typeof configSchema>, 'FRONTEND_URL'> & {
  FRONTEND_URL: string;
  appBaseUrl: string;
};

/** What the local stage assumes when APP_BASE_URL / FRONTEND_URL are unset; never assumed in AWS. */
const LOCAL_FRONTEND_URL = 'http://127.0.0.1:5173';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = z.safeParse(configSchema, env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  const parsed = result.data;
  if (parsed.STAGE !== 'local') {
    // OAuth redirect URIs and every link back to the app are built from these: a silent 127.0.0.1 in AWS would
    // send real users to their own machine. CDK sets both from the stage config (infra/cdk/stage-config.ts).
    const missing = (['APP_BASE_URL', 'FRONTEND_URL'] as const).filter((name) => !parsed[name]);
    if (missing.length > 0)
      throw new ConfigError(`Invalid environment: ${missing.join(', ')} required on stage ${parsed.STAGE}`);
    if (parsed.WEBHOOKS_ALLOW_LOOPBACK === '1')
      throw new ConfigError(
        `Invalid environment: WEBHOOKS_ALLOW_LOOPBACK is for the local stage only, not stage ${parsed.STAGE}`,
      );
  }
  return {
    ...parsed,
    FRONTEND_URL: parsed.FRONTEND_URL ?? LOCAL_FRONTEND_URL,
    appBaseUrl: parsed.APP_BASE_URL ?? `http://127.0.0.1:${parsed.PORT}`,
  };
}

let cached: Config | undefined;
let scopedEnvironment: (() => Record<string, string | undefined> | undefined) | undefined;
const scopedConfigs = new WeakMap<object, Config>();

/**
 * The local stage runs every handler in one process, each with only the environment its manifest entry declares
 * (infra/local/resource-guard.ts): while one runs, `scope` returns that handler's environment and config() parses
 * it (once per environment object) instead of process.env.
 */
export function scopeConfig(scope: (() => Record<string, string | undefined> | undefined) | undefined): void {
  scopedEnvironment = scope;
}

/** The process's configuration, parsed on first use. */
export function config(): Config {
  const scoped = scopedEnvironment?.();
  if (scoped) {
    let parsed = scopedConfigs.get(scoped);
    if (!parsed) {
      parsed = parseConfig(scoped);
      scopedConfigs.set(scoped, parsed);
    }
    return parsed;
  }
  cached ??= parseConfig(process.env);
  return cached;
}

let generation = 0;

/** Drops the cached configuration; the local stage and tests call it after changing process.env. */
export function resetConfig(): void {
  cached = undefined;
  generation += 1;
}

/** How many times process.env was re-read: the composition builds its graphs again after each (wiring/container.ts). */
export function configGeneration(): number {
  return generation;
}
