import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as collectInteractions } from '../../functions/schedules/collect-interactions';
import { stageTable } from '../../shared/adapters/dynamo/client';

const collectMeta = () => collectInteractions({ provider: 'meta' });

import { attachConsumer, detachConsumer } from '../../infra/local/adapters/in-process-queues';
import { schedules } from '../../infra/schedules';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import type { QueueMessage } from '../../shared/services/queue/ports';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

const IG = '178410004';
const PAGE = '5050';
const DAY = 24 * 3600_000;
let fake: FakeMetaGraph;
let stage: TestStage;
let workspaceId: string;
let batches: QueueMessage[][];
let refuse = false;
const store = new DynamoSocialAccountStore(stageTable);
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Café Page', instagram: { id: IG, username: 'cafe' } });
  fake.addMedia(IG, { id: 'media-a', timestamp: ago(10 * DAY) });
  fake.addMedia(IG, { id: 'media-b', timestamp: ago(DAY) });
  fake.addComment({
    id: 'c-1',
    mediaId: 'media-a',
    text: 'Vieux commentaire',
    from: { id: 'u1', username: 'ana' },
    timestamp: ago(9 * DAY),
  });
  fake.addComment({
    id: 'c-2',
    mediaId: 'media-b',
    text: 'Horaires ?',
    from: { id: 'u2', username: 'ben' },
    timestamp: ago(3600_000),
  });
  fake.addInboundMessage({
    accountId: IG,
    platform: 'instagram',
    from: { id: 'u3', username: 'chloe' },
    text: 'Réservation pour 4 ?',
    id: 'mid-1',
    at: ago(2 * 3600_000),
  });
  fake.addInboundMessage({
    accountId: IG,
    platform: 'instagram',
    from: { id: 'u4', username: 'dora' },
    text: '',
    id: 'mid-mention',
    at: ago(3 * 3600_000),
    storyMention: {
      link: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=m1',
      id: '17900000000000077',
    },
  });
  fake.addInboundMessage({
    accountId: IG,
    platform: 'instagram',
    from: { id: 'u5', username: 'eli' },
    text: '',
    id: 'mid-photo',
    at: ago(3 * 3600_000),
  });
  fake.addInboundMessage({
    accountId: PAGE,
    platform: 'messenger',
    from: { id: 'p1', username: 'dan' },
    text: 'Ouvert ?',
    id: 'mid-fb1',
    at: ago(3600_000),
  });
  stage = await startTestStage({ env: fake.env() });
  const owner = await signupWithWorkspace(stage.api, 'cafe');
  workspaceId = owner.workspaceId;
  await connectMeta(stage, owner);
  await attachConsumer('incomingMessages', async (messages) => {
    if (refuse) throw new Error('queue unavailable');
    batches.push(messages);
  });
});
beforeEach(() => {
  batches = [];
  refuse = false;
});
afterAll(async () => {
  detachConsumer('incomingMessages');
  await stage.stop();
  await fake.stop();
});

const published = () => batches.flat().map((m) => m.body as Record<string, any>);

describe('Schedule: collect-meta', () => {
  it('is declared in the schedule manifest every 10 minutes', () => {
    expect(schedules).toContainEqual(
      expect.objectContaining({
        name: 'collect-meta',
        everyMinutes: 10,
        handler: 'functions/schedules/collect-interactions.ts',
        input: { provider: 'meta' },
      }),
    );
  });

  it('imports Instagram comments and DMs, and Page DMs, as collector IncomingMessages', async () => {
    const report = await collectMeta();
    expect(report).toMatchObject({ accounts: 2, published: 5, failed: 0 });
    const byKey = Object.fromEntries(published().map((m) => [m.dedupeKey, m]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        'facebook:message:mid-fb1',
        'instagram:comment:c-1',
        'instagram:comment:c-2',
        'instagram:message:mid-1',
        'instagram:message:mid-mention',
      ].sort(),
    );
    // A story mention is its own kind with the story; a message without text (a photo) is not imported.
    expect(byKey['instagram:message:mid-mention']).toMatchObject({
      kind: 'story_mention',
      text: '',
      story: { id: '17900000000000077', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=m1' },
    });
    expect(byKey['instagram:comment:c-2']).toMatchObject({
      workspaceId,
      accountId: `instagram-${IG}`,
      kind: 'comment',
      mediaId: 'media-b',
      author: { platformUserId: 'u2', username: 'ben' },
      text: 'Horaires ?',
      source: 'collector',
      actionable: true,
    });
    // Older than the 7-day private-reply window: logged and scored, never answered.
    expect(byKey['instagram:comment:c-1']).toMatchObject({ actionable: false });
    expect(byKey['instagram:message:mid-1']).toMatchObject({
      kind: 'dm',
      text: 'Réservation pour 4 ?',
      actionable: true,
    });
    // Same key as the webhook would produce for the same message.
    expect(byKey['instagram:message:mid-1']?.platformMessageId).toBe('mid-1');
  });

  it('imports nothing new on the next run (incremental cursor), then only what is new', async () => {
    expect(await collectMeta()).toMatchObject({ accounts: 2, published: 0, failed: 0 });
    expect(batches).toEqual([]);
    fake.addComment({
      id: 'c-3',
      mediaId: 'media-b',
      text: 'Livraison ?',
      from: { id: 'u4', username: 'eva' },
    });
    fake.addInboundMessage({
      accountId: IG,
      platform: 'instagram',
      from: { id: 'u3', username: 'chloe' },
      text: 'Et à 20h ?',
      id: 'mid-2',
    });
    const report = await collectMeta();
    expect(report.published).toBe(2);
    expect(
      published()
        .map((m) => m.dedupeKey)
        .sort(),
    ).toEqual(['instagram:comment:c-3', 'instagram:message:mid-2']);
  });

  it('does not import our own replies', async () => {
    fake.addComment({ id: 'c-own', mediaId: 'media-b', text: 'Merci !', from: { id: IG, username: 'cafe' } });
    expect((await collectMeta()).published).toBe(0);
  });

  it('keeps the cursor when the queue refuses, so the next run collects the same items again', async () => {
    fake.addComment({ id: 'c-4', mediaId: 'media-b', text: 'Menu ?', from: { id: 'u5', username: 'flo' } });
    const cursorBefore = (await store.get(workspaceId, `instagram-${IG}`))!.collectCursor;
    refuse = true;
    expect(await collectMeta()).toMatchObject({ failed: 1 });
    expect((await store.get(workspaceId, `instagram-${IG}`))!.collectCursor).toBe(cursorBefore);
    refuse = false;
    await collectMeta();
    expect(published().map((m) => m.dedupeKey)).toEqual(['instagram:comment:c-4']);
  });

  it('skips accounts that need reconnecting and reports a Graph failure without stopping the others', async () => {
    await store.update(workspaceId, `facebook-${PAGE}`, { status: 'needs_reconnect' });
    fake.failNext(1, { code: 190, subcode: 460, message: 'password changed' });
    const report = await collectMeta();
    expect(report).toMatchObject({ accounts: 1, published: 0, failed: 1 });
    expect((await store.get(workspaceId, `instagram-${IG}`))!.status).toBe('needs_reconnect');
  });
});
