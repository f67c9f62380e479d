import { createHash } from 'node:crypto';
import type { ProviderName } from '../../domain/messages/platforms';

/**
 * One account id per (provider, platform account): connecting the same TikTok or channel again updates the
 * existing account of the workspace instead of adding a duplicate. Hashed so platform ids (which may hold
 * characters outside our id alphabet) never leak into URLs.
 */
export const socialAccountId = (provider: ProviderName, externalId: string) =>
  `${provider}_${createHash('sha256').update(`${provider}:${externalId}`).digest('hex').slice(0, 24)}`;
