import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { createApiKeyBody } from '../../../shared/schemas/api-keys';
import { apiKeyService } from '../../../shared/wiring/api-keys';

/** POST /api-keys (owner or admin, never an API key): the key is in this answer only. */
export const handler = http.workspace(
  { body: createApiKeyBody, minRole: 'admin', apiKeys: false },
  async ({ workspace, auth, body }) =>
    json(201, await apiKeyService().create(workspace.id, auth.userId, body)),
);
