import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { addMemberBody } from '../../../shared/schemas/workspaces';
import { invitationService } from '../../../shared/wiring/email';

/** Members join through an invitation to their address, accepted once they proved they own it. */
export const handler = http.workspace(
  { params: idParams, body: addMemberBody, minRole: 'admin' },
  async ({ workspace, auth, body }) =>
    json(
      202,
      await invitationService().invite(workspace.id, { userId: auth.userId, role: workspace.role }, body),
    ),
);
