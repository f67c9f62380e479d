import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { crmParams } from '../../../shared/schemas/integrations';
import { integrationService } from '../../../shared/wiring/crm-integrations';

export const handler = http.workspace(
  { params: crmParams, minRole: 'admin' },
  async ({ workspace, params }) => {
    await integrationService().remove(workspace.id, params.crm);
    return noContent();
  },
);
