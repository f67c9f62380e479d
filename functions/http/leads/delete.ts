import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { contactRights } from '../../../shared/wiring/contact-rights';

/**
 * DELETE /leads/{id} (owner or admin): erases the contact everywhere (see ContactRightsService). 204 again once
 * erased; 404 for a lead this workspace never had; 409 while another erasure of it runs.
 */
export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params, auth }) => {
    await contactRights().erase(workspace.id, params.id, actorOf(auth));
    return noContent();
  },
);
