import type { InteractionKind } from '../messages/platforms';
import { CAPTURE_CLOCK_SKEW_MS, CAPTURE_WINDOW_MS, type CaptureResult, type PendingCapture } from './capture';
import { checkEmailAnswer, type EmailProblem } from './email';
import { checkPhoneAnswer, type PhoneProblem } from './phone';

/**
 * The check of a person's answer to a pending capture (capture.ts): the one part of the capture that reads a
 * phone number, with libphonenumber's metadata (phone.ts). Apart from capture.ts, so code that only records that a
 * question was asked (the follow-ups schedule's delivery record) does not bundle and evaluate that metadata.
 */

/** Kinds a person answers a question with (a comment under a post is not an answer to a DM). */
const ANSWERING_KINDS: readonly InteractionKind[] = ['dm', 'postback', 'story_reply'];

const YES =
  /^\s*(oui|ouais|yes|yep|yeah|ok|okay|d'?accord|exact(ement)?|c'?est (ça|ca)|correct|right|that'?s it)\b/i;

/**
 * The outcome of a message for a pending capture, or null when the message is no answer to it (none pending,
 * the asking message itself, a comment, a read receipt, or too late).
 */
export function answerCapture(
  pending: PendingCapture | null | undefined,
  message: {
    dedupeKey: string;
    kind: InteractionKind;
    text: string;
    payload: string | null;
    occurredAt: string;
    /** The page's own message (an echo) answers nothing. */
    echo?: unknown;
  },
): CaptureResult | null {
  if (!pending || message.echo || message.dedupeKey === pending.askedBy) return null;
  if (!ANSWERING_KINDS.includes(message.kind)) return null;
  const elapsed = Date.parse(message.occurredAt) - Date.parse(pending.askedAt);
  if (!(elapsed >= -CAPTURE_CLOCK_SKEW_MS && elapsed <= CAPTURE_WINDOW_MS)) return null;
  const base = {
    dedupeKey: message.dedupeKey,
    askedBy: pending.askedBy,
    field: pending.field,
    scenarioId: pending.scenarioId,
    language: pending.language,
  };
  const check = checkAnswer(pending, message.payload, message.text);
  if (check.ok) return { ...base, outcome: 'captured', value: check.value, problem: null, suggestion: null };
  return {
    ...base,
    outcome: pending.retried ? 'gave_up' : 're_ask',
    value: null,
    problem: check.problem,
    suggestion: check.suggestion,
  };
}

type AnswerCheck =
  | { ok: true; value: string }
  | { ok: false; problem: EmailProblem | PhoneProblem; suggestion: string | null };

function checkAnswer(pending: PendingCapture, payload: string | null, text: string): AnswerCheck {
  if (pending.field === 'email') {
    if (pending.suggestion && YES.test(text)) return { ok: true, value: pending.suggestion };
    // A tapped user_email quick reply carries the address as its payload.
    const tapped = payload ? checkEmailAnswer(payload) : null;
    const check = tapped?.ok ? tapped : checkEmailAnswer(text);
    return check.ok
      ? { ok: true, value: check.email }
      : { ok: false, problem: check.problem, suggestion: check.suggestion };
  }
  const tapped = payload ? checkPhoneAnswer(payload) : null;
  const check = tapped?.ok ? tapped : checkPhoneAnswer(text);
  return check.ok
    ? { ok: true, value: check.phone }
    : { ok: false, problem: check.problem, suggestion: null };
}
