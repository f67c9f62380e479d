import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  AppError,
  ForbiddenError,
  InvalidJsonError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '../errors';
import { addLogKeys, logger } from '../observability/logger';
import { zodDetails } from '../schemas/validation';
import * as z from '../schemas/zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';
import type { HttpRequest } from './request';
import { errorResponse, type HttpResponse, internalErrorResponse } from './response';

/** The Lambda context of an HTTP invocation: middlewares fill `http` in order, the handler reads it. */
export type HttpContext = Context & { http: HttpRequest };

export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>;

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Builds the request object and propagates the correlation id (x-request-id) to logs and the response. */
export function requestContext(): HttpMiddleware {
  return {
    name: 'requestContext',
    before: (request) => {
      const event = request.event;
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const incoming = headers['x-request-id'];
      const requestId =
        incoming && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming)
          ? incoming
          : (event.requestContext?.requestId ?? randomUUID());
      addLogKeys({ correlation_id: requestId });
      // DEBUG only, and through the redacting formatter: Authorization, cookies and signatures never print.
      logger.debug('request received', {
        route: event.routeKey,
        path: event.rawPath,
        headers,
        cookies: event.cookies,
        query: event.queryStringParameters,
      });
      request.context.http = {
        body: undefined,
        query: {},
        params: {},
        headers,
        rawBody: decodeBody(event),
        requestId,
        sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
        auth: undefined,
        workspace: undefined,
        event,
      };
    },
    after: (request) => {
      if (request.response) request.response.headers['x-request-id'] = request.context.http.requestId;
      logger.info('request', {
        route: request.event.routeKey,
        status: request.response?.statusCode,
      });
    },
  };
}

/** Maps thrown errors to the contract's JSON error shape; anything unexpected is a logged 500 without details. */
export function httpErrors(): HttpMiddleware {
  return {
    name: 'httpErrors',
    onError: (request) => {
      const error = request.error;
      if (!(error instanceof AppError))
        logger.error('unhandled error', { error: error as Error, route: request.event.routeKey });
      const response = error instanceof AppError ? errorResponse(error) : internalErrorResponse();
      const requestId = request.context.http?.requestId;
      if (requestId) response.headers['x-request-id'] = requestId;
      if (error instanceof AppError && error.status >= 400)
        logger.info('request rejected', {
          route: request.event.routeKey,
          status: error.status,
          code: error.code,
        });
      request.response = response;
    },
  };
}

/** Parses a JSON body (size-limited) when the route declares a body schema. */
export function jsonBody(maxBytes = DEFAULT_MAX_BODY_BYTES): HttpMiddleware {
  return {
    name: 'jsonBody',
    before: (request) => {
      const http = request.context.http;
      if (Buffer.byteLength(http.rawBody) > maxBytes) throw new PayloadTooLargeError(maxBytes);
      if (http.rawBody.trim() === '') {
        http.body = undefined;
        return;
      }
      const type = http.headers['content-type'];
      if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type))
        throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
      // Before parsing, so nothing recursive (validation, the DEBUG body log) ever sees such a body.
      if (exceedsJsonDepth(http.rawBody))
        throw new InvalidJsonError(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
      try {
        http.body = JSON.parse(http.rawBody);
      } catch {
        throw new InvalidJsonError();
      }
      logger.debug('request body', { body: http.body });
    },
  };
}

/** A raw-body route (a provider's signed webhook): only the size is checked, the bytes stay as sent. */
export function rawBodyLimit(maxBytes: number): HttpMiddleware {
  return {
    name: 'rawBodyLimit',
    before: (request) => {
      if (Buffer.byteLength(request.context.http.rawBody) > maxBytes)
        throw new PayloadTooLargeError(maxBytes);
    },
  };
}

/** A function URL answers every method: the ones the route does not serve are a 405 naming those it does. */
export function allowMethods(methods: readonly string[]): HttpMiddleware {
  return {
    name: 'allowMethods',
    before: (request) => {
      const method = request.event.requestContext?.http?.method;
      if (!method || !methods.includes(method))
        throw new AppError(405, 'method_not_allowed', `Use ${methods.join(' or ')}.`);
    },
  };
}

export interface RequestSchemas {
  body?: z.core.$ZodType;
  query?: z.core.$ZodType;
  params?: z.core.$ZodType;
}

/** Validates body, query and path parameters with zod; the first failure names its fields. */
export function validate(schemas: RequestSchemas): HttpMiddleware {
  return {
    name: 'validate',
    before: (request) => {
      const http = request.context.http;
      const event = request.event;
      const parts: Array<[keyof RequestSchemas, unknown, string]> = [
        ['params', event.pathParameters ?? {}, 'path'],
        ['query', event.queryStringParameters ?? {}, 'query'],
        ['body', http.body, 'body'],
      ];
      for (const [part, input, label] of parts) {
        const schema = schemas[part];
        if (!schema) continue;
        if (part === 'body' && input === undefined)
          throw new ValidationError('A JSON body is required.', [{ path: '', message: 'required' }]);
        const result = z.safeParse(schema, input);
        if (!result.success) {
          const details = zodDetails(result.error);
          throw new ValidationError(
            // A whole-object problem (unknown keys, wrong type) has no field to name: its message says it.
            `Invalid ${label}: ${details.map((d) => d.path || d.message).join(', ')}.`,
            details,
          );
        }
        http[part] = result.data;
      }
    },
  };
}

/**
 * Reads the identity the Lambda authorizer put in the request context.
 * The authorizer verifies the JWT (no database call) or the API key and, when the credential is missing or
 * invalid, still lets the request through with `authError` set: HTTP APIs cannot customise authorizer denials,
 * and the contract wants a JSON 401. This middleware is what turns that into the 401, so every `auth: jwt` route
 * must use it. API keys are refused (403) unless the route accepts them (`apiKeys`): routes about a user (their
 * account, their workspaces, invitations) are for people only; workspaceAccess confines the key further.
 */
export function requireAuth(options: { apiKeys: boolean }): HttpMiddleware {
  return {
    name: 'requireAuth',
    before: (request) => {
      const lambdaContext = (
        request.event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }
      ).authorizer?.lambda;
      const apiKeyId = lambdaContext?.apiKeyId;
      if (typeof apiKeyId === 'string' && apiKeyId !== '') {
        const workspaceId = lambdaContext?.workspaceId;
        const scope = lambdaContext?.scope;
        if (typeof workspaceId !== 'string' || (scope !== 'read' && scope !== 'write'))
          throw new UnauthorizedError('The API key is not valid.');
        if (!options.apiKeys)
          throw new ForbiddenError('API keys cannot use this route; sign in as a member instead.');
        request.context.http.auth = {
          userId: `apikey:${apiKeyId}`,
          email: '',
          apiKey: { id: apiKeyId, workspaceId, scope },
        };
        return;
      }
      const userId = lambdaContext?.userId;
      const email = lambdaContext?.email;
      if (typeof userId !== 'string' || typeof email !== 'string' || userId === '') {
        const reason = typeof lambdaContext?.authError === 'string' ? lambdaContext.authError : undefined;
        throw new UnauthorizedError(reason ?? 'A valid access token is required.');
      }
      request.context.http.auth = { userId, email };
    },
  };
}

function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
