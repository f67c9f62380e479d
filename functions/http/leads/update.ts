import { publicLead } from '../../../shared/domain/leads/public-lead';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { leadIdParams, patchLeadBody } from '../../../shared/schemas/leads';
import { leadService } from '../../../shared/wiring/leads';

export const handler = http.workspace(
  { params: leadIdParams, body: patchLeadBody },
  async ({ workspace, params, body }) =>
    json(200, publicLead(await leadService().update(workspace.id, params.id, body))),
);
