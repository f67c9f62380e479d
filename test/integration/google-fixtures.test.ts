import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleOAuthClient } from '../../shared/adapters/google/google-oauth-client';
import { SheetsWriter } from '../../shared/adapters/sheets/sheets-writer';
import { GoogleYouTubeApi } from '../../shared/adapters/youtube/youtube-api';
import type { LeadExportRow } from '../../shared/domain/leads/lead-fields';
import { pkceChallenge } from '../../shared/services/social/oauth-state';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { type FakeSheets, startFakeSheets } from '../../simulation/google-sheets';
import { type FakeRequest, startFakeServer } from '../../simulation/http-kit';

/**
 * The official example payloads of test/fixtures/google and test/fixtures/youtube, each with its source URL:
 * our parsers read them as Google sends them (a replay server answers the fixture), and the fakes answer in the
 * same shape (every field a fake returns exists in the fixture, with the same JSON type).
 */
interface Fixture {
  source: string;
  status?: number;
  payload: Record<string, unknown>;
}
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;

/** A server answering queued bodies in order, recording what was asked. */
async function replay() {
  const queue: Array<{ status: number; body: unknown }> = [];
  const seen: FakeRequest[] = [];
  const server = await startFakeServer((request) => {
    seen.push(request);
    return queue.shift() ?? { status: 500, body: { error: 'nothing queued' } };
  });
  return {
    ...server,
    seen,
    answer(f: Fixture | { status?: number; payload: unknown }) {
      queue.push({ status: f.status ?? 200, body: f.payload });
    },
  };
}

/** Every field of `actual` exists in `documented` with the same JSON type, recursively (arrays: by their first item). */
function expectShapeOf(actual: unknown, documented: unknown, path = '$'): void {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  expect(kind(actual), path).toBe(kind(documented));
  if (Array.isArray(actual) && Array.isArray(documented) && documented.length > 0)
    for (const [i, item] of actual.entries()) expectShapeOf(item, documented[0], `${path}[${i}]`);
  else if (kind(actual) === 'object')
    for (const [key, value] of Object.entries(actual as Record<string, unknown>)) {
      expect(Object.keys(documented as object), `${path}.${key} is documented`).toContain(key);
      expectShapeOf(value, (documented as Record<string, unknown>)[key], `${path}.${key}`);
    }
}

const threads = fixture('youtube/comment-threads-list');
const replies = fixture('youtube/comments-list-replies');
const quota = fixture('youtube/error-quota-exceeded');
const tokenResponse = fixture('google/oauth-token-response');
const refreshResponse = fixture('google/oauth-refresh-response');
const invalidGrant = fixture('google/oauth-invalid-grant');
const appended = fixture('google/sheets-values-append-response');
const insufficient = fixture('google/error-insufficient-scopes');

const NOW = Date.parse('2026-11-25T10:00:00Z');

describe('Official Google payloads: our parsers', () => {
  let server: Awaited<ReturnType<typeof replay>>;
  beforeAll(async () => {
    server = await replay();
  });
  afterAll(() => server.stop());
  const oauth = () =>
    new GoogleOAuthClient(
      { clientId: 'id', clientSecret: 'secret', oauthUrl: server.url, tokenUrl: `${server.url}/token` },
      () => new Date(NOW),
    );
  const youtube = () => new GoogleYouTubeApi(oauth(), server.url);

  it('reads a commentThreads page: the subset of replies and the count of all of them', async () => {
    // Prepare
    server.answer(threads);

    // Act
    const page = await youtube().commentThreads('ya29.x', {
      channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw',
      maxResults: 100,
    });

    // Assess
    expect(page.nextPageToken).toBe('QURTSl9pM2J5bE1WT2x6bGxLcW9iX0hFNGZ0cDk');
    expect(page.items[0]).toMatchObject({
      id: 'UgzDE2tasfmrYLyNkGt4AaABAg',
      videoId: 'wtLJPvx7-ys',
      totalReplyCount: 7,
      topLevelComment: {
        authorChannelId: 'UCq7Yw0-7Bv0r7gq1nYcJdVw',
        text: 'How much is the blue one?',
        publishedAt: '2026-11-20T09:12:44Z',
      },
    });
    expect(page.items[0]?.replies).toEqual([
      expect.objectContaining({ parentId: 'UgzDE2tasfmrYLyNkGt4AaABAg', authorName: '@marc.v' }),
    ]);
    expect(server.seen.at(-1)?.url.pathname).toBe('/youtube/v3/commentThreads');
  });

  it('reads a comments.list?parentId= page of replies', async () => {
    // Prepare
    server.answer(replies);

    // Act
    const page = await youtube().replies('ya29.x', {
      parentId: 'UgzDE2tasfmrYLyNkGt4AaABAg',
      maxResults: 100,
    });

    // Assess
    const asked = server.seen.at(-1)!.url;
    expect(asked.pathname).toBe('/youtube/v3/comments');
    expect(asked.searchParams.get('parentId')).toBe('UgzDE2tasfmrYLyNkGt4AaABAg');
    expect(asked.searchParams.get('part')).toBe('snippet');
    expect(page.nextPageToken).toMatch(/^Z2V0/);
    expect(page.items).toEqual([
      expect.objectContaining({
        id: 'UgzDE2tasfmrYLyNkGt4AaABAg.9xYz9z8y7x69xYz9z8y7x6',
        parentId: 'UgzDE2tasfmrYLyNkGt4AaABAg',
        videoId: 'wtLJPvx7-ys',
        text: 'Still waiting for the price :) 06 12 34 56 78',
      }),
    ]);
  });

  it('classifies 403 quotaExceeded as the quota, not as a refused account', async () => {
    // Prepare
    server.answer(quota);

    // Act
    const call = youtube()
      .commentThreads('ya29.x', { channelId: 'UC1', maxResults: 20 })
      .catch((error: unknown) => error);

    // Assess
    expect(await call).toMatchObject({ kind: 'quota', reason: 'quotaExceeded', status: 403 });
  });

  it('reads the token answers: the lifetime anchored on our clock, the refresh token kept on refresh', async () => {
    // Prepare
    server.answer(tokenResponse);
    server.answer(refreshResponse);
    server.answer(invalidGrant);

    // Act
    const exchanged = await oauth().exchangeCode('4/0Acode', 'http://a.test/cb', 'verifier');
    const refreshed = await oauth().refresh('1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI');
    const revoked = await oauth()
      .refresh('1//revoked')
      .catch((error: unknown) => error);

    // Assess
    expect(exchanged).toEqual({
      accessToken: '1/fFAGRNJru1FTz70BzhT3Zg',
      refreshToken: '1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI',
      expiresAt: new Date(NOW + 3920_000).toISOString(),
      scope: tokenResponse.payload.scope,
    });
    const form = new URLSearchParams(server.seen.at(-3)!.body);
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'authorization_code',
      code_verifier: 'verifier',
    });
    expect(refreshed).toMatchObject({
      accessToken: '1/fFAGRNJru1FTz70BzhT3Zg',
      expiresAt: exchanged.expiresAt,
    });
    expect(revoked).toMatchObject({
      name: 'GoogleOAuthError',
      kind: 'revoked',
      code: 'invalid_grant',
    });
  });

  it('reads the Sheets append answer, and a 403 for missing scopes as a permanent failure', async () => {
    // Prepare: row 1 already titled, then the append; a second writer meets the scope error.
    const row = { leadId: 'lead-1', name: 'Léa' } as LeadExportRow;
    const sheetsApi = await import('googleapis/build/src/apis/sheets');
    const writer = (sheet: string) =>
      new SheetsWriter(
        {
          rootUrl: server.url,
          timeoutMs: 5_000,
          accessToken: 'ya29.x',
          spreadsheetId: '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms',
          sheetName: sheet,
        },
        sheetsApi,
      );
    server.answer({ payload: { range: 'Leads!A1:O1', majorDimension: 'ROWS', values: [['Name']] } });
    server.answer(appended);
    server.answer(insufficient);

    // Act
    const written = await writer('Leads').upsert(row, undefined);
    const refused = await writer('Other')
      .upsert(row, undefined)
      .catch((error: unknown) => error);

    // Assess
    expect(written).toEqual({ externalId: 'Leads!A2:O2' });
    expect(refused).toMatchObject({
      status: 403,
      retryable: false,
      message: 'Request had insufficient authentication scopes.',
    });
  });
});

describe('Official Google payloads: the fakes answer in their shape', () => {
  let google: FakeGoogle;
  let sheets: FakeSheets;
  beforeAll(async () => {
    google = await startFakeGoogle({ now: () => NOW });
    sheets = await startFakeSheets({
      google,
      spreadsheets: { book: { sheets: ['Leads'], editors: ['google-user-1'] } },
    });
  });
  afterAll(async () => {
    await sheets.stop();
    await google.stop();
  });

  async function token(scope: string) {
    const verifier = 'v'.repeat(43);
    const consent = new URL('/o/oauth2/v2/auth', google.url);
    for (const [k, v] of Object.entries({
      client_id: google.clientId,
      redirect_uri: 'http://a.test/cb',
      response_type: 'code',
      scope,
      access_type: 'offline',
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
    }))
      consent.searchParams.set(k, v);
    const code = new URL(
      (await fetch(consent, { redirect: 'manual' })).headers.get('location')!,
    ).searchParams.get('code')!;
    const form = { client_id: google.clientId, client_secret: google.clientSecret };
    const post = (body: Record<string, string>) =>
      fetch(`${google.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, ...body }),
      });
    const exchanged = await post({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://a.test/cb',
      code_verifier: verifier,
    });
    const body = (await exchanged.json()) as { access_token: string; refresh_token: string };
    return { body, post };
  }

  it('answers the token endpoint like the web server flow’s examples, and invalid_grant like RFC 6749', async () => {
    // Act
    const { body, post } = await token('https://www.googleapis.com/auth/youtube.force-ssl');
    const refreshed = await (
      await post({ grant_type: 'refresh_token', refresh_token: body.refresh_token })
    ).json();
    const dead = await post({ grant_type: 'refresh_token', refresh_token: '1//unknown' });

    // Assess
    expectShapeOf(body, tokenResponse.payload);
    expect((body as unknown as { expires_in: number }).expires_in).toBe(3599);
    expectShapeOf(refreshed, refreshResponse.payload);
    expect(dead.status).toBe(invalidGrant.status);
    expect(await dead.json()).toEqual(invalidGrant.payload);
  });

  it('answers commentThreads, comments.list and quotaExceeded in the documented shapes', async () => {
    // Prepare
    const { body } = await token('https://www.googleapis.com/auth/youtube.force-ssl');
    const comment = (id: string, minutes: number, parentId?: string) => ({
      id,
      videoId: 'v1',
      authorChannelId: `UC_${id}`,
      authorDisplayName: id,
      textOriginal: `text ${id}`,
      publishedAt: new Date(NOW - minutes * 60_000).toISOString(),
      ...(parentId ? { parentId } : {}),
    });
    google.addThread(
      'UC_channel_1',
      comment('top', 60),
      Array.from({ length: 7 }, (_, i) => comment(`r${i}`, 50 - i, 'top')),
    );
    const get = (path: string) =>
      fetch(new URL(path, google.url), { headers: { authorization: `Bearer ${body.access_token}` } });

    // Act
    const threadPage: any = await (
      await get('/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=UC_channel_1')
    ).json();
    const replyPage: any = await (
      await get('/youtube/v3/comments?part=snippet&parentId=top&maxResults=5')
    ).json();
    google.failNext('commentThreads', 'quota');
    const exceeded = await get(
      '/youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=UC_channel_1',
    );

    // Assess
    expectShapeOf(threadPage, threads.payload);
    expect(threadPage.items[0].snippet.totalReplyCount).toBe(7);
    expect(threadPage.items[0].replies.comments).toHaveLength(5); // a subset, as documented
    expectShapeOf(replyPage, replies.payload);
    expect(replyPage.items).toHaveLength(5);
    expect(replyPage.nextPageToken).toEqual(expect.any(String));
    expect(exceeded.status).toBe(quota.status);
    const error = (await exceeded.json()) as { error: { errors: unknown[]; status?: string } };
    expect(error.error.errors).toEqual((quota.payload.error as { errors: unknown[] }).errors);
  });

  it('answers Sheets values.append and the insufficient-scope refusal in the documented shapes', async () => {
    // Prepare
    const sheetsToken = (await token('https://www.googleapis.com/auth/spreadsheets')).body.access_token;
    const youtubeToken = (await token('https://www.googleapis.com/auth/youtube.force-ssl')).body.access_token;
    const append = (accessToken: string) =>
      fetch(`${sheets.url}/v4/spreadsheets/book/values/Leads!A1:append?valueInputOption=RAW`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ values: [['Léa', 40]] }),
      });

    // Act
    const ok = await append(sheetsToken);
    const refused = await append(youtubeToken);

    // Assess
    expect(ok.status).toBe(200);
    expectShapeOf(await ok.json(), appended.payload);
    expect(refused.status).toBe(insufficient.status);
    const refusal = await refused.json();
    expectShapeOf(refusal, insufficient.payload);
    expect(refusal).toMatchObject({
      error: {
        code: 403,
        status: 'PERMISSION_DENIED',
        message: 'Request had insufficient authentication scopes.',
      },
    });
  });
});
