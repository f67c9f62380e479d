import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachConsumer, detachConsumer } from '../../infra/local/adapters/in-process-queues';
import type { QueueMessage } from '../../shared/services/queue/ports';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { officialFixture } from '../support/fixtures';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

const IG = '178410002';
const PAGE = '3030';
const WEBHOOK = '/social-accounts/meta/webhook';
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let batches: QueueMessage[][];

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Fleurs Page', instagram: { id: IG, username: 'fleurs' } });
  stage = await startTestStage({ env: fake.env('the-verify-token') });
  owner = await signupWithWorkspace(stage.api, 'florist');
  await connectMeta(stage, owner);
  await attachConsumer('incomingMessages', async (messages) => {
    batches.push(messages);
  });
});
beforeEach(() => {
  batches = [];
});
afterAll(async () => {
  detachConsumer('incomingMessages');
  await stage.stop();
  await fake.stop();
});

const post = (payload: unknown, headers?: Record<string, string>) => {
  const signed = signedMetaWebhook(payload, fake.appSecret);
  return stage.api.request('POST', WEBHOOK, {
    rawBody: signed.body,
    headers: { ...signed.headers, ...headers },
  });
};
const published = () => batches.flat().map((m) => m.body as Record<string, any>);

describe('Webhook: GET /social-accounts/meta/webhook (subscription check)', () => {
  it('echoes hub.challenge as plain text when the verify token matches', async () => {
    const ok = await stage.api.get(
      `${WEBHOOK}?hub.mode=subscribe&hub.verify_token=the-verify-token&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('answers 403 for a wrong token or mode', async () => {
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
      'hub.mode=unsubscribe&hub.verify_token=the-verify-token&hub.challenge=1',
      'hub.challenge=1',
    ]) {
      const response = await stage.api.get(`${WEBHOOK}?${query}`);
      expect(response.status, query).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
  });
});

describe('Webhook: POST /social-accounts/meta/webhook', () => {
  it('rejects a wrong or missing signature with 401 and publishes nothing', async () => {
    const payload = metaWebhook.instagramMessage(IG, { sender: 'u1', mid: 'mid.sig' });
    const wrong = await post(payload, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    const body = Buffer.from(JSON.stringify(payload));
    const missing = await stage.api.request('POST', WEBHOOK, {
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(401);
    // Signed with another secret: the bytes are right, the key is not.
    const forged = signedMetaWebhook(payload, 'not-the-app-secret');
    const other = await stage.api.request('POST', WEBHOOK, { rawBody: forged.body, headers: forged.headers });
    expect(other.status).toBe(401);
    expect(batches).toEqual([]);
  });

  it('verifies the raw bytes: the same JSON re-serialised differently does not pass', async () => {
    const payload = metaWebhook.instagramMessage(IG, { sender: 'u1', mid: 'mid.bytes' });
    const signed = signedMetaWebhook(payload, fake.appSecret);
    const reformatted = Buffer.from(JSON.stringify(payload, null, 2));
    const response = await stage.api.request('POST', WEBHOOK, {
      rawBody: reformatted,
      headers: signed.headers,
    });
    expect(response.status).toBe(401);
    // And a body with spacing Meta might send is accepted when signed as sent.
    const spaced = await post(JSON.stringify(payload, null, 1));
    expect(spaced.status).toBe(200);
  });

  it('publishes a DM as an IncomingMessage of the owning workspace, with a stable dedupeKey', async () => {
    const payload = metaWebhook.instagramMessage(IG, {
      sender: 'igsid-1',
      mid: 'aWdfZAG1faWQ6MTc4',
      text: 'Bonjour, le bouquet est dispo ?',
      timestamp: 1764072000000,
    });
    const response = await post(payload);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: 1, skipped: 0 });
    expect(batches).toHaveLength(1);
    expect(published()).toEqual([
      {
        dedupeKey: 'instagram:message:aWdfZAG1faWQ6MTc4',
        workspaceId: owner.workspaceId,
        accountId: `instagram-${IG}`,
        platform: 'instagram',
        kind: 'dm',
        platformMessageId: 'aWdfZAG1faWQ6MTc4',
        conversationId: null,
        mediaId: null,
        parentId: null,
        story: null,
        author: { platformUserId: 'igsid-1', username: null, displayName: null },
        text: 'Bonjour, le bouquet est dispo ?',
        payload: null,
        occurredAt: '2025-11-25T12:00:00.000Z',
        source: 'webhook',
        actionable: true,
        correlationId: response.headers.get('x-request-id'),
      },
    ]);
    // A redelivery yields the same dedupeKey (the interaction logger drops it).
    await post(payload);
    expect(published().map((m) => m.dedupeKey)).toEqual([
      'instagram:message:aWdfZAG1faWQ6MTc4',
      'instagram:message:aWdfZAG1faWQ6MTc4',
    ]);
  });

  it('sends a mixed delivery as ONE batch, deduplicated within the delivery, echoes and unknown accounts skipped', async () => {
    const comment = metaWebhook.instagramComment(IG, {
      id: '17900001',
      from: 'igsid-2',
      username: 'marie',
      text: 'Prix ?',
      mediaId: '18000001',
      time: 1764072000,
    }).entry[0]!;
    const payload = {
      object: 'instagram',
      entry: [
        comment,
        comment,
        {
          id: IG,
          time: 1764072001000,
          messaging: [
            {
              sender: { id: 'igsid-3' },
              recipient: { id: IG },
              timestamp: 1764072001000,
              message: { mid: 'mid.a', text: 'Salut' },
            },
            {
              sender: { id: 'igsid-3' },
              recipient: { id: IG },
              timestamp: 1764072001000,
              message: { mid: 'mid.a', text: 'Salut' },
            },
            {
              sender: { id: IG },
              recipient: { id: 'igsid-3' },
              timestamp: 1764072001500,
              // Flow IA's own send, echoed with its app id: dropped at the webhook.
              message: { mid: 'mid.echo', text: 'Merci', is_echo: true, app_id: fake.appId },
            },
            {
              sender: { id: 'igsid-4' },
              recipient: { id: IG },
              timestamp: 1764072002000,
              postback: { mid: 'pb.1', title: 'Commander', payload: 'ORDER' },
            },
            {
              sender: { id: 'igsid-4' },
              recipient: { id: IG },
              timestamp: 1764072003000,
              read: { mid: 'mid.echo' },
            },
          ],
        },
        {
          id: '999999',
          time: 1764072000000,
          messaging: [
            {
              sender: { id: 'x' },
              recipient: { id: '999999' },
              timestamp: 1,
              message: { mid: 'mid.unknown', text: 'hi' },
            },
          ],
        },
      ],
    };
    const response = await post(payload);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: 4, skipped: 1 });
    expect(batches).toHaveLength(1);
    expect(published().map((m) => [m.kind, m.dedupeKey])).toEqual([
      ['comment', 'instagram:comment:17900001'],
      ['dm', 'instagram:message:mid.a'],
      ['postback', 'instagram:message:pb.1'],
      ['read', 'instagram:message:read:igsid-4:mid.echo'],
    ]);
    expect(published()[0]).toMatchObject({
      mediaId: '18000001',
      author: { username: 'marie' },
      text: 'Prix ?',
    });
  });

  it('routes Facebook Page events by page id, and publishes nothing for an echo of our own app only', async () => {
    const echo = metaWebhook.instagramMessage(IG, {
      sender: 'igsid-9',
      mid: 'mid.only-echo',
      isEcho: true,
      appId: fake.appId,
    });
    const response = await post(echo);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: 0, skipped: 0 });
    const page = await post({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1764072000000,
          messaging: [
            {
              sender: { id: 'psid-1' },
              recipient: { id: PAGE },
              timestamp: 1764072000000,
              message: { mid: 'm_fb1', text: 'Hello' },
            },
          ],
        },
      ],
    });
    expect(page.body).toEqual({ received: 1, skipped: 0 });
    expect(published()).toEqual([
      expect.objectContaining({
        platform: 'facebook',
        accountId: `facebook-${PAGE}`,
        dedupeKey: 'facebook:message:m_fb1',
      }),
    ]);
  });

  it('answers 400 for malformed JSON or a wrong shape, and publishes nothing', async () => {
    const broken = await post('{"object":"instagram","entry":[');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const shape = await post({ object: 'instagram', entry: 'nope' });
    expect(shape.status).toBe(400);
    expect(shape.body.error.code).toBe('validation_failed');
    expect(batches).toEqual([]);
  });

  it('records when the account last received an event', async () => {
    await post(
      metaWebhook.instagramMessage(IG, {
        sender: 'u5',
        mid: 'mid.touch',
        timestamp: Date.parse('2026-01-02T03:04:05.000Z'),
      }),
    );
    const list = await stage.api.get('/social-accounts', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    const account = list.body.items.find((a: { externalId: string }) => a.externalId === IG);
    expect(account.lastEventAt >= '2026-01-02T03:04:05.000Z').toBe(true);
  });
  it('publishes story mentions and story replies as their own kinds with the story, and never a reaction', async () => {
    // Prepare: Meta's official examples, addressed to this workspace's Instagram account.
    const toOurAccount = (name: string) =>
      JSON.parse(JSON.stringify(officialFixture('meta', name).payload).replaceAll('17841400000000001', IG));
    // Act
    const mention = await post(toOurAccount('story-mention.json'));
    const reply = await post(toOurAccount('messages-story-reply.json'));
    const reaction = await post(toOurAccount('message-reactions.json'));
    const media = await post(toOurAccount('messages-attachments.json'));
    // Assess
    expect([mention.status, reply.status, reaction.status, media.status]).toEqual([200, 200, 200, 200]);
    expect(reaction.body).toEqual({ received: 0, skipped: 0 });
    expect(media.body).toEqual({ received: 0, skipped: 0 });
    expect(published().map((m) => [m.kind, m.text, m.mediaId, m.story])).toEqual([
      [
        'story_mention',
        '',
        null,
        { id: null, url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=mention-1' },
      ],
      [
        'story_reply',
        "Trop beau, c'est combien ?",
        '17900000000000042',
        { id: '17900000000000042', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=story-1' },
      ],
    ]);
  });
});
