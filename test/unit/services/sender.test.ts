import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/domain/decisions/decide';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import { ScenarioActionsSender } from '../../../shared/services/engine/action-sender';
import { PermanentSendError, RetryableSendError } from '../../../shared/services/engine/errors';
import { Sender } from '../../../shared/services/engine/sender';
import { QuotaService } from '../../../shared/services/quota/quota-service';
import type { SocialAccount } from '../../../shared/services/social/ports';
import { failures, RecordingProvider } from '../../support/engine';
import {
  InMemoryQuotaStore,
  InMemorySendRecordStore,
  InMemorySocialAccountStore,
} from '../../support/in-memory/engine-stores';

const START = Date.parse('2026-01-05T10:00:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const message: IncomingMessage = {
  dedupeKey: 'instagram:message:m1',
  workspaceId: 'ws1',
  accountId: 'acc1',
  platform: 'instagram',
  kind: 'dm',
  platformMessageId: 'm1',
  conversationId: 't1',
  mediaId: null,
  parentId: null,
  story: null,
  author: { platformUserId: 'igsid-1', username: 'ana', displayName: 'Ana' },
  text: 'prix ?',
  payload: null,
  occurredAt: new Date(START - 60_000).toISOString(),
  source: 'webhook',
  actionable: true,
  correlationId: 'c1',
};

const account: SocialAccount = {
  id: 'acc1',
  workspaceId: 'ws1',
  provider: 'meta',
  platform: 'instagram',
  externalId: 'ig-1',
  displayName: 'Shop',
  status: 'active',
  sealedCredentials: { v: 1, wrappedKey: 'k', iv: 'i', tag: 't', ciphertext: 'c' },
  tokenExpiresAt: null,
  connectedAt: new Date(START - 86_400_000).toISOString(),
  lastEventAt: null,
  lastError: null,
  collectCursor: null,
  details: {},
};

const request = { message, action: 'dm' as const, text: 'Bonjour !', consumesQuota: true };

async function world(options: { plan?: string; accountStatus?: SocialAccount['status'] } = {}) {
  let now = START;
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const records = new InMemorySendRecordStore();
  const quotaStore = new InMemoryQuotaStore();
  const accounts = new InMemorySocialAccountStore();
  await accounts.put({ ...account, status: options.accountStatus ?? 'active' });
  const provider = new RecordingProvider();
  const reconnects: Array<{ accountId: string; reason: string }> = [];
  const notices: string[] = [];
  const events: string[] = [];
  const sender = new Sender({
    records,
    quota: new QuotaService(quotaStore, clock.now),
    workspaces: {
      getWorkspace: async (id) => ({
        id,
        name: 'W',
        plan: options.plan ?? 'freemium',
        timezone: 'Europe/Paris',
        createdAt: '',
        createdBy: 'u',
      }),
    },
    accounts,
    provider: () => provider,
    health: { markNeedsReconnect: async (a, reason) => void reconnects.push({ accountId: a.id, reason }) },
    notifications: {
      notify: async (_ws, notice) => {
        notices.push(notice.dedupeKey ?? '');
        return true;
      },
    },
    events: { emit: async (_ws, type, key) => void events.push(`${type} ${key.join('#')}`) },
    now: clock.now,
    leaseMs: 60_000,
  });
  const used = () => quotaStore.used('ws1', '2026-01-05');
  return { sender, records, provider, clock, reconnects, notices, events, used, quotaStore };
}

describe('Class: Sender', () => {
  describe('Method: send', () => {
    it('claims the send record before calling the provider, then settles it as sent', async () => {
      // Prepare
      const w = await world();
      let statusDuringCall: string | undefined;
      const send = w.provider.send.bind(w.provider);
      w.provider.send = async (a, m) => {
        statusDuringCall = (await w.records.get('ws1', m.idempotencyKey))?.status;
        return send(a, m);
      };

      // Act
      const outcome = await w.sender.send(request);

      // Assess
      expect(statusDuringCall).toBe('sending');
      expect(outcome).toMatchObject({ status: 'sent', providerMessageId: 'mid.1' });
      const record = await w.records.get('ws1', outcome.idempotencyKey);
      expect(record).toMatchObject({ status: 'sent', providerMessageId: 'mid.1', attempt: 1 });
      expect(await w.used()).toBe(1);
    });

    it('does not call the provider again when a retry finds the message sent', async () => {
      // Prepare
      const w = await world();
      await w.sender.send(request);

      // Act
      const outcome = await w.sender.send(request);

      // Assess
      expect(outcome.status).toBe('already_sent');
      expect(w.provider.calls).toHaveLength(1);
      expect(await w.used()).toBe(1);
    });

    it('marks a claim left by a crashed sender uncertain after the lease and never resends it', async () => {
      // Prepare: a first sender claims the record and never comes back from the provider call (a crash)
      const w = await world();
      let reached!: () => void;
      const inCall = new Promise<void>((resolve) => {
        reached = resolve;
      });
      w.provider.send = () => {
        reached();
        return new Promise(() => {});
      };
      void w.sender.send(request);
      await inCall;
      const retry = new RecordingProvider();
      w.provider.send = retry.send.bind(retry);

      // Act: within the lease, then after it
      const busy = w.sender.send(request);
      await expect(busy).rejects.toThrow(/sending it now/);
      w.clock.advance(60_001);
      const outcome = await w.sender.send(request);
      const again = await w.sender.send(request);

      // Assess
      expect(outcome.status).toBe('uncertain');
      expect(again.status).toBe('uncertain');
      expect(retry.calls).toHaveLength(0);
      expect((await w.records.get('ws1', outcome.idempotencyKey))?.status).toBe('uncertain');
    });

    it('records an uncertain outcome when the provider call throws, and keeps the quota unit', async () => {
      // Prepare
      const w = await world();
      w.provider.failNext('throw');

      // Act
      const outcome = await w.sender.send(request);
      const retry = await w.sender.send(request);

      // Assess
      expect(outcome.status).toBe('uncertain');
      expect(retry.status).toBe('uncertain');
      expect(w.provider.calls).toHaveLength(1);
      expect(await w.used()).toBe(1);
    });

    it('takes one quota unit across retries of a throttled send', async () => {
      // Prepare
      const w = await world();
      w.provider.failNext(failures.rateLimited);

      // Act
      await expect(w.sender.send(request)).rejects.toBeInstanceOf(RetryableSendError);
      const outcome = await w.sender.send(request);

      // Assess
      expect(outcome.status).toBe('sent');
      expect(w.provider.calls).toHaveLength(2);
      expect(await w.used()).toBe(1);
      expect((await w.records.get('ws1', outcome.idempotencyKey))?.attempts.map((a) => a.outcome)).toEqual([
        'retry',
        'sent',
      ]);
    });

    it('refuses the send without calling the provider when the daily quota is used up', async () => {
      // Prepare: freemium allows 10 DMs a day
      const w = await world();
      for (let i = 0; i < 10; i++) await w.quotaStore.tryConsume('ws1', '2026-01-05', 10);

      // Act
      const outcome = await w.sender.send(request);

      // Assess
      expect(outcome.status).toBe('quota_blocked');
      expect(w.provider.calls).toHaveLength(0);
      expect(await w.used()).toBe(10);
    });

    it('gives the quota unit back and announces a permanent failure once', async () => {
      // Prepare
      const w = await world();
      w.provider.failNext(failures.outsideWindow);

      // Act
      await expect(w.sender.send(request)).rejects.toBeInstanceOf(PermanentSendError);
      await expect(w.sender.send(request)).rejects.toThrow(/24-hour window/);

      // Assess
      expect(w.provider.calls).toHaveLength(1);
      expect(await w.used()).toBe(0);
      expect(w.notices).toEqual(['delivery_failed:2026-01-05']);
    });

    it('refuses a DM past the 24-hour window when it goes, before the quota and the provider', async () => {
      // Prepare: the person wrote 25 hours ago (a follow-up due late, say)
      const w = await world();
      const late = {
        ...request,
        message: { ...message, occurredAt: new Date(START - 25 * HOUR).toISOString() },
      };

      // Act
      const act = w.sender.send(late);

      // Assess
      await expect(act).rejects.toMatchObject({ code: 'outside_window' });
      expect(w.provider.calls).toHaveLength(0);
      expect(await w.used()).toBe(0);
      expect(await w.records.get('ws1', `${message.dedupeKey}#dm`)).toMatchObject({
        status: 'failed',
        attempts: [expect.objectContaining({ failure: expect.objectContaining({ code: 'outside_window' }) })],
      });
    });

    it("sends a member's HUMAN_AGENT reply for 7 days, and refuses it after", async () => {
      // Prepare: the person wrote 3 days ago, then another 8 days ago
      const w = await world({ plan: 'premium' });
      const human = (id: string, ageMs: number) => ({
        ...request,
        consumesQuota: false,
        message: {
          ...message,
          dedupeKey: `instagram:message:${id}`,
          occurredAt: new Date(START - ageMs).toISOString(),
        },
        human: { idempotencyKey: `human-${id}`, userId: 'u1', tag: 'HUMAN_AGENT' as const },
      });

      // Act
      const recent = await w.sender.send(human('m3d', 3 * DAY));
      const old = w.sender.send(human('m8d', 8 * DAY));

      // Assess
      expect(recent.status).toBe('sent');
      await expect(old).rejects.toMatchObject({ code: 'outside_window' });
      expect(w.provider.calls).toHaveLength(1);
    });

    it('refuses a private reply to a comment older than 7 days without calling the provider', async () => {
      // Prepare
      const w = await world();
      const comment = {
        ...message,
        kind: 'comment' as const,
        dedupeKey: 'instagram:comment:c1',
        occurredAt: new Date(START - 8 * DAY).toISOString(),
      };

      // Act
      const act = w.sender.send({ ...request, message: comment, action: 'private_reply' });

      // Assess
      await expect(act).rejects.toThrow('a private reply is only possible within 7 days of the comment');
      expect(w.provider.calls).toHaveLength(0);
    });

    it('moves the account to needs_reconnect on an expired token and leaves the record open', async () => {
      // Prepare
      const w = await world();
      w.provider.failNext({ code: 'auth_expired', retryable: false, explanation: 'the token expired' });

      // Act
      await expect(w.sender.send(request)).rejects.toThrow('the token expired');

      // Assess
      expect(w.reconnects).toEqual([{ accountId: 'acc1', reason: 'the token expired' }]);
      expect((await w.records.get('ws1', `${message.dedupeKey}#dm`))?.status).toBe('account_blocked');
      expect(await w.used()).toBe(0);
      const retried = await w.sender.send(request);
      expect(retried.status).toBe('sent');
    });

    it('settles a hand-off to a worker as queued, keeping its quota unit, and a retried step sends nothing more', async () => {
      // Prepare: a provider whose worker sends later (LinkedIn's browser)
      const w = await world();
      w.provider.send = async (_a, m) => {
        w.provider.calls.push(m);
        return {
          status: 'queued',
          providerMessageId: 'linkedin-job:wf-1',
          explanation: 'handed to the worker',
        };
      };

      // Act
      const outcome = await w.sender.send(request);
      const retried = await w.sender.send(request);

      // Assess
      expect(outcome).toMatchObject({ status: 'queued', providerMessageId: 'linkedin-job:wf-1' });
      expect(retried).toMatchObject({ status: 'queued', providerMessageId: 'linkedin-job:wf-1' });
      expect(w.provider.calls).toHaveLength(1);
      expect(await w.used()).toBe(1);
      expect(await w.records.get('ws1', outcome.idempotencyKey)).toMatchObject({
        status: 'queued',
        providerMessageId: 'linkedin-job:wf-1',
      });
      // The worker announces the final state; the hand-off itself is not message.sent.
      expect(w.events).toEqual([]);
    });

    it('announces message.sent and message.failed under the send key, the same event again on a retried step', async () => {
      // Prepare
      const w = await world();
      const refused = { ...request, message: { ...message, dedupeKey: 'instagram:message:m2' } };
      w.provider.failNext(failures.rateLimited);

      // Act
      await expect(w.sender.send(request)).rejects.toBeInstanceOf(RetryableSendError);
      const sent = await w.sender.send(request);
      await w.sender.send(request);
      w.provider.failNext(failures.outsideWindow);
      await expect(w.sender.send(refused)).rejects.toBeInstanceOf(PermanentSendError);

      // Assess: nothing for the throttled attempt; the retry finding it sent emits the same event id again
      expect(w.events).toEqual([
        `message.sent ${sent.idempotencyKey}`,
        `message.sent ${sent.idempotencyKey}`,
        'message.failed instagram:message:m2#dm',
      ]);
    });

    it('does not call the provider for an account that is not active', async () => {
      // Prepare
      const w = await world({ accountStatus: 'needs_reconnect' });

      // Act
      const act = w.sender.send(request);

      // Assess
      await expect(act).rejects.toBeInstanceOf(PermanentSendError);
      expect(w.provider.calls).toHaveLength(0);
      expect(await w.used()).toBe(0);
    });
  });
});

describe('Class: ScenarioActionsSender', () => {
  describe('Method: send', () => {
    const comment: IncomingMessage = {
      ...message,
      kind: 'comment',
      dedupeKey: 'instagram:comment:c1',
      platformMessageId: 'c1',
    };
    const scenario = {
      id: 's1',
      name: 'Prix',
      keyword: null,
      actions: [
        stepOf({ action: 'reply', message: 'Merci !' }),
        stepOf({
          action: 'private_reply',
          message: 'Choisis :',
          buttons: [{ type: 'postback', title: 'Prix', payload: 'PRICES', url: null }],
        }),
      ],
    };
    const decision = decide(
      {
        message: { ...comment, occurredAt: new Date(START - 60_000).toISOString() },
        scenario: { id: 's1', name: 'Prix', actions: ['reply', 'private_reply'], keyword: null },
        plan: { plan: 'freemium', quotaReached: false, resetsAt: new Date(START + 3_600_000).toISOString() },
        accountStatus: 'active',
      },
      new Date(START),
    );
    const reply = {
      text: 'Merci !',
      source: 'template' as const,
      steps: [
        { index: 0, text: 'Merci !', source: 'template' as const },
        { index: 1, text: 'Choisis :', source: 'template' as const },
      ],
    };

    it('sends each action under its own key, the buttons with the private reply, and the public reply outside the quota', async () => {
      // Prepare
      const w = await world();
      const actions = new ScenarioActionsSender(w.sender);

      // Act
      const outcome = await actions.send({ message: comment, scenario, decision, reply });

      // Assess
      expect(outcome.steps?.map((s) => [s.action, s.status, s.idempotencyKey])).toEqual([
        ['reply', 'sent', 'instagram:comment:c1#reply'],
        ['private_reply', 'sent', 'instagram:comment:c1#private_reply'],
      ]);
      expect(w.provider.sent.map((s) => s.message.content?.buttons.length ?? 0)).toEqual([0, 1]);
      expect(await w.used()).toBe(1);
    });

    it('sends the private reply when the public reply is refused, and retries only what may still go', async () => {
      // Prepare
      const w = await world();
      const actions = new ScenarioActionsSender(w.sender);
      w.provider.failNext(failures.outsideWindow, failures.rateLimited);

      // Act
      const first = actions.send({ message: comment, scenario, decision, reply });
      await expect(first).rejects.toBeInstanceOf(RetryableSendError);
      w.clock.advance(5_000);
      const retried = await actions.send({ message: comment, scenario, decision, reply });

      // Assess
      expect(retried.status).toBe('sent');
      expect(retried.steps?.map((s) => [s.action, s.status])).toEqual([
        ['reply', 'failed'],
        ['private_reply', 'sent'],
      ]);
      // The refused public reply is not tried again; the throttled private reply goes once, on the retry.
      expect(w.provider.sent.map((s) => s.message.action)).toEqual(['private_reply']);
    });
  });
});
