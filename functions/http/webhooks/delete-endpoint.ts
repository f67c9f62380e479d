import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params }) => {
    await webhookService().deleteEndpoint(workspace.id, params.id);
    return noContent();
  },
);
