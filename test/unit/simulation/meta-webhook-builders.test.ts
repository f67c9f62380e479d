import { describe, expect, it } from 'vitest';
import { metaWebhook } from '../../../simulation/meta-graph';
import { officialFixture } from '../../support/fixtures';

const IG = '17841400000000001';
const IGSID = '1234567890123456';
const T = 1569262485349;
/** The messaging item and its envelope; entry.time is when Meta sent it, so it is not compared. */
const shape = (payload: Record<string, any>) => ({
  object: payload.object,
  entryId: payload.entry[0].id,
  messaging: payload.entry[0].messaging,
});

describe('Fake: metaWebhook builders match the official examples', () => {
  it('story mention', () => {
    const official = officialFixture('meta', 'story-mention.json').payload;
    const built = metaWebhook.instagramStoryMention(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6mention',
      url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=mention-1',
      timestamp: T,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('story reply', () => {
    const official = officialFixture('meta', 'messages-story-reply.json').payload;
    const built = metaWebhook.instagramStoryReply(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6storyreply',
      text: "Trop beau, c'est combien ?",
      story: {
        id: '17900000000000042',
        url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=story-1',
      },
      timestamp: T,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('messaging seen (a read receipt)', () => {
    const official = officialFixture('meta', 'messaging-seen.json').payload;
    const built = metaWebhook.instagramSeen(IG, { sender: IGSID, mid: 'aWdfZAG1faWQ6text', timestamp: T });
    expect(shape(built)).toEqual(shape(official));
  });

  it('message deliveries (Messenger)', () => {
    const official = officialFixture('meta', 'message-deliveries.json').payload;
    const built = metaWebhook.pageDelivery('1234567890', {
      sender: '2345678901234567',
      mids: ['mid.1458668856218:ed81099e15d3f4f233'],
      watermark: 1458668856253,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('reaction', () => {
    const official = officialFixture('meta', 'message-reactions.json').payload;
    const built = metaWebhook.instagramReaction(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6text',
      reaction: 'love',
      timestamp: T,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('postback (a tapped button)', () => {
    const official = officialFixture('meta', 'messaging-postbacks.json').payload;
    const built = metaWebhook.instagramPostback(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6postback',
      title: 'Voir les prix',
      payload: 'PRICES',
      timestamp: 1502905976377,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('quick reply (a tapped chip)', () => {
    const official = officialFixture('meta', 'messages-quick-reply.json').payload;
    const built = metaWebhook.instagramQuickReply(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6quickreply',
      text: 'Taille M',
      payload: 'SIZE_M',
      timestamp: 1502905976377,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('text message', () => {
    const official = officialFixture('meta', 'messages-text.json').payload;
    const built = metaWebhook.instagramMessage(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6text',
      text: 'Bonjour, la box est dispo ?',
      timestamp: T,
    });
    expect(shape(built)).toEqual(shape(official));
  });

  it('message echo (Messenger, with the sending app)', () => {
    const official = officialFixture('meta', 'message-echoes-text.json').payload;
    const built = metaWebhook.instagramMessage('100000000000001', {
      sender: '6000000000000001',
      mid: 'mid.1457764197618:41d102a3e1ae206a38',
      text: 'hello, world!',
      timestamp: 1457764197627,
      isEcho: true,
      appId: '1517776481860111',
    });
    // The builder sends no developer metadata (Flow IA never sets it): the rest is Meta's example.
    const { metadata: _metadata, ...message } = official.entry[0].messaging[0].message;
    expect(shape(built).messaging).toEqual([{ ...official.entry[0].messaging[0], message }]);
  });

  it('message echo (Instagram)', () => {
    const official = officialFixture('meta', 'messages-echo.json').payload;
    const built = metaWebhook.instagramMessage(IG, {
      sender: IGSID,
      mid: 'aWdfZAG1faWQ6echo',
      text: 'Merci !',
      timestamp: 1569262485349,
      isEcho: true,
    });
    expect(shape(built)).toEqual(shape(official));
  });
});

describe('Fake: metaWebhook.instagramCommentMention matches the official example', () => {
  it('comment mention', () => {
    const official = officialFixture('meta', 'mentions-comment.json').payload;
    const built = metaWebhook.instagramCommentMention('17841405726653026', {
      commentId: '17894227972186120',
      mediaId: '17918195224117851',
      time: 1520622968,
    });
    expect(built).toEqual(official);
  });
});
