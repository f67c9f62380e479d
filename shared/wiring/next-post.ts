import { stageTable } from '../adapters/dynamo/client';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { NextPostResolver } from '../services/engine/next-post-resolver';
import { metaMediaCatalog } from './media';

let resolver: NextPostResolver | undefined;

/** The workflow's MatchScenario step resolves "the next post" scenarios through Meta's media list. */
export function nextPostResolver(): NextPostResolver {
  resolver ??= new NextPostResolver(
    new DynamoSocialAccountStore(stageTable),
    metaMediaCatalog,
    new DynamoScenarioStore(stageTable),
  );
  return resolver;
}
