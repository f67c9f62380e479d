import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { crmParams, parseIntegrationInput, putIntegrationBody } from '../../../shared/schemas/integrations';
import { integrationService } from '../../../shared/wiring/crm-integrations';

export const handler = http.workspace(
  { params: crmParams, body: putIntegrationBody, minRole: 'admin' },
  async ({ workspace, params, body }) =>
    json(
      200,
      await integrationService().put(workspace.id, params.crm, parseIntegrationInput(params.crm, body)),
    ),
);
