import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountClaimStore } from '../../shared/adapters/dynamo/account-claim-store';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoProviderUnitsStore } from '../../shared/adapters/dynamo/provider-units-store';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { GoogleOAuthClient } from '../../shared/adapters/google/google-oauth-client';
import { GoogleYouTubeApi } from '../../shared/adapters/youtube/youtube-api';
import { YouTubeProvider } from '../../shared/adapters/youtube/youtube-provider';
import { youtubeQuotaDay } from '../../shared/domain/social/youtube-quota';
import { ClaimingSocialAccountStore } from '../../shared/services/social/claiming-account-store';
import { CollectorService } from '../../shared/services/social/collector-service';
import { pkceChallenge } from '../../shared/services/social/oauth-state';
import type { SocialAccount, SocialAccountStore } from '../../shared/services/social/ports';
import { YouTubeBudget } from '../../shared/services/youtube/youtube-budget';
import { tokenVault } from '../../shared/wiring/vault';
import { type FakeYouTubeComment, startFakeGoogle } from '../../simulation/google';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * The project-wide YouTube budget over the real adapters: DynamoDB counters (dynalite), the YouTube and OAuth
 * fetch clients against the fake Google. Each test owns its world — a pinned clock shared by our services and the
 * fake, its own fake Google, its own ledger partition and the accounts it connected — so no test sees another's
 * units or census.
 */
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

const accounts = new DynamoSocialAccountStore(stageTable);
const REDIRECT = 'http://api.test/social-accounts/youtube/callback';

/** The accounts this world connected, as the store lists them (the census reads only these). */
function scopedStore(ids: Set<string>): SocialAccountStore {
  return {
    ...accounts,
    get: (w, a) => accounts.get(w, a),
    put: (a) => accounts.put(a),
    update: (w, a, c) => accounts.update(w, a, c),
    list: (w) => accounts.list(w),
    findByExternalId: (p, e) => accounts.findByExternalId(p, e),
    remove: (w, a) => accounts.remove(w, a),
    async listAll(cursor?: string) {
      const page = await accounts.listAll(cursor);
      return { items: page.items.filter((a) => ids.has(a.id)), nextCursor: page.nextCursor };
    },
  };
}

async function world(options: { start: string; dailyUnits: number; fakeQuota?: number }) {
  let now = Date.parse(options.start);
  const clock = () => new Date(now);
  const google = await startFakeGoogle({ now: () => now, dailyQuota: options.fakeQuota ?? 1_000_000 });
  const ids = new Set<string>();
  const store = scopedStore(ids);
  const ledger = new DynamoProviderUnitsStore(stageTable, `youtube-${randomUUID()}`);
  const budget = new YouTubeBudget(ledger, store, { dailyUnits: options.dailyUnits, now: clock });
  const reconnects: string[] = [];
  const health = {
    async markNeedsReconnect(account: SocialAccount) {
      reconnects.push(account.id);
    },
  };
  const service = new YouTubeProvider(
    new GoogleYouTubeApi(
      new GoogleOAuthClient(
        {
          clientId: google.clientId,
          clientSecret: google.clientSecret,
          oauthUrl: google.url,
          tokenUrl: `${google.url}/token`,
        },
        clock,
      ),
      google.url,
    ),
    store,
    tokenVault(),
    budget,
    { health, refreshMarginMs: 30 * 60_000, now: clock },
  );

  /** A workspace connected to a fresh Google user and channel, through the real code exchange. */
  async function connect(name: string) {
    const userId = `google-${name}-${randomUUID().slice(0, 6)}`;
    const channelId = `UC_${name}_${randomUUID().slice(0, 6)}`;
    google.addUser(userId, { id: channelId, title: name });
    google.state.consentUser = userId;
    const verifier = randomUUID() + randomUUID();
    const consent = service.oauth.authorizationUrl({
      state: 's',
      redirectUri: REDIRECT,
      codeChallenge: pkceChallenge(verifier),
    });
    const code = new URL(
      (await fetch(consent, { redirect: 'manual' })).headers.get('location')!,
    ).searchParams.get('code')!;
    const workspaceId = `ws-${name}-${randomUUID().slice(0, 8)}`;
    const account = await service.oauth.connect({
      workspaceId,
      code,
      redirectUri: REDIRECT,
      codeVerifier: verifier,
    });
    // The connect took the census before this world's store lists the account: take it again.
    ids.add(account.id);
    await budget.recount();
    return { workspaceId, channelId, userId, account };
  }

  const comment = (
    channelId: string,
    n: number,
    minutesAgo: number,
    extra: Partial<FakeYouTubeComment> = {},
  ) => ({
    id: `${channelId}-c${n}`,
    videoId: `${channelId}-video`,
    authorChannelId: `UC_fan_${n}`,
    authorDisplayName: `Fan ${n}`,
    textOriginal: `Price? #${n}`,
    publishedAt: new Date(now - minutesAgo * 60_000).toISOString(),
    ...extra,
  });

  /** One collect run over this world's accounts, as the schedule does it. */
  async function collectRun() {
    const published: Array<{ platformMessageId: string; workspaceId: string }> = [];
    const collector = new CollectorService(
      new ClaimingSocialAccountStore(store, new DynamoAccountClaimStore(stageTable)),
      () => service,
      () => ({
        async publish(_queue, messages) {
          published.push(
            ...messages.map((m) => m.body as { platformMessageId: string; workspaceId: string }),
          );
        },
      }),
      health,
      clock,
    );
    const report = await collector.collect('youtube');
    return { report, published };
  }

  const fresh = async (account: SocialAccount) => (await accounts.get(account.workspaceId, account.id))!;

  return {
    google,
    budget,
    ledger,
    service,
    connect,
    comment,
    collectRun,
    fresh,
    reconnects,
    advance(ms: number) {
      now += ms;
    },
    at(iso: string) {
      now = Date.parse(iso);
    },
    clock,
    stop: () => google.stop(),
  };
}

type World = Awaited<ReturnType<typeof world>>;
const using = async (w: World, test: (w: World) => Promise<void>) => {
  try {
    await test(w);
  } finally {
    await w.stop();
  }
};

describe('Class: YouTubeBudget (over DynamoDB and the fake Google)', () => {
  describe('Method: spend', () => {
    it('splits the project’s units into equal shares that add up to the budget, and stops each at its own', async () =>
      using(await world({ start: '2026-03-02T18:00:00Z', dailyUnits: 303 }), async (w) => {
        // Prepare: three workspaces share 303 units, 101 each; connecting cost each 1 unit (channels.list).
        const [a, b, c] = [await w.connect('a'), await w.connect('b'), await w.connect('c')];
        w.google.addThread(a.channelId, w.comment(a.channelId, 1, 5));
        w.google.addThread(b.channelId, w.comment(b.channelId, 1, 5));

        // Act: A replies three times (50 units each), B once.
        const replyA = () => w.service.reply(a.account, `${a.channelId}-c1`, 'It is 12 €');
        await replyA();
        await replyA();
        const third = replyA();

        // Assess
        await expect(third).rejects.toMatchObject({
          status: 429,
          code: 'rate_limited',
          message: expect.stringMatching(/101-unit share of the project’s 303/),
        });
        await w.service.reply(b.account, `${b.channelId}-c1`, 'Yes');
        expect(w.google.state.inserted).toHaveLength(3);
        const quotaA = await w.budget.workspaceQuota(a.workspaceId);
        expect(quotaA).toMatchObject({
          unitsUsedToday: 101,
          dailyLimit: 101,
          pollingLimit: 51,
          project: { unitsUsed: 101 + 51 + 1, dailyLimit: 303, workspaces: 3, paused: false },
        });
        expect((await w.budget.workspaceQuota(c.workspaceId)).dailyLimit).toBe(101);
        // The refused reply gave its project units back.
        expect((await w.budget.projectQuota()).unitsUsed).toBe(w.google.state.unitsUsed);
      }));

    it('never lets concurrent replies of two workspaces pass their shares or the project’s day', async () =>
      using(await world({ start: '2026-03-03T18:00:00Z', dailyUnits: 202 }), async (w) => {
        // Prepare: 101 units each: room for two replies after the 1-unit connect.
        const [a, b] = [await w.connect('a'), await w.connect('b')];
        for (const x of [a, b]) w.google.addThread(x.channelId, w.comment(x.channelId, 1, 5));

        // Act: ten replies at once from each.
        const results = await Promise.allSettled(
          [a, b].flatMap((x) =>
            Array.from({ length: 10 }, () => w.service.reply(x.account, `${x.channelId}-c1`, 'Hi')),
          ),
        );

        // Assess
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
        expect(w.google.state.inserted.map((r) => r.parentId).sort()).toEqual(
          [`${a.channelId}-c1`, `${a.channelId}-c1`, `${b.channelId}-c1`, `${b.channelId}-c1`].sort(),
        );
        const project = await w.budget.projectQuota();
        expect(project.unitsUsed).toBe(202);
        expect(project.unitsUsed).toBeLessThanOrEqual(project.dailyLimit);
      }));

    it('keeps replies ahead of polling: a share’s polling part spent, the collector waits and a reply still goes', async () =>
      using(await world({ start: '2026-03-04T18:00:00Z', dailyUnits: 202 }), async (w) => {
        // Prepare: a 101-unit share, 51 of it for polling; earlier polls spent 50 (plus the connect's 1).
        const [a] = [await w.connect('a'), await w.connect('b')];
        w.google.addThread(a.channelId, w.comment(a.channelId, 1, 5));
        const day = youtubeQuotaDay(w.clock());
        const ttl = Math.floor(w.clock().getTime() / 1000) + 86_400;
        await w.ledger.consumeWorkspace(a.workspaceId, day, 50, 101, ttl);
        await w.ledger.consumeProject(day, 50, 202, ttl);
        const calls = w.google.state.calls.commentThreads;

        // Act
        const run = await w.collectRun();
        await w.service.reply(a.account, `${a.channelId}-c1`, 'Sent anyway');

        // Assess
        expect(w.google.state.calls.commentThreads).toBe(calls + 1); // b polled, a did not
        expect(run.published.map((m) => m.workspaceId)).not.toContain(a.workspaceId);
        expect(w.google.state.inserted).toHaveLength(1);
        expect((await w.budget.workspaceQuota(a.workspaceId)).unitsUsedToday).toBe(101);
      }));
  });

  describe('Method: pollDue', () => {
    it('polls a busy channel at every run and a quiet one hourly', async () =>
      using(await world({ start: '2026-03-05T18:00:00Z', dailyUnits: 10_000 }), async (w) => {
        // Prepare: busy has a comment from 5 minutes ago; quiet's last comment is 3 days old.
        const busy = await w.connect('busy');
        const quiet = await w.connect('quiet');
        w.google.addThread(busy.channelId, w.comment(busy.channelId, 1, 5));
        w.google.addThread(quiet.channelId, w.comment(quiet.channelId, 1, 3 * 24 * 60));
        await w.collectRun(); // first poll of both: the quiet one's lastEventAt becomes 3 days ago
        const polls = () => w.google.state.calls.commentThreads;
        const before = polls();

        // Act: runs every 5 minutes for 70 minutes.
        let runs = 0;
        for (let minute = 5; minute <= 70; minute += 5) {
          w.advance(5 * 60_000);
          w.google.addThread(busy.channelId, w.comment(busy.channelId, 100 + minute, 1));
          await w.collectRun();
          runs += 1;
        }

        // Assess: busy every run (14), quiet once (at +60 min, within the 1-minute slack).
        expect(polls() - before).toBe(runs + 1);
        expect(await w.fresh(quiet.account)).toMatchObject({ status: 'active', lastError: null });
      }));
  });

  describe('Method: pause', () => {
    it('pauses collection for every workspace on 403 quotaExceeded until midnight Pacific, marking no account', async () =>
      using(
        // Google's own count is lower than ours (another app of the project, or units spent before a deploy).
        await world({ start: '2026-03-06T20:00:00Z', dailyUnits: 10_000, fakeQuota: 4 }),
        async (w) => {
          // Prepare: two workspaces (2 units spent connecting), 2 units left at Google.
          const a = await w.connect('a');
          const b = await w.connect('b');
          for (const x of [a, b]) w.google.addThread(x.channelId, w.comment(x.channelId, 1, 5));
          w.google.failNext('commentThreads', 'quota');

          // Act: the first poll meets quotaExceeded; the rest of the run and the next runs call nothing.
          const first = await w.collectRun();
          const calls = w.google.state.calls.commentThreads;
          w.advance(5 * 60_000);
          const second = await w.collectRun();
          const reply = w.service.reply(b.account, `${b.channelId}-c1`, 'Hello');

          // Assess
          expect(first.report).toMatchObject({ accounts: 2, failed: 0 });
          expect(second.published).toEqual([]);
          expect(w.google.state.calls.commentThreads).toBe(calls);
          await expect(reply).rejects.toMatchObject({
            status: 429,
            message: expect.stringMatching(/every workspace.*midnight Pacific/),
          });
          for (const x of [a, b])
            expect(await w.fresh(x.account)).toMatchObject({ status: 'active', lastError: null });
          expect(w.reconnects).toEqual([]);
          expect(await w.budget.projectQuota()).toMatchObject({
            paused: true,
            pausedAt: '2026-03-06T20:00:00.000Z',
            resetsAt: '2026-03-07T08:00:00.000Z',
          });

          // Act: just past midnight Pacific (08:00 UTC in winter), both collect again.
          w.at('2026-03-07T08:01:00Z');
          const after = await w.collectRun();

          // Assess
          expect(w.google.state.calls.commentThreads).toBe(calls + 2);
          expect(after.published.map((m) => m.platformMessageId).sort()).toEqual(
            [`${a.channelId}-c1`, `${b.channelId}-c1`].sort(),
          );
          expect(await w.budget.projectQuota()).toMatchObject({ paused: false, pausedAt: null });
        },
      ));
  });
});

describe('Class: YouTubeProvider', () => {
  describe('Method: collect', () => {
    it('fetches the replies a thread leaves out with comments.list, page by page, and only when its count moved', async () =>
      using(await world({ start: '2026-03-09T18:00:00Z', dailyUnits: 10_000 }), async (w) => {
        // Prepare: a 3-day-old comment with 120 replies (the thread carries 5 of them), collected once.
        const shop = await w.connect('shop');
        const top = w.comment(shop.channelId, 1, 3 * 24 * 60);
        const replies = Array.from({ length: 120 }, (_, i) =>
          w.comment(shop.channelId, 100 + i, 3 * 24 * 60 - 1 - i, { parentId: top.id }),
        );
        w.google.addThread(shop.channelId, top, replies);
        const first = await w.collectRun();
        const pages = w.google.state.calls.replies;

        // Act: an hour later (a quiet channel's interval), a new reply under the old comment; then a run with nothing new.
        w.advance(61 * 60_000);
        w.google.addReply(top.id, w.comment(shop.channelId, 999, 0));
        const second = await w.collectRun();
        const pagesAfterNew = w.google.state.calls.replies;
        w.advance(5 * 60_000);
        const third = await w.collectRun();

        // Assess
        expect(first.published).toHaveLength(121);
        expect(pages).toBe(2); // 120 replies, 100 a page
        expect(second.published.map((m) => m.platformMessageId)).toEqual([`${shop.channelId}-c999`]);
        expect(second.published[0]).toMatchObject({ parentId: top.id, conversationId: top.id });
        expect(pagesAfterNew).toBe(pages + 2);
        expect(third.published).toEqual([]);
        expect(w.google.state.calls.replies).toBe(pagesAfterNew);
      }));
  });
});
