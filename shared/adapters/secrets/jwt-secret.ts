import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../../config';

let secret: Promise<Uint8Array> | undefined;

/**
 * The HS256 key for access tokens: JWT_SECRET when set (the local stage generates one into .local/),
 * otherwise fetched once per container from Secrets Manager (JWT_SECRET_ARN, created by the CDK data stack).
 */
export function jwtSecret(): Promise<Uint8Array> {
  secret ??= load().catch((error) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

async function load(): Promise<Uint8Array> {
  const { JWT_SECRET, JWT_SECRET_ARN, AWS_REGION } = config();
  if (JWT_SECRET) return new TextEncoder().encode(JWT_SECRET);
  if (!JWT_SECRET_ARN) throw new Error('JWT_SECRET or JWT_SECRET_ARN must be set');
  const client = new SecretsManagerClient({ region: AWS_REGION });
  const result = await client.send(new GetSecretValueCommand({ SecretId: JWT_SECRET_ARN }));
  if (!result.SecretString) throw new Error('The JWT secret is empty');
  return new TextEncoder().encode(result.SecretString);
}

export function resetJwtSecret(): void {
  secret = undefined;
}
