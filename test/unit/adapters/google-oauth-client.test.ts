import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleOAuthClient } from '../../../shared/adapters/google/google-oauth-client';
import { pkceChallenge } from '../../../shared/services/social/oauth-state';
import { type FakeGoogle, startFakeGoogle } from '../../../simulation/google';
import { type FakeRequest, type FakeResponse, startFakeServer } from '../../../simulation/http-kit';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const SCOPES = [
  'https://www.googleapis.com/auth/youtube.force-ssl',
  'https://www.googleapis.com/auth/spreadsheets',
];
const REDIRECT = 'http://app.test/callback';

/** A token endpoint that answers what the test queues (or hangs), recording each request. */
async function scripted() {
  const queue: Array<FakeResponse | 'hang'> = [];
  const seen: FakeRequest[] = [];
  const server = await startFakeServer(async (request) => {
    seen.push(request);
    const next = queue.shift() ?? { status: 500, body: { error: 'nothing_queued' } };
    if (next === 'hang') return new Promise<FakeResponse>(() => {});
    return next;
  });
  return { ...server, seen, queue };
}

describe('Class: GoogleOAuthClient', () => {
  let google: FakeGoogle;
  let server: Awaited<ReturnType<typeof scripted>>;
  let clock = NOW;

  beforeAll(async () => {
    google = await startFakeGoogle({ now: () => clock });
    server = await scripted();
  });
  afterAll(async () => {
    await server.stop();
    await google.stop();
  });
  beforeEach(() => {
    server.queue.length = 0;
  });

  const againstFake = () =>
    new GoogleOAuthClient(
      {
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        oauthUrl: google.url,
        tokenUrl: `${google.url}/token`,
      },
      () => new Date(clock),
    );
  const againstScript = (timeoutMs?: number) =>
    new GoogleOAuthClient(
      { clientId: 'id', clientSecret: 'secret', oauthUrl: server.url, tokenUrl: `${server.url}/token` },
      () => new Date(NOW),
      { timeoutMs },
    );

  /** Follows the consent URL on the fake (auto-consent) and returns the code it redirects with. */
  async function consent(url: string): Promise<string> {
    const answer = await fetch(url, { redirect: 'manual' });
    return new URL(answer.headers.get('location')!).searchParams.get('code')!;
  }
  /** The code the simulated consent page gives for a consent URL built with this verifier's challenge. */
  const consentedCode = (client: GoogleOAuthClient, verifier: string) =>
    consent(
      client.authorizationUrl({
        scopes: SCOPES,
        state: 's',
        redirectUri: REDIRECT,
        codeChallenge: pkceChallenge(verifier),
      }),
    );

  describe('Method: authorizationUrl', () => {
    it('asks for offline access with forced consent and a PKCE S256 challenge', () => {
      // Prepare
      const challenge = pkceChallenge('v'.repeat(43));

      // Act
      const url = new URL(
        againstFake().authorizationUrl({
          scopes: SCOPES,
          state: 'state-1',
          redirectUri: REDIRECT,
          codeChallenge: challenge,
        }),
      );

      // Assess
      expect(`${url.origin}${url.pathname}`).toBe(`${google.url}/o/oauth2/v2/auth`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: google.clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: SCOPES.join(' '),
        state: 'state-1',
        access_type: 'offline',
        prompt: 'consent',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
    });
  });

  describe('Method: exchangeCode', () => {
    it('trades the code and the PKCE verifier for tokens whose expiry is anchored on the injected clock', async () => {
      // Prepare
      const verifier = 'a'.repeat(43);
      const client = againstFake();
      const code = await consentedCode(client, verifier);

      // Act
      const tokens = await client.exchangeCode(code, REDIRECT, verifier);

      // Assess
      expect(tokens).toEqual({
        accessToken: expect.stringMatching(/^ya29\./),
        refreshToken: expect.stringMatching(/^1\/\/0g/),
        expiresAt: new Date(NOW + 3599_000).toISOString(),
        scope: SCOPES.join(' '),
      });
      expect(google.tokenInfo(tokens.accessToken)).toMatchObject({ scope: SCOPES.join(' ') });
    });

    it('posts a form with the client credentials, the grant and the verifier', async () => {
      // Prepare
      server.queue.push({ status: 200, body: { access_token: 'ya29.a', expires_in: 60, scope: 's' } });

      // Act
      await againstScript().exchangeCode('4/0Acode', REDIRECT, 'verifier');

      // Assess
      const request = server.seen.at(-1)!;
      expect(request.method).toBe('POST');
      expect(request.url.pathname).toBe('/token');
      expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
        client_id: 'id',
        client_secret: 'secret',
        grant_type: 'authorization_code',
        code: '4/0Acode',
        redirect_uri: REDIRECT,
        code_verifier: 'verifier',
      });
    });

    it('refuses a wrong verifier as invalid_grant (revoked), a redirect mismatch as invalid_request', async () => {
      // Prepare
      const client = againstFake();
      const url = client.authorizationUrl({
        scopes: SCOPES,
        state: 's',
        redirectUri: REDIRECT,
        codeChallenge: pkceChallenge('b'.repeat(43)),
      });
      const [first, second] = [await consent(url), await consent(url)];

      // Act
      const wrongVerifier = await client
        .exchangeCode(first, REDIRECT, 'c'.repeat(43))
        .catch((error: unknown) => error);
      const wrongRedirect = await client
        .exchangeCode(second, 'http://other.test/cb', 'b'.repeat(43))
        .catch((error: unknown) => error);

      // Assess
      expect(wrongVerifier).toMatchObject({
        name: 'GoogleOAuthError',
        kind: 'revoked',
        code: 'invalid_grant',
        status: 400,
      });
      expect(wrongRedirect).toMatchObject({
        kind: 'invalid_request',
        code: 'redirect_uri_mismatch',
        status: 400,
      });
    });

    it('answers unavailable, without an access token, when Google says 200 with no token', async () => {
      // Prepare
      server.queue.push({ status: 200, raw: '<html>maintenance</html>' });

      // Act
      const error = await againstScript()
        .exchangeCode('c', REDIRECT, 'v')
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ kind: 'unavailable', code: 'no_token', status: 502 });
    });
  });

  describe('Method: refresh', () => {
    it('gets a new access token and keeps the refresh token Google does not send back', async () => {
      // Prepare
      const verifier = 'd'.repeat(43);
      const client = againstFake();
      const code = await consentedCode(client, verifier);
      const first = await client.exchangeCode(code, REDIRECT, verifier);
      clock = NOW + 3_000_000;

      // Act
      const refreshed = await client.refresh(first.refreshToken!);

      // Assess
      expect(refreshed).toEqual({
        accessToken: expect.stringMatching(/^ya29\./),
        refreshToken: first.refreshToken,
        expiresAt: new Date(NOW + 3_000_000 + 3599_000).toISOString(),
        scope: SCOPES.join(' '),
      });
      expect(refreshed.accessToken).not.toBe(first.accessToken);
      clock = NOW;
    });

    it('classifies a revoked grant as revoked: only a new consent helps', async () => {
      // Act
      const error = await againstFake()
        .refresh('1//0g-unknown')
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'GoogleOAuthError',
        kind: 'revoked',
        code: 'invalid_grant',
        message: 'Token has been expired or revoked.',
        status: 400,
      });
    });

    it('classifies a 5xx as unavailable, and a 401 invalid_client as our request’s fault', async () => {
      // Prepare
      server.queue.push({ status: 503, raw: 'Service Unavailable' });
      server.queue.push({
        status: 401,
        body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' },
      });

      // Act
      const unavailable = await againstScript()
        .refresh('1//x')
        .catch((e: unknown) => e);
      const invalidClient = await againstScript()
        .refresh('1//x')
        .catch((e: unknown) => e);

      // Assess
      expect(unavailable).toMatchObject({ kind: 'unavailable', code: 'http_503', status: 503 });
      expect(invalidClient).toMatchObject({
        kind: 'invalid_request',
        code: 'invalid_client',
        message: 'The OAuth client was not found.',
        status: 401,
      });
      expect(Object.fromEntries(new URLSearchParams(server.seen.at(-1)!.body))).toEqual({
        client_id: 'id',
        client_secret: 'secret',
        grant_type: 'refresh_token',
        refresh_token: '1//x',
      });
    });

    it('gives up when the token endpoint does not answer within the timeout', async () => {
      // Prepare
      server.queue.push('hang');

      // Act
      const error = await againstScript(50)
        .refresh('1//x')
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ kind: 'unavailable', code: 'timeout', status: 0 });
    });

    it('reports a host that cannot be reached as unavailable', async () => {
      // Prepare
      const gone = await startFakeServer(() => ({ status: 200 }));
      await gone.stop();
      const client = new GoogleOAuthClient({
        clientId: 'id',
        clientSecret: 'secret',
        oauthUrl: gone.url,
        tokenUrl: `${gone.url}/token`,
      });

      // Act
      const error = await client.refresh('1//x').catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ kind: 'unavailable', code: 'network', status: 0 });
    });
  });
});
