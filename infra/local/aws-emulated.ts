import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '../../shared/services/queue/ports';
import { queueSettings } from '../queues';

export interface AwsEmulatedResources {
  /** The environment that points the project's own AWS adapters at the endpoint's resources. */
  env: Record<string, string>;
  banner: string[];
}

const DAY_SECONDS = 24 * 3600;
const QUEUE_NAMES: Record<QueueName, string> = {
  incomingMessages: 'incoming-messages',
  browserLinkedIn: 'browser-linkedin',
};

/**
 * The AWS-emulated local stage (FLOWIA_AWS_ENDPOINT, e.g. moto_server): creates, or finds from an earlier start,
 * what the data stack deploys in AWS — both queues with their dead-letter queues and redrive policies (from the
 * queue manifest), the vault's KMS key, the JWT signing secret — and returns the environment that sends the
 * unchanged adapters there: the SDK's service-specific endpoint variables
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html), the queue URLs, KMS_KEY_ID and
 * JWT_SECRET_ARN, exactly the names CDK sets on the Lambdas.
 */
export async function provisionAwsEndpoint(
  endpoint: string,
  options: { stage: string; region: string; jwtSecret: string },
): Promise<AwsEmulatedResources> {
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'flowia-local',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'flowia-local',
  };
  const clientConfig = { endpoint, region: options.region, credentials, maxAttempts: 2 };
  const sqs = new SQSClient(clientConfig);
  const kms = new KMSClient(clientConfig);
  const secrets = new SecretsManagerClient(clientConfig);
  const prefix = `flow-ia-${options.stage}`;
  try {
    const queue = async (name: QueueName) => {
      const settings = queueSettings[name];
      const base = `${prefix}-${QUEUE_NAMES[name]}`;
      const { QueueUrl: deadLetterUrl } = await sqs.send(
        new CreateQueueCommand({
          QueueName: `${base}-dlq`,
          Attributes: { MessageRetentionPeriod: String(settings.deadLetterRetentionDays * DAY_SECONDS) },
        }),
      );
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
      );
      const { QueueUrl: url } = await sqs.send(
        new CreateQueueCommand({
          QueueName: base,
          Attributes: {
            VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
            MessageRetentionPeriod: String(settings.retentionDays * DAY_SECONDS),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: Attributes?.QueueArn,
              maxReceiveCount: settings.maxReceiveCount,
            }),
          },
        }),
      );
      if (!url || !deadLetterUrl) throw new Error(`${endpoint} created no URL for the ${name} queue`);
      return { url, deadLetterUrl };
    };
    const incoming = await queue('incomingMessages');
    const linkedIn = await queue('browserLinkedIn');

    const alias = `alias/${prefix}-vault`;
    let keyArn: string | undefined;
    try {
      keyArn = (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.Arn;
    } catch (error) {
      if ((error as Error).name !== 'NotFoundException') throw error;
      const created = await kms.send(
        new CreateKeyCommand({
          Description: `Flow IA ${options.stage}: envelope key for provider tokens and cookies`,
        }),
      );
      keyArn = created.KeyMetadata?.Arn;
      await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyArn }));
    }
    if (!keyArn) throw new Error(`${endpoint} returned no KMS key for ${alias}`);

    const secretName = `${prefix}/jwt-secret`;
    let secretArn: string | undefined;
    try {
      secretArn = (await secrets.send(new DescribeSecretCommand({ SecretId: secretName }))).ARN;
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      secretArn = (
        await secrets.send(new CreateSecretCommand({ Name: secretName, SecretString: options.jwtSecret }))
      ).ARN;
    }
    if (!secretArn) throw new Error(`${endpoint} returned no ARN for the secret ${secretName}`);

    return {
      env: {
        AWS_ENDPOINT_URL_SQS: endpoint,
        AWS_ENDPOINT_URL_KMS: endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        INCOMING_QUEUE_URL: incoming.url,
        INCOMING_DLQ_URL: incoming.deadLetterUrl,
        LINKEDIN_QUEUE_URL: linkedIn.url,
        LINKEDIN_DLQ_URL: linkedIn.deadLetterUrl,
        KMS_KEY_ID: keyArn,
        JWT_SECRET_ARN: secretArn,
      },
      banner: [
        `AWS endpoint ${endpoint}: SQS (${prefix}-incoming-messages and ${prefix}-browser-linkedin, each with its DLQ), KMS (${alias}), Secrets Manager (${secretName})`,
      ],
    };
  } finally {
    sqs.destroy();
    kms.destroy();
    secrets.destroy();
  }
}
