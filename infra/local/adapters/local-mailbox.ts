import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../../../shared/adapters/dynamo/client';
import * as keys from '../../../shared/adapters/dynamo/keys';
import { type EmailMessage, linksOf } from '../../../shared/domain/email/messages';
import type { EmailSender } from '../../../shared/services/email/ports';

/** A message of the simulated mailbox, as GET /_local/mailbox lists it. */
export interface MailboxItem {
  to: string;
  subject: string;
  text: string;
  links: string[];
  sentAt: string;
}

const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * The local stage's email provider: nothing leaves the machine, each message is kept in the table (so it survives
 * a restart like the rest of the stage's data) for the developer console and GET /_local/mailbox to show — which
 * is how a developer, the demo and the tests open verification and invitation links. Never wired in AWS.
 */
export class DynamoLocalMailbox implements EmailSender {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async send(message: EmailMessage): Promise<void> {
    const sentAt = this.now().toISOString();
    const id = randomUUID();
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.localMail(sentAt, id),
          ...keys.localMailByRecipient(message.to, sentAt, id),
          type: 'localMail',
          to: message.to.toLowerCase(),
          subject: message.subject,
          text: message.text,
          sentAt,
          ttl: Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }

  /** Newest first: one recipient's messages, or everyone's. */
  async list(to: string | undefined, limit: number): Promise<MailboxItem[]> {
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        ...(to
          ? {
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.localMailOf(to) },
            }
          : {
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.localMailPartition() },
            }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({
      to: item.to as string,
      subject: item.subject as string,
      text: item.text as string,
      links: linksOf(item.text as string),
      sentAt: item.sentAt as string,
    }));
  }
}
