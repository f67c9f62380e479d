import { instagramDataRightsService } from '../../shared/wiring/meta';
import { signedRequestCallback } from './meta-signed-request';

/**
 * POST /social-accounts/instagram/data-deletion: the Instagram app's Data deletion request URL. Erases the
 * Instagram Login accounts of the person, then answers `{ url, confirmation_code }` (same status page as Facebook's).
 */
export const handler = signedRequestCallback((signedRequest) =>
  instagramDataRightsService().requestDeletion(signedRequest),
);
