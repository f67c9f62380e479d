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
  /** Short- or long-lived user token → long-lived user token (about 60 days). */
  exchangeLongLived(userToken: string): Promise<{ accessToken: string; expiresInSeconds: number | null }>;
  listPages(userToken: string): Promise<MetaPage[]>;
  instagramAccountOf(page: MetaPage): Promise<{ id: string; username: string | null } | null>;
  /** Meta delivers a Page's webhooks only once the app subscribes the Page. */
  subscribePage(page: MetaPage): Promise<void>;
}

/** Sealed in the token vault; never stored or returned in plaintext. */
export interface MetaCredentials {
  pageAccessToken: string;
  userAccessToken: string;
}
