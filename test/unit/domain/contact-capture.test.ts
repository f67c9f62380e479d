import { describe, expect, it } from 'vitest';
import {
  answerCapture,
  CAPTURE_WINDOW_MS,
  captureAfter,
  captureAsked,
  type PendingCapture,
  pendingCaptureOf,
  reAskText,
} from '../../../shared/domain/leads/capture';
import { checkEmailAnswer, saneEmail } from '../../../shared/domain/leads/email';
import { checkPhoneAnswer, numberInText, phoneAmbiguity } from '../../../shared/domain/leads/phone';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { applyInteraction } from '../../../shared/domain/pipeline/lead-changes';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import { reAskScenario } from '../../../shared/domain/scenarios/capture-retry';
import { stepsProblems } from '../../../shared/domain/scenarios/validation';

const ASKED_AT = '2026-03-10T10:00:00.000Z';
const pending = (overrides: Partial<PendingCapture> = {}): PendingCapture => ({
  ...pendingCaptureOf({
    field: 'email',
    askedBy: 'instagram:dm:ask',
    askedAt: ASKED_AT,
    scenarioId: 'S',
    question: 'Quelle est votre adresse e-mail ?',
  }),
  ...overrides,
});
const answer = (text: string, overrides: Partial<IncomingMessage> = {}) => ({
  dedupeKey: 'instagram:dm:answer',
  kind: 'dm' as const,
  text,
  payload: null,
  occurredAt: '2026-03-10T10:05:00.000Z',
  ...overrides,
});

describe('Function: checkEmailAnswer', () => {
  it('accepts an address, plain or disguised, lower-cased', () => {
    expect(checkEmailAnswer('C’est LEA@Example.fr merci')).toEqual({ ok: true, email: 'lea@example.fr' });
    expect(checkEmailAnswer('lea [at] gmail [dot] com')).toEqual({ ok: true, email: 'lea@gmail.com' });
  });

  it('refuses an address without TLD, a typo domain (with the intended one) and no address at all', () => {
    expect(checkEmailAnswer('lea@gmail')).toEqual({ ok: false, problem: 'missing_tld', suggestion: null });
    expect(checkEmailAnswer('lea@gmial.com')).toEqual({
      ok: false,
      problem: 'typo_domain',
      suggestion: 'lea@gmail.com',
    });
    expect(checkEmailAnswer('hotmial.fr: lea@hotmial.fr')).toMatchObject({ suggestion: 'lea@hotmail.fr' });
    expect(checkEmailAnswer('non merci')).toEqual({ ok: false, problem: 'no_address', suggestion: null });
  });

  it('keeps typo domains off the lead when an address is merely detected in a message', () => {
    expect(saneEmail('écrivez-moi à lea@gmial.com')).toBeNull();
    expect(saneEmail('écrivez-moi à lea@gmail.com')).toBe('lea@gmail.com');
  });
});

describe('Function: checkPhoneAnswer', () => {
  it('reads a bare number as the answer, even without its trunk prefix, in E.164', () => {
    expect(checkPhoneAnswer('06 12 34 56 78')).toEqual({ ok: true, phone: '+33612345678' });
    expect(checkPhoneAnswer('6 12 34 56 78')).toEqual({ ok: true, phone: '+33612345678' });
    expect(checkPhoneAnswer('+44 7911 123456')).toEqual({ ok: true, phone: '+447911123456' });
    expect(checkPhoneAnswer('mon portable : 07 81 22 33 44')).toEqual({ ok: true, phone: '+33781223344' });
  });

  it('refuses two numbers, an invalid one, and none', () => {
    expect(checkPhoneAnswer('06 12 34 56 78 ou 07 81 22 33 44')).toEqual({
      ok: false,
      problem: 'several_numbers',
    });
    expect(checkPhoneAnswer('12 34 56')).toEqual({ ok: false, problem: 'invalid_number' });
    expect(checkPhoneAnswer('plus tard')).toEqual({ ok: false, problem: 'no_number' });
  });
});

describe('Function: phoneAmbiguity', () => {
  it('is null when the rules found one number, or digits that are plainly something else', () => {
    expect(phoneAmbiguity('appelez-moi au 06 12 34 56 78')).toBeNull();
    expect(phoneAmbiguity('commande 123456789, livrée ?')).toBeNull();
    expect(phoneAmbiguity('le 12/05/2024 à 15h')).toBeNull();
    expect(phoneAmbiguity('il coûte 1200000 €')).toBeNull();
    expect(phoneAmbiguity('combien ?')).toBeNull();
  });

  it('names several numbers, and digits without a country code the assumed region does not read', () => {
    expect(phoneAmbiguity('06 12 34 56 78 ou 07 81 22 33 44')).toEqual({
      reason: 'several_numbers',
      candidates: ['+33612345678', '+33781223344'],
    });
    expect(phoneAmbiguity('call me on 07911 123456')).toEqual({
      reason: 'no_country_code',
      candidates: ['07911 123456'],
    });
    // Written with its country code, a foreign number is the rules' to read.
    expect(phoneAmbiguity('call me on +44 7911 123456')).toBeNull();
  });
});

describe('Function: numberInText', () => {
  it('finds a number written nationally, internationally or styled, and not one the text lacks', () => {
    expect(numberInText('+447911123456', 'call me on 07911 123456')).toBe(true);
    expect(numberInText('+33612345678', 'mon 𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖')).toBe(true);
    expect(numberInText('+33781223344', '06 12 34 56 78')).toBe(false);
  });
});

describe('Function: answerCapture', () => {
  it('captures a valid answer, from the text or a tapped user_email quick reply', () => {
    expect(answerCapture(pending(), answer('lea@example.fr'))).toMatchObject({
      outcome: 'captured',
      value: 'lea@example.fr',
      askedBy: 'instagram:dm:ask',
    });
    expect(
      answerCapture(pending(), answer('lea@example.fr', { kind: 'postback', payload: 'lea@example.fr' })),
    ).toMatchObject({ outcome: 'captured', value: 'lea@example.fr' });
  });

  it('asks again on a first miss and gives up on the second', () => {
    const first = answerCapture(pending(), answer('lea@gmial.com'))!;
    expect(first).toMatchObject({ outcome: 're_ask', problem: 'typo_domain', suggestion: 'lea@gmail.com' });
    const after = captureAfter(pending(), first, '2026-03-10T10:05:01.000Z');
    expect(after.pending).toMatchObject({
      retried: true,
      suggestion: 'lea@gmail.com',
      askedBy: 'instagram:dm:ask',
    });

    expect(answerCapture(after.pending, answer('oui', { dedupeKey: 'k3' }))).toMatchObject({
      outcome: 'captured',
      value: 'lea@gmail.com',
    });
    const second = answerCapture(after.pending, answer('bof', { dedupeKey: 'k3' }))!;
    expect(second.outcome).toBe('gave_up');
    expect(captureAfter(after.pending!, second, ASKED_AT).pending).toBeNull();
  });

  it('is no answer: nothing pending, the asking message, a comment, an echo, or past the window', () => {
    expect(answerCapture(null, answer('lea@example.fr'))).toBeNull();
    expect(answerCapture(pending(), answer('x', { dedupeKey: 'instagram:dm:ask' }))).toBeNull();
    expect(answerCapture(pending(), answer('lea@example.fr', { kind: 'comment' }))).toBeNull();
    expect(answerCapture(pending(), { ...answer('lea@example.fr'), echo: { appId: null } })).toBeNull();
    const late = new Date(Date.parse(ASKED_AT) + CAPTURE_WINDOW_MS + 1).toISOString();
    expect(answerCapture(pending(), answer('lea@example.fr', { occurredAt: late }))).toBeNull();
  });

  it('re-asks in the language of the question, saying what was wrong', () => {
    const english = pendingCaptureOf({
      field: 'phone',
      askedBy: 'k',
      askedAt: ASKED_AT,
      scenarioId: null,
      question: 'What is your phone number?',
    });
    const result = answerCapture(english, answer('06 12 34 56 78 or 07 81 22 33 44'))!;
    expect(reAskText(result)).toBe(
      'I see several numbers: which one is yours? Please send just one, ideally with the country code (+44…).',
    );
    expect(reAskScenario(result)).toMatchObject({
      id: 'contact-capture',
      actions: [{ action: 'reply', message: reAskText(result), capture: null }],
    });
  });
});

describe('Function: captureAsked', () => {
  it('sets the question once, and never again once this question was answered (a replayed workflow)', () => {
    const asked = pending();
    expect(captureAsked(null, asked)).toEqual({ pending: asked, last: null });
    expect(captureAsked({ pending: asked, last: null }, asked)).toBeNull();
    const done = answerCapture(asked, answer('lea@example.fr'))!;
    expect(captureAsked({ pending: null, last: done }, asked)).toBeNull();
    expect(captureAsked({ pending: null, last: done }, { ...asked, askedBy: 'another' })).toMatchObject({
      pending: { askedBy: 'another' },
    });
  });
});

describe('Function: applyInteraction (capture)', () => {
  const base: IncomingMessage = {
    dedupeKey: 'instagram:dm:answer',
    workspaceId: 'w',
    accountId: 'a',
    platform: 'instagram',
    kind: 'dm',
    platformMessageId: '1',
    conversationId: 'c',
    mediaId: null,
    parentId: null,
    story: null,
    author: { platformUserId: 'u', username: 'lea', displayName: 'Léa' },
    text: 'lea@example.fr',
    payload: null,
    occurredAt: '2026-03-10T10:05:00.000Z',
    source: 'webhook',
    actionable: true,
    correlationId: 'c',
  };
  const first = applyInteraction(
    undefined,
    { ...base, dedupeKey: 'instagram:dm:ask', text: 'newsletter' },
    'L',
    ASKED_AT,
  )!;
  const waiting = { ...first, capture: { pending: pending(), last: null } };

  it('stores and scores a captured address, and remembers the outcome under the answer’s key', () => {
    const lead = applyInteraction(waiting, base, 'L', '2026-03-10T10:05:01.000Z')!;
    expect(lead.email).toBe('lea@example.fr');
    expect(lead.scoreFactors.map((f) => f.factor)).toContain('email_given');
    expect(lead.capture).toMatchObject({
      pending: null,
      last: { dedupeKey: base.dedupeKey, outcome: 'captured' },
    });
    // A replay counts nothing and changes nothing.
    expect(applyInteraction(lead, base, 'L', '2026-03-10T10:06:00.000Z')).toBeUndefined();
  });

  it('stores and scores an address written in any message, with no question pending, but not a typo domain', () => {
    const plain = applyInteraction(
      undefined,
      { ...base, text: 'écrivez-moi à Lea@Example.fr' },
      'L',
      ASKED_AT,
    )!;
    expect(plain.email).toBe('lea@example.fr');
    expect(plain.scoreFactors.map((f) => f.factor)).toContain('email_given');
    expect(applyInteraction(undefined, { ...base, text: 'lea@gmial.com' }, 'L', ASKED_AT)!.email).toBeNull();
  });

  it('takes no address from an answer it asks again for (a typo domain)', () => {
    const lead = applyInteraction(
      waiting,
      { ...base, text: 'lea@gmial.com' },
      'L',
      '2026-03-10T10:05:01.000Z',
    )!;
    expect(lead.email).toBeNull();
    expect(lead.capture?.pending).toMatchObject({ retried: true });
  });
});

describe('Function: stepsProblems (capture)', () => {
  it('accepts a question in private, refuses capture in public, on a silent action, or without its question', () => {
    const ask = (action: 'dm' | 'reply' | 'handover', message: string | null) =>
      stepOf({ action, message, capture: 'email' });
    expect(stepsProblems([ask('dm', 'Votre e-mail ?')], 'dm')).toEqual([]);
    expect(stepsProblems([ask('reply', 'Votre e-mail ?')], 'dm')).toEqual([]);
    expect(stepsProblems([ask('reply', 'Ton e-mail ?')], 'comment').map((p) => p.path)).toEqual([
      'actions.0.capture',
    ]);
    expect(stepsProblems([ask('handover', null)], 'dm').map((p) => p.path)).toContain('actions.0.capture');
    expect(stepsProblems([ask('dm', null)], 'dm').map((p) => p.path)).toEqual(['actions.0.message']);
  });
});
