import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { leadStatsQuery } from '../../../shared/schemas/leads';
import { leadQueries } from '../../../shared/wiring/lead-queries';

export const handler = http.workspace({ query: leadStatsQuery }, async ({ workspace, query }) =>
  json(200, await leadQueries().stats(workspace.id, query.from, query.to)),
);
