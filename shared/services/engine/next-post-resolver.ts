import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { providerOf } from '../../domain/messages/platforms';
import { awaitsNextPost } from '../../domain/scenarios/post-scope';
import type { Scenario } from '../../domain/scenarios/scenario';
import { logger } from '../../observability/logger';
import type { MediaCatalog, SocialAccountStore } from '../social/ports';
import type { ScenarioStore } from './ports';

/**
 * Resolves "the next post I publish" (post-scope.ts) when a comment may be on it, before the scenarios are matched.
 *
 * How: the comment's media `timestamp` is read through the Graph API. A post published at or before the moment
 * the scenario was armed (`nextPost.after`) cannot be the next post: nothing changes. Otherwise the next post is
 * the FIRST post the account published after `after` (its media list, newest first, read back to `after`) — the
 * commented post itself when it is the only one, an earlier one when the account published several since (a comment
 * on the second post never takes the first one's place). The answer is stored on the scenario, so each scenario is
 * resolved once. Only Meta comments are resolved (the only provider with a post listing); a Graph failure leaves the
 * scenario waiting and the comment unmatched by it (logged), never failing the message.
 */
export class NextPostResolver {
  constructor(
    private readonly accounts: Pick<SocialAccountStore, 'get'>,
    private readonly catalog: () => MediaCatalog,
    private readonly store: Pick<ScenarioStore, 'resolveNextPost'>,
  ) {}

  async resolve(scenarios: Scenario[], message: IncomingMessage): Promise<Scenario[]> {
    const waiting = scenarios.filter((s) => s.active && awaitsNextPost(s, message));
    if (waiting.length === 0 || providerOf(message.platform) !== 'meta' || !message.mediaId) return scenarios;
    try {
      const account = await this.accounts.get(message.workspaceId, message.accountId);
      if (!account) return scenarios;
      const catalog = this.catalog();
      const publishedAt = await catalog.publishedAt(account, message.mediaId);
      if (!publishedAt) return scenarios;
      const firstAfter = new Map<string, string | null>();
      const resolved = new Map<string, Scenario>();
      for (const scenario of waiting) {
        const after = scenario.nextPost!.after;
        if (publishedAt <= after) continue;
        if (!firstAfter.has(after))
          firstAfter.set(after, (await catalog.firstPublishedAfter(account, after))?.id ?? null);
        // The list lags a post published a moment ago: then the commented post is the first one known after `after`.
        const mediaId = firstAfter.get(after) ?? message.mediaId;
        if (await this.store.resolveNextPost(scenario.workspaceId, scenario.id, after, mediaId)) {
          resolved.set(scenario.id, { ...scenario, nextPost: { after, mediaId } });
          logger.info('scenario next post resolved', { scenarioId: scenario.id, mediaId });
        }
      }
      return scenarios.map((s) => resolved.get(s.id) ?? s);
    } catch (error) {
      logger.warn('next post not resolved: the scenario keeps waiting', {
        error: error as Error,
        mediaId: message.mediaId,
      });
      return scenarios;
    }
  }
}
