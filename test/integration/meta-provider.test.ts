import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import type { OutgoingMessage, SocialAccount } from '../../shared/services/social/ports';
import { socialProviders } from '../../shared/wiring/providers';
import { tokenRefreshService } from '../../shared/wiring/schedules';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

const IG = '178410003';
const PAGE = '4040';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
let fake: FakeMetaGraph;
let stage: TestStage;
let workspaceId: string;
const store = new DynamoSocialAccountStore(stageTable);

beforeAll(async () => {
  fake = await startFakeMetaGraph({ humanAgent: true });
  fake.addPage({ id: PAGE, name: 'Garage Page', instagram: { id: IG, username: 'garage' } });
  fake.addMedia(IG, { id: 'media-1' });
  stage = await startTestStage({ env: fake.env() });
  const owner = await signupWithWorkspace(stage.api, 'garage');
  workspaceId = owner.workspaceId;
  await connectMeta(stage, owner);
});
afterAll(async () => {
  await stage.stop();
  await fake.stop();
});

const account = async (platform: 'instagram' | 'facebook' = 'instagram'): Promise<SocialAccount> =>
  (await store.get(workspaceId, `${platform}-${platform === 'instagram' ? IG : PAGE}`))!;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
let n = 0;
const message = (
  action: OutgoingMessage['action'],
  recipient: Partial<OutgoingMessage['recipient']>,
  extra: Partial<OutgoingMessage> = {},
): OutgoingMessage => ({
  action,
  text: 'Bonjour ! Voici nos tarifs.',
  recipient: { platformUserId: '', commentId: null, conversationId: null, mediaId: null, ...recipient },
  idempotencyKey: `key-${++n}`,
  ...extra,
});
const sendCalls = () => fake.state.requests.filter((r) => r.method === 'POST').length;
const person = (id: string) => ({ id, username: `user_${id}` });

describe('Class: MetaProvider (Graph API fake over HTTP)', () => {
  describe('Method: send', () => {
    it('sends a DM inside the 24-hour window', async () => {
      fake.addInboundMessage({ accountId: IG, from: person('dm-ok'), text: 'Infos ?', at: ago(2 * HOUR) });
      const result = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(result).toEqual({ status: 'sent', providerMessageId: expect.stringMatching(/^m_/) });
      const sent = fake.state.sent.at(-1)!;
      expect(sent).toMatchObject({
        kind: 'dm',
        on: PAGE,
        recipient: 'dm-ok',
        text: 'Bonjour ! Voici nos tarifs.',
      });
      expect(sent.body).toMatchObject({ messaging_type: 'RESPONSE', recipient: { id: 'dm-ok' } });
    });

    it('sends a human reply past 24 hours with MESSAGE_TAG HUMAN_AGENT, within 7 days only', async () => {
      // Prepare
      fake.addInboundMessage({ accountId: IG, from: person('dm-agent'), text: 'Infos ?', at: ago(3 * DAY) });
      fake.addInboundMessage({
        accountId: IG,
        from: person('dm-agent-old'),
        text: 'Infos ?',
        at: ago(8 * DAY),
      });
      const tagged = (id: string) => message('dm', { platformUserId: id }, { tag: 'HUMAN_AGENT' });

      // Act
      const result = await socialProviders()('meta').send(await account(), tagged('dm-agent'));
      const before = sendCalls();
      const tooOld = await socialProviders()('meta').send(await account(), tagged('dm-agent-old'));

      // Assess
      expect(result).toMatchObject({ status: 'sent' });
      expect(fake.state.sent.at(-1)!.body).toMatchObject({
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
      });
      // Graph itself refuses past 7 days (the caller gave no window facts here).
      expect(tooOld).toMatchObject({ status: 'failed', failure: { code: 'outside_window' } });
      expect(sendCalls() - before).toBe(1);
    });

    it('maps Graph (#10) 2534022 to outside_window, not retryable, after exactly one call', async () => {
      fake.addInboundMessage({ accountId: IG, from: person('dm-old'), text: 'Infos ?', at: ago(2 * DAY) });
      const before = sendCalls();
      const result = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-old' }),
      );
      expect(result).toEqual({
        status: 'failed',
        failure: {
          code: 'outside_window',
          retryable: false,
          explanation: 'outside the 24-hour window: the person must write first',
          providerCode: '10/2534022',
        },
      });
      expect(sendCalls() - before).toBe(1);
    });

    it('maps the Messenger subcode 2018278 to outside_window too (Facebook Page)', async () => {
      const result = await socialProviders()('meta').send(
        await account('facebook'),
        message('dm', { platformUserId: 'never-wrote' }),
      );
      expect(result).toMatchObject({
        status: 'failed',
        failure: { code: 'outside_window', providerCode: '10/2018278' },
      });
    });

    it('sends one private reply per comment; the second is already_replied', async () => {
      fake.addComment({ id: 'c-pr', mediaId: 'media-1', text: 'Prix ?', from: person('c-author') });
      const first = await socialProviders()('meta').send(
        await account(),
        message('private_reply', { commentId: 'c-pr', platformUserId: 'c-author' }),
      );
      expect(first).toMatchObject({ status: 'sent' });
      expect(fake.state.sent.at(-1)?.body).toEqual({
        recipient: { comment_id: 'c-pr' },
        message: { text: 'Bonjour ! Voici nos tarifs.' },
      });
      const second = await socialProviders()('meta').send(
        await account(),
        message('private_reply', { commentId: 'c-pr' }),
      );
      expect(second).toMatchObject({
        status: 'failed',
        failure: { code: 'already_replied', retryable: false, providerCode: '10/2534025' },
      });
    });

    it('refuses a private reply to a comment older than 7 days (Graph says outside_window)', async () => {
      fake.addComment({
        id: 'c-old',
        mediaId: 'media-1',
        text: 'Prix ?',
        from: person('c-old'),
        timestamp: ago(8 * DAY),
      });
      const result = await socialProviders()('meta').send(
        await account(),
        message('private_reply', { commentId: 'c-old' }),
      );
      expect(result).toMatchObject({ status: 'failed', failure: { code: 'outside_window' } });
    });

    it('replies publicly under an Instagram comment with /replies', async () => {
      fake.addComment({ id: 'c-pub', mediaId: 'media-1', text: 'Ouvert dimanche ?', from: person('c-pub') });
      const result = await socialProviders()('meta').send(
        await account(),
        message('reply', { commentId: 'c-pub', platformUserId: 'c-pub' }),
      );
      expect(result).toMatchObject({ status: 'sent' });
      expect(fake.state.requests.at(-1)).toMatchObject({ method: 'POST', path: '/c-pub/replies' });
      expect(
        fake.state.comments.get((result as { providerMessageId: string }).providerMessageId)?.parentId,
      ).toBe('c-pub');
    });

    it('maps an unavailable recipient (551), an unknown comment (100) and a permission error (200)', async () => {
      fake.addInboundMessage({ accountId: IG, from: person('blocked'), text: 'hi' });
      fake.state.unavailableUsers.add('blocked');
      const unavailable = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'blocked' }),
      );
      expect(unavailable).toMatchObject({ failure: { code: 'recipient_unavailable', retryable: false } });
      const unknown = await socialProviders()('meta').send(
        await account(),
        message('private_reply', { commentId: 'does-not-exist' }),
      );
      expect(unknown).toMatchObject({ failure: { code: 'invalid_request', retryable: false } });
      fake.failNext(1, {
        status: 403,
        code: 200,
        message: '(#200) Requires instagram_manage_messages permission',
      });
      const denied = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(denied).toMatchObject({ failure: { code: 'permission_denied', retryable: false } });
    });

    it('maps throttling (4 and 613) to rate_limited with a retry-after from the usage headers', async () => {
      fake.throttle(1, 613, 5);
      const withEstimate = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(withEstimate).toEqual({
        status: 'failed',
        failure: expect.objectContaining({
          code: 'rate_limited',
          retryable: true,
          retryAfterSeconds: 300,
          providerCode: '613',
        }),
      });
      fake.throttle(1, 4);
      const appLevel = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(appLevel).toMatchObject({
        failure: { code: 'rate_limited', retryable: true, retryAfterSeconds: 900 },
      });
    });

    it('maps a Meta outage (5xx / code 2) to provider_unavailable, retryable, and does not retry by itself', async () => {
      fake.failNext(1, { status: 503, code: 2, message: 'Service temporarily unavailable' });
      const before = sendCalls();
      const result = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(result).toMatchObject({ failure: { code: 'provider_unavailable', retryable: true } });
      expect(sendCalls() - before).toBe(1);
    });

    it('maps an expired token (190/463) to auth_expired and leaves the account to its caller (the sender reports it)', async () => {
      fake.failNext(1, { code: 190, subcode: 463, message: 'Session has expired' });
      const result = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(result).toMatchObject({
        failure: { code: 'auth_expired', retryable: false, providerCode: '190/463' },
      });
      // One code path for account health: the provider maps, the sender/collector report to AccountHealthService.
      expect(await account()).toMatchObject({ status: 'active', lastError: null });
    });
  });

  describe('Method: refreshCredentials', () => {
    it('never renews a Facebook Login account: Page tokens do not expire, so nothing re-exchanges a long-lived token', async () => {
      // Prepare
      const exchanges = () =>
        fake.state.requests.filter((r) => r.query.grant_type === 'fb_exchange_token').length;
      const before = exchanges();
      // Act
      const report = await tokenRefreshService().refreshExpiring();
      // Assess
      expect(socialProviders()('meta').renews?.(await account())).toBe(false);
      expect(socialProviders()('meta').renews?.(await account('facebook'))).toBe(false);
      expect(exchanges()).toBe(before);
      expect(report.refreshed).toBe(0);
    });
  });

  describe('Method: send (private replies on the Page only)', () => {
    it('sends a private reply to POST /{page-id}/messages with recipient.comment_id', async () => {
      // Prepare
      fake.addComment({ id: 'c-path', mediaId: 'media-1', text: 'Dispo ?', from: person('c-path') });
      // Act
      const result = await socialProviders()('meta').send(
        await account(),
        message('private_reply', { commentId: 'c-path', platformUserId: 'c-path' }),
      );
      // Assess
      expect(result).toMatchObject({ status: 'sent' });
      expect(fake.state.requests.at(-1)).toMatchObject({ method: 'POST', path: `/${PAGE}/messages` });
    });

    it('the fake refuses a private reply on the Instagram account id path, as Meta does with a Page token', async () => {
      // Prepare
      fake.addComment({ id: 'c-igpath', mediaId: 'media-1', text: 'Prix ?', from: person('c-igpath') });
      // Act
      const response = await fetch(`${fake.url}/v25.0/${IG}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.pageToken(PAGE)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { comment_id: 'c-igpath' }, message: { text: 'Bonjour' } }),
      });
      // Assess
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: object }).error).toMatchObject({
        code: 100,
        type: 'GraphMethodException',
      });
      expect(fake.state.comments.get('c-igpath')?.privateReplied).toBe(false);
    });
  });

  describe('After a token dies', () => {
    it('fails with auth_expired once the token is really expired (190 from Graph), and leaves the account to its caller', async () => {
      fake.expireToken();
      const send = await socialProviders()('meta').send(
        await account(),
        message('dm', { platformUserId: 'dm-ok' }),
      );
      expect(send).toMatchObject({ failure: { code: 'auth_expired', providerCode: '190/463' } });
      expect((await account()).status).toBe('active');
    });
  });
});
