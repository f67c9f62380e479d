import { MetaMediaCatalog } from '../adapters/meta/media-catalog';
import { MediaService } from '../services/social/media-service';
import { built } from './container';
import { instagramGraphClient, metaGraphClient } from './meta';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/** The posts of connected Meta accounts, read through the Graph API (503 provider_not_configured without Meta keys). */
export function metaMediaCatalog(): MetaMediaCatalog {
  return built(
    metaMediaCatalog,
    () => new MetaMediaCatalog(metaGraphClient(), tokenVault(), instagramGraphClient()),
  );
}

export function mediaService(): MediaService {
  return built(mediaService, () => new MediaService(socialAccountStore(), metaMediaCatalog()));
}
