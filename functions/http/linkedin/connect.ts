import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { connectLinkedInBody } from '../../../shared/schemas/linkedin';
import { linkedInService } from '../../../shared/wiring/linkedin';

/**
 * Stores the session cookie sealed and queues a verification in the browser; 202 with the job to watch and
 * the terms warning. The first connection needs the owner's `acknowledgeTerms: true` (409 otherwise).
 */
export const handler = http.workspace(
  { body: connectLinkedInBody, minRole: 'admin' },
  async ({ workspace, auth, body }) =>
    json(
      202,
      await linkedInService().connect(workspace.id, { userId: auth.userId, role: workspace.role }, body),
    ),
);
