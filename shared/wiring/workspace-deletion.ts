import { DynamoApiKeyStore } from '../adapters/dynamo/api-key-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoMetaUserIndex } from '../adapters/dynamo/meta-user-index';
import { WorkspaceDeletion } from '../services/workspaces/workspace-deletion';
import { workspaceService } from './auth';
import { billingClosure } from './billing';
import { socialAccountStore } from './social-accounts';

let deletion: WorkspaceDeletion | undefined;

export function workspaceDeletion(): WorkspaceDeletion {
  deletion ??= new WorkspaceDeletion(billingClosure(), workspaceService(), {
    accounts: socialAccountStore(),
    metaUsers: new DynamoMetaUserIndex(stageTable),
    apiKeys: new DynamoApiKeyStore(stageTable),
  });
  return deletion;
}
