import { createHash, randomUUID } from 'node:crypto';
import type { LinkedInJob, LinkedInJobKind } from '../../domain/linkedin/jobs';
import { LINKEDIN_TERMS_URL, LINKEDIN_TERMS_WARNING } from '../../domain/linkedin/terms';
import { localDay } from '../../domain/linkedin/working-hours';
import { hasFeature, requireFeature } from '../../domain/plans/features';
import type { Role } from '../../domain/workspaces/roles';
import {
  ConflictError,
  ForbiddenError,
  LinkedInTermsNotAcknowledgedError,
  NotFoundError,
} from '../../errors';
import { logger } from '../../observability/logger';
import type { QueuePublisher } from '../queue/ports';
import type { DmAllowance } from '../quota/dm-allowance';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import type { TokenVault } from '../vault/token-vault';
import type {
  Clock,
  LinkedInCredentials,
  LinkedInGuardStore,
  LinkedInInboxStore,
  LinkedInJobStore,
  LinkedInTermsStore,
} from './ports';

export interface LinkedInServiceDeps {
  accounts: SocialAccountStore;
  jobs: LinkedInJobStore;
  inbox: LinkedInInboxStore;
  guard: LinkedInGuardStore;
  terms: LinkedInTermsStore;
  vault: Pick<TokenVault, 'sealJson' | 'openJson'>;
  queue: QueuePublisher;
  timeZoneOf(workspaceId: string): Promise<string>;
  /** The workspace's plan id, read on every use (LinkedIn automation is a plan feature). */
  planOf(workspaceId: string): Promise<string | undefined>;
  /** The daily DM quota a message sent through the API takes from, like the workflow's. */
  dms: Pick<DmAllowance, 'reserve' | 'release'>;
  clock: Pick<Clock, 'now'>;
  dailyMessageLimit: number;
}

export interface LinkedInAccountView {
  id: string;
  displayName: string;
  profileId: string | null;
  status: SocialAccount['status'];
  verification: string;
  lastError: string | null;
  connectedAt: string;
  lastSyncAt: string | null;
  dailyMessageLimit: number;
  messagesSentToday: number;
}

export type LinkedInJobView = Omit<LinkedInJob, 'workspaceId' | 'idempotencyKey' | 'attempts' | 'quotaDay'>;

/** The warning every connect response carries, with the owner's acknowledgement. */
export interface LinkedInTermsView {
  warning: string;
  termsUrl: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
}

const PENDING_PREFIX = 'pending-';
const sealContext = (workspaceId: string) => ({ workspaceId, provider: 'linkedin' as const });

/**
 * The API side of LinkedIn: stores the session cookie sealed, queues browser jobs, and answers from what the
 * processor last synced. It never opens a browser; the `browserLinkedIn` queue's container Lambda does.
 * Connecting, syncing and sending need a plan with LinkedIn automation (402 plan_required otherwise); what was
 * synced before a downgrade stays readable.
 */
export class LinkedInService {
  constructor(private readonly deps: LinkedInServiceDeps) {}

  /**
   * Stores (or replaces, when reconnecting) the workspace's LinkedIn session and queues its verification.
   * The first connection of a workspace needs its owner to acknowledge LinkedIn's automation terms
   * (`acknowledgeTerms: true`); until then nothing is stored. Later connections, by any admin, carry the
   * standing acknowledgement in the response.
   */
  async connect(
    workspaceId: string,
    actor: { userId: string; role: Role },
    input: {
      liAt: string;
      jsessionid?: string | undefined;
      profileName?: string | undefined;
      acknowledgeTerms?: true | undefined;
    },
  ): Promise<{ account: LinkedInAccountView; job: LinkedInJobView; terms: LinkedInTermsView }> {
    const { accounts, vault, clock } = this.deps;
    await this.requireAutomation(workspaceId);
    const acknowledgement = await this.termsAcknowledgement(
      workspaceId,
      actor,
      input.acknowledgeTerms === true,
    );
    const credentials: LinkedInCredentials = { liAt: input.liAt, jsessionid: input.jsessionid ?? null };
    const sealedCredentials = await vault.sealJson(sealContext(workspaceId), credentials);
    const existing = await this.findAccount(workspaceId);
    const now = clock.now().toISOString();
    let account: SocialAccount;
    if (existing) {
      account = {
        ...existing,
        sealedCredentials,
        status: 'active',
        lastError: null,
        displayName: input.profileName ?? existing.displayName,
        // A reconnect starts a new outage period: the next login wall notifies again (account health).
        details: { ...existing.details, verification: 'pending', reconnectedAt: now },
      };
    } else {
      const id = `li_${randomUUID().replace(/-/g, '')}`;
      account = {
        id,
        workspaceId,
        provider: 'linkedin',
        platform: 'linkedin',
        externalId: `${PENDING_PREFIX}${id}`,
        displayName: input.profileName ?? 'LinkedIn account',
        status: 'active',
        sealedCredentials,
        tokenExpiresAt: null,
        connectedAt: now,
        lastEventAt: null,
        lastError: null,
        collectCursor: null,
        details: { verification: 'pending' },
      };
    }
    await accounts.put(account);
    const job = await this.enqueue(account, 'verify');
    return {
      account: await this.view(account),
      job: toJobView(job),
      terms: { warning: LINKEDIN_TERMS_WARNING, termsUrl: LINKEDIN_TERMS_URL, ...acknowledgement },
    };
  }

  /** The standing acknowledgement, or the owner's new one; refused before anything is stored otherwise. */
  private async termsAcknowledgement(
    workspaceId: string,
    actor: { userId: string; role: Role },
    acknowledges: boolean,
  ) {
    const standing = await this.deps.terms.get(workspaceId);
    if (standing) return standing;
    if (!acknowledges) throw new LinkedInTermsNotAcknowledgedError(LINKEDIN_TERMS_WARNING);
    if (actor.role !== 'owner')
      throw new ForbiddenError("Only the workspace owner can acknowledge LinkedIn's automation terms.");
    return this.deps.terms.acknowledge(workspaceId, {
      acknowledgedBy: actor.userId,
      acknowledgedAt: this.deps.clock.now().toISOString(),
    });
  }

  async account(workspaceId: string): Promise<LinkedInAccountView> {
    return this.view(await this.requireAccount(workspaceId));
  }

  async sync(workspaceId: string): Promise<LinkedInJobView> {
    await this.requireAutomation(workspaceId);
    const account = this.requireActive(await this.requireAccount(workspaceId));
    return toJobView(await this.enqueue(account, 'sync'));
  }

  async sendMessage(
    workspaceId: string,
    input: { conversationId: string; text: string },
  ): Promise<LinkedInJobView> {
    await this.requireAutomation(workspaceId);
    const account = this.requireActive(await this.requireAccount(workspaceId));
    const jobId = randomUUID();
    // One DM of the plan's daily quota, like an automatic answer: given back if the browser cannot send it.
    const reservation = await this.deps.dms.reserve(workspaceId);
    try {
      return toJobView(
        await this.enqueue(account, 'send', {
          jobId,
          conversationId: input.conversationId,
          text: input.text,
          idempotencyKey: `api:${jobId}`,
          quotaDay: reservation.day,
        }),
      );
    } catch (error) {
      await this.deps.dms.release(reservation);
      throw error;
    }
  }

  /**
   * A send asked by the workflow: the job id derives from the workflow's idempotency key, so a retried workflow
   * step finds the same job instead of queuing a second message.
   */
  async enqueueWorkflowSend(
    account: SocialAccount,
    input: { conversationId: string; text: string; idempotencyKey: string },
  ): Promise<LinkedInJob> {
    const jobId = `wf-${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 32)}`;
    return this.enqueue(account, 'send', { jobId, ...input });
  }

  /**
   * A sync at most once per hour per account, however often the collector asks; none once the plan no longer
   * includes LinkedIn automation (the browser stops, what was synced stays).
   */
  async enqueueHourlySync(account: SocialAccount): Promise<void> {
    if (!hasFeature(await this.deps.planOf(account.workspaceId), 'linkedinAutomation')) {
      logger.info('LinkedIn sync skipped: the plan has no LinkedIn automation', { accountId: account.id });
      return;
    }
    const hour = this.deps.clock.now().toISOString().slice(0, 13);
    await this.enqueue(account, 'sync', { jobId: `sync-${account.id}-${hour.replace(/[^0-9]/g, '')}` });
  }

  async job(workspaceId: string, jobId: string): Promise<LinkedInJobView> {
    const job = await this.deps.jobs.get(workspaceId, jobId);
    if (!job) throw new NotFoundError('Job not found.');
    return toJobView(job);
  }

  async conversations(workspaceId: string) {
    const account = await this.requireAccount(workspaceId);
    return this.deps.inbox.listConversations(workspaceId, account.id);
  }

  async messages(workspaceId: string, conversationId: string) {
    const account = await this.requireAccount(workspaceId);
    return this.deps.inbox.listMessages(workspaceId, account.id, conversationId);
  }

  /** Re-queues deferred jobs that are due (the scheduled sweep). Returns how many went back on the queue. */
  async resumeDue(limit = 100): Promise<number> {
    const { jobs, queue, clock } = this.deps;
    const now = clock.now().toISOString();
    let resumed = 0;
    for (const ref of await jobs.listDue(now, limit)) {
      if (!(await jobs.claimDeferred(ref.workspaceId, ref.jobId, now))) continue;
      await queue.publish('browserLinkedIn', [{ id: ref.jobId, body: ref }]);
      resumed += 1;
    }
    return resumed;
  }

  async openCredentials(account: SocialAccount): Promise<LinkedInCredentials> {
    return this.deps.vault.openJson<LinkedInCredentials>(
      sealContext(account.workspaceId),
      account.sealedCredentials,
    );
  }

  private async enqueue(
    account: SocialAccount,
    kind: LinkedInJobKind,
    options: {
      jobId?: string;
      conversationId?: string;
      text?: string;
      idempotencyKey?: string;
      quotaDay?: string;
    } = {},
  ): Promise<LinkedInJob> {
    const now = this.deps.clock.now().toISOString();
    const job: LinkedInJob = {
      id: options.jobId ?? randomUUID(),
      workspaceId: account.workspaceId,
      accountId: account.id,
      kind,
      status: 'queued',
      conversationId: options.conversationId ?? null,
      text: options.text ?? null,
      idempotencyKey: options.idempotencyKey ?? null,
      quotaDay: options.quotaDay ?? null,
      reason: null,
      runAfter: null,
      attempts: 0,
      result: null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.deps.jobs.create(job)))
      return (await this.deps.jobs.get(account.workspaceId, job.id)) ?? job;
    await this.deps.queue.publish('browserLinkedIn', [
      { id: job.id, body: { workspaceId: job.workspaceId, jobId: job.id } },
    ]);
    return job;
  }

  private async findAccount(workspaceId: string): Promise<SocialAccount | undefined> {
    return (await this.deps.accounts.list(workspaceId)).find((a) => a.provider === 'linkedin');
  }

  private async requireAccount(workspaceId: string): Promise<SocialAccount> {
    const account = await this.findAccount(workspaceId);
    if (!account) throw new NotFoundError('No LinkedIn account is connected to this workspace.');
    return account;
  }

  private async requireAutomation(workspaceId: string): Promise<void> {
    requireFeature(await this.deps.planOf(workspaceId), 'linkedinAutomation');
  }

  private requireActive(account: SocialAccount): SocialAccount {
    if (account.status !== 'active')
      throw new ConflictError(account.lastError ?? 'The LinkedIn account must be reconnected first.');
    return account;
  }

  private async view(account: SocialAccount): Promise<LinkedInAccountView> {
    const timeZone = await this.deps.timeZoneOf(account.workspaceId);
    const day = localDay(this.deps.clock.now(), timeZone);
    return {
      id: account.id,
      displayName: account.displayName,
      profileId: account.externalId.startsWith(PENDING_PREFIX) ? null : account.externalId,
      status: account.status,
      verification: account.details.verification ?? 'pending',
      lastError: account.lastError,
      connectedAt: account.connectedAt,
      lastSyncAt: account.lastEventAt,
      dailyMessageLimit: this.deps.dailyMessageLimit,
      messagesSentToday: await this.deps.guard.actionsOn(account.workspaceId, account.id, day),
    };
  }
}

function toJobView(job: LinkedInJob): LinkedInJobView {
  const { workspaceId: _w, idempotencyKey: _k, attempts: _a, quotaDay: _q, ...view } = job;
  return view;
}
