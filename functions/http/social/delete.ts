import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { socialAccountParams } from '../../../shared/schemas/social';
import { socialAccountService } from '../../../shared/wiring/social-accounts';

export const handler = http.workspace(
  { params: socialAccountParams, minRole: 'admin' },
  async ({ workspace, params }) => {
    await socialAccountService().remove(workspace.id, params.id);
    return noContent();
  },
);
