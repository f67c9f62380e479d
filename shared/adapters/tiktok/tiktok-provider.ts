import { randomUUID } from 'node:crypto';
import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import {
  advanceWatermark,
  formatWatermark,
  isNewerThan,
  parseWatermark,
} from '../../domain/social/watermark';
import { AppError, ProviderError } from '../../errors';
import { expiryFrom, type OAuthCredentials, type SecretSealer } from '../../services/social/credentials';
import type {
  CollectResult,
  OutgoingMessage,
  SendResult,
  SocialAccount,
  SocialAccountStore,
  SocialProvider,
} from '../../services/social/ports';
import { AccountReconnectRequiredError, failedSend } from '../../services/social/provider-errors';
import { OAuthCommentProvider, type OAuthCommentProviderOptions } from '../social/oauth-comment-provider';
import {
  scopesOf,
  TikTokApiError,
  type TikTokBusinessPort,
  type TikTokComment,
  type TikTokLoginKitPort,
  type TikTokTokenSet,
  type TikTokUser,
  type TikTokVideoPage,
} from './ports';

/**
 * How this deployment connects TikTok accounts. `business`: the TikTok API for Business, the only public API
 * with comments and replies (its own developer app, authorization and tokens). `login_kit`: TikTok Login Kit,
 * identity and videos only — used when no TikTok for Business app is configured.
 */
export type TikTokConnection =
  | {
      kind: 'business';
      api: TikTokBusinessPort;
      appId: string;
      /** The "TikTok account holder authorization URL" of the app (or its base). */
      authorizationUrl: string;
    }
  | { kind: 'login_kit'; api: TikTokLoginKitPort; clientKey: string; authUrl: string };

export interface TikTokProviderOptions extends OAuthCommentProviderOptions {
  /** Videos scanned per collection run (most recent first). */
  videosPerRun?: number;
  /** Comment-list calls one collection run may make for one account. */
  commentCallsPerRun?: number;
}

/**
 * What the comment features need from a TikTok for Business authorization: the profile, the video list, and
 * "Get/Manage Business Comment" (https://business-api.tiktok.com/portal/docs/accounts-api-authorization/v1.3;
 * scope names as the token endpoint returns them, https://business-api.tiktok.com/portal/docs?id=1738084387220481).
 */
export const TIKTOK_BUSINESS_SCOPES = [
  'user.info.basic',
  'video.list',
  'comment.list',
  'comment.list.manage',
];
/** Login Kit scopes: identity and the video list (https://developers.tiktok.com/doc/tiktok-api-scopes). */
export const TIKTOK_LOGIN_KIT_SCOPES = ['user.info.basic', 'video.list'];
/** A comment reply is at most 150 characters (the Accounts API reference, via pytiktok `create_reply`). */
export const TIKTOK_REPLY_MAX_CHARS = 150;
/**
 * The Accounts API allows 40 requests per minute per authorized account and endpoint (and 600 per app across
 * its accounts, Basic tier): a collection run stays under it with at most 30 comment-list calls, shared fairly
 * between the videos scanned. Comments are listed newest first, so a run stops reading a video at the first
 * comment it has already seen; only more than (30 / videos) pages of new comments on one video between two runs
 * (five minutes apart) would leave the oldest of them unread.
 */
const COMMENT_CALLS_PER_RUN = 30;

const NO_DM_EXPLANATION =
  'TikTok offers no public API for direct messages (its Business Messaging API is reserved to approved partners), so Flow IA cannot send a TikTok DM; it replies publicly under the comment instead.';
const LOGIN_KIT_EXPLANATION =
  'This server connects TikTok with Login Kit only, which cannot read or answer comments: comments need a TikTok for Business app (see docs/providers.md).';
/** Why an account connected through the other TikTok product cannot be used (then: connect again). */
const OTHER_PRODUCT: Record<TikTokConnection['kind'], string> = {
  business:
    'This TikTok account was connected with TikTok Login Kit, whose token the TikTok API for Business refuses.',
  login_kit:
    'This TikTok account was connected through TikTok for Business, which this server no longer uses.',
};

/**
 * TikTok as a SocialProvider. With a TikTok for Business app: the account holder's authorization, tokens
 * sealed and refreshed before expiry, comment collection over the account's recent videos, and replies under
 * comments. With Login Kit only: identity and the video list (no collection, no replies). There is no DM:
 * `dm` and `private_reply` fail with not_supported and a sentence the user can read.
 */
export class TikTokProvider extends OAuthCommentProvider {
  readonly capabilities: SocialProvider['capabilities'];

  constructor(
    private readonly connection: TikTokConnection,
    store: SocialAccountStore,
    vault: SecretSealer,
    private readonly options: TikTokProviderOptions,
  ) {
    super('tiktok', 'TikTok', store, vault, options);
    const business = connection.kind === 'business';
    this.capabilities = { dm: false, commentReply: business, privateReply: false, collect: business };
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    if (message.action !== 'reply') return failedSend('not_supported', NO_DM_EXPLANATION);
    if (this.connection.kind !== 'business') return failedSend('not_supported', LOGIN_KIT_EXPLANATION);
    const { commentId, mediaId } = message.recipient;
    if (!commentId || !mediaId)
      return invalid('A TikTok reply needs the comment id and the video id it belongs to.');
    if ([...message.text].length > TIKTOK_REPLY_MAX_CHARS)
      return invalid(`A TikTok comment reply is limited to ${TIKTOK_REPLY_MAX_CHARS} characters.`);
    const api = this.connection.api;
    return this.sendReply(async () => {
      const reply = await this.call(account, (token) =>
        api.replyToComment(token, {
          businessId: account.externalId,
          videoId: mediaId,
          commentId,
          text: message.text,
        }),
      );
      return reply.commentId;
    });
  }

  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    if (this.connection.kind !== 'business') return { messages: [], nextCursor: cursor };
    const api = this.connection.api;
    const watermark = parseWatermark(cursor);
    const fresh: TikTokComment[] = [];
    await this.call(account, async (token) => {
      fresh.length = 0; // a retry after a token refresh starts over
      const { videos } = await api.listVideos(
        token,
        account.externalId,
        null,
        this.options.videosPerRun ?? 10,
        grantedScopes(account),
      );
      const withComments = videos.filter((video) => video.commentCount !== 0);
      const pagesPerVideo = Math.max(
        1,
        Math.floor(
          (this.options.commentCallsPerRun ?? COMMENT_CALLS_PER_RUN) / Math.max(1, withComments.length),
        ),
      );
      for (const video of withComments) {
        let page: number | null = 0;
        for (let n = 0; page !== null && n < pagesPerVideo; n++) {
          const result = await api.listComments(token, account.externalId, video.id, page, 30);
          let reachedSeen = false;
          for (const comment of result.comments) {
            if (!isNewerThan(watermark, stamp(comment))) {
              reachedSeen = true;
              continue;
            }
            // Our own replies come back as comments of the video with `owner: true`; hidden ones stay hidden.
            if (!comment.ownedByAccount && !comment.hidden) fresh.push(comment);
          }
          page = reachedSeen ? null : result.cursor;
        }
      }
    });
    const next = advanceWatermark(watermark, fresh.map(stamp));
    return {
      messages: fresh.map((comment) => this.toMessage(account, comment)),
      nextCursor: formatWatermark(next) ?? cursor,
    };
  }

  override refreshCredentials(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    this.assertSameProduct(account);
    return super.refreshCredentials(account);
  }

  /** Recent videos with their engagement counts (GET /social-accounts/tiktok/interactions). */
  async videos(account: SocialAccount, cursor: string | undefined, limit: number) {
    const connection = this.connection;
    const from = cursor ? Number(cursor) : null;
    const max = Math.min(limit, 20);
    const page: TikTokVideoPage = await this.call(account, (token) =>
      connection.kind === 'business'
        ? connection.api.listVideos(token, account.externalId, from, max, grantedScopes(account))
        : connection.api.listVideos(token, from, max),
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

  /** One page of a video's comments, newest first (GET /social-accounts/tiktok/comments). */
  async comments(account: SocialAccount, videoId: string, cursor: string | undefined, limit: number) {
    if (this.connection.kind !== 'business') throw new AppError(400, 'not_supported', LOGIN_KIT_EXPLANATION);
    const api = this.connection.api;
    const page = await this.call(account, (token) =>
      api.listComments(token, account.externalId, videoId, cursor ? Number(cursor) : 0, Math.min(limit, 30)),
    );
    return {
      items: page.comments.map((c) => ({
        id: c.commentId,
        videoId: c.videoId,
        parentId: c.parentCommentId,
        author: { platformUserId: c.authorId, username: c.username, displayName: c.displayName },
        fromAccount: c.ownedByAccount,
        text: c.text,
        createdAt: new Date(c.createTime * 1000).toISOString(),
      })),
      nextCursor: page.cursor === null ? null : String(page.cursor),
    };
  }

  protected authorizationUrl(request: { state: string; redirectUri: string; codeChallenge: string }): string {
    const connection = this.connection;
    if (connection.kind === 'login_kit') {
      const url = new URL('/v2/auth/authorize/', connection.authUrl);
      url.search = new URLSearchParams({
        client_key: connection.clientKey,
        scope: TIKTOK_LOGIN_KIT_SCOPES.join(','),
        response_type: 'code',
        redirect_uri: request.redirectUri,
        state: request.state,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    }
    // The app's "TikTok account holder authorization URL" (https://www.tiktok.com/v2/auth/authorize?{parameters},
    // My Apps > App Detail > Basic Information) already names the app and its scopes; what it lacks is added.
    // `state` is echoed back on the redirect; `disable_auto_auth=1` keeps TikTok from skipping the consent page
    // for an account that authorized before, which would redirect back without a code
    // (https://business-api.tiktok.com/portal/docs/accounts-api-authorization/v1.3). No PKCE in this flow.
    const url = new URL(connection.authorizationUrl);
    const query = url.searchParams;
    if (!query.has('client_key')) query.set('client_key', connection.appId);
    if (!query.has('response_type')) query.set('response_type', 'code');
    if (!query.has('scope')) query.set('scope', TIKTOK_BUSINESS_SCOPES.join(','));
    query.set('redirect_uri', businessRedirectUri(request.redirectUri));
    query.set('state', request.state);
    query.set('disable_auto_auth', '1');
    return url.toString();
  }

  protected async connect(request: {
    workspaceId: string;
    code: string;
    redirectUri: string;
    codeVerifier: string;
  }) {
    const connection = this.connection;
    const { tokens, user } =
      connection.kind === 'business'
        ? await this.connectBusiness(connection.api, request.code, businessRedirectUri(request.redirectUri))
        : await this.connectLoginKit(connection.api, request);
    return this.saveConnected({
      workspaceId: request.workspaceId,
      externalId: user.openId,
      displayName: user.displayName,
      credentials: this.credentialsOf(tokens),
      details: {
        api: connection.kind,
        scope: tokens.scope,
        ...(user.username ? { username: user.username } : {}),
      },
    });
  }

  private async connectBusiness(api: TikTokBusinessPort, code: string, redirectUri: string) {
    const tokens = await this.translate(() => api.exchangeCode(code, redirectUri));
    requireScopes(tokens, TIKTOK_BUSINESS_SCOPES, 'read and answer comments');
    // business_id = the open_id the token endpoint returned.
    const user = await this.translate(() =>
      api.profile(tokens.accessToken, tokens.openId, scopesOf(tokens.scope)),
    );
    return { tokens, user };
  }

  private async connectLoginKit(
    api: TikTokLoginKitPort,
    request: { code: string; redirectUri: string; codeVerifier: string },
  ): Promise<{ tokens: TikTokTokenSet; user: TikTokUser }> {
    const tokens = await this.translate(() =>
      api.exchangeCode(request.code, request.redirectUri, request.codeVerifier),
    );
    requireScopes(tokens, ['user.info.basic'], 'identify the account');
    const user = await this.translate(() => api.userInfo(tokens.accessToken, scopesOf(tokens.scope)));
    return { tokens, user };
  }

  protected async refreshTokens(credentials: OAuthCredentials): Promise<OAuthCredentials> {
    const api = this.connection.api;
    const tokens = await this.translate(() => api.refresh(credentials.refreshToken ?? ''));
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

  private async call<T>(account: SocialAccount, fn: (token: string) => Promise<T>): Promise<T> {
    try {
      this.assertSameProduct(account);
    } catch (error) {
      if (error instanceof AccountReconnectRequiredError)
        await this.keeper.markNeedsReconnect(account, error.reason);
      throw error;
    }
    return this.keeper.withAccessToken(account, (token) => this.translate(() => fn(token)));
  }

  /** An account keeps the tokens of the product it was connected with; accounts from before say nothing: Login Kit. */
  private assertSameProduct(account: SocialAccount): void {
    const kind = account.details.api === 'business' ? 'business' : 'login_kit';
    if (kind !== this.connection.kind)
      throw new AccountReconnectRequiredError('tiktok', OTHER_PRODUCT[this.connection.kind]);
  }

  /** TikTok's errors → the project's: auth → reconnect, throttling → rate limited, the rest → provider error. */
  protected errorOf(error: unknown): Error | undefined {
    if (!(error instanceof TikTokApiError)) return undefined;
    switch (error.kind) {
      case 'auth':
        return this.apiFailure({
          kind: 'auth',
          reason: `TikTok no longer accepts this connection (${error.message.replace(/\.$/, '')}).`,
        });
      case 'rate_limited':
        return this.apiFailure({ kind: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds ?? 60 });
      case 'permission':
        return new ProviderError(
          'tiktok',
          `TikTok refused a permission this connection lacks: ${error.message}`,
        );
      case 'invalid_request':
        return this.apiFailure({ kind: 'invalid_request', message: error.message });
      default:
        return this.apiFailure({ kind: 'unavailable', message: error.message });
    }
  }

  private toMessage(account: SocialAccount, comment: TikTokComment): IncomingMessageInput {
    return this.commentMessage(
      account,
      {
        id: comment.commentId,
        conversationId: comment.videoId,
        mediaId: comment.videoId,
        parentId: comment.parentCommentId,
        author: {
          platformUserId: comment.authorId,
          username: comment.username,
          displayName: comment.displayName,
        },
        text: comment.text,
        occurredAt: new Date(comment.createTime * 1000),
      },
      randomUUID(),
    );
  }
}

/**
 * A TikTok account holder redirect URL must end with "/" (and have no query or fragment) and the token request
 * must send exactly the registered one (https://business-api.tiktok.com/portal/docs/accounts-api-authorization/v1.3):
 * Flow IA registers `<ApiUrl>/social-accounts/tiktok/callback/`, which API Gateway routes like the path without it.
 */
export const businessRedirectUri = (redirectUri: string) =>
  redirectUri.endsWith('/') ? redirectUri : `${redirectUri}/`;

/** The account holder may approve fewer permissions than asked: refuse a connection that cannot do its job. */
function requireScopes(tokens: TikTokTokenSet, required: string[], purpose: string): void {
  const granted = scopesOf(tokens.scope);
  const missing = required.filter((scope) => !granted.includes(scope));
  if (missing.length > 0)
    throw new AppError(
      403,
      'scope_missing',
      `TikTok did not grant ${missing.join(', ')}, which Flow IA needs to ${purpose}; connect again and approve every permission.`,
    );
}

const grantedScopes = (account: SocialAccount) => scopesOf(account.details.scope ?? '');

const stamp = (comment: TikTokComment) => ({ id: comment.commentId, time: comment.createTime * 1000 });

const invalid = (explanation: string) => failedSend('invalid_request', explanation);
