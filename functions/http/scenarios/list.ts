import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listScenariosQuery } from '../../../shared/schemas/scenarios';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace({ query: listScenariosQuery }, async ({ workspace, query }) =>
  json(200, await scenarioService().list(workspace.id, query)),
);
