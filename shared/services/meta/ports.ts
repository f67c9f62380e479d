import type { SocialAccount } from '../social/ports';
/** What the Meta services need from the outside world; adapters/meta implements it over the Graph API. */
export interface MetaPage {
  id: string;
  name: string;
  accessToken: string;
}

export interface MetaLoginGateway {
  /** The Facebook Login dialog URL the browser is sent to. */
  authorizeUrl(state: string, redirectUri: string): string;
  /** code → short-lived user token. */
  exchangeCode(code: string, redirectUri: string): Promise<{ accessToken: string }>;
  /**
   * Short-lived user token → long-lived user token (about 60 days), once per login: the Page tokens listed
   * with it do not expire, so nothing is ever exchanged again.
   */
  exchangeLongLived(userToken: string): Promise<{ accessToken: string }>;
  /** Page tokens, listed with the long-lived user token. */
  listPages(userToken: string): Promise<MetaPage[]>;
  /** Meta's own account of a token's lifetime (debug_token). */
  inspectToken(token: string): Promise<MetaTokenExpiry>;
  instagramAccountOf(page: MetaPage): Promise<{ id: string; username: string | null } | null>;
  /** Meta delivers a Page's webhooks only once the app subscribes the Page. */
  subscribePage(page: MetaPage): Promise<void>;
}

/** What debug_token reports; null = does not expire. */
export interface MetaTokenExpiry {
  valid: boolean;
  /** When the token itself stops working (a Page token listed with a long-lived user token: never). */
  expiresAt: string | null;
  /** When the app's access to the person's data ends unless they log in again (90 days after they last did). */
  dataAccessExpiresAt: string | null;
  /**
   * debug_token's `user_id`: the app-scoped id of the person who granted the token. Meta's data deletion and
   * deauthorize callbacks name only that id, so it is kept with the accounts that person connected.
   */
  userId?: string | null;
}

/**
 * Which connected accounts one Meta user (app-scoped id) granted: the data deletion and deauthorize callbacks
 * name only that id. One small item per (user, account), written at connect, read by the callbacks (no Scan).
 */
export interface MetaUserIndex {
  link(metaUserId: string, workspaceId: string, accountId: string): Promise<void>;
  accountsOf(metaUserId: string): Promise<Array<{ workspaceId: string; accountId: string }>>;
  unlink(metaUserId: string, workspaceId: string, accountId: string): Promise<void>;
}

/** Sealed in the token vault; never stored or returned in plaintext. Only the Page token is kept: it is all
 * Flow IA sends with, and it does not expire (accounts connected before may still carry a user token, unused). */
export interface MetaCredentials {
  pageAccessToken: string;
}

/** A comment that @mentions the account on someone else's post, as Meta lets the account read it. */
export interface MentionedComment {
  text: string;
  username: string | null;
  timestamp: string | null;
}

/** Reads a mentioned comment (the `mentions` webhook carries only its id). */
export interface MentionedCommentReader {
  read(account: SocialAccount, commentId: string): Promise<MentionedComment | null>;
}
