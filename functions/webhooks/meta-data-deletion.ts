import { metaDataRightsService } from '../../shared/wiring/meta';
import { signedRequestCallback } from './meta-signed-request';

/** POST /social-accounts/meta/data-deletion: erase, then answer `{ url, confirmation_code }` as Meta requires. */
export const handler = signedRequestCallback((signedRequest) =>
  metaDataRightsService().requestDeletion(signedRequest),
);
