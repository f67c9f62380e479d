import { DynamoUserStore } from '../../../shared/adapters/dynamo/user-store';
import { NotFoundError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { toPublicUser } from '../../../shared/services/auth/auth-service';
import { workspaceService } from '../../../shared/wiring/auth';

const users = new DynamoUserStore();

export const handler = http.user({}, async ({ auth }) => {
  const user = await users.findUserByEmail(auth.email);
  if (!user || user.id !== auth.userId) throw new NotFoundError('This account no longer exists.');
  return json(200, {
    user: toPublicUser(user),
    workspaces: await workspaceService().listForUser(auth.userId),
  });
});
