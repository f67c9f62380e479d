import { instagramRefreshDue } from '../../domain/accounts/instagram-token';
import { dedupeKeyOf } from '../../domain/messages/dedupe-key';
import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import { isStillAnswerable } from '../../domain/messages/messaging-window';
import { META_LIMITS, type MessageButton } from '../../domain/scenarios/actions';
import { logger } from '../../observability/logger';
import {
  type InstagramLoginCredentials,
  type InstagramLoginGateway,
  loginOf,
} from '../../services/meta/ports';
import type {
  CollectResult,
  OutgoingMessage,
  SendFailure,
  SendResult,
  SocialAccount,
  SocialAccountStore,
  SocialProvider,
} from '../../services/social/ports';
import { AccountReconnectRequiredError } from '../../services/social/provider-errors';
import type { TokenVault } from '../../services/vault/token-vault';
import { accountGraph } from './account-graph';
import { advance, type CollectCursor, isNew, parseCollectCursor } from './collect-cursor';
import { GraphApiError, type GraphClient } from './graph-client';

interface GraphList<T> {
  data: T[];
}
interface GraphComment {
  id: string;
  text?: string;
  timestamp: string;
  username?: string;
  from?: { id: string; username?: string };
  parent_id?: string;
}
interface GraphMessage {
  id: string;
  created_time: string;
  message?: string;
  from?: { id: string; username?: string; name?: string };
  /** https://developers.facebook.com/docs/messenger-platform/instagram/features/story-mention */
  story?: { mention?: { link?: string; id?: string } };
}

const MEDIA_PER_RUN = 25;
const COMMENTS_PER_MEDIA = 50;
const CONVERSATIONS_PER_RUN = 25;
const MESSAGES_PER_CONVERSATION = 50;

/**
 * Instagram and Facebook Pages through the Graph API, with the login each account came from: Facebook Login
 * accounts call graph.facebook.com with their Page token, Instagram Login accounts graph.instagram.com with their
 * Instagram User token (the same paths: /<IG_ID>/messages, /<comment-id>/replies, /<IG_ID>/media…,
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api).
 * Sends return a mapped failure instead of throwing or retrying; collection is incremental through a cursor of
 * "newest time seen + the ids at that time", so a run never re-imports what an earlier run queued.
 */
export class MetaProvider implements SocialProvider {
  readonly name = 'meta' as const;
  readonly capabilities = { dm: true, commentReply: true, privateReply: true, collect: true };

  /**
   * Facebook Login accounts are never refreshed: the Page tokens they send with do not expire, and a user token
   * is never re-exchanged. What ends (the app's data access) ends only with a new login, so the refresh schedule
   * skips them (`renews`) and the expiry warning tells the owner to reconnect before `tokenExpiresAt`. Instagram
   * Login tokens last 60 days and are refreshed by the schedule (`refreshDue`, `refreshCredentials`).
   */
  constructor(
    private readonly graph: GraphClient,
    private readonly vault: TokenVault,
    private readonly now: () => Date = () => new Date(),
    /** graph.instagram.com and the Instagram Login's token refresh, for the accounts of that login. */
    private readonly instagram?: {
      graph: GraphClient;
      login: Pick<InstagramLoginGateway, 'refresh'>;
      accounts: Pick<SocialAccountStore, 'update'>;
    },
  ) {}

  renews(account: SocialAccount): boolean {
    return loginOf(account) === 'instagram';
  }

  refreshDue(account: SocialAccount, now: Date): boolean {
    return (
      this.renews(account) &&
      instagramRefreshDue(
        { issuedAt: account.details.tokenIssuedAt ?? null, expiresAt: account.tokenExpiresAt },
        now,
      )
    );
  }

  /**
   * Instagram Login: GET graph.instagram.com/refresh_access_token with the long-lived token, sealed again with its
   * new expiry (60 days from now). Meta's 190 (expired, revoked) comes back as a GraphApiError whose failure is
   * auth_expired: the schedule moves the account to needs_reconnect.
   */
  async refreshCredentials(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    if (!this.renews(account) || !this.instagram)
      throw new AccountReconnectRequiredError('meta', 'This connection is renewed only by logging in again.');
    const { credentials } = await accountGraph(account, this.vault, this.graph, this.instagram.graph);
    if (credentials.login !== 'instagram')
      throw new AccountReconnectRequiredError(
        'meta',
        'The stored Instagram credentials are not a login token.',
      );
    const refreshed = await this.instagram.login.refresh(credentials.accessToken);
    const now = this.now();
    const sealed: InstagramLoginCredentials = {
      login: 'instagram',
      accessToken: refreshed.accessToken,
      expiresAt: refreshed.expiresInSeconds
        ? new Date(now.getTime() + refreshed.expiresInSeconds * 1000).toISOString()
        : null,
      issuedAt: now.toISOString(),
    };
    await this.instagram.accounts.update(account.workspaceId, account.id, {
      sealedCredentials: await this.vault.sealJson(
        { workspaceId: account.workspaceId, provider: 'meta' },
        sealed,
      ),
      tokenExpiresAt: sealed.expiresAt,
      details: { ...account.details, tokenIssuedAt: sealed.issuedAt },
      status: 'active',
      lastError: null,
    });
    return { tokenExpiresAt: sealed.expiresAt };
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    const isCommentReply = message.action === 'reply' && message.recipient.commentId !== null;
    // The messaging windows are the Sender's check (shared/domain/decisions/messaging-window.ts): a send that
    // reaches here goes to Graph, and what Graph refuses (#10, 2534022) maps to outside_window below.
    const request = this.sendRequest(account, message, isCommentReply);
    if ('failure' in request) return failed(request.failure);
    try {
      const { graph, token } = await this.open(account);
      const result = await graph.post<{ message_id?: string; id?: string }>(
        request.path,
        request.body,
        token,
      );
      const providerMessageId = result.message_id ?? result.id;
      if (!providerMessageId)
        return failed({
          code: 'invalid_request',
          retryable: false,
          explanation: 'Meta returned no message id',
        });
      return { status: 'sent', providerMessageId };
    } catch (error) {
      return failed(this.failureOf(account, error));
    }
  }

  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    const { graph, token } = await this.open(account);
    let position = parseCollectCursor(cursor);
    const messages: IncomingMessageInput[] = [];
    // A GraphApiError thrown here carries its mapped failure: the collector reports an auth failure to the
    // account health service.
    if (account.platform === 'instagram') {
      const comments = await this.collectComments(graph, account, token, position);
      messages.push(...comments.messages);
      position = comments.position;
    }
    const dms = await this.collectConversations(graph, account, token, position);
    messages.push(...dms.messages);
    position = dms.position;
    return { messages, nextCursor: JSON.stringify(position) };
  }

  private sendRequest(
    account: SocialAccount,
    message: OutgoingMessage,
    isCommentReply: boolean,
  ): { path: string; body: unknown } | { failure: SendFailure } {
    const pageId = account.details.pageId ?? account.externalId;
    const { commentId, platformUserId } = message.recipient;
    const text = messageBody(message);
    if (message.recipient.mention) {
      // The Mentions API is Facebook Login's only (an Instagram Login account receives no `mentions` webhook).
      if (loginOf(account) === 'instagram')
        return {
          failure: {
            code: 'not_supported',
            retryable: false,
            explanation: 'answering mentions needs the account connected through Facebook Login',
          },
        };
      // A comment that @mentions the account on someone else's post: only a public reply is documented, through
      // POST /{ig-user-id}/mentions with media_id, comment_id and message
      // (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/mentions).
      if (!isCommentReply || !commentId || !message.recipient.mediaId)
        return {
          failure: invalid('a mention is answered publicly, under the comment that mentions the account'),
        };
      return {
        path: `/${enc(account.externalId)}/mentions`,
        body: { media_id: message.recipient.mediaId, comment_id: commentId, message: message.text },
      };
    }
    if (message.action === 'private_reply') {
      if (!commentId) return { failure: invalid('a private reply needs the comment id') };
      return {
        path: `/${enc(pageId)}/messages`,
        body: { recipient: { comment_id: commentId }, message: text },
      };
    }
    if (isCommentReply && commentId) {
      // Instagram answers under a comment with /replies; a Facebook Page comments on the comment.
      const edge = account.platform === 'instagram' ? 'replies' : 'comments';
      return { path: `/${enc(commentId)}/${edge}`, body: { message: message.text } };
    }
    if (!platformUserId) return { failure: invalid('a direct message needs the recipient id') };
    // A human's reply past the 24-hour window goes with the HUMAN_AGENT tag (PROVIDERS.md §1.7,
    // https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages).
    const type =
      message.tag === 'HUMAN_AGENT'
        ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
        : { messaging_type: 'RESPONSE' };
    return {
      path: `/${enc(pageId)}/messages`,
      body: { recipient: { id: platformUserId }, ...type, message: text },
    };
  }

  private async collectComments(
    graph: GraphClient,
    account: SocialAccount,
    token: string,
    position: CollectCursor,
  ): Promise<{ messages: IncomingMessageInput[]; position: CollectCursor }> {
    const media = await graph.get<GraphList<{ id: string }>>(
      `/${enc(account.externalId)}/media`,
      { fields: 'id,timestamp', limit: MEDIA_PER_RUN },
      token,
    );
    const found: Array<{ id: string; time: string; message: IncomingMessageInput }> = [];
    for (const item of media.data) {
      const comments = await graph.get<GraphList<GraphComment>>(
        `/${enc(item.id)}/comments`,
        { fields: 'id,text,timestamp,username,from{id,username},parent_id', limit: COMMENTS_PER_MEDIA },
        token,
      );
      for (const comment of comments.data) {
        const authorId = comment.from?.id;
        const time = isoOf(comment.timestamp);
        if (!authorId || !time || authorId === account.externalId) continue;
        if (!isNew(position.comments, time, comment.id)) continue;
        found.push({
          id: comment.id,
          time,
          message: this.incoming(account, {
            kind: 'comment',
            platformMessageId: comment.id,
            conversationId: item.id,
            mediaId: item.id,
            parentId: comment.parent_id ?? null,
            author: {
              platformUserId: authorId,
              username: comment.from?.username ?? comment.username ?? null,
              displayName: null,
            },
            text: comment.text ?? '',
            occurredAt: time,
            actionable: isStillAnswerable('comment', time, this.now()),
          }),
        });
      }
    }
    return {
      messages: found.map((f) => f.message),
      position: { ...position, comments: advance(position.comments, found) },
    };
  }

  private async collectConversations(
    graph: GraphClient,
    account: SocialAccount,
    token: string,
    position: CollectCursor,
  ): Promise<{ messages: IncomingMessageInput[]; position: CollectCursor }> {
    const pageId = account.details.pageId ?? account.externalId;
    const own = new Set([account.externalId, pageId]);
    const conversations = await graph.get<GraphList<{ id: string; updated_time?: string }>>(
      `/${enc(pageId)}/conversations`,
      {
        platform: account.platform === 'instagram' ? 'instagram' : 'messenger',
        fields: 'id,updated_time',
        limit: CONVERSATIONS_PER_RUN,
      },
      token,
    );
    const found: Array<{ id: string; time: string; message: IncomingMessageInput }> = [];
    for (const conversation of conversations.data) {
      const updated = isoOf(conversation.updated_time);
      if (updated && position.messages.since && updated < position.messages.since) continue;
      const list = await graph.get<GraphList<GraphMessage>>(
        `/${enc(conversation.id)}/messages`,
        { fields: 'id,created_time,from,to,message,story', limit: MESSAGES_PER_CONVERSATION },
        token,
      );
      for (const item of list.data) {
        const time = isoOf(item.created_time);
        if (!item.from?.id || !time || own.has(item.from.id)) continue;
        if (!isNew(position.messages, time, item.id)) continue;
        const mention = item.story?.mention;
        const text = item.message ?? '';
        // Media, stickers or reactions without text are not messages to answer; a story mention is its own kind.
        if (!mention && text.trim() === '') {
          logger.info('meta collector: message without text ignored', {
            accountId: account.id,
            mid: item.id,
          });
          continue;
        }
        found.push({
          id: item.id,
          time,
          message: this.incoming(account, {
            kind: mention ? 'story_mention' : 'dm',
            platformMessageId: item.id,
            conversationId: conversation.id,
            mediaId: mention?.id ?? null,
            parentId: null,
            story: mention ? { id: mention.id ?? null, url: mention.link ?? null } : null,
            author: {
              platformUserId: item.from.id,
              username: item.from.username ?? null,
              displayName: item.from.name ?? null,
            },
            text,
            occurredAt: time,
            actionable: isStillAnswerable('dm', time, this.now()),
          }),
        });
      }
    }
    return {
      messages: found.map((f) => f.message),
      position: { ...position, messages: advance(position.messages, found) },
    };
  }

  private incoming(
    account: SocialAccount,
    fields: Omit<
      IncomingMessageInput,
      'dedupeKey' | 'workspaceId' | 'accountId' | 'platform' | 'source' | 'correlationId'
    >,
  ): IncomingMessageInput {
    return {
      ...fields,
      dedupeKey: dedupeKeyOf(account.platform, fields.kind, fields.platformMessageId),
      workspaceId: account.workspaceId,
      accountId: account.id,
      platform: account.platform,
      source: 'collector',
      correlationId: `collect-${account.id}`.slice(0, 128),
    };
  }

  private open(account: SocialAccount) {
    return accountGraph(account, this.vault, this.graph, this.instagram?.graph);
  }

  /** Mapped, not acted on: the sender reports an auth failure to the account health service. */
  private failureOf(account: SocialAccount, error: unknown): SendFailure {
    if (error instanceof GraphApiError) return error.failure;
    logger.error('meta send failed unexpectedly', { error: error as Error, accountId: account.id });
    return {
      code: 'auth_expired',
      retryable: false,
      explanation: 'the stored Meta credentials cannot be read: reconnect the account',
    };
  }
}

/**
 * The Send API's `message` (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages ,
 * and for Instagram https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies ,
 * https://developers.facebook.com/docs/instagram-messaging/button-template ,
 * https://developers.facebook.com/docs/instagram-messaging/generic-template): plain text; text with
 * `quick_replies`; a button template (`attachment.type: template`, `template_type: button`, the text above the
 * buttons, at most 640 characters: a longer AI-written text is cut); or a generic template of cards. The
 * scenario's limits were checked when it was saved (domain/scenarios/actions.ts).
 */
function messageBody(message: OutgoingMessage): Record<string, unknown> {
  const content = message.content;
  if (!content) return { text: message.text };
  if (content.elements.length > 0)
    return template({
      template_type: 'generic',
      elements: content.elements.map((card) => ({
        title: card.title,
        ...(card.subtitle ? { subtitle: card.subtitle } : {}),
        ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
        ...(card.url ? { default_action: { type: 'web_url', url: card.url } } : {}),
        ...(card.buttons.length > 0 ? { buttons: card.buttons.map(buttonBody) } : {}),
      })),
    });
  if (content.buttons.length > 0)
    return template({
      template_type: 'button',
      text: cut(message.text, META_LIMITS.buttonTemplateText),
      buttons: content.buttons.map(buttonBody),
    });
  if (content.quickReplies.length > 0)
    return {
      text: message.text,
      quick_replies: content.quickReplies.map((reply) =>
        reply.type === 'text'
          ? { content_type: 'text', title: reply.title, payload: reply.payload }
          : { content_type: reply.type },
      ),
    };
  return { text: message.text };
}

const template = (payload: Record<string, unknown>) => ({ attachment: { type: 'template', payload } });
const buttonBody = (button: MessageButton) =>
  button.type === 'web_url'
    ? { type: 'web_url', url: button.url, title: button.title }
    : { type: 'postback', title: button.title, payload: button.payload };
const cut = (text: string, max: number) =>
  [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;

const enc = encodeURIComponent;
const failed = (failure: SendFailure): SendResult => ({ status: 'failed', failure });
const invalid = (explanation: string): SendFailure => ({
  code: 'invalid_request',
  retryable: false,
  explanation,
});

/** Graph times look like 2026-11-25T10:00:00+0000; everything we store is ISO 8601 UTC with milliseconds. */
function isoOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
