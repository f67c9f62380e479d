import type { AccountState, Decision } from '../../domain/decisions/decide';
import type { CaptureResult } from '../../domain/leads/capture';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { PlanFeatures } from '../../domain/plans/catalog';
import type { ScenarioStep } from '../../domain/scenarios/actions';
import type { FollowUpStep } from '../../domain/scenarios/follow-ups';
import type { DoneMarker } from './ports';

/**
 * The state one message carries through the workflow. Each Task receives the whole state and its result is
 * stored under its own key (ResultPath), so every step sees what the earlier ones found.
 */
export interface LoggedInteraction {
  leadId: string;
  firstDelivery: boolean;
  /** The pipeline already finished for this message: the rest is skipped. */
  alreadyProcessed: boolean;
  score: number;
  phone: string | null;
  interactionCount: number;
  /** This message answered a pending contact capture: its outcome (domain/leads/capture.ts). */
  capture?: CaptureResult | null;
  /** An echo ends here: the done marker the step writes with its trace (see TraceStore.record). */
  done?: DoneMarker;
}

export interface PlanCheck {
  plan: string;
  features: PlanFeatures;
  dmLimitPerDay: number | null;
  dmSentToday: number;
  quotaReached: boolean;
  resetsAt: string;
  accountStatus: AccountState;
}

export interface MatchedScenario {
  id: string;
  name: string;
  /** What it does, in order (domain/scenarios/actions.ts). */
  actions: ScenarioStep[];
  keyword: string | null;
  /** Its follow-up sequence (domain/scenarios/follow-ups.ts), started once its answer went; absent: none. */
  followUps?: FollowUpStep[];
}

export interface WrittenReply {
  text: string;
  source: 'template' | 'ai' | 'rules';
  /** The engine could not answer (it said a person will): the conversation goes to a human. */
  handover?: boolean;
  /** The words of each action sent now (by its index in the scenario's actions); `text` is the first one's. */
  steps?: Array<{ index: number; text: string; source: WrittenReply['source'] }>;
}

export interface SendOutcome {
  status: 'sent' | 'already_sent' | 'queued' | 'uncertain' | 'failed' | 'quota_blocked';
  idempotencyKey: string;
  providerMessageId: string | null;
  explanation: string;
  /** One per action sent now, in order; the fields above are the first one's (a list of one for one action). */
  steps?: StepSendOutcome[];
}

export interface StepSendOutcome {
  index: number;
  action: 'reply' | 'dm' | 'private_reply';
  status: SendOutcome['status'];
  idempotencyKey: string;
  providerMessageId: string | null;
  explanation: string;
}

/** The workflow's part is done: the provider took the message, or the worker it was handed to will send it. */
export const isHandedOver = (status: SendOutcome['status'] | undefined): boolean =>
  status === 'sent' || status === 'already_sent' || status === 'queued';

export interface QualificationOutcome {
  /** The model's class (null: it did not answer, the rules' score stands). */
  prospectClass: string | null;
  /** Whether the model was asked about an ambiguous number, and what it read (E.164) if anything. */
  secondPhoneOpinion: { asked: boolean; phone: string | null };
}

export interface LeadUpdate {
  leadId: string;
  status: string;
  lastDeliveryError: string | null;
  followUpAt: string | null;
  /** What the model added (AI lead qualification), when it ran. */
  qualification?: QualificationOutcome;
}

/** What a Catch puts under ResultPath: { Error, Cause } (Cause is JSON from Lambda, plain text locally). */
export interface CaughtError {
  Error: string;
  Cause: string;
}

export interface WorkflowState {
  messageId: string;
  message: IncomingMessage;
  logged: LoggedInteraction;
  plan?: PlanCheck;
  match?: { scenario: MatchedScenario | null };
  decision?: Decision;
  reply?: WrittenReply;
  send?: SendOutcome;
  sendError?: CaughtError;
  lead?: LeadUpdate;
}

/** The human sentence of a caught error, whichever runtime produced it. */
export function causeOf(error: CaughtError): string {
  try {
    const parsed = JSON.parse(error.Cause) as { errorMessage?: string };
    if (typeof parsed?.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // plain text: the local runner passes the message as is
  }
  return error.Cause;
}

export const idempotencyKeyOf = (dedupeKey: string, action: string) => `${dedupeKey}#${action}`;
