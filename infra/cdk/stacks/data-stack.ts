import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { GLOBAL_INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from '../../../shared/adapters/dynamo/table';
import { type QueueSettings, queueSettings } from '../../queues';
import { NagSuppressions } from '../nag';
import type { StageConfig } from '../stage-config';

/** The single table, the KMS key that wraps every token and cookie's data key, and the JWT signing secret. */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly vaultKey: Key;
  readonly jwtSecret: Secret;
  /** Webhooks and collectors → the message-processing workflow (via an EventBridge Pipe). */
  readonly incomingMessages: Queue;
  /** LinkedIn browser work → the Chromium container Lambda. */
  readonly browserLinkedIn: Queue;

  constructor(scope: Construct, id: string, stage: StageConfig, props?: StackProps) {
    super(scope, id, props);
    this.vaultKey = new Key(this, 'VaultKey', {
      description: `Flow IA ${stage.stage}: envelope key for provider tokens and cookies`,
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEY.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEY.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: stage.isProd },
      deletionProtection: stage.deletionProtection,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: stage.removalPolicy,
      globalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });
    if (!stage.isProd)
      NagSuppressions.addResourceSuppressions(this.table, [
        {
          id: 'AwsSolutions-DDB3',
          reason: 'Point-in-time recovery is on in prod only; non-prod tables hold test data.',
        },
      ]);
    this.jwtSecret = new Secret(this, 'JwtSecret', {
      description: `Flow IA ${stage.stage}: HS256 key for access tokens`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: stage.removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(this.jwtSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the HS256 key logs every user out; it is rotated by hand during a maintenance window (docs/deployment.md).',
      },
    ]);
    this.incomingMessages = this.queueWithDlq('IncomingMessages', stage, queueSettings.incomingMessages);
    this.browserLinkedIn = this.queueWithDlq('BrowserLinkedIn', stage, queueSettings.browserLinkedIn);
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }

  /**
   * A queue and its dead-letter queue, as the queue manifest (infra/queues.ts) says: after maxReceiveCount failed
   * receives a message moves to the DLQ with the failure visible in the workflow's logs.
   */
  private queueWithDlq(id: string, stage: StageConfig, settings: QueueSettings): Queue {
    const deadLetter = new Queue(this, `${id}Dlq`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(settings.deadLetterRetentionDays),
      removalPolicy: stage.removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(deadLetter, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue.' },
    ]);
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(settings.retentionDays),
      deadLetterQueue: { queue: deadLetter, maxReceiveCount: settings.maxReceiveCount },
      removalPolicy: stage.removalPolicy,
    });
  }
}
