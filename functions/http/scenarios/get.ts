import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { scenarioIdParams } from '../../../shared/schemas/scenarios';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace({ params: scenarioIdParams }, async ({ workspace, params }) =>
  json(200, await scenarioService().get(workspace.id, params.id)),
);
