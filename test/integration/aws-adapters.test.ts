import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MotoServer, startMotoServer } from '../../infra/local/moto-server';
import { SqsQueuePoller } from '../../infra/local/sqs-queue-poller';
import { KmsKeyProvider } from '../../shared/adapters/kms/kms-key-provider';
import { LambdaFunctionInvoker } from '../../shared/adapters/lambda/lambda-function-invoker';
import { SqsPublisher } from '../../shared/adapters/queue/sqs-publisher';
import { SqsQueueStats } from '../../shared/adapters/queue/sqs-queue-stats';
import { jwtSecret, resetJwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { SfnWorkflowFailures } from '../../shared/adapters/workflow/sfn-workflow-failures';
import { resetConfig } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '../../shared/observability/metric-names';
import {
  countMetric,
  countStepFailure,
  publishMetrics,
  setMetricsOutput,
} from '../../shared/observability/metrics';
import { TokenVault, VaultError } from '../../shared/services/vault/token-vault';
import { captureStdout } from '../support/capture-stdout';

/**
 * The project's AWS adapters, unchanged, against moto's `moto_server` (an AWS emulator written by others, run as a
 * separate process over HTTP): every rule asserted here is enforced by the emulator, not by code of ours.
 * moto starts with SF_EXECUTION_HISTORY_TYPE=FAILURE so that Step Functions executions end FAILED
 * (https://docs.getmoto.org/en/latest/docs/services/stepfunctions.html); no other service reads it.
 */
const REGION = 'eu-west-3';
let moto: MotoServer;
let config: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};
beforeAll(async () => {
  moto = await startMotoServer({ env: { SF_EXECUTION_HISTORY_TYPE: 'FAILURE' } });
  config = {
    endpoint: moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'flowia-test', secretAccessKey: 'flowia-test' },
  };
  // For the adapters that build their own clients (the JWT secret, the provider-secrets loader).
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'flowia-test';
  process.env.AWS_SECRET_ACCESS_KEY = 'flowia-test';
  process.env.AWS_REGION = REGION;
  resetConfig();
});
afterAll(async () => {
  await moto?.stop();
});

let queueCounter = 0;
async function createQueue(
  sqs: SQSClient,
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {},
) {
  queueCounter += 1;
  const name = `flowia-test-${queueCounter}`;
  const { QueueUrl: deadLetterUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes!.QueueArn,
          maxReceiveCount: options.maxReceiveCount ?? 5,
        }),
      },
    }),
  );
  return { url: url!, deadLetterUrl: deadLetterUrl! };
}

async function receiveAll(sqs: SQSClient, url: string, expected: number) {
  const bodies: unknown[] = [];
  for (let round = 0; round < 20 && bodies.length < expected; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    bodies.push(...Messages.map((m) => JSON.parse(m.Body!)));
  }
  return bodies;
}

describe('Class: SqsPublisher', () => {
  describe('Method: publish', () => {
    it('sends 23 messages in batches of at most 10 (SQS refuses 11 in one batch), bodies as JSON', async () => {
      // Prepare
      const sqs = new SQSClient(config);
      const { url } = await createQueue(sqs);
      const publisher = new SqsPublisher(sqs, { incomingMessages: url, browserLinkedIn: undefined });
      const messages = Array.from({ length: 23 }, (_, i) => ({
        id: `m${i}`,
        body: { n: i, text: `é ${i}` },
      }));

      // Act
      await publisher.publish('incomingMessages', messages);
      const received = await receiveAll(sqs, url, 23);

      // Assess
      expect((received as Array<{ n: number }>).map((b) => b.n).sort((a, b) => a - b)).toEqual(
        messages.map((m) => m.body.n),
      );
      expect(received).toContainEqual({ n: 7, text: 'é 7' });
      // The emulator enforces the limit the publisher splits for.
      await expect(
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: '{}' })),
          }),
        ),
      ).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
      sqs.destroy();
    });

    it('fails with an error naming the queue when the queue does not exist, or has no URL', async () => {
      // Prepare
      const sqs = new SQSClient(config);
      const missing = `${moto.endpoint}/123456789012/flowia-no-such-queue`;
      const publisher = new SqsPublisher(sqs, { incomingMessages: missing, browserLinkedIn: undefined });

      // Act
      const gone = await publisher
        .publish('incomingMessages', [{ id: '1', body: {} }])
        .catch((e: Error) => e);
      const unset = await publisher
        .publish('browserLinkedIn', [{ id: '1', body: {} }])
        .catch((e: Error) => e);

      // Assess
      expect(gone).toMatchObject({ message: `The incomingMessages queue does not exist: ${missing}` });
      expect((gone as Error).cause).toMatchObject({ name: 'QueueDoesNotExist' });
      expect(unset).toMatchObject({ message: 'No URL configured for queue browserLinkedIn' });
      sqs.destroy();
    });
  });
});

describe("Class: SqsQueuePoller (the AWS-emulated stage's consumer)", () => {
  describe('Method: start', () => {
    it('deletes what succeeded and leaves a failed record to SQS: redelivered, then moved to the DLQ', async () => {
      // Prepare: visibility 1 s and 2 receives, so SQS's own redelivery and redrive happen quickly
      const sqs = new SQSClient(config);
      const { url, deadLetterUrl } = await createQueue(sqs, {
        maxReceiveCount: 2,
        visibilityTimeoutSeconds: 1,
      });
      await new SqsPublisher(sqs, { incomingMessages: url, browserLinkedIn: undefined }).publish(
        'incomingMessages',
        [
          { id: '1', body: { job: 'fine' } },
          { id: '2', body: { job: 'poison' } },
        ],
      );
      const receives: Array<{ job: string; count: string }> = [];
      const poller = new SqsQueuePoller({
        queue: 'incomingMessages',
        url,
        client: new SQSClient(config),
        region: REGION,
        batchSize: 10,
        concurrency: 1,
        process: async (records) => {
          const failures = new Map<string, { error: string; cause: string }>();
          for (const record of records) {
            const { job } = JSON.parse(record.body) as { job: string };
            receives.push({ job, count: record.attributes.ApproximateReceiveCount });
            expect(record.eventSourceARN).toMatch(/^arn:aws:sqs:.*:flowia-test-\d+$/);
            if (job === 'poison') failures.set(record.messageId, { error: 'Boom', cause: 'always fails' });
          }
          return failures;
        },
      });

      // Act
      await poller.start();
      await poller.idle();
      await poller.stop();

      // Assess
      expect(receives.filter((r) => r.job === 'fine')).toEqual([{ job: 'fine', count: '1' }]);
      expect(receives.filter((r) => r.job === 'poison').map((r) => r.count)).toEqual(['1', '2']);
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, MaxNumberOfMessages: 10 }),
      );
      expect(Messages.map((m) => JSON.parse(m.Body!))).toEqual([{ job: 'poison' }]);
      sqs.destroy();
    });
  });
});

describe('Class: SqsQueueStats', () => {
  describe('Method: depth', () => {
    it("reads visible, in-flight and dead-letter counts from SQS's counters", async () => {
      // Prepare: 4 messages; the first received once and let go (maxReceiveCount 1), then a receive of two:
      // SQS moves the first to the DLQ instead of delivering it again, two are in flight, one stays visible.
      const sqs = new SQSClient(config);
      const { url, deadLetterUrl } = await createQueue(sqs, { maxReceiveCount: 1 });
      await new SqsPublisher(sqs, { incomingMessages: url, browserLinkedIn: undefined }).publish(
        'incomingMessages',
        [1, 2, 3, 4].map((n) => ({ id: String(n), body: { n } })),
      );
      const once = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, VisibilityTimeout: 0 }),
      );
      expect(once.Messages).toHaveLength(1);
      const twice = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, VisibilityTimeout: 300 }),
      );
      expect(twice.Messages?.map((m) => m.MessageId)).not.toContain(once.Messages![0]!.MessageId);
      const stats = new SqsQueueStats(sqs, {
        incomingMessages: { url, deadLetterUrl },
        browserLinkedIn: { url: undefined, deadLetterUrl: undefined },
      });

      // Act
      const depth = await stats.depth('incomingMessages');
      const unconfigured = await stats.depth('browserLinkedIn');

      // Assess
      expect(depth).toEqual({
        queue: 'incomingMessages',
        configured: true,
        visible: 1,
        inFlight: 2,
        deadLetter: 1,
      });
      expect(unconfigured).toEqual({
        queue: 'browserLinkedIn',
        configured: false,
        visible: null,
        inFlight: null,
        deadLetter: null,
      });
      sqs.destroy();
    });
  });
});

describe('Class: KmsKeyProvider', () => {
  const ctx = { workspaceId: 'ws-kms', provider: 'meta' };
  let kms: KMSClient;
  let keyId: string;
  beforeAll(async () => {
    kms = new KMSClient(config);
    keyId = (await kms.send(new CreateKeyCommand({ Description: 'flowia test vault' }))).KeyMetadata!.Arn!;
  });
  afterAll(() => kms.destroy());

  describe('Method: generateDataKey / unwrapDataKey', () => {
    it('seals with a KMS data key and opens it again under the same workspace and provider', async () => {
      // Prepare
      const vault = new TokenVault(new KmsKeyProvider(kms, keyId));

      // Act
      const sealed = await vault.sealJson(ctx, { pageAccessToken: 'EAAP-secret-page-token' });
      const opened = await vault.openJson(ctx, sealed);

      // Assess
      expect(opened).toEqual({ pageAccessToken: 'EAAP-secret-page-token' });
      expect(JSON.stringify(sealed)).not.toContain('EAAP-secret-page-token');
    });

    it("refuses another workspace's or provider's context: KMS's Decrypt itself rejects the data key", async () => {
      // Prepare
      const provider = new KmsKeyProvider(kms, keyId);
      const vault = new TokenVault(provider);
      const sealed = await vault.seal(ctx, 'secret');

      // Act
      const otherWorkspace = await provider
        .unwrapDataKey(sealed.wrappedKey, { ...ctx, workspaceId: 'ws-other' })
        .catch((e: Error) => e);
      const otherProvider = await provider
        .unwrapDataKey(sealed.wrappedKey, { ...ctx, provider: 'youtube' })
        .catch((e: Error) => e);

      // Assess
      expect(otherWorkspace).toMatchObject({ name: 'InvalidCiphertextException' });
      expect(otherProvider).toMatchObject({ name: 'InvalidCiphertextException' });
      await expect(vault.open({ ...ctx, workspaceId: 'ws-other' }, sealed)).rejects.toBeInstanceOf(
        VaultError,
      );
    });

    it('rejects a tampered wrapped key, and a key that does not exist', async () => {
      // Prepare
      const vault = new TokenVault(new KmsKeyProvider(kms, keyId));
      const sealed = await vault.seal(ctx, 'secret');
      const blob = Buffer.from(sealed.wrappedKey, 'base64');
      blob[blob.length - 1]! ^= 1;

      // Act
      const tampered = await vault
        .open(ctx, { ...sealed, wrappedKey: blob.toString('base64') })
        .catch((e: Error) => e);
      const missing = await new TokenVault(new KmsKeyProvider(kms, 'alias/flowia-missing'))
        .seal(ctx, 'x')
        .catch((e: Error) => e);

      // Assess
      expect(tampered).toBeInstanceOf(VaultError);
      expect(missing).toMatchObject({ name: 'NotFoundException' });
    });
  });
});

describe('Function: jwtSecret (JWT_SECRET_ARN)', () => {
  it('reads the signing key once from Secrets Manager, and retries after a failure', async () => {
    // Prepare
    const secrets = new SecretsManagerClient(config);
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: 'flow-ia/test/jwt', SecretString: 'hs256-key-from-secrets-manager' }),
    );
    secrets.destroy();
    delete process.env.JWT_SECRET;
    process.env.JWT_SECRET_ARN = `${ARN!.slice(0, -6)}XXXXXX`;
    resetConfig();
    resetJwtSecret();

    // Act
    const failed = jwtSecret();
    await expect(failed).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    process.env.JWT_SECRET_ARN = ARN!;
    resetConfig();
    const key = await jwtSecret();

    // Assess
    expect(new TextDecoder().decode(key)).toBe('hs256-key-from-secrets-manager');
    expect(await jwtSecret()).toBe(key);
    delete process.env.JWT_SECRET_ARN;
    resetConfig();
    resetJwtSecret();
  });
});

describe('Module: load-provider-secrets (imported first by every Lambda entry)', () => {
  const load = async (name: string | undefined) => {
    vi.resetModules();
    if (name) process.env.PROVIDER_SECRETS_NAME = name;
    else delete process.env.PROVIDER_SECRETS_NAME;
    try {
      await import('../../shared/runtime/load-provider-secrets');
    } finally {
      delete process.env.PROVIDER_SECRETS_NAME;
    }
  };

  it('fills process.env from the stage secret before handlers load, never overriding infrastructure names', async () => {
    // Prepare
    const secrets = new SecretsManagerClient(config);
    await secrets.send(
      new CreateSecretCommand({
        Name: 'flow-ia/test/providers',
        SecretString: JSON.stringify({ META_APP_SECRET: 'meta-from-secret', TABLE_NAME: 'hijacked' }),
      }),
    );
    await secrets.send(new CreateSecretCommand({ Name: 'flow-ia/test/broken', SecretString: 'not json' }));
    secrets.destroy();
    delete process.env.META_APP_SECRET;
    process.env.TABLE_NAME = 'flowia-real-table';

    // Act
    await load('flow-ia/test/providers');

    // Assess
    expect(process.env.META_APP_SECRET).toBe('meta-from-secret');
    expect(process.env.TABLE_NAME).toBe('flowia-real-table');
    // A missing secret means "no provider configured"; a malformed one stops the cold start with its reason.
    await expect(load('flow-ia/test/absent')).resolves.toBeUndefined();
    await expect(load('flow-ia/test/broken')).rejects.toMatchObject({ name: 'ProviderSecretsError' });
    delete process.env.META_APP_SECRET;
    delete process.env.TABLE_NAME;
  });
});

describe('Class: LambdaFunctionInvoker', () => {
  /**
   * moto's Lambda without Docker (config `lambda.use_docker: false`,
   * https://docs.getmoto.org/en/latest/docs/services/lambda.html) runs no code: an invocation answers the next
   * result queued through /moto-api/static/lambda-simple/response, else the request itself. What it checks is
   * ours: the request is a valid Invoke of a function created with an IAM role, the payload crosses as bytes.
   */
  async function motoApi(path: string, body: unknown) {
    const response = await fetch(`${moto.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(201);
  }
  /** IAM's query API (moto routes an unsigned request by its credential scope). */
  async function createRole(name: string): Promise<string> {
    const response = await fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=flowia-test/20261204/${REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({
        Action: 'CreateRole',
        Version: '2010-05-08',
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    });
    const arn = /<Arn>(.*?)<\/Arn>/.exec(await response.text())?.[1];
    if (!arn) throw new Error('moto created no role');
    return arn;
  }

  describe('Method: invoke', () => {
    it('invokes a deployed function and reads its value, or rethrows the AppError it answered', async () => {
      // Prepare: an internal function deployed with its role; two answers queued, as the function would return.
      await motoApi('/moto-api/config', { lambda: { use_docker: false } });
      const lambda = new LambdaClient(config);
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'flowia-test-preview-reply',
          Role: await createRole('flowia-test-preview-reply'),
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          // An empty zip archive (end-of-central-directory record only): moto runs no code.
          Code: { ZipFile: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]) },
        }),
      );
      const error = { status: 402, code: 'plan_required', message: 'AI replies need Premium.' };
      await motoApi('/moto-api/static/lambda-simple/response', {
        region: REGION,
        results: [
          JSON.stringify({ ok: true, value: { reply: 'Bonjour', score: 40 } }),
          JSON.stringify({ ok: false, error }),
        ],
      });
      const invoker = new LambdaFunctionInvoker(lambda, (name) =>
        name === 'previewReply' ? 'flowia-test-preview-reply' : undefined,
      );
      const request = { workspaceId: 'w-1', text: 'Prix ?' } as never;

      // Act
      const value = await invoker.invoke('previewReply', request);
      const failure = await invoker.invoke('previewReply', request).catch((e: unknown) => e);

      // Assess
      expect(value).toEqual({ reply: 'Bonjour', score: 40 });
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject(error);
      lambda.destroy();
    });
  });
});

describe('Class: SfnWorkflowFailures', () => {
  describe('Method: recentFailures', () => {
    it('lists the FAILED executions of the state machine, newest first, and only those', async () => {
      // Prepare: with SF_EXECUTION_HISTORY_TYPE=FAILURE moto ends executions FAILED; a stopped one is ABORTED
      const sfn = new SFNClient(config);
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'flow-ia-test-message-processing',
          roleArn: 'arn:aws:iam::123456789012:role/flowia-test-workflow',
          definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
        }),
      );
      const started: string[] = [];
      for (const name of ['exec-1', 'exec-2', 'exec-3'])
        started.push(
          (await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '[]' }))).executionArn!,
        );
      await sfn.send(new StopExecutionCommand({ executionArn: started[1] }));
      const source = new SfnWorkflowFailures(sfn, stateMachineArn);

      // Act
      const result = await source.recentFailures(10);
      const unconfigured = await new SfnWorkflowFailures(sfn, undefined).recentFailures(10);

      // Assess
      expect(result).toMatchObject({ source: 'stepfunctions', configured: true, note: null });
      expect(result.failures.map((f) => f.id).sort()).toEqual(['exec-1', 'exec-3']);
      expect(result.failures.every((f) => typeof f.startedAt === 'string')).toBe(true);
      expect(unconfigured).toMatchObject({ configured: false, note: 'STATE_MACHINE_ARN is not set' });
      sfn.destroy();
    });
  });
});

describe('Path: EMF metrics → CloudWatch → the dashboard', () => {
  it("lands the functions' EMF metrics where the dashboard's metric definitions look for them", async () => {
    // Prepare: what the functions write to stdout in Lambda
    setMetricsOutput(true);
    const capture = captureStdout();
    try {
      countMetric(MetricName.MessagesProcessed);
      countMetric(MetricName.MessagesProcessed);
      countMetric(MetricName.DmsSent);
      publishMetrics();
      countStepFailure('send');
    } finally {
      capture.restore();
      setMetricsOutput(undefined);
    }

    // Act: CloudWatch's extraction of EMF documents, by the specification
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
    // each directive's metrics, valued from the root member of the same name, with each dimension set.
    const cloudwatch = new CloudWatchClient(config);
    const documents = capture.json().filter((line) => typeof line._aws === 'object') as Array<
      Record<string, unknown> & {
        _aws: {
          Timestamp: number;
          CloudWatchMetrics: Array<{
            Namespace: string;
            Dimensions: string[][];
            Metrics: Array<{ Name: string; Unit?: string }>;
          }>;
        };
      }
    >;
    expect(documents.length).toBeGreaterThanOrEqual(2);
    for (const document of documents)
      for (const directive of document._aws.CloudWatchMetrics)
        for (const dimensionSet of directive.Dimensions)
          await cloudwatch.send(
            new PutMetricDataCommand({
              Namespace: directive.Namespace,
              MetricData: directive.Metrics.map((metric) => ({
                MetricName: metric.Name,
                Unit: (metric.Unit ?? 'None') as 'Count',
                // A member is a number or an array of numbers, each one a value.
                Values: [document[metric.Name]].flat().map(Number),
                Timestamp: new Date(document._aws.Timestamp),
                Dimensions: dimensionSet.map((name) => ({ Name: name, Value: String(document[name]) })),
              })),
            }),
          );

    // Assess: the dashboard's custom() metric (namespace, name, dimensionsMap { service }) and its SEARCH
    const sum = async (name: string) => {
      const { Datapoints = [] } = await cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: METRICS_NAMESPACE,
          MetricName: name,
          Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
          StartTime: new Date(Date.now() - 3_600_000),
          EndTime: new Date(Date.now() + 3_600_000),
          Period: 300,
          Statistics: ['Sum'],
        }),
      );
      return Datapoints.reduce((total, point) => total + (point.Sum ?? 0), 0);
    };
    expect(await sum(MetricName.MessagesProcessed)).toBe(2);
    expect(await sum(MetricName.DmsSent)).toBe(1);
    const { Metrics = [] } = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: METRICS_NAMESPACE, MetricName: MetricName.StepFailures }),
    );
    expect(Metrics.flatMap((m) => m.Dimensions ?? [])).toContainEqual({ Name: 'Step', Value: 'send' });
    cloudwatch.destroy();
  });
});
