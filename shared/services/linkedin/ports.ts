import type { LinkedInJob, LinkedInJobStatus } from '../../domain/linkedin/jobs';
import type { LinkedInTermsAcknowledgement } from '../../domain/linkedin/terms';

/** The workspace's acknowledgement of LinkedIn's automation terms: written once, never overwritten. */
export interface LinkedInTermsStore {
  get(workspaceId: string): Promise<LinkedInTermsAcknowledgement | undefined>;
  /** Records it unless already recorded; returns the one that stands (the first, under a race). */
  acknowledge(
    workspaceId: string,
    acknowledgement: LinkedInTermsAcknowledgement,
  ): Promise<LinkedInTermsAcknowledgement>;
}

/** The session secret, sealed in the token vault under provider 'linkedin'. */
export interface LinkedInCredentials {
  liAt: string;
  jsessionid: string | null;
}

export interface LinkedInProfile {
  /** The public profile slug (/in/<slug>/): the account's externalId. */
  profileId: string;
  name: string;
}

export interface LinkedInConversation {
  id: string;
  participantProfileId: string;
  participantName: string;
  snippet: string;
  lastActivityAt: string | null;
}

export interface LinkedInMessage {
  id: string;
  conversationId: string;
  senderProfileId: string;
  senderName: string;
  text: string;
  sentAt: string;
}

/** One logged-in browser context, used by one job and closed after it. */
export interface LinkedInBrowserSession {
  /** Loads the feed: proves the cookie works and reads who is logged in. */
  profile(): Promise<LinkedInProfile>;
  conversations(limit: number): Promise<LinkedInConversation[]>;
  thread(conversationId: string): Promise<LinkedInMessage[]>;
  /**
   * Types the text like a person and sends it; returns LinkedIn's id of the new message and the time LinkedIn
   * stamped on it (empty when the page shows none), so a thread is ordered by LinkedIn's clock alone.
   */
  sendMessage(conversationId: string, text: string): Promise<{ messageId: string; sentAt: string }>;
}

export interface LinkedInBrowser {
  withSession<T>(
    credentials: LinkedInCredentials,
    work: (session: LinkedInBrowserSession) => Promise<T>,
  ): Promise<T>;
}

export interface LinkedInJobStore {
  /** Conditional create: false when a job with this id exists (the workflow retried a send). */
  create(job: LinkedInJob): Promise<boolean>;
  get(workspaceId: string, jobId: string): Promise<LinkedInJob | undefined>;
  update(
    workspaceId: string,
    jobId: string,
    changes: Partial<Pick<LinkedInJob, 'status' | 'reason' | 'runAfter' | 'attempts' | 'result'>>,
  ): Promise<void>;
  /** Deferred jobs of every workspace due at `nowIso`, oldest first. */
  listDue(nowIso: string, limit: number): Promise<Array<{ workspaceId: string; jobId: string }>>;
  /** deferred → queued, only if still deferred (two sweeps never both re-queue it). */
  claimDeferred(workspaceId: string, jobId: string, updatedAt: string): Promise<boolean>;
  setStatus(workspaceId: string, jobId: string, status: LinkedInJobStatus, updatedAt: string): Promise<void>;
}

export interface LinkedInInboxStore {
  putConversations(workspaceId: string, accountId: string, items: LinkedInConversation[]): Promise<void>;
  putMessages(
    workspaceId: string,
    accountId: string,
    items: LinkedInMessage[],
    selfProfileId: string,
  ): Promise<void>;
  listConversations(workspaceId: string, accountId: string): Promise<LinkedInConversation[]>;
  listMessages(
    workspaceId: string,
    accountId: string,
    conversationId: string,
  ): Promise<Array<LinkedInMessage & { fromSelf: boolean }>>;
  /** Messages of the account after a position (sentAt#id), oldest first, for the collector. */
  messagesAfter(
    workspaceId: string,
    accountId: string,
    cursor: string | null,
    limit: number,
  ): Promise<Array<LinkedInMessage & { fromSelf: boolean; position: string }>>;
}

export type SendRecordState =
  | { state: 'started' }
  | { state: 'sent'; messageId: string }
  /** A previous attempt started and never finished: the message may or may not be on LinkedIn. */
  | { state: 'in_doubt'; startedAt: string };

export interface LinkedInGuardStore {
  /** Takes the account's session lease if free or expired; false when another job holds it. */
  acquireLease(
    workspaceId: string,
    accountId: string,
    holder: string,
    now: Date,
    ttlSeconds: number,
  ): Promise<boolean>;
  releaseLease(workspaceId: string, accountId: string, holder: string): Promise<void>;
  /** Counts one action for the day if under the limit; undefined when the limit is reached. */
  tryCountAction(
    workspaceId: string,
    accountId: string,
    day: string,
    limit: number,
  ): Promise<number | undefined>;
  uncountAction(workspaceId: string, accountId: string, day: string): Promise<void>;
  actionsOn(workspaceId: string, accountId: string, day: string): Promise<number>;
  beginSend(workspaceId: string, idempotencyKey: string, jobId: string, now: Date): Promise<SendRecordState>;
  completeSend(workspaceId: string, idempotencyKey: string, messageId: string, now: Date): Promise<void>;
  /** The message was certainly not sent: forget the attempt so a later run may send. */
  abandonSend(workspaceId: string, idempotencyKey: string): Promise<void>;
}

/** Time and randomness, injected so tests are fast and deterministic. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The workflow's side of a send it handed to the browser worker (see engine/handoff-completion.ts). */
export interface WorkflowHandoffs {
  complete(
    workspaceId: string,
    idempotencyKey: string,
    result:
      | { status: 'sent'; providerMessageId: string }
      | { status: 'failed'; code: string; explanation: string },
  ): Promise<boolean>;
}
