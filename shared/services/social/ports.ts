import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import type { Platform, ProviderName } from '../../domain/messages/platforms';
import type { RichContent } from '../../domain/scenarios/actions';
import type { SealedSecret } from '../vault/envelope';

export type AccountStatus = 'active' | 'needs_reconnect' | 'paused';

/** A connected social account. Credentials exist only sealed (token vault), never in plaintext at rest. */
export interface SocialAccount {
  id: string;
  workspaceId: string;
  provider: ProviderName;
  platform: Platform;
  /** The platform's id of the account (IG business id, page id, TikTok open_id, channel id, LinkedIn profile). */
  externalId: string;
  displayName: string;
  status: AccountStatus;
  sealedCredentials: SealedSecret;
  /** When the stored access token (or cookie) stops working, if known. */
  tokenExpiresAt: string | null;
  connectedAt: string;
  lastEventAt: string | null;
  /** Plain-words reason of the last failure, shown to the user. */
  lastError: string | null;
  /** Provider-specific position of the collector (e.g. last comment time). */
  collectCursor: string | null;
  /** Provider-specific non-secret details (e.g. the page id behind an IG account). */
  details: Record<string, string>;
}

export interface SocialAccountStore {
  put(account: SocialAccount): Promise<void>;
  get(workspaceId: string, accountId: string): Promise<SocialAccount | undefined>;
  list(workspaceId: string): Promise<SocialAccount[]>;
  /** Which workspace owns this platform account (webhooks arrive with the platform's id only). */
  findByExternalId(platform: Platform, externalId: string): Promise<SocialAccount[]>;
  update(
    workspaceId: string,
    accountId: string,
    changes: Partial<Omit<SocialAccount, 'id' | 'workspaceId' | 'provider' | 'platform' | 'externalId'>>,
  ): Promise<void>;
  remove(workspaceId: string, accountId: string): Promise<void>;
  /** Every account of every workspace (schedules: collection, refresh). Paged, for scheduled jobs only. */
  listAll(cursor?: string): Promise<{ items: SocialAccount[]; nextCursor: string | null }>;
}

/**
 * The owner of one external account (platform + the platform's id): the workspace and account item that
 * claimed it at connect time. At most one claim exists per external account, so at most one workspace owns it.
 */
export interface AccountClaim {
  platform: Platform;
  externalId: string;
  workspaceId: string;
  accountId: string;
  /** Random per write: an undo or a takeover only ever touches the very claim it wrote or read. */
  claimId: string;
  claimedAt: string;
}

export interface AccountClaimStore {
  /**
   * One conditional put: succeeds when nobody claims the external account or this workspace already does (a
   * reconnect), and then returns the claim it replaced, if any. `claimed: false` means another workspace holds it.
   */
  claim(
    claim: AccountClaim,
  ): Promise<{ claimed: true; previous: AccountClaim | undefined } | { claimed: false }>;
  get(platform: Platform, externalId: string): Promise<AccountClaim | undefined>;
  /** Replaces the claim whose claimId is `expectedClaimId` (a stale one); false when it changed meanwhile. */
  replace(claim: AccountClaim, expectedClaimId: string): Promise<boolean>;
  /** Deletes the claim if it still matches (its owner, or the exact write); false when it did not match. */
  release(
    platform: Platform,
    externalId: string,
    match: { workspaceId: string; accountId: string } | { claimId: string },
  ): Promise<boolean>;
}

/** What the workflow asks a provider to send. */
export interface OutgoingMessage {
  action: 'reply' | 'dm' | 'private_reply';
  text: string;
  recipient: {
    platformUserId: string;
    /** The comment being answered (reply under it, or private reply to it). */
    commentId: string | null;
    conversationId: string | null;
    mediaId: string | null;
    /** The comment @mentions the account on someone else's post (answered through the mentions edge). */
    mention?: true;
  };
  /** Stable per (interaction, action): lets a provider or our send log refuse a duplicate. */
  idempotencyKey: string;
  /**
   * Meta's HUMAN_AGENT message tag: a human's reply up to 7 days after the person's last message, only when the
   * app has the feature (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages ,
   * PROVIDERS.md §1.7). Never set on an automatic answer; other providers ignore it.
   */
  tag?: 'HUMAN_AGENT';
  /**
   * Quick replies, buttons or cards to send with (or, for cards, instead of) the text. Meta sends them in its
   * Send API shapes; a provider without them sends the text alone.
   */
  content?: RichContent;
}

export type SendFailureCode =
  | 'auth_expired'
  | 'rate_limited'
  | 'outside_window'
  | 'already_replied'
  | 'recipient_unavailable'
  | 'not_supported'
  | 'invalid_request'
  | 'permission_denied'
  | 'provider_unavailable';

export interface SendFailure {
  code: SendFailureCode;
  /** Whether the same call may succeed later unchanged (throttling, 5xx). Never true for auth or window errors. */
  retryable: boolean;
  retryAfterSeconds?: number;
  /** A sentence for the user, e.g. "outside the 24-hour window: the person must write first". */
  explanation: string;
  providerCode?: string;
}

export type SendResult =
  | { status: 'sent'; providerMessageId: string }
  /** Accepted by a worker that sends later (LinkedIn's browser); the worker settles the send record. */
  | { status: 'queued'; providerMessageId: string; explanation: string }
  | { status: 'failed'; failure: SendFailure };

export interface CollectResult {
  messages: IncomingMessageInput[];
  /** Cursor to store for the next run (only advanced once the messages are queued). */
  nextCursor: string | null;
}

/**
 * How a provider connects an account with OAuth 2 (authorization code, PKCE where the provider takes it). The
 * signed `state` and the PKCE verifier come from the shared OAuth connect service; the provider only knows its
 * endpoints, so the auth-url and callback routes of every OAuth provider are the same few lines.
 */
export interface OAuthConnector {
  authorizationUrl(request: { state: string; redirectUri: string; codeChallenge: string }): string;
  /** Exchanges the code, reads the account's identity, seals the tokens and stores the account. */
  connect(request: {
    workspaceId: string;
    code: string;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<SocialAccount>;
}

/**
 * The one interface the workflow and the schedules know. Meta, TikTok, YouTube and LinkedIn implement it; nothing
 * outside a provider's folder branches on the platform.
 */
export interface SocialProvider {
  readonly name: ProviderName;
  readonly capabilities: { dm: boolean; commentReply: boolean; privateReply: boolean; collect: boolean };
  send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult>;
  collect(account: SocialAccount, cursor: string | null): Promise<CollectResult>;
  /** Refreshes credentials before expiry where the provider allows it; returns the new expiry. */
  refreshCredentials?(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }>;
  /**
   * Whether refreshCredentials renews this account (default: every account of the provider). Meta renews its
   * Instagram Login accounts only: a Facebook Login connection ends with its data access and needs a new login.
   */
  renews?(account: SocialAccount): boolean;
  /** When the refresh schedule renews the account (default: once its token expires within the margin). */
  refreshDue?(account: SocialAccount, now: Date): boolean;
  /** Present on providers connected through OAuth 2 (TikTok, YouTube, Meta). */
  readonly oauth?: OAuthConnector;
}

/** One post, reel or video of a connected account, as GET /social-accounts/{id}/media shows it. */
export interface MediaPost {
  id: string;
  caption: string | null;
  /** Instagram's media_type (IMAGE, VIDEO, CAROUSEL_ALBUM); a Facebook Page post is POST. */
  mediaType: string;
  /** Instagram's media_product_type (FEED, REELS, …); null for a Facebook Page post. */
  mediaProductType: string | null;
  mediaUrl: string | null;
  /** A video's still image (Instagram gives one for VIDEO only); for an image, the image itself. */
  thumbnailUrl: string | null;
  permalink: string | null;
  /** When it was published (ISO 8601 UTC). */
  timestamp: string;
}

/** The posts of a connected account, read from the provider (Meta's Graph API). */
export interface MediaCatalog {
  /** Newest first; `after` is the provider's cursor of the previous page. */
  list(
    account: SocialAccount,
    page: { limit: number; after: string | undefined },
  ): Promise<{ items: MediaPost[]; after: string | null }>;
  /** When one post was published, or null when the provider does not know it (deleted, not this account's). */
  publishedAt(account: SocialAccount, mediaId: string): Promise<string | null>;
  /** The earliest post published strictly after `after` (ISO), or null when none is (yet). */
  firstPublishedAfter(account: SocialAccount, after: string): Promise<MediaPost | null>;
}
