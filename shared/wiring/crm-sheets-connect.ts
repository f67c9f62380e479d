import { stageTable } from '../adapters/dynamo/client';
import { DynamoIntegrationStore } from '../adapters/dynamo/integration-store';
import { DynamoPendingGrantStore } from '../adapters/dynamo/pending-grant-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { config } from '../config';
import { SheetsConnectService } from '../services/crm/sheets-connect-service';
import { built } from './container';
import { googleOAuthClient } from './google';
import { oauthStates } from './oauth-states';
import { tokenVault } from './vault';

/** The Sheets connect round trip (Google OAuth through the shared signed state + PKCE). */
export function sheetsConnectService(): SheetsConnectService {
  return built(sheetsConnectService, () => {
    const c = config();
    return new SheetsConnectService({
      states: oauthStates(),
      google: () => googleOAuthClient('sheets'),
      integrations: new DynamoIntegrationStore(stageTable),
      grants: new DynamoPendingGrantStore(stageTable),
      workspaces: new DynamoWorkspaceStore(stageTable),
      vault: tokenVault(),
      urls: { appBaseUrl: c.appBaseUrl, frontendUrl: c.FRONTEND_URL },
    });
  });
}
