import { describe, expect, it } from 'vitest';
import { hubSignatureOf, isValidHubSignature } from '../../../shared/domain/meta/hub-signature';
import { metaWebhookSchema, normaliseMetaWebhook } from '../../../shared/domain/meta/webhook-events';

const IG = '17841400000000001';
const normalise = (payload: unknown) => normaliseMetaWebhook(metaWebhookSchema.parse(payload)).events;

describe('Function: normaliseMetaWebhook', () => {
  it('reads messages, postbacks, reads, comments and echoes (flagged); skips own comments and unknown items', () => {
    const events = normalise({
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: 1764072000000,
          messaging: [
            {
              sender: { id: 'u1' },
              recipient: { id: IG },
              timestamp: 1764072000000,
              message: { mid: 'mid.1', text: 'Prix ?' },
            },
            {
              sender: { id: IG },
              recipient: { id: 'u1' },
              timestamp: 1764072000001,
              message: { mid: 'mid.2', text: 'echo', is_echo: true },
            },
            {
              sender: { id: 'u2' },
              recipient: { id: IG },
              timestamp: 1764072000002,
              postback: { mid: 'pb.1', title: 'Oui', payload: 'YES' },
            },
            { sender: { id: 'u3' }, recipient: { id: IG }, timestamp: 1764072000003, read: { mid: 'mid.9' } },
            {
              sender: { id: 'u4' },
              recipient: { id: IG },
              timestamp: 1764072000004,
              reaction: { mid: 'x', action: 'react' },
            },
          ],
        },
        {
          id: IG,
          time: 1764072000,
          changes: [
            {
              field: 'comments',
              value: {
                id: 'c1',
                from: { id: 'u5', username: 'ana' },
                text: 'Dispo ?',
                media: { id: 'media1' },
              },
            },
            {
              field: 'comments',
              value: { id: 'c2', from: { id: IG, username: 'shop' }, text: 'Merci', media: { id: 'media1' } },
            },
            { field: 'mentions', value: { media_id: 'm' } },
          ],
        },
      ],
    });
    expect(events.map((e) => [e.kind, e.platformMessageId, e.author.platformUserId])).toEqual([
      ['dm', 'mid.1', 'u1'],
      // The account's own message to u1: the webhook service keeps only other apps' (the owner's) echoes.
      ['dm', 'mid.2', 'u1'],
      ['postback', 'pb.1', 'u2'],
      ['read', 'read:u3:mid.9', 'u3'],
      ['comment', 'c1', 'u5'],
    ]);
    expect(events[0]).toMatchObject({
      platform: 'instagram',
      accountExternalId: IG,
      text: 'Prix ?',
      occurredAt: '2025-11-25T12:00:00.000Z',
    });
    expect(events[4]).toMatchObject({
      mediaId: 'media1',
      author: { username: 'ana' },
      occurredAt: '2025-11-25T12:00:00.000Z',
    });
  });

  it('reads Facebook Page feed comments and ignores objects other than instagram / page', () => {
    const events = normalise({
      object: 'page',
      entry: [
        {
          id: 'page1',
          time: 1764072000,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                comment_id: 'p_c1',
                post_id: 'post1',
                parent_id: 'post1',
                message: 'Info',
                from: { id: 'u9', name: 'Léa' },
                created_time: 1764072000,
              },
            },
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'remove',
                comment_id: 'p_c2',
                post_id: 'post1',
                from: { id: 'u9' },
              },
            },
          ],
        },
      ],
    });
    expect(events).toEqual([
      expect.objectContaining({
        platform: 'facebook',
        kind: 'comment',
        platformMessageId: 'p_c1',
        parentId: null,
        mediaId: 'post1',
      }),
    ]);
    expect(normalise({ object: 'whatsapp_business_account', entry: [{ id: 'x' }] })).toEqual([]);
  });
});

describe('Function: isValidHubSignature', () => {
  it('accepts the HMAC of the exact bytes and nothing else', () => {
    const body = Buffer.from('{"object":"instagram","entry":[]}');
    const signature = hubSignatureOf(body, 'app-secret');
    expect(isValidHubSignature(body, signature, 'app-secret')).toBe(true);
    expect(isValidHubSignature(body, signature.toUpperCase().replace('SHA256', 'sha256'), 'app-secret')).toBe(
      true,
    );
    expect(
      isValidHubSignature(Buffer.from('{"object":"instagram", "entry":[]}'), signature, 'app-secret'),
    ).toBe(false);
    expect(isValidHubSignature(body, signature, 'other-secret')).toBe(false);
    expect(isValidHubSignature(body, undefined, 'app-secret')).toBe(false);
    expect(isValidHubSignature(body, 'sha1=abc', 'app-secret')).toBe(false);
  });
});
