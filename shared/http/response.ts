import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { AppError } from '../errors';

export type HttpResponse = Exclude<APIGatewayProxyResultV2, string> & {
  statusCode: number;
  headers: Record<string, string>;
};

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function noContent(): HttpResponse {
  return { statusCode: 204, headers: {}, body: '' };
}

export function redirect(location: string): HttpResponse {
  return { statusCode: 302, headers: { location }, body: '' };
}

export function text(
  statusCode: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): HttpResponse {
  return { statusCode, headers: { 'content-type': contentType }, body };
}

export function errorResponse(error: AppError): HttpResponse {
  return json(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
      },
    },
    error.headers,
  );
}

export function internalErrorResponse(): HttpResponse {
  return json(500, { error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
}
