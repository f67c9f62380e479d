import { stageTable } from '../adapters/dynamo/client';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { NextPostResolver } from '../services/engine/next-post-resolver';
import { built } from './container';
import { metaMediaCatalog } from './media';

/** The workflow's MatchScenario step resolves "the next post" scenarios through Meta's media list. */
export function nextPostResolver(): NextPostResolver {
  return built(
    nextPostResolver,
    () =>
      new NextPostResolver(
        new DynamoSocialAccountStore(stageTable),
        metaMediaCatalog,
        new DynamoScenarioStore(stageTable),
      ),
  );
}
