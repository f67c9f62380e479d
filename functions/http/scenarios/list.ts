import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { pageQuery } from '../../../shared/schemas/params';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace({ query: pageQuery }, async ({ workspace, query }) =>
  json(200, await scenarioService().list(workspace.id, query)),
);
