import type { SendAttempt, SendRecord, SendStatus } from '../../../shared/domain/delivery/send-record';
import { UNCERTAIN_EXPLANATION } from '../../../shared/domain/delivery/send-record';
import type { SendRecordStore } from '../../../shared/services/engine/ports';
import type { QuotaStore } from '../../../shared/services/quota/ports';
import type { SocialAccount, SocialAccountStore } from '../../../shared/services/social/ports';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * In-memory SendRecordStore with the same conditions as DynamoSendRecordStore: a first claim only when no record
 * exists, a re-claim only from the (status, attempt) the caller read, a settle only from 'sending' (or 'queued')
 * at the caller's attempt. Records are copied in and out so a caller cannot change the stored one by mutation.
 */
export class InMemorySendRecordStore implements SendRecordStore {
  readonly records = new Map<string, SendRecord>();
  /** Every successful claim, in order: a test can count claims without reading the provider. */
  readonly claims: Array<{ idempotencyKey: string; attempt: number }> = [];

  private id(workspaceId: string, idempotencyKey: string) {
    return `${workspaceId}#${idempotencyKey}`;
  }

  async get(workspaceId: string, idempotencyKey: string) {
    const record = this.records.get(this.id(workspaceId, idempotencyKey));
    return record ? clone(record) : undefined;
  }

  async claim(record: SendRecord, previous: SendRecord | undefined) {
    const id = this.id(record.workspaceId, record.idempotencyKey);
    const current = this.records.get(id);
    if (previous) {
      if (!current || current.status !== previous.status || current.attempt !== previous.attempt)
        return false;
    } else if (current) return false;
    this.records.set(id, clone(record));
    this.claims.push({ idempotencyKey: record.idempotencyKey, attempt: record.attempt });
    return true;
  }

  async settle(
    workspaceId: string,
    idempotencyKey: string,
    attempt: number,
    change: {
      status: SendStatus;
      attempt: SendAttempt;
      providerMessageId?: string;
      quotaDay?: string | null;
    },
    from: 'sending' | 'queued' = 'sending',
  ) {
    const current = this.records.get(this.id(workspaceId, idempotencyKey));
    if (!current || current.status !== from || current.attempt !== attempt) return false;
    current.status = change.status;
    current.attempts = [...current.attempts, clone(change.attempt)];
    current.explanation = change.attempt.explanation;
    current.updatedAt = change.attempt.at;
    if (change.providerMessageId !== undefined) current.providerMessageId = change.providerMessageId;
    if (change.quotaDay !== undefined) current.quotaDay = change.quotaDay;
    return true;
  }

  async markUncertain(workspaceId: string, idempotencyKey: string, staleAttempt: number, at: string) {
    return this.settle(workspaceId, idempotencyKey, staleAttempt, {
      status: 'uncertain',
      attempt: { attempt: staleAttempt, at, outcome: 'uncertain', explanation: UNCERTAIN_EXPLANATION },
    });
  }
}

/** In-memory QuotaStore: one counter per (workspace, day), refused at the limit like the conditional update. */
export class InMemoryQuotaStore implements QuotaStore {
  readonly counts = new Map<string, number>();

  async tryConsume(workspaceId: string, day: string, limit: number | null) {
    const id = `${workspaceId}#${day}`;
    const used = this.counts.get(id) ?? 0;
    if (limit !== null && used >= limit) return undefined;
    this.counts.set(id, used + 1);
    return used + 1;
  }

  async release(workspaceId: string, day: string) {
    const id = `${workspaceId}#${day}`;
    this.counts.set(id, Math.max(0, (this.counts.get(id) ?? 0) - 1));
  }

  async used(workspaceId: string, day: string) {
    return this.counts.get(`${workspaceId}#${day}`) ?? 0;
  }
}

/** In-memory SocialAccountStore (the parts services read and write). */
export class InMemorySocialAccountStore implements SocialAccountStore {
  readonly accounts = new Map<string, SocialAccount>();

  async put(account: SocialAccount) {
    this.accounts.set(`${account.workspaceId}#${account.id}`, clone(account));
  }

  async get(workspaceId: string, accountId: string) {
    const account = this.accounts.get(`${workspaceId}#${accountId}`);
    return account ? clone(account) : undefined;
  }

  async list(workspaceId: string) {
    return [...this.accounts.values()].filter((a) => a.workspaceId === workspaceId).map(clone);
  }

  async findByExternalId(platform: SocialAccount['platform'], externalId: string) {
    return [...this.accounts.values()]
      .filter((a) => a.platform === platform && a.externalId === externalId)
      .map(clone);
  }

  async update(workspaceId: string, accountId: string, changes: Partial<SocialAccount>) {
    const account = this.accounts.get(`${workspaceId}#${accountId}`);
    if (account) Object.assign(account, clone(changes));
  }

  async remove(workspaceId: string, accountId: string) {
    this.accounts.delete(`${workspaceId}#${accountId}`);
  }

  async listAll() {
    return { items: [...this.accounts.values()].map(clone), nextCursor: null };
  }
}
