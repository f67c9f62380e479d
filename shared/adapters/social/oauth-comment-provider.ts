import { dedupeKeyOf } from '../../domain/messages/dedupe-key';
import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import { isStillAnswerable } from '../../domain/messages/messaging-window';
import { AppError, NotFoundError, ProviderError } from '../../errors';
import type { AccountHealthReporter } from '../../services/account-health/ports';
import { socialAccountId } from '../../services/social/account-ids';
import { connectedAccount } from '../../services/social/connected-account';
import {
  OAuthCredentialKeeper,
  type OAuthCredentials,
  type SecretSealer,
} from '../../services/social/credentials';
import type {
  CollectResult,
  OAuthConnector,
  OutgoingMessage,
  SendResult,
  SocialAccount,
  SocialAccountStore,
  SocialProvider,
} from '../../services/social/ports';
import {
  AccountReconnectRequiredError,
  ProviderRateLimitedError,
  sendFailureOf,
} from '../../services/social/provider-errors';

export interface OAuthCommentProviderOptions {
  /** Account health: an expired or revoked grant moves the account to needs_reconnect and notifies. */
  health: Pick<AccountHealthReporter, 'markNeedsReconnect'>;
  refreshMarginMs: number;
  now?: () => Date;
}

/** One collected comment, as both platforms describe it. */
export interface CollectedComment {
  id: string;
  /** Where a reply goes: TikTok's video, YouTube's thread (its top-level comment). */
  conversationId: string;
  mediaId: string | null;
  parentId: string | null;
  author: { platformUserId: string; username: string | null; displayName: string | null };
  text: string;
  occurredAt: Date;
}

type CommentPlatform = 'tiktok' | 'youtube';

/**
 * What TikTok and YouTube share as SocialProviders: an OAuth 2 connection whose tokens are sealed and refreshed
 * before expiry (OAuthCredentialKeeper), accounts looked up per workspace, comments collected and answered
 * publicly, no DMs. Each platform adds its API calls, its error mapping and its collection strategy.
 */
export abstract class OAuthCommentProvider implements SocialProvider {
  abstract readonly capabilities: SocialProvider['capabilities'];
  readonly oauth: OAuthConnector;
  protected readonly keeper: OAuthCredentialKeeper;
  protected readonly now: () => Date;

  protected constructor(
    readonly name: CommentPlatform,
    /** The platform as the user reads it in errors ("TikTok account not found."). */
    private readonly label: string,
    protected readonly store: SocialAccountStore,
    vault: SecretSealer,
    options: OAuthCommentProviderOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.keeper = new OAuthCredentialKeeper(
      name,
      store,
      vault,
      (credentials) => this.refreshTokens(credentials),
      options.refreshMarginMs,
      options.health,
      this.now,
    );
    this.oauth = {
      authorizationUrl: (request) => this.authorizationUrl(request),
      connect: (request) => this.connect(request),
    };
  }

  abstract send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult>;
  abstract collect(account: SocialAccount, cursor: string | null): Promise<CollectResult>;
  protected abstract authorizationUrl(request: {
    state: string;
    redirectUri: string;
    codeChallenge: string;
  }): string;
  protected abstract connect(request: {
    workspaceId: string;
    code: string;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<SocialAccount>;
  /** The platform's token refresh; throws AccountReconnectRequiredError when the grant is gone. */
  protected abstract refreshTokens(credentials: OAuthCredentials): Promise<OAuthCredentials>;
  /**
   * The platform API's own error in the project's terms (usually through `apiFailure`), or undefined for an
   * error that is not the platform's (it is thrown as it is).
   */
  protected abstract errorOf(error: unknown): Error | undefined | Promise<Error | undefined>;

  /** Runs one platform call, its failures translated by `errorOf`. */
  protected async translate<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw (await this.errorOf(error)) ?? error;
    }
  }

  /**
   * What both platforms' errors mean for us: a dead grant → reconnect (with the platform's reason), throttling →
   * rate limited, a refused request → 400, anything else → a provider error (502).
   */
  protected apiFailure(
    failure:
      | { kind: 'auth'; reason: string }
      | { kind: 'rate_limited'; retryAfterSeconds: number }
      | { kind: 'invalid_request' | 'unavailable'; message: string },
  ): Error {
    switch (failure.kind) {
      case 'auth':
        return new AccountReconnectRequiredError(this.name, failure.reason);
      case 'rate_limited':
        return new ProviderRateLimitedError(
          this.name,
          failure.retryAfterSeconds,
          `${this.label} is limiting how often Flow IA may call it; try again in a minute.`,
        );
      case 'invalid_request':
        return new AppError(
          400,
          'validation_failed',
          `${this.label} rejected the request: ${failure.message}`,
        );
      case 'unavailable':
        return new ProviderError(this.name, `${this.label} failed: ${failure.message}`);
    }
  }

  refreshCredentials(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    return this.keeper.refreshIfExpiring(account);
  }

  /** The workspace's account on this platform, or 404 (also for another platform's account id). */
  async account(workspaceId: string, accountId: string): Promise<SocialAccount> {
    const account = await this.store.get(workspaceId, accountId);
    if (account?.provider !== this.name) throw new NotFoundError(`${this.label} account not found.`);
    return account;
  }

  /** Seals the tokens and stores the connected account; a reconnect keeps what the account already had. */
  protected async saveConnected(connection: {
    workspaceId: string;
    externalId: string;
    displayName: string;
    credentials: OAuthCredentials;
    details: SocialAccount['details'];
  }): Promise<SocialAccount> {
    const id = socialAccountId(this.name, connection.externalId);
    const existing = await this.store.get(connection.workspaceId, id);
    const account = connectedAccount(
      {
        id,
        workspaceId: connection.workspaceId,
        provider: this.name,
        platform: this.name,
        externalId: connection.externalId,
        displayName: connection.displayName,
        sealedCredentials: await this.keeper.seal(connection.workspaceId, connection.credentials),
        tokenExpiresAt: connection.credentials.expiresAt,
        details: connection.details,
      },
      existing,
      this.now(),
    );
    await this.store.put(account);
    return account;
  }

  /** A reply's provider call as a send result: what the platform refused is a failed send, the rest throws. */
  protected async sendReply(reply: () => Promise<string>): Promise<SendResult> {
    try {
      return { status: 'sent', providerMessageId: await reply() };
    } catch (error) {
      const failure = sendFailureOf(error);
      if (failure) return { status: 'failed', failure };
      throw error;
    }
  }

  /** A collected comment as the pipeline's message: answerable while its private-reply window is open. */
  protected commentMessage(
    account: SocialAccount,
    comment: CollectedComment,
    correlationId: string,
  ): IncomingMessageInput {
    const occurredAt = comment.occurredAt.toISOString();
    return {
      dedupeKey: dedupeKeyOf(this.name, 'comment', comment.id),
      workspaceId: account.workspaceId,
      accountId: account.id,
      platform: this.name,
      kind: 'comment',
      platformMessageId: comment.id,
      conversationId: comment.conversationId,
      mediaId: comment.mediaId,
      parentId: comment.parentId,
      author: comment.author,
      text: comment.text,
      occurredAt,
      source: 'collector',
      actionable: isStillAnswerable('comment', occurredAt, this.now()),
      correlationId,
    };
  }
}
