import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../shared/adapters/meta/graph-client';
import { MetaMediaCatalog } from '../../shared/adapters/meta/media-catalog';
import type { SocialAccount } from '../../shared/services/social/ports';
import type { TokenVault } from '../../shared/services/vault/token-vault';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { officialFixture } from '../support/fixtures';

/**
 * The simulated Graph API's media edges against Meta's examples (test/fixtures/meta/ig-user-media.json,
 * ig-media-node.json), and the adapter that reads them: Instagram media and Facebook Page published posts.
 */
const IG = '17841400000000001';
const PAGE = '4040';
let fake: FakeMetaGraph;
let pageToken: string;
const keysOf = (value: object) => Object.keys(value).sort();

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  pageToken = fake.addPage({ id: PAGE, name: 'Atelier', instagram: { id: IG, username: 'atelier.paris' } });
  for (const [i, id] of [
    '17895695668004550',
    '17899305451014820',
    '17896450804038745',
    '17881042411086627',
    '17800000000000005',
  ].entries())
    fake.addMedia(IG, {
      id,
      caption: `post ${i}`,
      timestamp: new Date(Date.UTC(2026, 0, 10 - i)).toISOString(),
    });
  fake.addMedia(PAGE, {
    id: `${PAGE}_555`,
    caption: 'Soldes',
    timestamp: new Date(Date.UTC(2026, 0, 3)).toISOString(),
  });
});
afterAll(async () => fake?.stop());

const get = async (path: string) => {
  const response = await fetch(`${fake.url}/v25.0${path}`, {
    headers: { authorization: `Bearer ${pageToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('Fake: Graph media edges match the official examples', () => {
  it('pages GET /{ig-user-id}/media as the example: data of ids, cursors before/after, next only before the end', async () => {
    const official = officialFixture('meta', 'ig-user-media.json').payload;
    const first = await get(`/${IG}/media?limit=4`);
    expect(first.status).toBe(200);
    expect(keysOf(first.body)).toEqual(keysOf(official));
    expect(first.body.data.map(keysOf)).toEqual(official.data.map(keysOf));
    expect(keysOf(first.body.paging)).toEqual(keysOf(official.paging));
    expect(keysOf(first.body.paging.cursors)).toEqual(keysOf(official.paging.cursors));
    const last = await get(`/${IG}/media?limit=4&after=${first.body.paging.cursors.after}`);
    expect(last.body.data).toEqual([{ id: '17800000000000005' }]);
    expect(last.body.paging.next).toBeUndefined();
    const forged = await get(`/${IG}/media?after=bm9wZQ`);
    expect(forged).toMatchObject({ status: 400, body: { error: { code: 100 } } });
  });

  it('answers GET /{media-id}?fields=… with the example node shape and Graph times', async () => {
    const official = officialFixture('meta', 'ig-media-node.json').payload;
    const node = await get('/17895695668004550?fields=id,media_type,media_url,username,timestamp');
    expect(keysOf(node.body)).toEqual(keysOf(official));
    expect(node.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    expect(node.body).toMatchObject({ id: official.id, media_type: 'IMAGE', username: 'atelier.paris' });
  });
});

describe('Class: MetaMediaCatalog', () => {
  const vault = { openJson: async () => ({ pageAccessToken: pageToken }) } as unknown as TokenVault;
  const catalog = () => new MetaMediaCatalog(new GraphClient({ baseUrl: fake.url, version: 'v25.0' }), vault);
  const account = (platform: 'instagram' | 'facebook'): SocialAccount =>
    ({
      id: `${platform}-x`,
      workspaceId: 'w',
      provider: 'meta',
      platform,
      externalId: platform === 'instagram' ? IG : PAGE,
      details: { pageId: PAGE },
    }) as unknown as SocialAccount;

  describe('Method: list', () => {
    it('reads Facebook Page published posts with their message, picture and permalink', async () => {
      const page = await catalog().list(account('facebook'), { limit: 10, after: undefined });
      expect(page).toEqual({
        items: [
          {
            id: `${PAGE}_555`,
            caption: 'Soldes',
            mediaType: 'POST',
            mediaProductType: null,
            mediaUrl: expect.stringMatching(/^https:\/\//),
            thumbnailUrl: expect.stringMatching(/^https:\/\//),
            permalink: `https://www.facebook.com/${PAGE}/posts/555`,
            timestamp: '2026-01-03T00:00:00.000Z',
          },
        ],
        after: null,
      });
      expect(fake.state.requests.at(-1)).toMatchObject({
        path: `/${PAGE}/published_posts`,
        query: { fields: 'id,message,created_time,full_picture,permalink_url' },
      });
    });
  });

  describe('Method: firstPublishedAfter', () => {
    it('finds the earliest post after a moment across pages, or none', async () => {
      const after = new Date(Date.UTC(2026, 0, 7, 12)).toISOString();
      expect((await catalog().firstPublishedAfter(account('instagram'), after))?.id).toBe(
        '17896450804038745',
      );
      expect(
        await catalog().firstPublishedAfter(account('instagram'), '2026-02-01T00:00:00.000Z'),
      ).toBeNull();
    });
  });

  describe('Method: publishedAt', () => {
    it('reads one post time, and null for a post that is not the account’s', async () => {
      expect(await catalog().publishedAt(account('instagram'), '17895695668004550')).toBe(
        '2026-01-10T00:00:00.000Z',
      );
      expect(await catalog().publishedAt(account('instagram'), '999')).toBeNull();
    });
  });
});
