import { GraphMentionedCommentReader } from '../adapters/meta/mentioned-comments';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { MetaWebhookService } from '../services/meta/webhook-service';
import { accountHealthService } from './account-health';
import { built } from './container';
import { metaApp, metaGraphClient } from './meta';
import { queuePublisher } from './queues';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/**
 * The Meta webhook's composition root, apart from meta.ts: its event schemas (~150 zod schemas) and parsers are
 * built at the import of any module that imports them, and the Lambdas that only call Meta (send, follow-ups, the
 * human reply) would build them at every cold start for nothing.
 */
export function metaWebhookService(): MetaWebhookService {
  return built(metaWebhookService, () => {
    const { appId, appSecret } = metaApp();
    const verifyToken = config().META_VERIFY_TOKEN;
    if (!verifyToken) throw new ProviderNotConfiguredError('meta');
    return new MetaWebhookService(
      socialAccountStore(),
      queuePublisher(),
      { appId, appSecret, verifyToken, instagramAppSecret: config().INSTAGRAM_APP_SECRET },
      accountHealthService(),
      new GraphMentionedCommentReader(metaGraphClient(), tokenVault()),
    );
  });
}
