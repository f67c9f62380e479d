import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { apiKeyService } from '../../../shared/wiring/api-keys';

/** DELETE /api-keys/{id} (owner or admin): the key stops working at once; revoking twice is a no-op. */
export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params, auth }) => {
    await apiKeyService().revoke(workspace.id, params.id, actorOf(auth));
    return noContent();
  },
);
