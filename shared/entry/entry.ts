import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { ValidationError } from '../errors';
import { withLogKeys } from '../observability/logger';
import { publishMetrics } from '../observability/metrics';
import { zodDetails } from '../schemas/validation';
import * as z from '../schemas/zod';

/**
 * The base of every Lambda entry point (HTTP JSON and raw-body routes, the streaming route, the queue consumer,
 * the schedules, the workflow steps): one middy chain whose first middleware flushes the invocation's metrics
 * (after the handler, or after the error). Each kind adds its middlewares on top: shared/http/handler.ts for
 * HTTP, `lambdaEntry` below for the event-driven kinds.
 */
export function entryChain<E, R, C extends Context = Context>() {
  return middy<E, R, Error, C>().use(flushMetrics<E, R, C>());
}

/**
 * Runs an entry in a log scope of its own, labelled with `keys`, so concurrent invocations in one process (the
 * local stage, tests) never share correlation ids. Lambda always passes a context; local callers may not.
 */
export function inEntryScope<E, R, C>(
  handler: (event: E, context: C) => Promise<R>,
  keys: (event: E) => LogAttributes = () => ({}),
): (event: E, context?: C) => Promise<R> {
  return markedEntry((event: E, context?: C) =>
    withLogKeys(keys(event), () => handler(event, (context ?? {}) as C)),
  );
}

/** What every handler built on the common chain carries: the architecture test checks each deployed entry. */
export const ENTRY_POINT = Symbol.for('flowia.entryPoint');

export function markedEntry<F extends (...args: never[]) => unknown>(handler: F): F {
  return Object.assign(handler, { [ENTRY_POINT]: true });
}

/** Writes the invocation's stored EMF metrics once, whether the handler returned or threw. */
export function flushMetrics<E, R, C>(): MiddlewareObj<E, R, Error, C> {
  return { name: 'flushMetrics', after: publishMetrics, onError: publishMetrics };
}

/** Parses the event with zod before the handler sees it; a bad event fails the invocation naming its fields. */
export function parseEvent<E, R, C>(schema: z.core.$ZodType): MiddlewareObj<E, R, Error, C> {
  return {
    name: 'parseEvent',
    before: (request) => {
      const parsed = z.safeParse(schema, request.event ?? {});
      if (!parsed.success) {
        const details = zodDetails(parsed.error);
        throw new ValidationError(
          `Invalid event: ${details.map((d) => d.path || d.message).join(', ')}.`,
          details,
        );
      }
      request.event = parsed.data as E;
    },
  };
}

export interface EntryOptions<E> {
  /** Keys every log line of the invocation carries (a workflow step's name). */
  logKeys?: (event: E) => LogAttributes;
}

/**
 * An event-driven Lambda (a schedule, the SQS consumer, a workflow step, the batch report, the authorizer) on the
 * common chain. With `input` (a schedule's fixed JSON) the event is validated first: a bad one fails the
 * invocation naming its fields. Failures propagate: the caller's retry policy (Scheduler, SQS, Step Functions)
 * decides what happens next.
 */
export function lambdaEntry<S extends z.core.$ZodType, R>(
  fn: (event: z.output<S>, context: Context) => Promise<R>,
  options: EntryOptions<z.output<S>> & { input: S },
): (event: unknown, context?: Context) => Promise<R>;
export function lambdaEntry<E, R>(
  fn: (event: E, context: Context) => Promise<R>,
  options?: EntryOptions<E>,
): (event: E, context?: Context) => Promise<R>;
export function lambdaEntry<E, R>(
  fn: (event: E, context: Context) => Promise<R>,
  options: EntryOptions<E> & { input?: z.core.$ZodType } = {},
): (event: E, context?: Context) => Promise<R> {
  const chain = entryChain<E, R>();
  if (options.input) chain.use(parseEvent<E, R, Context>(options.input));
  const handler = chain.handler(fn);
  return inEntryScope((event: E, context: Context) => handler(event, context), options.logKeys);
}
