import type { ApiClient } from './api';
import { connectThroughConsent } from './oauth';

/** Connects Google Sheets the way a browser does (auth-url, the fake Google's consent, our callback). */
export const connectSheetsThroughConsent = (
  api: ApiClient,
  owner: { accessToken: string; workspaceId: string },
) => connectThroughConsent(api, owner, 'sheets');
