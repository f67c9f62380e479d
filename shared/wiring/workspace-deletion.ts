import { DynamoApiKeyStore } from '../adapters/dynamo/api-key-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoMetaUserIndex } from '../adapters/dynamo/meta-user-index';
import { WorkspaceDeletion } from '../services/workspaces/workspace-deletion';
import { workspaceService } from './auth';
import { billingClosure } from './billing';
import { built } from './container';
import { socialAccountStore } from './social-accounts';

export function workspaceDeletion(): WorkspaceDeletion {
  return built(
    workspaceDeletion,
    () =>
      new WorkspaceDeletion(billingClosure(), workspaceService(), {
        accounts: socialAccountStore(),
        metaUsers: new DynamoMetaUserIndex(stageTable),
        apiKeys: new DynamoApiKeyStore(stageTable),
      }),
  );
}
