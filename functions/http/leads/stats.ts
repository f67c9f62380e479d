import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { leadStatsQuery } from '../../../shared/schemas/leads';
import { leadService } from '../../../shared/wiring/leads';

export const handler = http.workspace({ query: leadStatsQuery }, async ({ workspace, query }) =>
  json(200, await leadService().stats(workspace.id, query.from, query.to)),
);
