import type { ServerResponse } from 'node:http';
import type { LocalDeadLetter } from '../adapters/local-queue-store';
import type { LocalRoute } from '../http-server';

/** The part of the running workflow the dead-letter endpoints use. */
export interface DeadLetterSource {
  deadLetters(limit?: number): Promise<LocalDeadLetter[]>;
  redrive(): Promise<number>;
  stats(): unknown;
}

const reply = (response: ServerResponse, body: unknown) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};

/**
 * Local-only console endpoints (127.0.0.1): the dead-letter list with causes, and a redrive. Only for the
 * table-backed queue: with SQS (AWS-emulated stage) the dead letters are in the SQS dead-letter queue, read with the
 * SQS API.
 */
export function deadLetterRoutes(workflow: DeadLetterSource): LocalRoute[] {
  return [
    {
      method: 'GET',
      path: '/local/workflow/dead-letters',
      handle: async (_request, response) =>
        reply(response, { items: await workflow.deadLetters(), stats: workflow.stats() }),
    },
    {
      method: 'POST',
      path: '/local/workflow/dead-letters/redrive',
      handle: async (_request, response) => reply(response, { redriven: await workflow.redrive() }),
    },
  ];
}
