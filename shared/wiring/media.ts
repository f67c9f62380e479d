import { MetaMediaCatalog } from '../adapters/meta/media-catalog';
import { MediaService } from '../services/social/media-service';
import { instagramGraphClient, metaGraphClient } from './meta';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

let catalog: MetaMediaCatalog | undefined;
let media: MediaService | undefined;

/** The posts of connected Meta accounts, read through the Graph API (503 provider_not_configured without Meta keys). */
export function metaMediaCatalog(): MetaMediaCatalog {
  catalog ??= new MetaMediaCatalog(metaGraphClient(), tokenVault(), instagramGraphClient());
  return catalog;
}

export function mediaService(): MediaService {
  media ??= new MediaService(socialAccountStore(), metaMediaCatalog());
  return media;
}
