import { dedupeKeyOf, type IncomingMessageInput } from '../../domain/messages/incoming-message';
import {
  advanceWatermark,
  formatWatermark,
  isNewerThan,
  parseWatermark,
} from '../../domain/social/watermark';
import {
  YOUTUBE_UNIT_COSTS,
  type YouTubeOperation,
  youtubeQuotaDay,
  youtubeQuotaResetsAt,
} from '../../domain/social/youtube-quota';
import { AppError, NotFoundError, ProviderError } from '../../errors';
import type { AccountHealthReporter } from '../account-health/ports';
import { socialAccountId } from '../social/account-ids';
import { connectedAccount } from '../social/connected-account';
import { OAuthCredentialKeeper, type OAuthCredentials, type SecretSealer } from '../social/credentials';
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
import {
  type GoogleTokenSet,
  type QuotaUnitLedger,
  YouTubeApiError,
  type YouTubeApiPort,
  type YouTubeComment,
} from './ports';

export interface YouTubeServiceOptions {
  /** Account health: an expired or revoked grant moves the account to needs_reconnect and notifies. */
  health: Pick<AccountHealthReporter, 'markNeedsReconnect'>;
  dailyQuotaUnits: number;
  refreshMarginMs: number;
  /** Comment thread pages (100 threads each, 1 unit each) read per collection run. */
  pagesPerRun?: number;
  now?: () => Date;
}

const ACTIONABLE_DAYS = 7;
const YOUTUBE_COMMENT_MAX_CHARS = 10_000;
const NO_DM_EXPLANATION =
  'YouTube has no direct messages; Flow IA can only reply publicly under the comment.';

/**
 * YouTube as a SocialProvider: Google OAuth with offline access (refresh tokens sealed, refreshed before
 * expiry; invalid_grant → needs_reconnect), comment collection on the channel, replies under comments, and
 * the Data API's unit quota counted per workspace and Pacific day before each call, so one busy workspace
 * stops at its budget instead of exhausting the project's quota for everyone.
 */
export class YouTubeService implements SocialProvider {
  readonly name = 'youtube' as const;
  readonly capabilities = { dm: false, commentReply: true, privateReply: false, collect: true };
  readonly oauth: OAuthConnector;
  private readonly keeper: OAuthCredentialKeeper;
  private readonly now: () => Date;

  constructor(
    private readonly api: YouTubeApiPort,
    private readonly store: SocialAccountStore,
    vault: SecretSealer,
    private readonly ledger: QuotaUnitLedger,
    private readonly options: YouTubeServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.keeper = new OAuthCredentialKeeper(
      'youtube',
      store,
      vault,
      (credentials) => this.refreshTokens(credentials),
      options.refreshMarginMs,
      options.health,
      this.now,
    );
    this.oauth = {
      authorizationUrl: (request) => this.api.authorizationUrl(request),
      connect: (request) => this.connect(request),
    };
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    if (message.action !== 'reply') return failedSend('not_supported', NO_DM_EXPLANATION);
    // Replies attach to the thread's top-level comment; a thread's id is that comment's id.
    const parentId = message.recipient.conversationId ?? message.recipient.commentId;
    if (!parentId) return invalid('A YouTube reply needs the comment it answers.');
    try {
      const reply = await this.reply(account, parentId, message.text);
      return { status: 'sent', providerMessageId: reply.id };
    } catch (error) {
      const failure = sendFailureOf(error);
      if (failure) return { status: 'failed', failure };
      throw error;
    }
  }

  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    const watermark = parseWatermark(cursor);
    const channelId = account.externalId;
    const fresh: YouTubeComment[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < (this.options.pagesPerRun ?? 5); page++) {
      const result = await this.api_(account, 'commentThreads.list', (token) =>
        this.api.commentThreads(token, { channelId, maxResults: 100, ...(pageToken ? { pageToken } : {}) }),
      );
      let reachedOld = false;
      for (const thread of result.items) {
        for (const comment of [thread.topLevelComment, ...thread.replies]) {
          if (comment.authorChannelId === channelId) continue;
          if (isNewerThan(watermark, stamp(comment))) fresh.push(comment);
        }
        if (watermark && Date.parse(thread.topLevelComment.publishedAt) < watermark.time) reachedOld = true;
      }
      // order=time: once a page reaches threads older than the watermark, later pages are older still.
      if (reachedOld || !result.nextPageToken) break;
      pageToken = result.nextPageToken;
    }
    const next = advanceWatermark(watermark, fresh.map(stamp));
    return {
      messages: fresh.map((c) => this.toMessage(account, c)),
      nextCursor: formatWatermark(next) ?? cursor,
    };
  }

  refreshCredentials(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    return this.keeper.refreshIfExpiring(account);
  }

  async comments(
    account: SocialAccount,
    request: { videoId?: string | undefined; cursor?: string | undefined; limit: number },
  ) {
    const page = await this.api_(account, 'commentThreads.list', (token) =>
      this.api.commentThreads(token, {
        ...(request.videoId ? { videoId: request.videoId } : { channelId: account.externalId }),
        maxResults: Math.min(request.limit, 100),
        ...(request.cursor ? { pageToken: request.cursor } : {}),
      }),
    );
    return { items: page.items, nextCursor: page.nextPageToken };
  }

  async activities(account: SocialAccount, request: { cursor?: string | undefined; limit: number }) {
    const page = await this.api_(account, 'activities.list', (token) =>
      this.api.activities(token, {
        channelId: account.externalId,
        maxResults: Math.min(request.limit, 50),
        ...(request.cursor ? { pageToken: request.cursor } : {}),
      }),
    );
    return { items: page.items, nextCursor: page.nextPageToken };
  }

  async reply(account: SocialAccount, parentId: string, text: string): Promise<YouTubeComment> {
    if (text.trim().length === 0) throw new AppError(400, 'validation_failed', 'A reply needs some text.');
    if ([...text].length > YOUTUBE_COMMENT_MAX_CHARS)
      throw new AppError(
        400,
        'validation_failed',
        `A YouTube comment is limited to ${YOUTUBE_COMMENT_MAX_CHARS} characters.`,
      );
    return this.api_(account, 'comments.insert', (token) => this.api.reply(token, parentId, text));
  }

  async quota(workspaceId: string) {
    const now = this.now();
    return {
      unitsUsedToday: await this.ledger.used(workspaceId, youtubeQuotaDay(now)),
      dailyLimit: this.options.dailyQuotaUnits,
      resetsAt: youtubeQuotaResetsAt(now).toISOString(),
    };
  }

  async account(workspaceId: string, accountId: string): Promise<SocialAccount> {
    const account = await this.store.get(workspaceId, accountId);
    if (account?.provider !== 'youtube') throw new NotFoundError('YouTube account not found.');
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
    if (!tokens.refreshToken)
      throw new AppError(
        400,
        'validation_failed',
        'Google gave no refresh token; remove Flow IA from your Google account’s third-party access and connect again.',
      );
    await this.spend(request.workspaceId, 'channels.list');
    const channel = await this.translate(() => this.api.myChannel(tokens.accessToken));
    const credentials = credentialsOf(tokens);
    const id = socialAccountId('youtube', channel.id);
    const existing = await this.store.get(request.workspaceId, id);
    const account = connectedAccount(
      {
        id,
        workspaceId: request.workspaceId,
        provider: 'youtube',
        platform: 'youtube',
        externalId: channel.id,
        displayName: channel.title,
        sealedCredentials: await this.keeper.seal(request.workspaceId, credentials),
        tokenExpiresAt: credentials.expiresAt,
        details: { scope: tokens.scope },
      },
      existing,
      this.now(),
    );
    await this.store.put(account);
    return account;
  }

  private async refreshTokens(credentials: OAuthCredentials): Promise<OAuthCredentials> {
    const tokens = await this.translate(() => this.api.refresh(credentials.refreshToken ?? ''));
    return credentialsOf({ ...tokens, refreshToken: tokens.refreshToken ?? credentials.refreshToken });
  }

  /** Spends the operation's units, then calls with a fresh token; the API's own quotaExceeded closes the day. */
  private async api_<T>(
    account: SocialAccount,
    operation: YouTubeOperation,
    fn: (token: string) => Promise<T>,
  ): Promise<T> {
    return this.keeper.withAccessToken(account, async (token) => {
      await this.spend(account.workspaceId, operation);
      return this.translate(fn.bind(null, token), account.workspaceId);
    });
  }

  private async spend(workspaceId: string, operation: YouTubeOperation): Promise<void> {
    const day = youtubeQuotaDay(this.now());
    const allowed = await this.ledger.tryConsume(
      workspaceId,
      day,
      YOUTUBE_UNIT_COSTS[operation],
      this.options.dailyQuotaUnits,
    );
    if (!allowed)
      throw this.quotaError(
        `This workspace has used its YouTube quota for today (${this.options.dailyQuotaUnits.toLocaleString('en-US')} units); it resets at midnight Pacific time.`,
      );
  }

  private quotaError(message: string): ProviderRateLimitedError {
    const now = this.now();
    const seconds = Math.ceil((youtubeQuotaResetsAt(now).getTime() - now.getTime()) / 1000);
    return new ProviderRateLimitedError('youtube', seconds, message);
  }

  private async translate<T>(fn: () => Promise<T>, workspaceId?: string): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof YouTubeApiError)) throw error;
      switch (error.kind) {
        case 'auth':
          throw new AccountReconnectRequiredError(
            'youtube',
            error.reason === 'invalid_grant'
              ? 'Google says the authorization has expired or was revoked.'
              : 'Google no longer accepts this connection.',
          );
        case 'quota':
          if (workspaceId)
            await this.ledger.exhaust(workspaceId, youtubeQuotaDay(this.now()), this.options.dailyQuotaUnits);
          throw this.quotaError(
            'YouTube reports that the daily API quota is used up; it resets at midnight Pacific time.',
          );
        case 'rate_limited':
          throw new ProviderRateLimitedError(
            'youtube',
            60,
            'YouTube is limiting how often Flow IA may call it; try again in a minute.',
          );
        case 'comments_disabled':
          throw new AppError(400, 'validation_failed', 'Comments are turned off for this video.');
        case 'invalid_request':
          throw new AppError(400, 'validation_failed', `YouTube rejected the request: ${error.message}`);
        case 'forbidden':
          throw new AppError(403, 'forbidden', `YouTube refused: ${error.message}`);
        default:
          throw new ProviderError('youtube', `YouTube failed: ${error.message}`);
      }
    }
  }

  private toMessage(account: SocialAccount, comment: YouTubeComment): IncomingMessageInput {
    const occurred = Date.parse(comment.publishedAt);
    return {
      dedupeKey: dedupeKeyOf('youtube', 'comment', comment.id),
      workspaceId: account.workspaceId,
      accountId: account.id,
      platform: 'youtube',
      kind: 'comment',
      platformMessageId: comment.id,
      // The thread (its top-level comment) is where a reply goes.
      conversationId: comment.parentId ?? comment.id,
      mediaId: comment.videoId,
      parentId: comment.parentId,
      author: { platformUserId: comment.authorChannelId, username: null, displayName: comment.authorName },
      text: comment.text,
      occurredAt: new Date(occurred).toISOString(),
      source: 'collector',
      actionable: this.now().getTime() - occurred < ACTIONABLE_DAYS * 86_400_000,
      correlationId: `collect-${account.id}`,
    };
  }
}

const stamp = (comment: YouTubeComment) => ({ id: comment.id, time: Date.parse(comment.publishedAt) });

const credentialsOf = (tokens: GoogleTokenSet): OAuthCredentials => ({
  accessToken: tokens.accessToken,
  refreshToken: tokens.refreshToken,
  expiresAt: tokens.expiresAt,
  refreshExpiresAt: null,
  scope: tokens.scope,
});

const invalid = (explanation: string) => failedSend('invalid_request', explanation);
