import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { createScenarioBody } from '../../../shared/schemas/scenarios';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace(
  { body: createScenarioBody, minRole: 'admin' },
  async ({ workspace, body }) => json(201, await scenarioService().create(workspace.id, body)),
);
