import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { socialMediaQuery } from '../../../shared/schemas/social';
import { mediaService } from '../../../shared/wiring/media';

export const handler = http.workspace(
  { params: idParams, query: socialMediaQuery },
  async ({ workspace, params, query }) =>
    json(200, await mediaService().list(workspace.id, params.id, query)),
);
