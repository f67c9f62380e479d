import * as z from '../../schemas/zod';

/**
 * Browser work for one LinkedIn account. The queue message carries only a reference; the job item in DynamoDB
 * holds the payload, the status the user sees, and the reason when it waits or fails.
 */
export const LINKEDIN_JOB_KINDS = ['verify', 'sync', 'send'] as const;
export type LinkedInJobKind = (typeof LINKEDIN_JOB_KINDS)[number];

/**
 * queued → running → succeeded | failed; running → deferred (working hours, daily limit) → queued again by the
 * resume sweep; running → retrying (transient page error or busy account, SQS redelivers).
 */
export const LINKEDIN_JOB_STATUSES = [
  'queued',
  'running',
  'retrying',
  'deferred',
  'succeeded',
  'failed',
] as const;
export type LinkedInJobStatus = (typeof LINKEDIN_JOB_STATUSES)[number];

export const isFinished = (status: LinkedInJobStatus) => status === 'succeeded' || status === 'failed';

export interface LinkedInJob {
  id: string;
  workspaceId: string;
  accountId: string;
  kind: LinkedInJobKind;
  status: LinkedInJobStatus;
  /** send: the thread and the text. */
  conversationId: string | null;
  text: string | null;
  /** send: the exactly-once key (the API's job id, or the workflow's interaction + action). */
  idempotencyKey: string | null;
  /**
   * A send asked through the API: the day its DM was taken from the plan's quota, given back if the send fails.
   * (A workflow send's unit is held by its send record instead.) Absent on jobs stored before it existed.
   */
  quotaDay?: string | null;
  /** Plain-words reason for the current status when it is deferred, retrying or failed. */
  reason: string | null;
  /** When a deferred job may run again (ISO 8601 UTC). */
  runAfter: string | null;
  attempts: number;
  result: Record<string, string | number> | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of a `browserLinkedIn` queue message. */
export const linkedInJobRefSchema = z.object({
  workspaceId: z.string().check(z.minLength(1)),
  jobId: z.string().check(z.minLength(1)),
});
export type LinkedInJobRef = z.infer<typeof linkedInJobRefSchema>;
