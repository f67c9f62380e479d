import { publicLead } from '../../../shared/domain/leads/public-lead';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { patchLeadBody } from '../../../shared/schemas/leads';
import { idParams } from '../../../shared/schemas/params';
import { leadEditor } from '../../../shared/wiring/lead-editor';

export const handler = http.workspace(
  { params: idParams, body: patchLeadBody },
  async ({ workspace, params, body }) =>
    json(200, publicLead(await leadEditor().update(workspace.id, params.id, body))),
);
