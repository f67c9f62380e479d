import { randomUUID } from 'node:crypto';
import { isFinished, type LinkedInJob, type LinkedInJobRef } from '../../domain/linkedin/jobs';
import {
  localDay,
  nextDayOpening,
  type WorkingHours,
  workingWindow,
} from '../../domain/linkedin/working-hours';
import { AccountAlreadyConnectedError } from '../../errors';
import type { AccountHealthReporter } from '../account-health/ports';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import {
  LinkedInCheckpointError,
  LinkedInLimitNoticeError,
  LinkedInNotFoundError,
  LinkedInSessionExpiredError,
  LinkedInTransientError,
} from './errors';
import type {
  Clock,
  LinkedInBrowser,
  LinkedInBrowserSession,
  LinkedInCredentials,
  LinkedInGuardStore,
  LinkedInInboxStore,
  LinkedInJobStore,
  WorkflowHandoffs,
} from './ports';

export interface LinkedInProcessorSettings {
  dailyMessageLimit: number;
  workingHours: WorkingHours;
  leaseSeconds: number;
  syncConversations: number;
  /** Attempts inside one invocation for transient page errors, with exponential backoff. */
  pageAttempts: number;
  backoffMs: number;
  /** SQS receives after which a still-failing job is given up (the queue's maxReceiveCount). */
  maxReceives: number;
}

export interface LinkedInProcessorDeps {
  jobs: LinkedInJobStore;
  inbox: LinkedInInboxStore;
  guard: LinkedInGuardStore;
  accounts: SocialAccountStore;
  /** Login wall → needs_reconnect, checkpoint → paused: status, plain-words error, one notification. */
  health: Pick<AccountHealthReporter, 'markNeedsReconnect' | 'markPaused'>;
  browser: LinkedInBrowser;
  openCredentials(account: SocialAccount): Promise<LinkedInCredentials>;
  timeZoneOf(workspaceId: string): Promise<string>;
  clock: Clock;
  settings: LinkedInProcessorSettings;
  /** Settles the workflow's send record (the delivery log row) once a handed-over send is done. */
  handoffs?: WorkflowHandoffs;
  /** Gives a failed API send's DM back to the plan's daily quota (see LinkedInJob.quotaDay). */
  releaseDm?(workspaceId: string, day: string): Promise<void>;
}

/** A send the workflow handed over (only those carry its idempotency key): its send record awaits the result. */
const isWorkflowSend = (job: LinkedInJob): job is LinkedInJob & { idempotencyKey: string } =>
  job.kind === 'send' && typeof job.idempotencyKey === 'string';

/** 'retry': leave the message on the queue (SQS redelivers it after the visibility timeout). */
export type ProcessOutcome = 'done' | 'retry';

export const REASONS = {
  sessionExpired:
    'LinkedIn logged this account out: its session cookie (li_at) expired or was revoked. Reconnect LinkedIn with a fresh cookie.',
  checkpoint:
    'LinkedIn asked this account for a security check (checkpoint). Open LinkedIn in your own browser, complete the check, then reconnect the account here. Automation is paused until then.',
  busy: 'Another LinkedIn task is running for this account; this one waits its turn.',
  unverified: 'The LinkedIn session is not verified yet; this task waits for the verification.',
  notFound: 'This conversation was not found on LinkedIn for this account.',
  disconnected: 'The LinkedIn account was disconnected.',
};

const formatTime = (at: Date, timeZone: string) =>
  `${at.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone})`;

/**
 * Runs one LinkedIn job in the browser, safely: one session per account at a time (a lease), only within the
 * workspace's working hours, within the account's daily message limit, a send typed at most once (a send record
 * written before the browser acts), transient page errors retried with backoff, and auth problems (login wall,
 * checkpoint) turned into an account status and a reason the user can read, never retried.
 */
export class LinkedInJobProcessor {
  constructor(private readonly deps: LinkedInProcessorDeps) {}

  async process(ref: LinkedInJobRef, receiveCount: number): Promise<ProcessOutcome> {
    const { jobs, accounts, clock, settings } = this.deps;
    const job = await jobs.get(ref.workspaceId, ref.jobId);
    if (!job || isFinished(job.status)) return 'done';
    const now = clock.now();
    // A deferred job is re-queued by the resume sweep when due; an early redelivery changes nothing.
    if (job.status === 'deferred' && job.runAfter && Date.parse(job.runAfter) > now.getTime()) return 'done';
    const account = await accounts.get(job.workspaceId, job.accountId);
    if (!account) return this.fail(job, REASONS.disconnected, 'account_missing');
    if (job.kind !== 'verify' && account.status !== 'active')
      return this.fail(
        job,
        account.lastError ?? `The LinkedIn account is ${account.status.replace('_', ' ')}.`,
        `account_${account.status}`,
      );

    // Until the browser has seen whose session it is, the member is not claimed by this workspace (another one
    // may own it): nothing is read from or sent through that inbox before.
    if (job.kind !== 'verify' && account.details.verification !== 'verified') {
      await jobs.update(job.workspaceId, job.id, { status: 'retrying', reason: REASONS.unverified });
      return 'retry';
    }

    const timeZone = await this.deps.timeZoneOf(job.workspaceId);
    // Verification runs whenever the user connects (one page view, a person is at the keyboard).
    if (job.kind !== 'verify') {
      const window = workingWindow(now, timeZone, settings.workingHours);
      if (!window.open)
        return this.defer(
          job,
          window.opensAt,
          `Outside working hours (${settings.workingHours.startHour}:00–${settings.workingHours.endHour}:00, ${timeZone}); it will run at ${formatTime(window.opensAt, timeZone)}.`,
        );
    }

    const { guard } = this.deps;
    const holder = `${job.id}#${randomUUID()}`;
    if (!(await guard.acquireLease(job.workspaceId, job.accountId, holder, now, settings.leaseSeconds))) {
      await jobs.update(job.workspaceId, job.id, { status: 'retrying', reason: REASONS.busy });
      return 'retry';
    }
    try {
      await jobs.update(job.workspaceId, job.id, {
        status: 'running',
        attempts: job.attempts + 1,
        reason: null,
      });
      const credentials = await this.deps.openCredentials(account);
      if (job.kind === 'verify') return await this.verify(job, account, credentials);
      if (job.kind === 'sync') return await this.sync(job, account, credentials);
      return await this.send(job, account, credentials, timeZone);
    } catch (error) {
      return await this.failed(job, account, error, receiveCount, timeZone);
    } finally {
      await guard.releaseLease(job.workspaceId, job.accountId, holder);
    }
  }

  /**
   * Reads whose session it is, then stores the member's profile id as the account's external id: the store
   * claims that member for this workspace (AccountAlreadyConnectedError when another workspace owns it).
   */
  private async verify(job: LinkedInJob, account: SocialAccount, credentials: LinkedInCredentials) {
    const profile = await this.withRetries(credentials, (session) => session.profile());
    await this.deps.accounts.put({
      ...account,
      externalId: profile.profileId || account.externalId,
      displayName: profile.name || account.displayName,
      status: 'active',
      lastError: null,
      details: {
        ...account.details,
        verification: 'verified',
        verifiedAt: this.deps.clock.now().toISOString(),
      },
    });
    return this.succeed(job, { profileId: profile.profileId, name: profile.name });
  }

  private async sync(job: LinkedInJob, account: SocialAccount, credentials: LinkedInCredentials) {
    const { conversations, messages } = await this.withRetries(credentials, async (session) => {
      const conversations = await session.conversations(this.deps.settings.syncConversations);
      const messages = [];
      for (const conversation of conversations) messages.push(...(await session.thread(conversation.id)));
      return { conversations, messages };
    });
    await this.deps.inbox.putConversations(job.workspaceId, account.id, conversations);
    await this.deps.inbox.putMessages(job.workspaceId, account.id, messages, account.externalId);
    await this.deps.accounts.update(job.workspaceId, account.id, {
      lastEventAt: this.deps.clock.now().toISOString(),
    });
    return this.succeed(job, { conversations: conversations.length, messages: messages.length });
  }

  private async send(
    job: LinkedInJob,
    account: SocialAccount,
    credentials: LinkedInCredentials,
    timeZone: string,
  ) {
    const { guard, clock, settings } = this.deps;
    const key = job.idempotencyKey ?? job.id;
    const conversationId = job.conversationId ?? '';
    const text = (job.text ?? '').trim();
    const record = await guard.beginSend(job.workspaceId, key, job.id, clock.now());
    if (record.state === 'sent') return this.succeed(job, { messageId: record.messageId });
    if (record.state === 'in_doubt') {
      // An earlier attempt clicked send and then lost track: believe the thread, not the record.
      const thread = await this.withRetries(credentials, (session) => session.thread(conversationId));
      const lastOwn = thread.filter((m) => m.senderProfileId === account.externalId).at(-1);
      if (lastOwn && lastOwn.text === text) {
        await guard.completeSend(job.workspaceId, key, lastOwn.id, clock.now());
        return this.succeed(job, { messageId: lastOwn.id });
      }
    }

    const day = localDay(clock.now(), timeZone);
    const counted = await guard.tryCountAction(job.workspaceId, account.id, day, settings.dailyMessageLimit);
    if (counted === undefined) {
      await guard.abandonSend(job.workspaceId, key);
      const opensAt = nextDayOpening(clock.now(), timeZone, settings.workingHours);
      return this.defer(
        job,
        opensAt,
        `Daily limit of ${settings.dailyMessageLimit} LinkedIn messages reached for this account; it will be sent at ${formatTime(opensAt, timeZone)}.`,
      );
    }
    try {
      const { messageId, sentAt } = await this.withRetries(credentials, (session) =>
        session.sendMessage(conversationId, text),
      );
      await guard.completeSend(job.workspaceId, key, messageId, clock.now());
      await this.deps.inbox.putMessages(
        job.workspaceId,
        account.id,
        [
          {
            id: messageId,
            conversationId,
            senderProfileId: account.externalId,
            senderName: account.displayName,
            text,
            // LinkedIn's own stamp: the contact's messages carry LinkedIn's clock, so ours must too, or a
            // worker whose clock runs behind LinkedIn's files our reply before the message it answers.
            sentAt: sentAt || clock.now().toISOString(),
          },
        ],
        account.externalId,
      );
      return this.succeed(job, { messageId });
    } catch (error) {
      // Before the click nothing reached LinkedIn: give back the day's action and forget the attempt.
      if (!(error instanceof LinkedInTransientError && error.afterSubmit)) {
        await guard.uncountAction(job.workspaceId, account.id, day);
        await guard.abandonSend(job.workspaceId, key);
      }
      throw error;
    }
  }

  /** One browser session per attempt; only transient page errors are retried, with jittered backoff. */
  private async withRetries<T>(
    credentials: LinkedInCredentials,
    work: (session: LinkedInBrowserSession) => Promise<T>,
  ): Promise<T> {
    const { browser, clock, settings } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        return await browser.withSession(credentials, work);
      } catch (error) {
        const retryable = error instanceof LinkedInTransientError && !error.afterSubmit;
        if (!retryable || attempt >= settings.pageAttempts) throw error;
        await clock.sleep(settings.backoffMs * 2 ** (attempt - 1) * (0.5 + clock.random() / 2));
      }
    }
  }

  private async failed(
    job: LinkedInJob,
    account: SocialAccount,
    error: unknown,
    receiveCount: number,
    timeZone: string,
  ): Promise<ProcessOutcome> {
    const { accounts, clock, settings, health } = this.deps;
    const attentionAt = clock.now().toISOString();
    if (error instanceof LinkedInSessionExpiredError || error instanceof LinkedInCheckpointError) {
      const expired = error instanceof LinkedInSessionExpiredError;
      const reason = expired ? REASONS.sessionExpired : REASONS.checkpoint;
      // The account keeps what LinkedIn showed and when; status, error and notification go through health.
      const details = {
        ...account.details,
        attentionNeededAt: attentionAt,
        attentionCode: expired ? 'session_expired' : 'checkpoint',
      };
      await accounts.update(job.workspaceId, account.id, { details });
      if (expired) await health.markNeedsReconnect({ ...account, details }, reason);
      else await health.markPaused({ ...account, details }, reason);
      return this.fail(job, reason, expired ? 'auth_expired' : 'account_paused');
    }
    if (error instanceof LinkedInLimitNoticeError) {
      const opensAt = nextDayOpening(clock.now(), timeZone, settings.workingHours);
      const reason = `LinkedIn shows a limit warning ("${error.notice}"); automation for this account waits until ${formatTime(opensAt, timeZone)}.`;
      await accounts.update(job.workspaceId, account.id, { lastError: reason });
      return this.defer(job, opensAt, reason);
    }
    if (error instanceof LinkedInNotFoundError) return this.fail(job, REASONS.notFound, 'not_found');
    if (error instanceof AccountAlreadyConnectedError) {
      // The session belongs to a member another workspace owns: this account stays unverified and receives
      // nothing; disconnecting it there and reconnecting here moves it.
      await health.markNeedsReconnect(account, error.message);
      return this.fail(job, error.message, error.code);
    }
    const detail = error instanceof Error ? error.message : String(error);
    if (receiveCount >= settings.maxReceives)
      return this.fail(
        job,
        `LinkedIn kept failing (${detail}); the task was given up after ${receiveCount} tries.`,
        'provider_error',
      );
    await this.deps.jobs.update(job.workspaceId, job.id, {
      status: 'retrying',
      reason: `LinkedIn did not respond properly (${detail}); retrying shortly.`,
    });
    return 'retry';
  }

  private async succeed(job: LinkedInJob, result: Record<string, string | number>): Promise<ProcessOutcome> {
    await this.deps.jobs.update(job.workspaceId, job.id, { status: 'succeeded', reason: null, result });
    if (isWorkflowSend(job) && typeof result.messageId === 'string')
      await this.deps.handoffs?.complete(job.workspaceId, job.idempotencyKey, {
        status: 'sent',
        providerMessageId: result.messageId,
      });
    return 'done';
  }

  private async fail(job: LinkedInJob, reason: string, code = 'send_failed'): Promise<ProcessOutcome> {
    await this.deps.jobs.update(job.workspaceId, job.id, { status: 'failed', reason });
    if (job.quotaDay) await this.deps.releaseDm?.(job.workspaceId, job.quotaDay);
    if (isWorkflowSend(job))
      await this.deps.handoffs?.complete(job.workspaceId, job.idempotencyKey, {
        status: 'failed',
        code,
        explanation: reason,
      });
    return 'done';
  }

  private async defer(job: LinkedInJob, runAfter: Date, reason: string): Promise<ProcessOutcome> {
    await this.deps.jobs.update(job.workspaceId, job.id, {
      status: 'deferred',
      runAfter: runAfter.toISOString(),
      reason,
    });
    return 'done';
  }
}
