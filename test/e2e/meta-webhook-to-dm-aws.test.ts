import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../infra/local/moto-server';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { metaWebhookToDmSuite } from './meta-webhook-to-dm.suite';

/**
 * The same path on the AWS-emulated stage (FLOWIA_AWS_ENDPOINT): the webhook publishes to SQS with SqsPublisher,
 * the workflow is fed by SQS as the Pipe feeds it, tokens are wrapped by KMS and the JWT key read from Secrets
 * Manager — all served by moto_server, with the project's adapters unchanged.
 */
let moto: MotoServer;
const region = 'eu-west-3';
const aws = () => ({
  endpoint: moto.endpoint,
  region,
  credentials: { accessKeyId: 'flowia-local', secretAccessKey: 'flowia-local' },
});
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

const path = metaWebhookToDmSuite('SQS, KMS and Secrets Manager on moto', () => ({
  FLOWIA_AWS_ENDPOINT: moto.endpoint,
}));

describe('Stage: AWS-emulated (FLOWIA_AWS_ENDPOINT)', () => {
  it('runs the workflow and the LinkedIn worker from SQS, and signs sessions with the Secrets Manager key', () => {
    const banner = path.stage.banner.join('\n');
    expect(banner).toContain(`AWS endpoint ${moto.endpoint}: SQS`);
    expect(banner).toContain(`fed by incomingMessages: SQS at ${process.env.INCOMING_QUEUE_URL}`);
    expect(banner).toContain(`fed by browserLinkedIn: SQS at ${process.env.LINKEDIN_QUEUE_URL}`);
    expect(process.env).toMatchObject({ FLOWIA_LOCAL_TRANSPORT: '0', AWS_ENDPOINT_URL_SQS: moto.endpoint });
    expect(process.env.JWT_SECRET).toBeUndefined();
    expect(process.env.LOCAL_MASTER_KEY).toBeUndefined();
    expect(process.env.JWT_SECRET_ARN).toMatch(/^arn:aws:secretsmanager:/);
  });

  it('carried the messages through SQS: the queue and its DLQ are empty, every message deleted', async () => {
    const sqs = new SQSClient(aws());
    for (const url of [process.env.INCOMING_QUEUE_URL, process.env.INCOMING_DLQ_URL]) {
      expect(url).toContain(moto.endpoint);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(Attributes).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
    }
    sqs.destroy();
    const status = await path.stage.api.get('/health');
    expect(status.body.checks['queue.incomingMessages']).toBe('ok');
  });

  it("sealed the Instagram token under a KMS data key bound to the workspace's context", async () => {
    const accounts = await path.stage.api.get('/social-accounts', {
      token: path.owner.accessToken,
      workspaceId: path.owner.workspaceId,
    });
    const accountId = accounts.body.items[0].id as string;
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.socialAccount(path.owner.workspaceId, accountId) }),
    );
    const kms = new KMSClient(aws());
    const blob = Buffer.from(Item!.sealedCredentials.wrappedKey, 'base64');
    const decrypted = await kms.send(
      new DecryptCommand({
        CiphertextBlob: blob,
        EncryptionContext: { workspaceId: path.owner.workspaceId, provider: 'meta' },
      }),
    );
    expect(decrypted.KeyId).toBe(process.env.KMS_KEY_ID);
    expect(decrypted.Plaintext).toHaveLength(32);
    kms.destroy();
  });
});
