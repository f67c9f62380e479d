import type { InternalFunctionName } from '../shared/services/functions/ports';
import type { QueueName } from '../shared/services/queue/ports';

/**
 * What one Lambda's code uses, declared once on its manifest entry (route, schedule, workflow step, queue
 * consumer). CDK derives the function's environment and IAM grants from it and from nothing else
 * (infra/cdk/grants.ts); the local stage runs the handler with only the environment it names and refuses a queue
 * send or a table write it lacks (infra/local/resource-guard.ts); test/infra/resource-needs.test.ts reads every
 * handler's bundle and fails when its code reaches a resource the declaration lacks.
 */
export interface ResourceNeeds {
  /**
   * The table: 'read' (get, query), 'write' (put, update, delete: no reads), 'readWrite'. Every API route writes:
   * its rate limiter counts requests in the table (and fails open when it cannot).
   */
  table?: 'read' | 'write' | 'readWrite';
  /** Queues the code sends to (SendMessageBatch). */
  sendsTo?: QueueName[];
  /** The vault key: 'seal' (new data keys and opening them), 'open' (unwrapping only). */
  vault?: 'seal' | 'open';
  /**
   * Secrets read at run time: 'providers' (the stage's provider keys, loaded at cold start before the handler),
   * 'jwt' (the access-token signing key).
   */
  secrets?: Array<'providers' | 'jwt'>;
  /** Sends email (SES, from the stage's emailFrom identity). */
  email?: true;
  /**
   * Other resources: 'queueStats' (the queues' and their dead-letter queues' depths), 'workflowFailures' (the
   * state machine's failed executions).
   */
  reads?: Array<'queueStats' | 'workflowFailures'>;
  /** Internal functions the code invokes and waits for (infra/internal-functions.ts): their names, lambda:InvokeFunction. */
  invokes?: InternalFunctionName[];
}

/**
 * The provider credentials the stage's provider secret holds (docs/deployment.md, "Secrets"): in AWS a function
 * sees them only when it declares the secret; the local stage hides them from the other handlers too.
 */
export const PROVIDER_KEYS = [
  'META_APP_ID',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'META_CONFIG_ID',
  'INSTAGRAM_APP_ID',
  'INSTAGRAM_APP_SECRET',
  'TIKTOK_BUSINESS_APP_ID',
  'TIKTOK_BUSINESS_SECRET',
  'TIKTOK_CLIENT_KEY',
  'TIKTOK_CLIENT_SECRET',
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'OPENAI_API_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PRICE_PREMIUM',
  'STRIPE_PRICE_ULTRA',
] as const;

/** Where a function finds the stage's provider secret's name; shared/runtime/load-provider-secrets.ts reads it. */
export const PROVIDER_SECRETS_NAME = 'PROVIDER_SECRETS_NAME';

/** The environment names each resource brings, in both runtimes (CDK sets them, the local stage keeps only them). */
export const RESOURCE_ENVIRONMENT = {
  table: ['TABLE_NAME', 'DYNAMODB_ENDPOINT'],
  incomingMessages: ['INCOMING_QUEUE_URL'],
  browserLinkedIn: ['LINKEDIN_QUEUE_URL'],
  vault: ['KMS_KEY_ID', 'LOCAL_MASTER_KEY'],
  providers: [PROVIDER_SECRETS_NAME, ...PROVIDER_KEYS],
  jwt: ['JWT_SECRET_ARN', 'JWT_SECRET'],
  email: ['EMAIL_FROM'],
  queueStats: ['INCOMING_QUEUE_URL', 'LINKEDIN_QUEUE_URL', 'INCOMING_DLQ_URL', 'LINKEDIN_DLQ_URL'],
  workflowFailures: ['STATE_MACHINE_ARN'],
  sendHumanReply: ['SEND_HUMAN_REPLY_FUNCTION'],
  previewReply: ['PREVIEW_REPLY_FUNCTION'],
} as const satisfies Record<string, readonly string[]>;

/** Every environment name a declaration can grant: the ones a handler gets only when it declares them. */
export const RESOURCE_ENVIRONMENT_NAMES: ReadonlySet<string> = new Set(
  Object.values(RESOURCE_ENVIRONMENT).flat(),
);

/** The environment names `needs` grants. */
export function environmentNamesOf(needs: ResourceNeeds): Set<string> {
  const names: string[] = [];
  if (needs.table) names.push(...RESOURCE_ENVIRONMENT.table);
  for (const queue of needs.sendsTo ?? []) names.push(...RESOURCE_ENVIRONMENT[queue]);
  if (needs.vault) names.push(...RESOURCE_ENVIRONMENT.vault);
  for (const secret of needs.secrets ?? []) names.push(...RESOURCE_ENVIRONMENT[secret]);
  if (needs.email) names.push(...RESOURCE_ENVIRONMENT.email);
  for (const other of needs.reads ?? []) names.push(...RESOURCE_ENVIRONMENT[other]);
  for (const fn of needs.invokes ?? []) names.push(...RESOURCE_ENVIRONMENT[fn]);
  return new Set(names);
}

/**
 * One Lambda serving several manifest entries (a function URL answering GET and POST, collect-* schedules sharing
 * a handler) needs what any of them needs.
 */
export function mergeNeeds(list: ResourceNeeds[]): ResourceNeeds {
  const merged: ResourceNeeds = {};
  const union = <T>(values: Array<T[] | undefined>) => {
    const all = [...new Set(values.flatMap((value) => value ?? []))];
    return all.length ? all : undefined;
  };
  const tables = [...new Set(list.map((needs) => needs.table).filter((table) => table !== undefined))];
  // Two different modes ('read' and 'write') together are both.
  if (tables.length > 0) merged.table = tables.length === 1 ? tables[0] : 'readWrite';
  const sendsTo = union(list.map((needs) => needs.sendsTo));
  if (sendsTo) merged.sendsTo = sendsTo;
  if (list.some((needs) => needs.vault === 'seal')) merged.vault = 'seal';
  else if (list.some((needs) => needs.vault === 'open')) merged.vault = 'open';
  const secrets = union(list.map((needs) => needs.secrets));
  if (secrets) merged.secrets = secrets;
  if (list.some((needs) => needs.email)) merged.email = true;
  const reads = union(list.map((needs) => needs.reads));
  if (reads) merged.reads = reads;
  const invokes = union(list.map((needs) => needs.invokes));
  if (invokes) merged.invokes = invokes;
  return merged;
}
