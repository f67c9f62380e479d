import { configSchema } from '../config';

/**
 * Provider keys (META_APP_SECRET, STRIPE_SECRET_KEY, OPENAI_API_KEY…) live in one Secrets Manager secret per
 * stage, `flow-ia/<stage>/providers`, a JSON object of env names → values. They are never written into the
 * CloudFormation template or the Lambda configuration; each function reads them once at cold start.
 * Only names the config schema knows are taken, and infrastructure names set by CDK are never overridden.
 */
const INFRASTRUCTURE = new Set([
  'STAGE',
  'TABLE_NAME',
  'DYNAMODB_ENDPOINT',
  'AWS_REGION',
  'KMS_KEY_ID',
  'LOCAL_MASTER_KEY',
  'INCOMING_QUEUE_URL',
  'LINKEDIN_QUEUE_URL',
  'STATE_MACHINE_ARN',
  'JWT_SECRET_ARN',
  'FLOWIA_LOCAL_TRANSPORT',
  'FLOWIA_AWS_ENDPOINT',
]);

export class ProviderSecretsError extends Error {
  override name = 'ProviderSecretsError';
}

/** Merges the secret's JSON into `env` (pure: returns the names it set). */
export function applyProviderSecrets(
  env: Record<string, string | undefined>,
  secretString: string,
): string[] {
  let values: unknown;
  try {
    values = JSON.parse(secretString);
  } catch {
    throw new ProviderSecretsError(
      'The provider secret is not a JSON object of environment names to values.',
    );
  }
  if (!values || typeof values !== 'object' || Array.isArray(values))
    throw new ProviderSecretsError(
      'The provider secret is not a JSON object of environment names to values.',
    );
  const known = new Set(Object.keys(configSchema.shape));
  const applied: string[] = [];
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    if (!known.has(name) || INFRASTRUCTURE.has(name) || typeof value !== 'string') continue;
    if (env[name] !== undefined && env[name] !== '') continue;
    env[name] = value;
    applied.push(name);
  }
  return applied;
}
