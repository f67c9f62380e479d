import { stageTable } from '../adapters/dynamo/client';
import { DynamoMembershipReader } from '../adapters/dynamo/membership-reader';
import { RetentionPolicy } from '../services/workspaces/retention-policy';
import { built } from './container';

/** The pipeline's retention policy: the TTL it stamps and the history it reads, through a one-minute cache. */
export function retentionPolicy(): RetentionPolicy {
  return built(retentionPolicy, () => new RetentionPolicy(new DynamoMembershipReader(stageTable)));
}

/** The API's reads (a lead's history, a thread, an export): the setting as stored now, whichever Lambda changed it. */
export function retentionReads(): RetentionPolicy {
  return built(
    retentionReads,
    () => new RetentionPolicy(new DynamoMembershipReader(stageTable), () => new Date(), 0),
  );
}
