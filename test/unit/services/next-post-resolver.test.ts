import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import type { Scenario } from '../../../shared/domain/scenarios/scenario';
import { NextPostResolver } from '../../../shared/services/engine/next-post-resolver';
import type { MediaCatalog, SocialAccount } from '../../../shared/services/social/ports';

const AFTER = '2026-03-01T10:00:00.000Z';
const waiting = {
  id: 'next',
  workspaceId: 'w',
  active: true,
  nextPost: { after: AFTER, mediaId: null },
} as Scenario;
const comment = (mediaId: string) =>
  ({ workspaceId: 'w', accountId: 'a', platform: 'instagram', kind: 'comment', mediaId }) as IncomingMessage;
const accounts = { get: async () => ({ id: 'a' }) as SocialAccount };

function resolverWith(catalog: Partial<MediaCatalog>) {
  const writes: string[] = [];
  const store = {
    resolveNextPost: async (_w: string, _s: string, _after: string, mediaId: string) => {
      writes.push(mediaId);
      return true;
    },
  };
  return { resolver: new NextPostResolver(accounts, () => catalog as MediaCatalog, store), writes };
}

describe('Class: NextPostResolver', () => {
  describe('Method: resolve', () => {
    it('keeps waiting for a comment on a post published before the scenario was armed', async () => {
      // Prepare
      const { resolver, writes } = resolverWith({ publishedAt: async () => '2026-02-01T00:00:00.000Z' });

      // Act
      const [scenario] = await resolver.resolve([waiting], comment('old'));

      // Assess
      expect(scenario?.nextPost).toEqual({ after: AFTER, mediaId: null });
      expect(writes).toEqual([]);
    });

    it('takes the first post published after the moment, not the commented one', async () => {
      // Prepare
      const { resolver, writes } = resolverWith({
        publishedAt: async () => '2026-03-02T00:00:00.000Z',
        firstPublishedAfter: async () => ({ id: 'first' }) as never,
      });

      // Act
      const [scenario] = await resolver.resolve([waiting], comment('second'));

      // Assess
      expect(scenario?.nextPost).toEqual({ after: AFTER, mediaId: 'first' });
      expect(writes).toEqual(['first']);
    });

    it('leaves the scenario waiting when Meta cannot be read, without failing the message', async () => {
      // Prepare
      const { resolver, writes } = resolverWith({
        publishedAt: async () => {
          throw new Error('Meta could not be reached');
        },
      });

      // Act
      const [scenario] = await resolver.resolve([waiting], comment('new'));

      // Assess
      expect(scenario?.nextPost?.mediaId).toBeNull();
      expect(writes).toEqual([]);
    });
  });
});
