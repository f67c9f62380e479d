import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { apiKeyService } from '../../../shared/wiring/api-keys';

/** GET /api-keys (owner or admin): every key of the workspace, newest first, without its secret. */
export const handler = http.workspace({ minRole: 'admin', apiKeys: false }, async ({ workspace }) =>
  json(200, { items: await apiKeyService().list(workspace.id), nextCursor: null }),
);
