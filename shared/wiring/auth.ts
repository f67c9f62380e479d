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
import { retentionPolicy } from './retention';

/** Composition roots: each service built once per container with its real adapters. */
let auth: AuthService | undefined;
let workspaces: WorkspaceService | undefined;
let operators: OperatorAccess | undefined;

export function authService(): AuthService {
  auth ??= new AuthService(new DynamoUserStore(stageTable), {
    jwtSecret,
    signAccessToken,
    accessTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: config().REFRESH_TOKEN_TTL_SECONDS,
  });
  return auth;
}

export function workspaceService(): WorkspaceService {
  workspaces ??= new WorkspaceService(
    new DynamoWorkspaceStore(stageTable),
    new DynamoUserStore(stageTable),
    retentionPolicy(),
    auditLog(),
  );
  return workspaces;
}

export function operatorAccess(): OperatorAccess {
  operators ??= new OperatorAccess(new DynamoUserStore(stageTable), () => config().ADMIN_EMAILS);
  return operators;
}
