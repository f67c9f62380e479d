import { detectLanguage } from '../language/language';
import type { InteractionKind } from '../messages/platforms';
import { checkEmailAnswer, type EmailProblem } from './email';
import { checkPhoneAnswer, type PhoneProblem } from './phone';

/**
 * Active contact capture (issue 23 item 6): a scenario step asks for an email or a phone; the person's next
 * message is the answer. It is checked (email.ts: syntax, TLD, common typo domains; phone.ts: E.164), stored on
 * the lead when valid, and asked again ONCE, with what was wrong, when not; after a second miss the bot lets it go
 * and the message is handled like any other.
 *
 *   step with `capture` sent ──▶ lead.capture.pending { field, askedBy, retried: false }
 *   next message (DM, tap) ──▶ answerCapture
 *        valid ──────────────▶ lead.email / lead.phone, pending cleared          (outcome captured)
 *        invalid, first miss ▶ the re-ask is sent, pending { retried: true }    (outcome re_ask)
 *        invalid, second miss▶ pending cleared, the message goes on as usual    (outcome gave_up)
 *
 * The state lives on the lead item (read and written by the one conditional put of each step that already
 * touches it, no extra read), and the outcome of an answer is kept with the answer's dedupe key
 * (`lead.capture.last`), so a replayed webhook gets the same outcome again and nothing is asked twice.
 * Meta's `user_email` / `user_phone_number` quick replies answer it the same way: their payload is the address.
 */
export const CONTACT_FIELDS = ['email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** An answer older than this is no answer to the question (Meta's standard messaging window is 24 hours). */
export const CAPTURE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How far before the question (as our clock saw it) an answer may be dated by the platform's clock. */
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type CaptureLanguage = 'fr' | 'en';

export interface PendingCapture {
  field: ContactField;
  /**
   * The dedupe key of the message whose answer first asked (kept when asked again): that message is never its
   * own answer, and a replay of its workflow never asks again once the question was answered.
   */
  askedBy: string;
  askedAt: string;
  scenarioId: string | null;
  /** Asked a second time already: the next miss is the last. */
  retried: boolean;
  /** The corrected address offered on a typo domain ("did you mean …?"): a "yes" takes it. */
  suggestion: string | null;
  /** The language of the question, which the re-ask speaks too. */
  language: CaptureLanguage;
}

export type CaptureOutcome = 'captured' | 're_ask' | 'gave_up';

export interface CaptureResult {
  /** The answering message's dedupe key. */
  dedupeKey: string;
  /** The question's (PendingCapture.askedBy). */
  askedBy: string;
  field: ContactField;
  outcome: CaptureOutcome;
  /** The stored address or E.164 number when captured. */
  value: string | null;
  problem: EmailProblem | PhoneProblem | null;
  suggestion: string | null;
  scenarioId: string | null;
  language: CaptureLanguage;
}

/** What the lead item keeps of the capture. */
export interface LeadCapture {
  pending: PendingCapture | null;
  last: CaptureResult | null;
}

/** Kinds a person answers a question with (a comment under a post is not an answer to a DM). */
const ANSWERING_KINDS: readonly InteractionKind[] = ['dm', 'postback', 'story_reply'];

const YES =
  /^\s*(oui|ouais|yes|yep|yeah|ok|okay|d'?accord|exact(ement)?|c'?est (ça|ca)|correct|right|that'?s it)\b/i;

/** The language a question is written in, for the re-ask (French unless it reads as English). */
export function captureLanguageOf(question: string | null): CaptureLanguage {
  return question && detectLanguage(question)?.language === 'en' ? 'en' : 'fr';
}

export function pendingCaptureOf(input: {
  field: ContactField;
  askedBy: string;
  askedAt: string;
  scenarioId: string | null;
  question: string | null;
}): PendingCapture {
  return {
    field: input.field,
    askedBy: input.askedBy,
    askedAt: input.askedAt,
    scenarioId: input.scenarioId,
    retried: false,
    suggestion: null,
    language: captureLanguageOf(input.question),
  };
}

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

/** The lead's capture after `result`: asked again (retried, with the suggestion) or done. */
export function captureAfter(pending: PendingCapture, result: CaptureResult, at: string): LeadCapture {
  return {
    pending:
      result.outcome === 're_ask'
        ? { ...pending, askedAt: at, retried: true, suggestion: result.suggestion }
        : null,
    last: result,
  };
}

const RE_ASK: Record<CaptureLanguage, Record<EmailProblem | PhoneProblem, string>> = {
  fr: {
    typo_domain:
      'Vouliez-vous dire {{suggestion}} ? Répondez « oui », ou écrivez votre adresse e-mail corrigée.',
    missing_tld:
      'Il manque la fin de votre adresse e-mail, par exemple gmail.com et non gmail. Pouvez-vous l’écrire en entier ?',
    no_address:
      'Je n’ai pas trouvé d’adresse e-mail dans votre message. Pouvez-vous l’écrire, par exemple prenom@exemple.fr ?',
    several_numbers:
      'J’ai vu plusieurs numéros : lequel est le vôtre ? Envoyez-en un seul, de préférence avec l’indicatif (+33…).',
    invalid_number:
      'Ce numéro ne semble pas valide. Pouvez-vous l’envoyer avec l’indicatif du pays, par exemple +33 6 12 34 56 78 ?',
    no_number:
      'Je n’ai pas trouvé de numéro dans votre message. Pouvez-vous l’écrire, par exemple +33 6 12 34 56 78 ?',
  },
  en: {
    typo_domain: 'Did you mean {{suggestion}}? Reply “yes”, or type your corrected email address.',
    missing_tld:
      'Your email address is missing its ending, e.g. gmail.com rather than gmail. Could you type it in full?',
    no_address:
      'I could not find an email address in your message. Could you type it, e.g. name@example.com?',
    several_numbers:
      'I see several numbers: which one is yours? Please send just one, ideally with the country code (+44…).',
    invalid_number:
      'That number does not look valid. Could you send it with the country code, e.g. +44 7911 123456?',
    no_number: 'I could not find a phone number in your message. Could you type it, e.g. +44 7911 123456?',
  },
};

/** The second question, saying what was wrong with the first answer. */
export function reAskText(result: CaptureResult): string {
  const problem = result.problem ?? (result.field === 'email' ? 'no_address' : 'no_number');
  return RE_ASK[result.language][problem].replace('{{suggestion}}', result.suggestion ?? '');
}

/**
 * The lead's capture once a step asking for `pending.field` went out: the new question, unless this very
 * question was already answered (a replay of the asking message's workflow) or is already pending.
 */
export function captureAsked(
  current: LeadCapture | null | undefined,
  pending: PendingCapture,
): LeadCapture | null {
  if (current?.last?.askedBy === pending.askedBy || current?.pending?.askedBy === pending.askedBy)
    return null;
  return { pending, last: current?.last ?? null };
}
