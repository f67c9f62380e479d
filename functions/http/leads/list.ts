import { publicLead } from '../../../shared/domain/leads/public-lead';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listLeadsQuery, toLeadFilter } from '../../../shared/schemas/leads';
import { leadQueries } from '../../../shared/wiring/lead-queries';

export const handler = http.workspace({ query: listLeadsQuery }, async ({ workspace, query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await leadQueries().list(workspace.id, toLeadFilter(filter), limit, cursor);
  return json(200, { items: page.leads.map(publicLead), nextCursor: page.nextCursor });
});
