import { instagramDataRightsService } from '../../shared/wiring/meta';
import { signedRequestCallback } from './meta-signed-request';

/**
 * POST /social-accounts/instagram/deauthorize: the Instagram app's Deauthorize callback URL. The person removed
 * the app from Instagram; the accounts they connected through the Instagram Login are removed with their tokens.
 */
export const handler = signedRequestCallback((signedRequest) =>
  instagramDataRightsService().deauthorize(signedRequest),
);
