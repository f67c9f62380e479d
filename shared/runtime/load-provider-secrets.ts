/**
 * Imported first by every Lambda's generated entry (infra/cdk/bundling.ts): its top-level await fills
 * process.env from the provider secret before any handler module is evaluated, so config() — read synchronously
 * everywhere — already sees the keys. Never imported by the local stage, which uses env directly.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { applyProviderSecrets } from './provider-secrets';

const name = process.env.PROVIDER_SECRETS_NAME;
if (name) {
  const client = new SecretsManagerClient({ region: process.env.AWS_REGION });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: name }));
    if (SecretString) applyProviderSecrets(process.env, SecretString);
  } catch (error) {
    // A missing secret means "no provider configured": routes answer 503 provider_not_configured, never crash.
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  } finally {
    client.destroy();
  }
}
