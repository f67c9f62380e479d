import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import { advanceWatermark, isNewerThan } from '../../domain/social/watermark';
import { formatYouTubeCursor, parseYouTubeCursor } from '../../domain/social/youtube-cursor';
import {
  YOUTUBE_UNIT_COSTS,
  type YouTubeOperation,
  type YouTubeSpendPurpose,
} from '../../domain/social/youtube-quota';
import { AppError } from '../../errors';
import type { GoogleTokenSet } from '../../services/google/ports';
import type { OAuthCredentials, SecretSealer } from '../../services/social/credentials';
import type {
  CollectResult,
  OutgoingMessage,
  SendResult,
  SocialAccount,
  SocialAccountStore,
} from '../../services/social/ports';
import { failedSend, ProviderRateLimitedError } from '../../services/social/provider-errors';
import type { YouTubeBudget } from '../../services/youtube/youtube-budget';
import { OAuthCommentProvider, type OAuthCommentProviderOptions } from '../social/oauth-comment-provider';
import { YouTubeApiError, type YouTubeApiPort, type YouTubeComment, type YouTubeThread } from './ports';

export interface YouTubeProviderOptions extends OAuthCommentProviderOptions {
  /** Comment thread pages (100 threads each, 1 unit each) read per poll. */
  pagesPerRun?: number;
}

/** A poll reads thread pages back this far past the watermark, to find new replies under older comments. */
const REPLY_LOOKBACK_MS = 7 * 86_400_000;
const YOUTUBE_COMMENT_MAX_CHARS = 10_000;
const NO_DM_EXPLANATION =
  'YouTube has no direct messages; Flow IA can only reply publicly under the comment.';

/**
 * YouTube as a SocialProvider: Google OAuth with offline access (refresh tokens sealed, refreshed before
 * expiry; invalid_grant → needs_reconnect), comment collection on the channel (with every reply, fetched with
 * comments.list when a thread carries only some), replies under comments, and the Data API's units counted
 * before each call against the project's day and the workspace's fair share of it (YouTubeBudget), with
 * adaptive polling so quiet channels cost little.
 */
export class YouTubeProvider extends OAuthCommentProvider {
  readonly capabilities = { dm: false, commentReply: true, privateReply: false, collect: true };

  constructor(
    private readonly api: YouTubeApiPort,
    store: SocialAccountStore,
    vault: SecretSealer,
    private readonly budget: YouTubeBudget,
    private readonly options: YouTubeProviderOptions,
  ) {
    super('youtube', 'YouTube', store, vault, options);
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    if (message.action !== 'reply') return failedSend('not_supported', NO_DM_EXPLANATION);
    // Replies attach to the thread's top-level comment; a thread's id is that comment's id.
    const parentId = message.recipient.conversationId ?? message.recipient.commentId;
    if (!parentId) return invalid('A YouTube reply needs the comment it answers.');
    return this.sendReply(async () => (await this.reply(account, parentId, message.text)).id);
  }

  /**
   * One poll, when due (YouTubeBudget.pollDue: adaptive interval, never while the project is paused). Reads thread
   * pages newest first, back to REPLY_LOOKBACK_MS past the watermark, completes each thread whose replies are only
   * partly included (and changed since its last full fetch), and keeps what is newer than the watermark. When the
   * budget runs out mid-poll, what was read is returned and the watermark stays: the next poll reads again, the
   * completed threads are not fetched again, and the workflow's dedupe absorbs the repeats.
   */
  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    const state = parseYouTubeCursor(cursor);
    const due = await this.budget.pollDue(account.workspaceId, {
      lastPolledAt: state.polledAt,
      lastActivityAt: Date.parse(account.lastEventAt ?? account.connectedAt),
      unitsPerPoll: state.unitsPerPoll,
    });
    if (!due) return { messages: [], nextCursor: cursor };
    const { watermark } = state;
    const channelId = account.externalId;
    const replyCounts = { ...state.replyCounts };
    const fresh = new Map<string, YouTubeComment>();
    const recent: string[] = [];
    let units = 0;
    const call = <T>(operation: YouTubeOperation, fn: (token: string) => Promise<T>) => {
      units += YOUTUBE_UNIT_COSTS[operation];
      return this.api_(account, operation, 'polling', fn);
    };
    let complete = true;
    try {
      let pageToken: string | undefined;
      for (let page = 0; page < (this.options.pagesPerRun ?? 5); page++) {
        const result = await call('commentThreads.list', (token) =>
          this.api.commentThreads(token, { channelId, maxResults: 100, ...(pageToken ? { pageToken } : {}) }),
        );
        let pastLookback = false;
        for (const thread of result.items) {
          recent.push(thread.id);
          const replies = await this.allReplies(thread, replyCounts, call);
          for (const comment of [thread.topLevelComment, ...replies])
            if (comment.authorChannelId !== channelId && isNewerThan(watermark, stamp(comment)))
              fresh.set(comment.id, comment);
          if (
            watermark &&
            Date.parse(thread.topLevelComment.publishedAt) < watermark.time - REPLY_LOOKBACK_MS
          )
            pastLookback = true;
        }
        // order=time: once a page reaches threads older than the lookback, later pages are older still.
        if (pastLookback || !result.nextPageToken) break;
        pageToken = result.nextPageToken;
      }
    } catch (error) {
      if (!(error instanceof ProviderRateLimitedError)) throw error;
      complete = false;
    }
    const comments = [...fresh.values()];
    const next = complete ? advanceWatermark(watermark, comments.map(stamp)) : watermark;
    return {
      messages: comments.map((c) => this.toMessage(account, c)),
      nextCursor: formatYouTubeCursor(
        { watermark: next, polledAt: this.now().getTime(), unitsPerPoll: Math.max(1, units), replyCounts },
        recent,
      ),
    };
  }

  /**
   * A thread's replies: the included ones when they are all there (totalReplyCount), otherwise every page of
   * comments.list?parentId= — unless the count has not moved since the last full fetch.
   */
  private async allReplies(
    thread: YouTubeThread,
    replyCounts: Record<string, number>,
    call: <T>(operation: YouTubeOperation, fn: (token: string) => Promise<T>) => Promise<T>,
  ): Promise<YouTubeComment[]> {
    if (thread.totalReplyCount <= thread.replies.length) {
      delete replyCounts[thread.id];
      return thread.replies;
    }
    if (replyCounts[thread.id] === thread.totalReplyCount) return thread.replies;
    const replies = new Map(thread.replies.map((reply) => [reply.id, reply]));
    let pageToken: string | undefined;
    do {
      const page = await call('comments.list', (token) =>
        this.api.replies(token, {
          parentId: thread.id,
          maxResults: 100,
          ...(pageToken ? { pageToken } : {}),
        }),
      );
      for (const reply of page.items)
        replies.set(reply.id, { ...reply, videoId: reply.videoId ?? thread.videoId });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    replyCounts[thread.id] = thread.totalReplyCount;
    return [...replies.values()];
  }

  async comments(
    account: SocialAccount,
    request: { videoId?: string | undefined; cursor?: string | undefined; limit: number },
  ) {
    const page = await this.api_(account, 'commentThreads.list', 'interactive', (token) =>
      this.api.commentThreads(token, {
        ...(request.videoId ? { videoId: request.videoId } : { channelId: account.externalId }),
        maxResults: Math.min(request.limit, 100),
        ...(request.cursor ? { pageToken: request.cursor } : {}),
      }),
    );
    return { items: page.items, nextCursor: page.nextPageToken };
  }

  async activities(account: SocialAccount, request: { cursor?: string | undefined; limit: number }) {
    const page = await this.api_(account, 'activities.list', 'interactive', (token) =>
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
    return this.api_(account, 'comments.insert', 'interactive', (token) =>
      this.api.reply(token, parentId, text),
    );
  }

  protected authorizationUrl(request: { state: string; redirectUri: string; codeChallenge: string }): string {
    return this.api.authorizationUrl(request);
  }

  protected async connect(request: {
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
    await this.budget.spend(request.workspaceId, 'channels.list', 'interactive');
    const channel = await this.translate(() => this.api.myChannel(tokens.accessToken));
    const account = await this.saveConnected({
      workspaceId: request.workspaceId,
      externalId: channel.id,
      displayName: channel.title,
      credentials: credentialsOf(tokens),
      details: { scope: tokens.scope },
    });
    await this.budget.recount();
    return account;
  }

  protected async refreshTokens(credentials: OAuthCredentials): Promise<OAuthCredentials> {
    const tokens = await this.translate(() => this.api.refresh(credentials.refreshToken ?? ''));
    return credentialsOf({ ...tokens, refreshToken: tokens.refreshToken ?? credentials.refreshToken });
  }

  /** Spends the operation's units, then calls with a fresh token; the API's own quotaExceeded pauses everyone. */
  private async api_<T>(
    account: SocialAccount,
    operation: YouTubeOperation,
    purpose: YouTubeSpendPurpose,
    fn: (token: string) => Promise<T>,
  ): Promise<T> {
    return this.keeper.withAccessToken(account, async (token) => {
      await this.budget.spend(account.workspaceId, operation, purpose);
      return this.translate(fn.bind(null, token));
    });
  }

  protected async errorOf(error: unknown): Promise<Error | undefined> {
    if (!(error instanceof YouTubeApiError)) return undefined;
    switch (error.kind) {
      case 'auth':
        return this.apiFailure({
          kind: 'auth',
          reason:
            error.reason === 'invalid_grant'
              ? 'Google says the authorization has expired or was revoked.'
              : 'Google no longer accepts this connection.',
        });
      case 'quota':
        return this.budget.pause();
      case 'rate_limited':
        return this.apiFailure({ kind: 'rate_limited', retryAfterSeconds: 60 });
      case 'comments_disabled':
        return new AppError(400, 'validation_failed', 'Comments are turned off for this video.');
      case 'forbidden':
        return new AppError(403, 'forbidden', `YouTube refused: ${error.message}`);
      case 'invalid_request':
        return this.apiFailure({ kind: 'invalid_request', message: error.message });
      default:
        return this.apiFailure({ kind: 'unavailable', message: error.message });
    }
  }

  private toMessage(account: SocialAccount, comment: YouTubeComment): IncomingMessageInput {
    return this.commentMessage(
      account,
      {
        id: comment.id,
        // The thread (its top-level comment) is where a reply goes.
        conversationId: comment.parentId ?? comment.id,
        mediaId: comment.videoId,
        parentId: comment.parentId,
        author: { platformUserId: comment.authorChannelId, username: null, displayName: comment.authorName },
        text: comment.text,
        occurredAt: new Date(Date.parse(comment.publishedAt)),
      },
      `collect-${account.id}`,
    );
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
