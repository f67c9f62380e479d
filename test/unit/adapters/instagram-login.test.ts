import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../../shared/adapters/meta/graph-client';
import {
  GraphInstagramLogin,
  INSTAGRAM_SCOPES,
  parseCodeExchange,
  parseInstagramProfile,
  parseLongLivedToken,
} from '../../../shared/adapters/meta/instagram-login';
import { ProviderError } from '../../../shared/errors';
import { officialFixture } from '../../support/fixtures';

describe('Function: parseCodeExchange', () => {
  it('reads the documented { data: [...] } answer with its comma-separated permissions', () => {
    // Prepare
    const official = officialFixture('instagram', 'code-exchange.json').payload;
    // Act
    const parsed = parseCodeExchange(official);
    // Assess
    expect(parsed).toEqual({
      accessToken: 'EAACEdEose0...',
      userId: '1020...',
      permissions: [
        'instagram_business_basic',
        'instagram_business_manage_messages',
        'instagram_business_manage_comments',
        'instagram_business_content_publish',
      ],
    });
  });

  it('reads the reference’s flat answer with a numeric user_id, and permissions given as an array', () => {
    // Prepare
    const flat = officialFixture('instagram', 'code-exchange-flat.json').payload;
    // Act / Assess
    expect(parseCodeExchange(flat)).toEqual({
      accessToken: 'IGQVJ...',
      userId: '17841405793187218',
      permissions: null,
    });
    expect(parseCodeExchange({ ...flat, permissions: ['instagram_business_basic'] })?.permissions).toEqual([
      'instagram_business_basic',
    ]);
  });

  it('finds no token in the rejected answer nor in junk', () => {
    expect(parseCodeExchange(officialFixture('instagram', 'code-exchange-rejected.json').payload)).toBeNull();
    expect(parseCodeExchange({ data: [] })).toBeNull();
    expect(parseCodeExchange('nope')).toBeNull();
    expect(parseCodeExchange(null)).toBeNull();
  });
});

describe('Function: parseLongLivedToken', () => {
  it('reads the token and its lifetime in seconds', () => {
    const official = officialFixture('instagram', 'long-lived-token.json').payload;
    expect(parseLongLivedToken(official)).toEqual({
      accessToken: 'EAACEdEose0...',
      expiresInSeconds: 5183944,
    });
    expect(parseLongLivedToken({ access_token: 'x' })).toEqual({ accessToken: 'x', expiresInSeconds: null });
    expect(parseLongLivedToken({ token_type: 'bearer' })).toBeNull();
  });
});

describe('Function: parseInstagramProfile', () => {
  it('takes user_id (the IG ID of the webhooks), not the app-scoped id, flat or inside data', () => {
    const me = { user_id: '17841405822304914', username: 'creator', id: '7293847561' };
    expect(parseInstagramProfile(me)).toEqual({ igUserId: '17841405822304914', username: 'creator' });
    expect(parseInstagramProfile({ data: [me] })).toEqual({
      igUserId: '17841405822304914',
      username: 'creator',
    });
    expect(parseInstagramProfile({ id: '7293847561' })).toBeNull();
  });
});

describe('Class: GraphInstagramLogin', () => {
  const graph = new GraphClient({ baseUrl: 'https://graph.instagram.com', version: 'v25.0' });
  const app = {
    appId: '990602627938098',
    appSecret: 'a1b2C3D4',
    oauthBaseUrl: 'https://www.instagram.com',
    apiBaseUrl: 'https://api.instagram.com',
  };

  describe('Method: authorizeUrl', () => {
    it('opens www.instagram.com/oauth/authorize with the instagram_business_* scopes and the state', () => {
      // Act
      const url = new URL(
        new GraphInstagramLogin(graph, graph, app).authorizeUrl('st', 'https://api.test/cb'),
      );
      // Assess
      expect(`${url.origin}${url.pathname}`).toBe('https://www.instagram.com/oauth/authorize');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: app.appId,
        redirect_uri: 'https://api.test/cb',
        response_type: 'code',
        scope: INSTAGRAM_SCOPES.join(','),
        state: 'st',
      });
    });
  });

  describe('Method: exchangeCode', () => {
    it('posts the documented form to api.instagram.com and turns a rejection into a provider error', async () => {
      // Prepare
      const seen: Array<{ url: string; body: string }> = [];
      const rejected = officialFixture('instagram', 'code-exchange-rejected.json').payload;
      const fetchImpl = (async (url: string, init: RequestInit) => {
        seen.push({ url, body: String(init.body) });
        return new Response(JSON.stringify(rejected), { status: 400 });
      }) as unknown as typeof fetch;
      const login = new GraphInstagramLogin(graph, graph, app, fetchImpl);
      // Act
      const failure = await login.exchangeCode('AQBx', 'https://api.test/cb').catch((e: unknown) => e);
      // Assess
      expect(failure).toBeInstanceOf(ProviderError);
      expect((failure as Error).message).toContain('Matching code was not found or was already used');
      expect(seen[0]!.url).toBe('https://api.instagram.com/oauth/access_token');
      expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
        client_id: app.appId,
        client_secret: app.appSecret,
        grant_type: 'authorization_code',
        redirect_uri: 'https://api.test/cb',
        code: 'AQBx',
      });
    });
  });
});
