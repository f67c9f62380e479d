import { DynamoApiKeyStore } from '../adapters/dynamo/api-key-store';
import { stageTable } from '../adapters/dynamo/client';
import { ApiKeyService } from '../services/api-keys/api-key-service';
import { auditLog } from './audit';
import { built } from './container';

/** API keys: one service per container, used by the /api-keys routes and the Lambda authorizer. */
export function apiKeyService(): ApiKeyService {
  return built(
    apiKeyService,
    () => new ApiKeyService(new DynamoApiKeyStore(stageTable), undefined, auditLog()),
  );
}
