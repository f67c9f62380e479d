import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { updateScenarioBody } from '../../../shared/schemas/scenarios';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace(
  { params: idParams, body: updateScenarioBody, minRole: 'admin' },
  async ({ workspace, params, body }) =>
    json(200, await scenarioService().update(workspace.id, params.id, body)),
);
