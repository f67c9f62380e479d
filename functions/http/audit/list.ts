import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { pageQuery } from '../../../shared/schemas/params';
import { auditLog } from '../../../shared/wiring/audit';

/** GET /audit (owners and admins): the workspace's audit log, newest first. Read-only: no route edits it. */
export const handler = http.workspace(
  { query: pageQuery, minRole: 'admin', apiKeys: false },
  async ({ workspace, query }) => {
    const page = await auditLog().list(workspace.id, query.limit, query.cursor);
    return json(200, {
      items: page.items.map(({ workspaceId: _ws, ...entry }) => entry),
      nextCursor: page.nextCursor,
    });
  },
);
