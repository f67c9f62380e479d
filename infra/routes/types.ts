import type * as z from '../../shared/schemas/zod';
import type { ResourceNeeds } from '../resource-needs';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One entry of the route manifest (see infra/routes.ts). */
export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path syntax: /leads/{id}. */
  path: string;
  /** Source file under the repo root exporting `handler`. */
  handler: string;
  /** 'jwt': the Lambda authorizer runs first (API routes only). */
  auth: 'none' | 'jwt';
  /** Function URLs serve webhooks: raw body, no API Gateway limits or authorizer. One URL per handler. */
  exposure: 'api' | 'functionUrl';
  summary: string;
  tag: string;
  /** Workspace-scoped routes take X-Workspace-Id (documented in OpenAPI). */
  workspaceScoped?: boolean;
  request?: { body?: z.core.$ZodType; query?: z.core.$ZodType; params?: z.core.$ZodType };
  /** Status → schema of the JSON body, or a content type for non-JSON answers. */
  responses?: Record<number, z.core.$ZodType | { contentType: string } | null>;
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * The handler streams its body (awslambda.streamifyResponse): only with exposure 'functionUrl', whose URL then
   * uses invoke mode RESPONSE_STREAM; the local stage hands the handler a writable response stream.
   */
  streaming?: true;
  /** Served only by the local stage (the developer console). */
  localOnly?: boolean;
  /** What the handler's code uses: its Lambda's environment and grants come from this alone. */
  needs: ResourceNeeds;
}
