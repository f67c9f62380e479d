import { metaDataRightsService } from '../../shared/wiring/meta';
import { signedRequestCallback } from './meta-signed-request';

/** POST /social-accounts/meta/deauthorize: the person removed the app; the accounts they connected are removed. */
export const handler = signedRequestCallback((signedRequest) =>
  metaDataRightsService().deauthorize(signedRequest),
);
