import { planOf } from '../../domain/plans/catalog';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import { QuotaExceededError } from '../../errors';
import type { SendResult } from '../social/ports';
import type { QuotaService } from './quota-service';

export interface DmReservation {
  workspaceId: string;
  /** The quota day the unit was taken from: a release gives it back to that day. */
  day: string;
}

export interface PlanReader {
  getWorkspace(workspaceId: string): Promise<{ plan: string; timezone?: string } | undefined>;
}

/**
 * The daily DM quota for sends a person asks for (LinkedIn send-message, YouTube and TikTok replies): the same
 * counter the workflow takes from, the same way — a unit reserved before the provider is called, given back when
 * the provider refused the message, kept when the outcome is unknown (the message may be out). The plan is read
 * for every send, so a downgrade applies to the next one.
 */
export class DmAllowance {
  constructor(
    private readonly workspaces: PlanReader,
    private readonly quota: Pick<QuotaService, 'consumeDm' | 'releaseDm' | 'usage'>,
  ) {}

  /** One DM of today's quota, or 402 quota_exceeded saying when it resets. */
  async reserve(workspaceId: string): Promise<DmReservation> {
    const stored = await this.workspaces.getWorkspace(workspaceId);
    const workspace = {
      id: workspaceId,
      plan: planOf(stored?.plan).id,
      timezone: stored?.timezone ?? DEFAULT_TIMEZONE,
    };
    const consumed = await this.quota.consumeDm(workspace);
    if (consumed.allowed) return { workspaceId, day: consumed.day };
    const { resetsAt } = await this.quota.usage(workspace);
    throw new QuotaExceededError(
      `The ${planOf(workspace.plan).name} plan's ${consumed.limit} DMs of today are used; the quota resets at ${resetsAt}.`,
    );
  }

  release(reservation: DmReservation): Promise<void> {
    return this.quota.releaseDm(reservation.workspaceId, reservation.day);
  }

  /** Reserve, send, and give the unit back if the provider refused the message. */
  async send(workspaceId: string, send: () => Promise<SendResult>): Promise<SendResult> {
    const reservation = await this.reserve(workspaceId);
    const result = await send();
    if (result.status === 'failed') await this.release(reservation);
    return result;
  }
}
