import { timingSafeEqual } from 'node:crypto';
import { dedupeKeyOf } from '../../domain/messages/dedupe-key';
import { type IncomingMessage, incomingMessageSchema } from '../../domain/messages/incoming-message';
import { isValidHubSignature } from '../../domain/meta/hub-signature';
import { type MetaEvent, metaWebhookSchema, normaliseMetaWebhook } from '../../domain/meta/webhook-events';
import { InvalidJsonError, UnauthorizedError, ValidationError } from '../../errors';
import { logger } from '../../observability/logger';
import { zodDetails } from '../../schemas/validation';
import type { AccountHealthReporter } from '../account-health/ports';
import type { QueuePublisher } from '../queue/ports';
import type { ClaimingSocialAccountStore } from '../social/claiming-account-store';
import type { SocialAccount } from '../social/ports';
import type { MentionedCommentReader } from './ports';

export interface MetaWebhookSettings {
  /** Flow IA's own Meta app (META_APP_ID): its echoes are its own sends, dropped here. */
  appId: string;
  appSecret: string;
  verifyToken: string;
  /**
   * INSTAGRAM_APP_SECRET: webhooks of accounts connected through the Instagram Login are signed with the
   * Instagram app's secret (the "Instagram app secret" of the dashboard's Instagram Login settings), so a
   * delivery signed with either secret is Meta's.
   */
  instagramAppSecret?: string | undefined;
}

export interface WebhookReceipt {
  published: number;
  skipped: number;
}

/**
 * The Meta webhook: verify, normalise, route to the one workspace that owns the Page or Instagram account (its
 * claim), and put everything on the `incomingMessages` queue in ONE publish, so Meta gets its 200 quickly and
 * the workflow does the slow work. Redeliveries carry the same ids, so they produce the same dedupeKey and the
 * interaction logger drops them.
 *
 * Only an `active` account receives events. One that needs reconnecting (its token was revoked, e.g. its admin
 * lost access to the Page) or is paused gets nothing new: the event is acknowledged and dropped here, so no lead,
 * phone number or reply comes from it. The conversation stays on Meta: once a current member reconnects the
 * account, the recovery backfill reads what arrived meanwhile from the Graph API (comments and conversations
 * since the collector's position) through the same queue and dedupe.
 */
export class MetaWebhookService {
  constructor(
    private readonly accounts: Pick<ClaimingSocialAccountStore, 'ownerOf'>,
    private readonly publisher: QueuePublisher,
    private readonly settings: MetaWebhookSettings,
    private readonly health: Pick<AccountHealthReporter, 'recordEvent'>,
    private readonly mentions?: MentionedCommentReader,
  ) {}

  /** GET hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → the challenge, or undefined (403). */
  verifySubscription(query: Record<string, string | undefined>): string | undefined {
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (query['hub.mode'] !== 'subscribe' || !token || !challenge) return undefined;
    const expected = Buffer.from(this.settings.verifyToken);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given) ? challenge : undefined;
  }

  async receive(
    rawBody: Buffer,
    signature: string | undefined,
    correlationId: string,
  ): Promise<WebhookReceipt> {
    // The signature is checked on the raw bytes before anything parses them.
    const { appSecret, instagramAppSecret } = this.settings;
    if (
      !isValidHubSignature(rawBody, signature, appSecret) &&
      !(instagramAppSecret && isValidHubSignature(rawBody, signature, instagramAppSecret))
    )
      throw new UnauthorizedError('The X-Hub-Signature-256 signature is missing or wrong.');
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new InvalidJsonError();
    }
    const parsed = metaWebhookSchema.safeParse(json);
    if (!parsed.success) throw new ValidationError('Not a Meta webhook payload.', zodDetails(parsed.error));

    const { events, ignored } = normaliseMetaWebhook(parsed.data);
    // Reactions and media-only messages are not interactions Flow IA answers: visible in the logs, nothing more.
    for (const item of ignored) logger.info('meta webhook event ignored', { ...item });
    const owners = new Map<string, Promise<SocialAccount | undefined>>();
    const unique = new Map<string, IncomingMessage>();
    const touched = new Map<string, SocialAccount>();
    let skipped = 0;
    for (const event of events) {
      // Echoes of what Flow IA itself sent: already in the thread as send records.
      if (event.echo && event.echo.appId === this.settings.appId) continue;
      const key = `${event.platform}#${event.accountExternalId}`;
      if (!owners.has(key)) owners.set(key, this.accounts.ownerOf(event.platform, event.accountExternalId));
      const owner = await owners.get(key)!;
      if (owner?.provider !== 'meta' || owner.status !== 'active') {
        logger.warn(
          owner
            ? 'meta webhook for an account that is not active: skipped'
            : 'meta webhook for an unknown account: skipped',
          {
            platform: event.platform,
            externalAccountId: event.accountExternalId,
            ...(owner ? { accountId: owner.id, status: owner.status } : {}),
          },
        );
        skipped += 1;
        continue;
      }
      const message = toIncoming(
        event.mention ? await this.withMention(event, owner) : event,
        owner,
        correlationId,
      );
      unique.set(`${owner.workspaceId}#${owner.id}#${message.dedupeKey}`, message);
      touched.set(`${owner.workspaceId}#${owner.id}`, owner);
    }
    const messages = [...unique.values()];
    if (messages.length > 0)
      await this.publisher.publish(
        'incomingMessages',
        messages.map((body, i) => ({ id: `m${i}`, body })),
      );
    // "Last event received" shows the user the connection is alive: at most one write a minute per account.
    await Promise.all([...touched.values()].map((account) => this.health.recordEvent(account)));
    return { published: messages.length, skipped };
  }

  /**
   * A comment @mention arrives as two ids: its text and its author's username are read from Meta before it is
   * queued (mentions are rare, and a scenario needs the words). When Meta cannot be read it is queued without text,
   * the comment standing for its author, so it is still logged; a redelivery has the same dedupe key.
   */
  private async withMention(event: MetaEvent, owner: SocialAccount): Promise<MetaEvent> {
    const fallback = {
      ...event,
      author: { ...event.author, platformUserId: `mention:${event.platformMessageId}` },
    };
    if (!this.mentions) return fallback;
    try {
      const comment = await this.mentions.read(owner, event.platformMessageId);
      if (!comment) return fallback;
      return {
        ...event,
        text: comment.text,
        // Meta gives no Instagram-scoped id for a mention's author: the username stands for them.
        author: {
          platformUserId: comment.username ? `@${comment.username}` : fallback.author.platformUserId,
          username: comment.username,
          displayName: null,
        },
      };
    } catch (error) {
      logger.warn('meta mention not read: queued without its text', {
        error: error as Error,
        accountId: owner.id,
      });
      return fallback;
    }
  }
}

function toIncoming(event: MetaEvent, account: SocialAccount, correlationId: string): IncomingMessage {
  return incomingMessageSchema.parse({
    dedupeKey: dedupeKeyOf(event.platform, event.kind, event.platformMessageId),
    workspaceId: account.workspaceId,
    accountId: account.id,
    platform: event.platform,
    kind: event.kind,
    platformMessageId: event.platformMessageId,
    conversationId: event.conversationId,
    mediaId: event.mediaId,
    parentId: event.parentId,
    ...(event.live ? { live: true } : {}),
    ...(event.mention ? { mention: true } : {}),
    story: event.story,
    author: event.author,
    text: event.text.slice(0, 10_000),
    payload: event.payload ?? null,
    occurredAt: event.occurredAt,
    source: 'webhook',
    actionable: true,
    correlationId: correlationId.slice(0, 128),
    ...(event.echo ? { echo: event.echo } : {}),
    ...(event.receipt ? { receipt: event.receipt } : {}),
  });
}
