import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { RetentionPolicy } from '../services/workspaces/retention-policy';
import { built } from './container';

/** The container's retention policy (one cache shared by the pipeline's writers and the API's readers). */
export function retentionPolicy(): RetentionPolicy {
  return built(retentionPolicy, () => new RetentionPolicy(new DynamoWorkspaceStore(stageTable)));
}
