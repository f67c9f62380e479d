import { randomUUID } from 'node:crypto';
import { dedupeKeyOf, type IncomingMessageInput } from '../../domain/messages/incoming-message';
import {
  advanceWatermark,
  formatWatermark,
  isNewerThan,
  parseWatermark,
} from '../../domain/social/watermark';
import { AppError, NotFoundError, ProviderError } from '../../errors';
import type { AccountHealthReporter } from '../account-health/ports';
import { socialAccountId } from '../social/account-ids';
import { connectedAccount } from '../social/connected-account';
import {
  expiryFrom,
  OAuthCredentialKeeper,
  type OAuthCredentials,
  type SecretSealer,
} from '../social/credentials';
import type {
  CollectResult,
  OAuthConnector,
  OutgoingMessage,
  SendResult,
  SocialAccount,
  SocialAccountStore,
  SocialProvider,
} from '../social/ports';
import {
  AccountReconnectRequiredError,
  failedSend,
  ProviderRateLimitedError,
  sendFailureOf,
} from '../social/provider-errors';
import { TikTokApiError, type TikTokApiPort, type TikTokComment, type TikTokTokenSet } from './ports';

export interface TikTokServiceOptions {
  /** Account health: an expired or revoked grant moves the account to needs_reconnect and notifies. */
  health: Pick<AccountHealthReporter, 'markNeedsReconnect'>;
  authUrl: string;
  clientKey: string;
  refreshMarginMs: number;
  /** Videos scanned per collection run (most recent first) and comment pages read per video. */
  videosPerRun?: number;
  commentPagesPerVideo?: number;
  now?: () => Date;
}

/** Login Kit scopes: identity and the video list; comments go through the Business API with the same token. */
export const TIKTOK_SCOPES = ['user.info.basic', 'video.list'];
/** TikTok's limit on a comment reply (seen in Business API clients). */
export const TIKTOK_REPLY_MAX_CHARS = 150;
const ACTIONABLE_DAYS = 7;

const NO_DM_EXPLANATION =
  'TikTok offers no public API for direct messages, so Flow IA cannot send a TikTok DM; it replies publicly under the comment instead.';

/**
 * TikTok as a SocialProvider: Login Kit v2 OAuth (PKCE), tokens sealed and refreshed before expiry, comment
 * collection over the account's recent videos, and replies under comments. There is no DM: `dm` and
 * `private_reply` fail with not_supported and a sentence the user can read.
 */
export class TikTokService implements SocialProvider {
  readonly name = 'tiktok' as const;
  readonly capabilities = { dm: false, commentReply: true, privateReply: false, collect: true };
  readonly oauth: OAuthConnector;
  private readonly keeper: OAuthCredentialKeeper;
  private readonly now: () => Date;

  constructor(
    private readonly api: TikTokApiPort,
    private readonly store: SocialAccountStore,
    vault: SecretSealer,
    private readonly options: TikTokServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.keeper = new OAuthCredentialKeeper(
      'tiktok',
      store,
      vault,
      (credentials) => this.refreshTokens(credentials),
      options.refreshMarginMs,
      options.health,
      this.now,
    );
    this.oauth = {
      authorizationUrl: ({ state, redirectUri, codeChallenge }) => {
        const url = new URL('/v2/auth/authorize/', this.options.authUrl);
        url.search = new URLSearchParams({
          client_key: this.options.clientKey,
          scope: TIKTOK_SCOPES.join(','),
          response_type: 'code',
          redirect_uri: redirectUri,
          state,
          code_challenge: codeChallenge,
          code_challenge_method: 'S256',
        }).toString();
        return url.toString();
      },
      connect: (request) => this.connect(request),
    };
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    if (message.action !== 'reply') return failedSend('not_supported', NO_DM_EXPLANATION);
    const { commentId, mediaId } = message.recipient;
    if (!commentId || !mediaId)
      return invalid('A TikTok reply needs the comment id and the video id it belongs to.');
    if ([...message.text].length > TIKTOK_REPLY_MAX_CHARS)
      return invalid(`A TikTok comment reply is limited to ${TIKTOK_REPLY_MAX_CHARS} characters.`);
    try {
      const reply = await this.call(account, (token) =>
        this.api.replyToComment(token, {
          businessId: account.externalId,
          videoId: mediaId,
          commentId,
          text: message.text,
        }),
      );
      return { status: 'sent', providerMessageId: reply.commentId };
    } catch (error) {
      const failure = sendFailureOf(error);
      if (failure) return { status: 'failed', failure };
      throw error;
    }
  }

  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    const watermark = parseWatermark(cursor);
    const fresh: TikTokComment[] = [];
    await this.call(account, async (token) => {
      const { videos } = await this.api.listVideos(token, null, this.options.videosPerRun ?? 10);
      for (const video of videos) {
        if (video.commentCount === 0) continue;
        let page: number | null = 0;
        for (let n = 0; page !== null && n < (this.options.commentPagesPerVideo ?? 10); n++) {
          const result = await this.api.listComments(token, account.externalId, video.id, page, 30);
          for (const comment of result.comments)
            if (comment.userId !== account.externalId && isNewerThan(watermark, stamp(comment)))
              fresh.push(comment);
          page = result.cursor;
        }
      }
    });
    const next = advanceWatermark(watermark, fresh.map(stamp));
    return {
      messages: fresh.map((comment) => this.toMessage(account, comment)),
      nextCursor: formatWatermark(next) ?? cursor,
    };
  }

  refreshCredentials(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    return this.keeper.refreshIfExpiring(account);
  }

  /** Recent videos with their engagement counts (GET /social-accounts/tiktok/interactions). */
  async videos(account: SocialAccount, cursor: string | undefined, limit: number) {
    const page = await this.call(account, (token) =>
      this.api.listVideos(token, cursor ? Number(cursor) : null, Math.min(limit, 20)),
    );
    return {
      items: page.videos.map((v) => ({
        id: v.id,
        title: v.title,
        createdAt: new Date(v.createTime * 1000).toISOString(),
        shareUrl: v.shareUrl,
        viewCount: v.viewCount,
        likeCount: v.likeCount,
        commentCount: v.commentCount,
        shareCount: v.shareCount,
      })),
      nextCursor: page.cursor === null ? null : String(page.cursor),
    };
  }

  /** One page of a video's comments (GET /social-accounts/tiktok/comments). */
  async comments(account: SocialAccount, videoId: string, cursor: string | undefined, limit: number) {
    const page = await this.call(account, (token) =>
      this.api.listComments(
        token,
        account.externalId,
        videoId,
        cursor ? Number(cursor) : 0,
        Math.min(limit, 30),
      ),
    );
    return {
      items: page.comments.map((c) => ({
        id: c.commentId,
        videoId: c.videoId,
        parentId: c.parentCommentId,
        author: { platformUserId: c.userId, username: c.username, displayName: c.displayName },
        text: c.text,
        createdAt: new Date(c.createTime * 1000).toISOString(),
      })),
      nextCursor: page.cursor === null ? null : String(page.cursor),
    };
  }

  /** The workspace's TikTok account, or 404 (also for another provider's account id). */
  async account(workspaceId: string, accountId: string): Promise<SocialAccount> {
    const account = await this.store.get(workspaceId, accountId);
    if (account?.provider !== 'tiktok') throw new NotFoundError('TikTok account not found.');
    return account;
  }

  private async connect(request: {
    workspaceId: string;
    code: string;
    redirectUri: string;
    codeVerifier: string;
  }) {
    const tokens = await this.translate(() =>
      this.api.exchangeCode(request.code, request.redirectUri, request.codeVerifier),
    );
    const user = await this.translate(() => this.api.userInfo(tokens.accessToken));
    const credentials = this.credentialsOf(tokens);
    const id = socialAccountId('tiktok', user.openId);
    const existing = await this.store.get(request.workspaceId, id);
    const account = connectedAccount(
      {
        id,
        workspaceId: request.workspaceId,
        provider: 'tiktok',
        platform: 'tiktok',
        externalId: user.openId,
        displayName: user.displayName,
        sealedCredentials: await this.keeper.seal(request.workspaceId, credentials),
        tokenExpiresAt: credentials.expiresAt,
        details: { scope: tokens.scope, ...(user.username ? { username: user.username } : {}) },
      },
      existing,
      this.now(),
    );
    await this.store.put(account);
    return account;
  }

  private async refreshTokens(credentials: OAuthCredentials): Promise<OAuthCredentials> {
    const tokens = await this.translate(() => this.api.refresh(credentials.refreshToken ?? ''));
    return this.credentialsOf(tokens);
  }

  private credentialsOf(tokens: TikTokTokenSet): OAuthCredentials {
    const now = this.now();
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken || null,
      expiresAt: expiryFrom(now, tokens.expiresIn),
      refreshExpiresAt: expiryFrom(now, tokens.refreshExpiresIn),
      scope: tokens.scope,
    };
  }

  private call<T>(account: SocialAccount, fn: (token: string) => Promise<T>): Promise<T> {
    return this.keeper.withAccessToken(account, (token) => this.translate(() => fn(token)));
  }

  /** TikTok's errors → the project's: auth → reconnect, throttling → rate limited, the rest → provider error. */
  private async translate<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      switch (error.kind) {
        case 'auth':
          throw new AccountReconnectRequiredError(
            'tiktok',
            `TikTok no longer accepts this connection (${error.message.replace(/\.$/, '')}).`,
          );
        case 'rate_limited':
          throw new ProviderRateLimitedError(
            'tiktok',
            error.retryAfterSeconds ?? 60,
            'TikTok is limiting how often Flow IA may call it; try again in a minute.',
          );
        case 'invalid_request':
          throw new AppError(400, 'validation_failed', `TikTok rejected the request: ${error.message}`);
        default:
          throw new ProviderError('tiktok', `TikTok failed: ${error.message}`);
      }
    }
  }

  private toMessage(account: SocialAccount, comment: TikTokComment): IncomingMessageInput {
    const occurred = comment.createTime * 1000;
    return {
      dedupeKey: dedupeKeyOf('tiktok', 'comment', comment.commentId),
      workspaceId: account.workspaceId,
      accountId: account.id,
      platform: 'tiktok',
      kind: 'comment',
      platformMessageId: comment.commentId,
      conversationId: comment.videoId,
      mediaId: comment.videoId,
      parentId: comment.parentCommentId,
      author: {
        platformUserId: comment.userId,
        username: comment.username,
        displayName: comment.displayName,
      },
      text: comment.text,
      occurredAt: new Date(occurred).toISOString(),
      source: 'collector',
      actionable: this.now().getTime() - occurred < ACTIONABLE_DAYS * 86_400_000,
      correlationId: randomUUID(),
    };
  }
}

const stamp = (comment: TikTokComment) => ({ id: comment.commentId, time: comment.createTime * 1000 });

const invalid = (explanation: string) => failedSend('invalid_request', explanation);
