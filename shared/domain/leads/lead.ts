import { createHash } from 'node:crypto';
import type { Platform } from '../messages/platforms';
import type { LeadCapture } from './capture';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface ScoreFactor {
  factor: string;
  points: number;
}

/** The contract's lead, plus the bookkeeping the pipeline needs. */
export interface Lead {
  id: string;
  workspaceId: string;
  platform: Platform;
  externalUserId: string;
  displayName: string | null;
  username: string | null;
  status: LeadStatus;
  score: number;
  scoreFactors: ScoreFactor[];
  /** AI class when known. */
  prospectClass: 'cold' | 'warm' | 'hot' | null;
  /** Why the model gave that class (AI lead qualification); absent on leads it never qualified. */
  prospectReason?: string | null;
  phone: string | null;
  email: string | null;
  tags: string[];
  notes: string;
  interactionCount: number;
  lastInteractionAt: string;
  lastMessageText: string;
  createdAt: string;
  updatedAt: string;
  /** CRM sync state per CRM, e.g. { sheets: { status: 'synced', at }, notion: { status: 'failed', error } }. */
  crm: Record<
    string,
    {
      status: 'synced' | 'failed' | 'pending';
      at: string;
      error?: string;
      externalId?: string;
      /** Hash of what was last sent: a sync of an unchanged lead is skipped. */
      fingerprint?: string;
    }
  >;
  /** Plain-words reason of the last failed outgoing message, if any (delivery log has the details). */
  lastDeliveryError: string | null;
  /**
   * When the person first asked, in a message, for their data to be deleted (see erasure-request.ts): a flag for
   * the owner, who erases with DELETE /leads/{id}. Absent on leads stored before it existed.
   */
  erasureRequestedAt?: string | null;
  /** Internal: the email or phone a scenario asked for and the outcome of the last answer (capture.ts). */
  capture?: LeadCapture | null;
  /** Internal: the message whose AI qualification (class, second phone opinion) is applied, so a replay skips it. */
  qualifiedBy?: string | null;
}

/**
 * A lead is one person on one platform in one workspace. Its id is derived from those, so the pipeline can
 * upsert it with a single conditional write and no lookup, and a replay never creates a second lead.
 */
export function leadIdOf(workspaceId: string, platform: Platform, externalUserId: string): string {
  return createHash('sha256')
    .update(`${workspaceId}\u0000${platform}\u0000${externalUserId}`)
    .digest('base64url')
    .slice(0, 22);
}
