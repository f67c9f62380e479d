import type { DecisionAction } from '../../domain/decisions/decide';
import type { SendAttempt, SendRecord, SendStatus } from '../../domain/delivery/send-record';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { CountedLead } from '../../domain/pipeline/lead-changes';
import type { ScenarioStep } from '../../domain/scenarios/actions';
import type { Scenario } from '../../domain/scenarios/scenario';

export interface ScenarioStore {
  /** Fails with ConflictError when the id exists. */
  create(scenario: Scenario): Promise<void>;
  get(workspaceId: string, scenarioId: string): Promise<Scenario | undefined>;
  /** Every scenario of a workspace (bounded: a workspace has at most MAX_SCENARIOS). */
  list(workspaceId: string): Promise<Scenario[]>;
  /** Replaces the scenario; NotFoundError if it was deleted meanwhile. */
  replace(scenario: Scenario): Promise<void>;
  remove(workspaceId: string, scenarioId: string): Promise<boolean>;
  /**
   * Records the post a next-post scenario resolved to, only while it still waits for the post it was armed for at
   * `after` (a re-armed, disarmed or deleted scenario is left alone); false when it was not recorded.
   */
  resolveNextPost(workspaceId: string, scenarioId: string, after: string, mediaId: string): Promise<boolean>;
}

export type DedupeState = 'logged' | 'done';

/**
 * The interaction log: the interaction item (its conditional put tells the first delivery apart) and the DEDUPE
 * marker (one per platform message, written once the message is done; 'logged' only on markers an older
 * deployment claimed).
 */
export interface InteractionStore {
  dedupeState(workspaceId: string, dedupeKey: string): Promise<DedupeState | undefined>;
  /**
   * The done marker the step that ends the message's workflow (Complete, or LogInteraction for an echo) writes
   * with its trace (`TraceStore.record(entries, done)`), without writing it.
   */
  doneMarker(message: IncomingMessage, now: string): Promise<DoneMarker>;
  /**
   * Idempotent: the key is derived from the message, so a replay rewrites nothing. True when this delivery wrote
   * it (the first one), false when an earlier delivery had.
   */
  putInteraction(message: IncomingMessage, leadId: string, receivedAt: string): Promise<boolean>;
  /**
   * Writes the workflow's outcome on the interaction; true on the first pass that does (its `outcomeAt` is set
   * once), false on a replayed step: what the funnel counts a trigger by, exactly once.
   */
  recordOutcome(
    message: IncomingMessage,
    leadId: string,
    outcome: { decision: DecisionAction; reason: string; sendStatus: string | null },
    at: string,
  ): Promise<boolean>;
}

export interface LeadWriter {
  get(workspaceId: string, leadId: string): Promise<StoredLead | undefined>;
  /**
   * Applies `change` to the current lead (or creates it) with an optimistic check on updatedAt, retrying on a
   * concurrent write. `change` returns undefined to leave the lead as it is.
   */
  upsert(
    workspaceId: string,
    leadId: string,
    change: (current: StoredLead | undefined) => StoredLead | undefined,
  ): Promise<StoredLead | undefined>;
}

/** A lead plus the pipeline's bookkeeping: the dedupe keys already counted (bounded, newest last). */
export type StoredLead = CountedLead;

export interface SendRecordStore {
  get(workspaceId: string, idempotencyKey: string): Promise<SendRecord | undefined>;
  /**
   * Conditional claim: creates the record in 'sending', or moves it from `previous` (same status and attempt)
   * to 'sending'. False when another worker got there first.
   */
  claim(record: SendRecord, previous: SendRecord | undefined): Promise<boolean>;
  /**
   * Moves a record on, conditional on it still being at `attempt` in `from`: 'sending' (a claim the caller holds)
   * or 'queued' (a hand-off the worker now settles).
   */
  settle(
    workspaceId: string,
    idempotencyKey: string,
    attempt: number,
    change: {
      status: SendStatus;
      attempt: SendAttempt;
      providerMessageId?: string;
      quotaDay?: string | null;
    },
    from?: 'sending' | 'queued',
  ): Promise<boolean>;
  /** Marks a stale 'sending' record uncertain (conditional on the stale attempt). */
  markUncertain(
    workspaceId: string,
    idempotencyKey: string,
    staleAttempt: number,
    at: string,
  ): Promise<boolean>;
}

export interface FollowUp {
  workspaceId: string;
  dedupeKey: string;
  leadId: string;
  message: IncomingMessage;
  action: 'reply' | 'dm' | 'private_reply';
  scenario: { id: string; name: string; message: string | null };
  /**
   * The scenario action it sends (its wordings, buttons, cards) and its send-record key suffix (stepKeySuffix),
   * for a follow-up of a scenario with several actions; absent on follow-ups scheduled before action lists.
   */
  step?: { content: ScenarioStep; keySuffix: string };
  /**
   * Step `index` of the scenario's follow-up sequence (domain/scenarios/follow-ups.ts), started by `message`;
   * absent for an answer waiting for the quota. Its text is the scenario's step as it is when it goes out.
   */
  sequence?: { index: number };
  dueAt: string;
  status: FollowUpStatus;
  reason: string;
  createdAt: string;
  updatedAt: string;
}

export type FollowUpStatus = 'scheduled' | 'sent' | 'expired' | 'failed' | 'cancelled';

export interface FollowUpStore {
  /** Idempotent per interaction: a replay does not schedule a second follow-up. */
  schedule(followUp: FollowUp): Promise<void>;
  /** Due follow-ups of every workspace, oldest first (bounded page). */
  due(now: string, limit: number): Promise<FollowUp[]>;
  reschedule(followUp: FollowUp, dueAt: string, reason: string): Promise<void>;
  close(followUp: FollowUp, status: Exclude<FollowUpStatus, 'scheduled'>, reason: string): Promise<void>;
}

export interface TraceEntry {
  workspaceId: string;
  /** The interaction's dedupeKey: every step of every delivery of one message shares it. */
  dedupeKey: string;
  correlationId: string;
  step: string;
  /** Unique per attempt: writing the same attempt again (a later flush of the same execution) changes nothing. */
  attemptId: string;
  at: string;
  durationMs: number;
  /** The message's summary (platform, kind, text preview…): the same for every step of one message. */
  message: Record<string, unknown>;
  /** What the earlier steps had decided when this one ran (plan, scenario, decision, send). */
  input: Record<string, unknown>;
  decision: string | null;
  reason: string | null;
  error: { name: string; message: string } | null;
}

/**
 * The message's workflow is done: written with the execution's trace, in the same write, by the step that ends it
 * (Complete). `expiresAt` is the marker's TTL (epoch seconds: the workspace's interaction retention).
 */
export interface DoneMarker {
  at: string;
  expiresAt: number;
}

export interface TraceStore {
  /**
   * Records attempts of one interaction's steps in one write (each attempt once: writing it again changes nothing);
   * returns the retry count of the last entry's step (0 = its first attempt). With `done`, the same write marks
   * the message done (what `InteractionStore.dedupeState` reads): then a failed write must fail the step.
   */
  record(entries: TraceEntry[], done?: DoneMarker): Promise<number>;
}
