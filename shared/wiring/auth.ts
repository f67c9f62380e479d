import { DynamoUserStore } from '../adapters/dynamo/user-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { AuthService } from '../services/auth/auth-service';
import { WorkspaceService } from '../services/workspaces/workspace-service';

/** Composition roots: each service built once per container with its real adapters. */
let auth: AuthService | undefined;
let workspaces: WorkspaceService | undefined;

export function authService(): AuthService {
  auth ??= new AuthService(new DynamoUserStore(), {
    jwtSecret,
    accessTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: config().REFRESH_TOKEN_TTL_SECONDS,
  });
  return auth;
}

export function workspaceService(): WorkspaceService {
  workspaces ??= new WorkspaceService(new DynamoWorkspaceStore(), new DynamoUserStore());
  return workspaces;
}
