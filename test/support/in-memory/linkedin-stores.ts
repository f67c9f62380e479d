import type { LinkedInJob, LinkedInJobStatus } from '../../../shared/domain/linkedin/jobs';
import type {
  LinkedInConversation,
  LinkedInGuardStore,
  LinkedInInboxStore,
  LinkedInJobStore,
  LinkedInMessage,
  SendRecordState,
} from '../../../shared/services/linkedin/ports';
import type { SocialAccount } from '../../../shared/services/social/ports';

const clone = <T>(value: T): T => structuredClone(value);

/** A verified LinkedIn account (profile `camille-martin`) of workspace `ws-li`, as the unit tests start from. */
export const verifiedLinkedInAccount: SocialAccount = {
  id: 'acc-li',
  workspaceId: 'ws-li',
  provider: 'linkedin',
  platform: 'linkedin',
  externalId: 'camille-martin',
  displayName: 'Camille Martin',
  status: 'active',
  sealedCredentials: { v: 1, wrappedKey: 'k', iv: 'i', tag: 't', ciphertext: 'c' },
  tokenExpiresAt: null,
  connectedAt: '2026-11-01T00:00:00.000Z',
  lastEventAt: null,
  lastError: null,
  collectCursor: null,
  details: { verification: 'verified' },
};
const epoch = (at: Date) => Math.floor(at.getTime() / 1000);

/** In-memory LinkedInJobStore: a conditional create, updates copied in, jobs copied out. */
export class InMemoryLinkedInJobStore implements LinkedInJobStore {
  readonly jobs = new Map<string, LinkedInJob>();

  async create(job: LinkedInJob) {
    if (this.jobs.has(`${job.workspaceId}#${job.id}`)) return false;
    this.jobs.set(`${job.workspaceId}#${job.id}`, clone(job));
    return true;
  }

  async get(workspaceId: string, jobId: string) {
    const job = this.jobs.get(`${workspaceId}#${jobId}`);
    return job ? clone(job) : undefined;
  }

  async update(workspaceId: string, jobId: string, changes: Partial<LinkedInJob>) {
    const job = this.jobs.get(`${workspaceId}#${jobId}`);
    if (job) Object.assign(job, clone(changes));
  }

  async listDue(nowIso: string, limit: number) {
    return [...this.jobs.values()]
      .filter((j) => j.status === 'deferred' && (j.runAfter ?? '') <= nowIso)
      .sort((a, b) => (a.runAfter ?? '').localeCompare(b.runAfter ?? ''))
      .slice(0, limit)
      .map((j) => ({ workspaceId: j.workspaceId, jobId: j.id }));
  }

  async claimDeferred(workspaceId: string, jobId: string, updatedAt: string) {
    const job = this.jobs.get(`${workspaceId}#${jobId}`);
    if (job?.status !== 'deferred') return false;
    Object.assign(job, { status: 'queued', updatedAt });
    return true;
  }

  async setStatus(workspaceId: string, jobId: string, status: LinkedInJobStatus, updatedAt: string) {
    const job = this.jobs.get(`${workspaceId}#${jobId}`);
    if (job) Object.assign(job, { status, updatedAt });
  }
}

/** In-memory LinkedInInboxStore: puts keyed by LinkedIn's ids, threads ordered by (sentAt, id) as the sort key. */
export class InMemoryLinkedInInboxStore implements LinkedInInboxStore {
  readonly conversations = new Map<string, LinkedInConversation>();
  readonly messages = new Map<string, LinkedInMessage & { accountId: string; fromSelf: boolean }>();

  async putConversations(workspaceId: string, accountId: string, items: LinkedInConversation[]) {
    for (const c of items) this.conversations.set(`${workspaceId}#${accountId}#${c.id}`, clone(c));
  }

  async putMessages(workspaceId: string, accountId: string, items: LinkedInMessage[], selfProfileId: string) {
    for (const m of items)
      this.messages.set(`${workspaceId}#${m.id}`, {
        ...clone(m),
        accountId,
        fromSelf: m.senderProfileId === selfProfileId,
      });
  }

  async listConversations(workspaceId: string, accountId: string) {
    return [...this.conversations.entries()]
      .filter(([key]) => key.startsWith(`${workspaceId}#${accountId}#`))
      .map(([, c]) => clone(c));
  }

  async listMessages(workspaceId: string, accountId: string, conversationId: string) {
    return this.ordered(workspaceId, accountId).filter((m) => m.conversationId === conversationId);
  }

  async messagesAfter(workspaceId: string, accountId: string, cursor: string | null, limit: number) {
    return this.ordered(workspaceId, accountId)
      .map((m) => ({ ...m, position: `${m.sentAt}#${m.id}` }))
      .filter((m) => cursor === null || m.position > cursor)
      .slice(0, limit);
  }

  private ordered(workspaceId: string, accountId: string) {
    return [...this.messages.entries()]
      .filter(([key, m]) => key.startsWith(`${workspaceId}#`) && m.accountId === accountId)
      .map(([, { accountId: _account, ...m }]) => clone(m))
      .sort((a, b) => `${a.sentAt}#${a.id}`.localeCompare(`${b.sentAt}#${b.id}`));
  }
}

/** In-memory LinkedInGuardStore with DynamoLinkedInGuardStore's conditions (lease, daily count, send record). */
export class InMemoryLinkedInGuardStore implements LinkedInGuardStore {
  readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  readonly counts = new Map<string, number>();
  readonly sends = new Map<string, { state: 'sending' | 'sent'; startedAt: string; messageId?: string }>();

  async acquireLease(workspaceId: string, accountId: string, holder: string, now: Date, ttlSeconds: number) {
    const key = `${workspaceId}#${accountId}`;
    const lease = this.leases.get(key);
    if (lease && lease.expiresAt >= epoch(now) && lease.holder !== holder) return false;
    this.leases.set(key, { holder, expiresAt: epoch(now) + ttlSeconds });
    return true;
  }

  async releaseLease(workspaceId: string, accountId: string, holder: string) {
    const key = `${workspaceId}#${accountId}`;
    if (this.leases.get(key)?.holder === holder) this.leases.delete(key);
  }

  async tryCountAction(workspaceId: string, accountId: string, day: string, limit: number) {
    const key = `${workspaceId}#${accountId}#${day}`;
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return undefined;
    this.counts.set(key, count + 1);
    return count + 1;
  }

  async uncountAction(workspaceId: string, accountId: string, day: string) {
    const key = `${workspaceId}#${accountId}#${day}`;
    this.counts.set(key, Math.max(0, (this.counts.get(key) ?? 0) - 1));
  }

  async actionsOn(workspaceId: string, accountId: string, day: string) {
    return this.counts.get(`${workspaceId}#${accountId}#${day}`) ?? 0;
  }

  async beginSend(
    workspaceId: string,
    idempotencyKey: string,
    _jobId: string,
    now: Date,
  ): Promise<SendRecordState> {
    const key = `${workspaceId}#${idempotencyKey}`;
    const record = this.sends.get(key);
    if (!record) {
      this.sends.set(key, { state: 'sending', startedAt: now.toISOString() });
      return { state: 'started' };
    }
    if (record.state === 'sent') return { state: 'sent', messageId: record.messageId ?? '' };
    return { state: 'in_doubt', startedAt: record.startedAt };
  }

  async completeSend(workspaceId: string, idempotencyKey: string, messageId: string) {
    const record = this.sends.get(`${workspaceId}#${idempotencyKey}`);
    if (record) Object.assign(record, { state: 'sent', messageId });
  }

  async abandonSend(workspaceId: string, idempotencyKey: string) {
    this.sends.delete(`${workspaceId}#${idempotencyKey}`);
  }
}
