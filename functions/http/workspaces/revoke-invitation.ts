import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { workspaceInvitationParams } from '../../../shared/schemas/params';
import { invitationService } from '../../../shared/wiring/email';

export const handler = http.workspace(
  { params: workspaceInvitationParams, minRole: 'admin' },
  async ({ workspace, params, auth }) => {
    await invitationService().revoke(
      workspace.id,
      { userId: auth.userId, role: workspace.role },
      params.invitationId,
    );
    return noContent();
  },
);
