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

/**
 * Sealed in the token vault; never stored or returned in plaintext. Facebook Login: only the Page token is kept:
 * it is all Flow IA sends with, and it does not expire (accounts connected before may still carry a user token,
 * unused). Instagram Login: the long-lived Instagram User token, which expires (60 days) unless refreshed.
 */
export type MetaCredentials = FacebookLoginCredentials | InstagramLoginCredentials;

export interface FacebookLoginCredentials {
  login?: 'facebook';
  pageAccessToken: string;
}

export interface InstagramLoginCredentials {
  login: 'instagram';
  accessToken: string;
  /** ISO: when the token stops working unless refreshed before. */
  expiresAt: string | null;
  /** ISO: when Meta issued it (a refresh needs a token at least 24 hours old). */
  issuedAt: string;
}

/** Which login an account came from (`details.login`); accounts connected before it existed are Facebook Login. */
export type MetaLogin = 'facebook' | 'instagram';
export const loginOf = (account: SocialAccount): MetaLogin =>
  account.details.login === 'instagram' ? 'instagram' : 'facebook';

/** The token a Graph call of this account is made with, whichever login stored it. */
export const accessTokenOf = (credentials: MetaCredentials): string =>
  credentials.login === 'instagram' ? credentials.accessToken : credentials.pageAccessToken;

/** A long-lived Instagram User token as the exchange and the refresh return it. */
export interface InstagramToken {
  accessToken: string;
  expiresInSeconds: number | null;
}

/** The Instagram API with Instagram Login (www.instagram.com, api.instagram.com, graph.instagram.com). */
export interface InstagramLoginGateway {
  /** The Instagram authorization window URL the browser is sent to. */
  authorizeUrl(state: string, redirectUri: string): string;
  /**
   * code → short-lived Instagram User token (1 hour), the permissions the person granted and the exchange's
   * `user_id` (the Instagram-scoped id of the person, which Meta's deauthorize and data deletion callbacks of the
   * Instagram app may name; null when absent).
   */
  exchangeCode(
    code: string,
    redirectUri: string,
  ): Promise<{ accessToken: string; permissions: string[] | null; userId?: string | null }>;
  /** short-lived → long-lived (60 days). */
  exchangeLongLived(shortToken: string): Promise<InstagramToken>;
  /** long-lived (at least 24 hours old, unexpired) → a new long-lived token, 60 days from now. */
  refresh(longToken: string): Promise<InstagramToken>;
  /** The professional account of the token: its IG ID (the webhooks' entry id) and username. */
  profile(token: string): Promise<{ igUserId: string; username: string | null }>;
  /** Enables the account's webhooks for the app. */
  subscribe(token: string): Promise<void>;
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
