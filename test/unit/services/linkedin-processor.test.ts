import { describe, expect, it } from 'vitest';
import type { LinkedInJob } from '../../../shared/domain/linkedin/jobs';
import {
  LinkedInSessionExpiredError,
  LinkedInTransientError,
} from '../../../shared/services/linkedin/errors';
import { LinkedInJobProcessor, REASONS } from '../../../shared/services/linkedin/linkedin-processor';
import type { LinkedInBrowserSession, LinkedInMessage } from '../../../shared/services/linkedin/ports';
import type { SocialAccount } from '../../../shared/services/social/ports';
import { InMemorySocialAccountStore } from '../../support/in-memory/engine-stores';
import {
  InMemoryLinkedInGuardStore,
  InMemoryLinkedInInboxStore,
  InMemoryLinkedInJobStore,
  verifiedLinkedInAccount,
} from '../../support/in-memory/linkedin-stores';

// Wednesday 25 Nov 2026, 11:00 in Paris: inside the 8–20 working hours. An injected clock, never the real one.
const WORKDAY_MORNING = Date.parse('2026-11-25T10:00:00.000Z');
const WS = 'ws-li';
const SELF = 'camille-martin';
const THREAD = '2-thread';

const account = verifiedLinkedInAccount;

/**
 * A LinkedIn stand-in at the browser port: a thread per conversation, LinkedIn's own clock stamping what is
 * sent, and failures a test scripts for the next session operations.
 */
class ScriptedLinkedIn {
  readonly typed: string[] = [];
  readonly failures: Error[] = [];
  sessions = 0;
  linkedInNow = () => new Date(WORKDAY_MORNING + 90_000);
  readonly thread: LinkedInMessage[] = [
    {
      id: 'urn:li:msg:1',
      conversationId: THREAD,
      senderProfileId: 'lea-dubois',
      senderName: 'Léa Dubois',
      text: 'Bonjour, quel est le prix ?',
      sentAt: '2026-11-25T09:58:00.000Z',
    },
  ];

  browser = {
    withSession: async <T>(_credentials: unknown, work: (s: LinkedInBrowserSession) => Promise<T>) => {
      this.sessions += 1;
      return work(this.session);
    },
  };

  private fail() {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  private session: LinkedInBrowserSession = {
    profile: async () => {
      this.fail();
      return { profileId: SELF, name: 'Camille Martin' };
    },
    conversations: async () => {
      this.fail();
      return [
        {
          id: THREAD,
          participantProfileId: 'lea-dubois',
          participantName: 'Léa Dubois',
          snippet: 'Bonjour, quel est le prix ?',
          lastActivityAt: '2026-11-25T09:58:00.000Z',
        },
      ];
    },
    thread: async () => {
      this.fail();
      return structuredClone(this.thread);
    },
    sendMessage: async (conversationId, text) => {
      this.fail();
      this.typed.push(text);
      const message = {
        id: `urn:li:msg:${this.thread.length + 1}`,
        conversationId,
        senderProfileId: SELF,
        senderName: 'Camille Martin',
        text,
        sentAt: this.linkedInNow().toISOString(),
      };
      this.thread.push(message);
      return { messageId: message.id, sentAt: message.sentAt };
    },
  };
}

async function world(
  options: { account?: Partial<SocialAccount>; dailyMessageLimit?: number; at?: number } = {},
) {
  let now = options.at ?? WORKDAY_MORNING;
  const sleeps: number[] = [];
  const clock = {
    now: () => new Date(now),
    sleep: async (ms: number) => void sleeps.push(ms),
    random: () => 0.5,
  };
  const jobs = new InMemoryLinkedInJobStore();
  const inbox = new InMemoryLinkedInInboxStore();
  const guard = new InMemoryLinkedInGuardStore();
  const accounts = new InMemorySocialAccountStore();
  await accounts.put({ ...account, ...options.account });
  const linkedIn = new ScriptedLinkedIn();
  const health: string[] = [];
  const handoffs: unknown[] = [];
  const released: string[] = [];
  const processor = new LinkedInJobProcessor({
    jobs,
    inbox,
    guard,
    accounts,
    health: {
      markNeedsReconnect: async (a, reason) => void health.push(`needs_reconnect:${a.id}:${reason}`),
      markPaused: async (a, reason) => void health.push(`paused:${a.id}:${reason}`),
    },
    browser: linkedIn.browser,
    openCredentials: async () => ({ liAt: 'AQEDcookie', jsessionid: null }),
    timeZoneOf: async () => 'Europe/Paris',
    clock,
    settings: {
      dailyMessageLimit: options.dailyMessageLimit ?? 5,
      workingHours: { startHour: 8, endHour: 20 },
      leaseSeconds: 300,
      syncConversations: 10,
      pageAttempts: 3,
      backoffMs: 1_000,
      maxReceives: 5,
    },
    handoffs: {
      complete: async (workspaceId, key, result) => {
        handoffs.push({ workspaceId, key, ...result });
        return true;
      },
    },
    releaseDm: async (workspaceId, day) => void released.push(`${workspaceId}:${day}`),
  });
  let counter = 0;
  const job = async (overrides: Partial<LinkedInJob> = {}) => {
    counter += 1;
    const created: LinkedInJob = {
      id: `job-${counter}`,
      workspaceId: WS,
      accountId: account.id,
      kind: 'send',
      status: 'queued',
      conversationId: THREAD,
      text: 'Bonjour Léa, 490 € HT.',
      idempotencyKey: null,
      reason: null,
      runAfter: null,
      attempts: 0,
      result: null,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      ...overrides,
    };
    await jobs.create(created);
    return created;
  };
  const run = (j: LinkedInJob, receiveCount = 1) =>
    processor.process({ workspaceId: WS, jobId: j.id }, receiveCount);
  return {
    processor,
    jobs,
    inbox,
    guard,
    accounts,
    linkedIn,
    health,
    handoffs,
    released,
    sleeps,
    job,
    run,
    setNow: (at: number) => (now = at),
  };
}

describe('Class: LinkedInJobProcessor', () => {
  describe('Method: process', () => {
    it('verifies a session: the profile id becomes the account external id and the account is verified', async () => {
      // Prepare
      const w = await world({ account: { externalId: 'pending', details: {} } });
      const verify = await w.job({ kind: 'verify', conversationId: null, text: null });

      // Act
      const outcome = await w.run(verify);

      // Assess
      expect(outcome).toBe('done');
      expect(await w.accounts.get(WS, account.id)).toMatchObject({
        externalId: SELF,
        status: 'active',
        details: { verification: 'verified' },
      });
      expect((await w.jobs.get(WS, verify.id))?.status).toBe('succeeded');
    });

    it("types a message once, files it by LinkedIn's time after the message it answers, and a redelivery types nothing", async () => {
      // Prepare: LinkedIn's clock runs 90 s ahead of the worker's.
      const w = await world();
      const send = await w.job();

      // Act
      const first = await w.run(send);
      await w.jobs.update(WS, send.id, { status: 'running' }); // a crash before the job was marked done
      const redelivered = await w.run(send, 2);

      // Assess
      expect([first, redelivered]).toEqual(['done', 'done']);
      expect(w.linkedIn.typed).toEqual(['Bonjour Léa, 490 € HT.']);
      const thread = await w.inbox.listMessages(WS, account.id, THREAD);
      expect(thread.at(-1)).toMatchObject({
        text: 'Bonjour Léa, 490 € HT.',
        fromSelf: true,
        sentAt: '2026-11-25T10:01:30.000Z',
      });
      expect(await w.guard.actionsOn(WS, account.id, '2026-11-25')).toBe(1);
      expect(await w.jobs.get(WS, send.id)).toMatchObject({
        status: 'succeeded',
        result: { messageId: 'urn:li:msg:2' },
      });
    });

    it('believes the thread after a crash between the click and the record: the message is there, nothing is retyped', async () => {
      // Prepare: an earlier attempt began the send and LinkedIn shows it.
      const w = await world();
      const send = await w.job({ idempotencyKey: 'wf-key-1' });
      await w.guard.beginSend(WS, 'wf-key-1', send.id, new Date(WORKDAY_MORNING - 60_000));
      w.linkedIn.thread.push({
        id: 'urn:li:msg:already',
        conversationId: THREAD,
        senderProfileId: SELF,
        senderName: 'Camille Martin',
        text: 'Bonjour Léa, 490 € HT.',
        sentAt: '2026-11-25T09:59:30.000Z',
      });

      // Act
      const outcome = await w.run(send, 2);

      // Assess
      expect(outcome).toBe('done');
      expect(w.linkedIn.typed).toEqual([]);
      expect(w.handoffs).toEqual([
        { workspaceId: WS, key: 'wf-key-1', status: 'sent', providerMessageId: 'urn:li:msg:already' },
      ]);
    });

    it("defers a send past the account's daily limit to the next working morning, typing nothing and counting nothing", async () => {
      // Prepare
      const w = await world({ dailyMessageLimit: 1 });
      await w.run(await w.job());
      const second = await w.job({ text: 'Et la livraison ?' });

      // Act
      const outcome = await w.run(second);

      // Assess
      expect(outcome).toBe('done');
      expect(w.linkedIn.typed).toHaveLength(1);
      expect(await w.jobs.get(WS, second.id)).toMatchObject({
        status: 'deferred',
        runAfter: '2026-11-26T07:00:00.000Z',
        reason: expect.stringContaining('Daily limit of 1'),
      });
      expect(await w.guard.actionsOn(WS, account.id, '2026-11-25')).toBe(1);
    });

    it('defers outside working hours without opening a browser', async () => {
      // Prepare: 03:00 in Paris.
      const w = await world({ at: Date.parse('2026-11-25T02:00:00.000Z') });
      const send = await w.job();

      // Act
      await w.run(send);

      // Assess
      expect(w.linkedIn.sessions).toBe(0);
      expect(await w.jobs.get(WS, send.id)).toMatchObject({
        status: 'deferred',
        runAfter: '2026-11-25T07:00:00.000Z',
      });
    });

    it('retries a page error before the click with backoff, but never retypes after the click', async () => {
      // Prepare
      const before = await world();
      before.linkedIn.failures.push(new LinkedInTransientError('Opening the thread timed out.'));
      const after = await world();
      after.linkedIn.failures.push(new LinkedInTransientError('Sending the message timed out.', true));

      // Act
      const retried = await before.run(await before.job());
      const afterSubmitJob = await after.job();
      const notRetried = await after.run(afterSubmitJob);

      // Assess
      expect(retried).toBe('done');
      expect(before.linkedIn.typed).toHaveLength(1);
      expect(before.sleeps).toEqual([750]);
      expect(notRetried).toBe('retry');
      expect(after.linkedIn.sessions).toBe(1);
      // The day's action stays counted and the send record stays: the redelivery checks the thread first.
      expect(await after.guard.actionsOn(WS, account.id, '2026-11-25')).toBe(1);
      expect(after.guard.sends.size).toBe(1);
      expect((await after.jobs.get(WS, afterSubmitJob.id))?.status).toBe('retrying');
    });

    it('turns the login wall into needs_reconnect, fails the job and gives the DM back to the quota', async () => {
      // Prepare
      const w = await world();
      w.linkedIn.failures.push(new LinkedInSessionExpiredError('/login'));
      const send = await w.job({ idempotencyKey: 'wf-key-2', quotaDay: '2026-11-25' });

      // Act
      const outcome = await w.run(send);

      // Assess
      expect(outcome).toBe('done');
      expect(w.health).toEqual([`needs_reconnect:${account.id}:${REASONS.sessionExpired}`]);
      expect(await w.jobs.get(WS, send.id)).toMatchObject({
        status: 'failed',
        reason: REASONS.sessionExpired,
      });
      expect(w.released).toEqual([`${WS}:2026-11-25`]);
      expect(w.handoffs).toEqual([
        expect.objectContaining({ key: 'wf-key-2', status: 'failed', code: 'auth_expired' }),
      ]);
      expect(await w.guard.actionsOn(WS, account.id, '2026-11-25')).toBe(0);
    });

    it('waits while another job holds the account, and while the session is not verified', async () => {
      // Prepare
      const busy = await world();
      await busy.guard.acquireLease(WS, account.id, 'other-job', new Date(WORKDAY_MORNING), 300);
      const unverified = await world({ account: { details: {} } });

      // Act
      const busyJob = await busy.job();
      const busyOutcome = await busy.run(busyJob);
      const unverifiedJob = await unverified.job();
      const unverifiedOutcome = await unverified.run(unverifiedJob);

      // Assess
      expect([busyOutcome, unverifiedOutcome]).toEqual(['retry', 'retry']);
      expect(await busy.jobs.get(WS, busyJob.id)).toMatchObject({ status: 'retrying', reason: REASONS.busy });
      expect(await unverified.jobs.get(WS, unverifiedJob.id)).toMatchObject({
        status: 'retrying',
        reason: REASONS.unverified,
      });
      expect(busy.linkedIn.sessions + unverified.linkedIn.sessions).toBe(0);
    });

    it("gives up after the queue's last receive with the reason in plain words", async () => {
      // Prepare
      const w = await world();
      const sync = await w.job({ kind: 'sync', conversationId: null, text: null });
      w.linkedIn.failures.push(
        ...[1, 2, 3].map(() => new LinkedInTransientError('net::ERR_CONNECTION_RESET')),
      );

      // Act
      const outcome = await w.run(sync, 5);

      // Assess
      expect(outcome).toBe('done');
      expect(await w.jobs.get(WS, sync.id)).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('given up after 5 tries'),
      });
    });
  });
});
