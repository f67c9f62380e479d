import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { contactExport } from '../../../shared/wiring/contact-export';

/** GET /leads/{id}/export (owner or admin): the contact's data as one JSON document; audited. */
export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params, auth }) =>
    json(200, await contactExport().export(workspace.id, params.id, actorOf(auth))),
);
