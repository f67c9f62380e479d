import { stageTable } from '../adapters/dynamo/client';
import { DynamoUserStore } from '../adapters/dynamo/user-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { signAccessToken } from '../adapters/jwt/access-token';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { AuthService } from '../services/auth/auth-service';
import { OperatorAccess } from '../services/auth/operator-access';
import { WorkspaceService } from '../services/workspaces/workspace-service';
import { auditLog } from './audit';
import { built } from './container';
import { retentionPolicy } from './retention';

/** Composition roots: each service built once per container with its real adapters. */

export function authService(): AuthService {
  return built(
    authService,
    () =>
      new AuthService(new DynamoUserStore(stageTable), {
        jwtSecret,
        signAccessToken,
        accessTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
        refreshTtlSeconds: config().REFRESH_TOKEN_TTL_SECONDS,
      }),
  );
}

export function workspaceService(): WorkspaceService {
  return built(
    workspaceService,
    () =>
      new WorkspaceService(
        new DynamoWorkspaceStore(stageTable),
        new DynamoUserStore(stageTable),
        retentionPolicy(),
        auditLog(),
      ),
  );
}

export function operatorAccess(): OperatorAccess {
  return built(
    operatorAccess,
    () => new OperatorAccess(new DynamoUserStore(stageTable), () => config().ADMIN_EMAILS),
  );
}
