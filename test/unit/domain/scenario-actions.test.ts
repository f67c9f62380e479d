import { describe, expect, it } from 'vitest';
import { type DecisionInput, decide } from '../../../shared/domain/decisions/decide';
import { pickWording, stepKeySuffix, stepOf } from '../../../shared/domain/scenarios/actions';
import { stepListProblems } from '../../../shared/domain/scenarios/validation';

const now = new Date('2026-03-10T12:00:00.000Z');
const commentInput = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  message: {
    platform: 'instagram',
    kind: 'comment',
    occurredAt: '2026-03-10T11:00:00.000Z',
    actionable: true,
  },
  scenario: { id: 's1', name: 'Prix', actions: ['reply', 'private_reply'], keyword: 'prix' },
  plan: { plan: 'freemium', quotaReached: false, resetsAt: '2026-03-10T23:00:00.000Z' },
  accountStatus: 'active',
  ...overrides,
});

describe('Function: pickWording', () => {
  it('gives one message the same wording every time, and many messages all of them', () => {
    // Prepare
    const variants = ['B', 'C'];
    const keys = Array.from({ length: 30 }, (_, i) => `instagram:comment:${i}`);
    // Act
    const picked = keys.map((key) => pickWording('A', variants, key));
    const again = keys.map((key) => pickWording('A', variants, key));
    // Assess
    expect(again).toEqual(picked);
    expect(new Set(picked)).toEqual(new Set(['A', 'B', 'C']));
    expect(pickWording('A', [], 'instagram:comment:1')).toBe('A');
  });
});

describe('Function: stepKeySuffix', () => {
  it('keeps the single-action key for the first action of a kind, numbers the next ones', () => {
    // Prepare
    const actions = ['reply', 'private_reply', 'reply'];
    // Act
    const suffixes = actions.map((_, index) => stepKeySuffix(actions, index));
    // Assess
    expect(suffixes).toEqual(['reply', 'private_reply', 'reply#2']);
    expect(stepKeySuffix(['private_reply', 'reply'], 1)).toBe('reply');
  });
});

describe('Function: decide (several actions)', () => {
  it('sends every action, the public reply outside the DM quota', () => {
    // Act
    const decision = decide(commentInput(), now);
    // Assess
    expect(decision).toMatchObject({ action: 'reply', send: true, consumesQuota: false });
    expect(decision.steps).toEqual([
      expect.objectContaining({ index: 0, action: 'reply', send: true, consumesQuota: false }),
      expect.objectContaining({ index: 1, action: 'private_reply', send: true, consumesQuota: true }),
    ]);
  });

  it('over the quota, still posts the public reply and follows the private reply up when the quota resets', () => {
    // Prepare
    const input = commentInput({
      plan: { plan: 'freemium', quotaReached: true, resetsAt: '2026-03-10T23:00:00.000Z' },
    });
    // Act
    const decision = decide(input, now);
    // Assess
    expect(decision).toMatchObject({ action: 'reply', send: true });
    expect(decision.steps![0]).toMatchObject({ action: 'reply', send: true });
    expect(decision.steps![1]).toMatchObject({
      action: 'private_reply',
      send: false,
      followUpAt: '2026-03-10T23:00:00.000Z',
    });
    expect(decision.reason).toContain('private_reply: daily DM quota reached');
  });

  it('sends the actions that can go (a private reply cannot answer a DM, a reply can), and nothing for an account down', () => {
    // Prepare
    const dm = commentInput({
      message: {
        platform: 'instagram',
        kind: 'dm',
        occurredAt: '2026-03-10T11:00:00.000Z',
        actionable: true,
      },
      scenario: { id: 's1', name: 'x', actions: ['private_reply', 'reply'], keyword: null },
    });
    // Act
    const onDm = decide(dm, now);
    const down = decide(commentInput({ accountStatus: 'needs_reconnect' }), now);
    // Assess
    expect(onDm).toMatchObject({ action: 'reply', send: true });
    expect(onDm.steps![0]).toMatchObject({ action: 'private_reply', send: false });
    expect(down).toMatchObject({ action: 'ignore', send: false });
  });
});

describe('Function: stepListProblems', () => {
  it('accepts the classic comment flow and names what Meta would refuse', () => {
    // Prepare
    const flow = [
      stepOf({ action: 'reply', message: 'Merci !', variants: ['Envoyé en DM !'] }),
      stepOf({
        action: 'private_reply',
        message: 'Choisis :',
        buttons: [{ type: 'postback', title: 'Prix', payload: 'PRICES', url: null }],
      }),
    ];
    const card = stepOf({
      action: 'dm',
      message: null,
      elements: [{ title: 'Seul', subtitle: null, imageUrl: null, url: null, buttons: [] }],
    });
    const chips = stepOf({
      action: 'dm',
      message: 'Ton numéro ?',
      quickReplies: [{ type: 'user_phone_number', title: 'Mon numéro', payload: null }],
    });
    // Act
    const ok = stepListProblems({ trigger: 'comment', actions: flow });
    const cardProblems = stepListProblems({ trigger: 'dm', actions: [card] });
    const chipProblems = stepListProblems({ trigger: 'dm', actions: [chips] });
    const variantsAlone = stepListProblems({
      trigger: 'dm',
      actions: [stepOf({ action: 'dm', message: null, variants: ['x'] })],
    });
    // Assess
    expect(ok).toEqual([]);
    expect(cardProblems.map((p) => p.path)).toEqual(['actions.0.elements.0']);
    expect(chipProblems[0]!.message).toContain("filled by Meta from the person's profile");
    expect(variantsAlone.map((p) => p.path)).toEqual(['actions.0.variants']);
  });

  it('bounds the size of the action list, so a scenario always fits its item and the workflow state', () => {
    // Prepare: within every Meta limit, but 5 actions of 10 cards with 2 000-character URLs.
    const url = `https://example.com/${'x'.repeat(1_950)}`;
    const button = { type: 'web_url' as const, title: 'Voir', payload: null, url };
    const cards = Array.from({ length: 10 }, () => ({
      title: 'Carte',
      subtitle: null,
      imageUrl: url,
      url,
      buttons: [button, button, button],
    }));
    const actions = Array.from({ length: 5 }, () => stepOf({ action: 'dm', message: null, elements: cards }));
    // Act
    const problems = stepListProblems({ trigger: 'dm', actions });
    // Assess
    expect(problems).toEqual([{ path: 'actions', message: expect.stringContaining('at most 64 KB') }]);
  });
});
