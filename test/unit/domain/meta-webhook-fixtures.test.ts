import { describe, expect, it } from 'vitest';
import { metaWebhookSchema, normaliseMetaWebhook } from '../../../shared/domain/meta/webhook-events';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import { findMatchingScenario } from '../../../shared/domain/scenarios/matching';
import type { Scenario } from '../../../shared/domain/scenarios/scenario';
import { officialFixture } from '../../support/fixtures';

const IG = '17841400000000001';
const IGSID = '1234567890123456';
const parse = (name: string) => {
  const fixture = officialFixture('meta', name);
  expect(fixture.source).toMatch(/^https:\/\/developers\.facebook\.com\//);
  return normaliseMetaWebhook(metaWebhookSchema.parse(fixture.payload));
};

const scenario = (overrides: Partial<Scenario>): Scenario => ({
  id: 's',
  workspaceId: 'w',
  name: 'catch-all',
  platform: 'any',
  trigger: 'any',
  keywords: [],
  match: 'word',
  keywordsRequired: 'any',
  actions: [stepOf({ action: 'reply', message: 'Merci !' })],
  payload: null,
  mediaIds: [],
  nextPost: null,
  liveComments: 'exclude',
  followUps: [],
  active: true,
  priority: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('Function: normaliseMetaWebhook (official example payloads)', () => {
  it('a text message is a dm with its text', () => {
    // Act
    const { events, ignored } = parse('messages-text.json');
    // Assess
    expect(ignored).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'dm',
        platform: 'instagram',
        accountExternalId: IG,
        platformMessageId: 'aWdfZAG1faWQ6text',
        text: 'Bonjour, la box est dispo ?',
        author: { platformUserId: IGSID, username: null, displayName: null },
        occurredAt: new Date(1569262485349).toISOString(),
        story: null,
      }),
    ]);
  });

  it('a story mention is its own kind with the story CDN URL, never an empty-text dm', () => {
    // Act
    const { events } = parse('story-mention.json');
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'story_mention',
      platformMessageId: 'aWdfZAG1faWQ6mention',
      text: '',
      mediaId: null,
      story: { id: null, url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=mention-1' },
    });
  });

  it('a story reply is its own kind with the text and the story id and URL', () => {
    const { events } = parse('messages-story-reply.json');
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'story_reply',
        text: "Trop beau, c'est combien ?",
        mediaId: '17900000000000042',
        story: {
          id: '17900000000000042',
          url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=story-1',
        },
      }),
    ]);
  });

  it('an inline reply to a message stays a dm', () => {
    expect(parse('messages-inline-reply.json').events).toEqual([
      expect.objectContaining({ kind: 'dm', text: 'Oui, celle-là', story: null }),
    ]);
  });

  it.each([
    ['message-reactions.json', 'reaction', 'react love', 'aWdfZAG1faWQ6text'],
    ['messages-attachments.json', 'unsupported_attachment', 'image,video', 'aWdfZAG1faWQ6media'],
    ['messages-unsupported.json', 'unsupported_attachment', 'is_unsupported', 'aWdfZAG1faWQ6unsupported'],
    ['messages-disappearing-media.json', 'unsupported_attachment', 'ephemeral', 'aWdfZAG1faWQ6ephemeral'],
  ])('%s is ignored (%s: %s), for the log only', (name, reason, detail, mid) => {
    // Act
    const { events, ignored } = parse(name);
    // Assess
    expect(events).toEqual([]);
    expect(ignored).toEqual([
      { platform: 'instagram', accountExternalId: IG, platformMessageId: mid, reason, detail },
    ]);
  });

  it('reads an Instagram echo (no app_id) as the account writing to the person', () => {
    // Act
    const { events } = parse('messages-echo.json');

    // Assess: the webhook service tells Flow IA's own sends from the owner's (see PageEchoRecorder)
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'dm',
        platform: 'instagram',
        accountExternalId: IG,
        platformMessageId: 'aWdfZAG1faWQ6echo',
        author: { platformUserId: IGSID, username: null, displayName: null },
        text: 'Merci !',
        echo: { appId: null },
      }),
    ]);
  });

  it('reads a Messenger echo with the app_id that sent it', () => {
    // Act
    const { events } = parse('message-echoes-text.json');

    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        platform: 'facebook',
        accountExternalId: '100000000000001',
        platformMessageId: 'mid.1457764197618:41d102a3e1ae206a38',
        author: { platformUserId: '6000000000000001', username: null, displayName: null },
        text: 'hello, world!',
        echo: { appId: '1517776481860111' },
      }),
    ]);
  });

  it('reads postbacks and read receipts', () => {
    expect(parse('messaging-postbacks.json').events).toEqual([
      expect.objectContaining({
        kind: 'postback',
        platformMessageId: 'aWdfZAG1faWQ6postback',
        text: 'Voir les prix',
        payload: 'PRICES',
      }),
    ]);
    expect(parse('messages-quick-reply.json').events).toEqual([
      expect.objectContaining({
        kind: 'dm',
        platformMessageId: 'aWdfZAG1faWQ6quickreply',
        text: 'Taille M',
        payload: 'SIZE_M',
      }),
    ]);
    expect(parse('messaging-seen.json').events).toEqual([
      expect.objectContaining({
        kind: 'read',
        receipt: { status: 'read', mids: ['aWdfZAG1faWQ6text'], watermark: null },
      }),
    ]);
  });

  it("reads Messenger's delivery receipt: the mids delivered and the watermark", () => {
    expect(parse('message-deliveries.json').events).toEqual([
      expect.objectContaining({
        kind: 'read',
        platform: 'facebook',
        platformMessageId: 'delivery:2345678901234567:mid.1458668856218:ed81099e15d3f4f233',
        receipt: {
          status: 'delivered',
          mids: ['mid.1458668856218:ed81099e15d3f4f233'],
          watermark: '2016-03-22T17:47:36.253Z',
        },
      }),
    ]);
  });

  it('reads a Facebook Login for Business comment, identified by comment_id', () => {
    expect(parse('comments-facebook-login.json').events).toEqual([
      expect.objectContaining({
        kind: 'comment',
        platformMessageId: '17865799348089039',
        parentId: '17865799348000000',
        mediaId: '17900000000000001',
        text: 'Prix en MP svp',
        author: { platformUserId: IGSID, username: 'lea_fleurs', displayName: null },
      }),
    ]);
  });
});

describe('Function: findMatchingScenario (taps)', () => {
  it('a tap goes to the postback scenario of its payload before a catch-all of higher priority', () => {
    // Prepare
    const [tap] = parse('messaging-postbacks.json').events;
    const [chip] = parse('messages-quick-reply.json').events;
    const catchAll = scenario({ id: 'all', trigger: 'dm', priority: 0 });
    const prices = scenario({ id: 'prices', trigger: 'postback', payload: 'PRICES', priority: 50 });
    const sizes = scenario({ id: 'sizes', trigger: 'postback', payload: 'SIZE_M', priority: 50 });
    // Act
    const tapped = findMatchingScenario([catchAll, prices, sizes], {
      ...tap!,
      payload: tap!.payload ?? null,
    });
    const chipped = findMatchingScenario([catchAll, prices, sizes], {
      ...chip!,
      payload: chip!.payload ?? null,
    });
    const typed = findMatchingScenario([prices, sizes], { ...chip!, payload: null });
    // Assess
    expect(tapped?.scenario.id).toBe('prices');
    expect(chipped?.scenario.id).toBe('sizes');
    expect(typed).toBeNull();
  });
});

describe('Function: findMatchingScenario (story kinds)', () => {
  it('a catch-all or a DM scenario never answers a story mention; a story_mention scenario does', () => {
    // Prepare
    const [mention] = parse('story-mention.json').events;
    const catchAll = scenario({ id: 'all', trigger: 'any' });
    const dms = scenario({ id: 'dm', trigger: 'dm' });
    const mentions = scenario({ id: 'mention', trigger: 'story_mention', priority: 5 });
    // Act
    const withoutMentionScenario = findMatchingScenario([catchAll, dms], mention!);
    const withMentionScenario = findMatchingScenario([catchAll, dms, mentions], mention!);
    // Assess
    expect(withoutMentionScenario).toBeNull();
    expect(withMentionScenario?.scenario.id).toBe('mention');
  });

  it('a story reply is answered by a story_reply or a catch-all scenario, not by a DM scenario', () => {
    const [reply] = parse('messages-story-reply.json').events;
    expect(findMatchingScenario([scenario({ id: 'dm', trigger: 'dm' })], reply!)).toBeNull();
    expect(findMatchingScenario([scenario({ id: 'sr', trigger: 'story_reply' })], reply!)?.scenario.id).toBe(
      'sr',
    );
    expect(findMatchingScenario([scenario({ id: 'all' })], reply!)?.scenario.id).toBe('all');
  });
});

describe('Function: normaliseMetaWebhook (comment mentions)', () => {
  it('reads a comment @mention as a mention comment with its ids, text and author to be read from Meta', () => {
    const { events } = parse('mentions-comment.json');
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'comment',
        mention: true,
        accountExternalId: '17841405726653026',
        platformMessageId: '17894227972186120',
        mediaId: '17918195224117851',
        text: '',
      }),
    ]);
  });

  it('answers a mention only with a mention scenario, and a mention scenario nothing else', () => {
    const [mention] = parse('mentions-comment.json').events;
    const comments = scenario({ id: 'comments', trigger: 'comment' });
    const mentions = scenario({ id: 'mentions', trigger: 'mention', priority: 5 });
    expect(findMatchingScenario([scenario({ id: 'all' }), comments], mention!)).toBeNull();
    expect(findMatchingScenario([comments, mentions], mention!)?.scenario.id).toBe('mentions');
    const [comment] = parse('comments-facebook-login.json').events;
    expect(findMatchingScenario([mentions], comment!)).toBeNull();
  });
});
