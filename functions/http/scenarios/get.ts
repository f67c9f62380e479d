import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace({ params: idParams }, async ({ workspace, params }) =>
  json(200, await scenarioService().get(workspace.id, params.id)),
);
