import { beforeAll, describe, expect, it } from 'vitest';
import { handlerNeeds } from '../../infra/lambdas';
import type { ResourceNeeds } from '../../infra/resource-needs';
import { type Reach, reachOfEntries } from '../support/lambda-reach';

/** The resources a bundle reaches that its declaration lacks, each with the module that reaches it. */
function undeclared(needs: ResourceNeeds, reach: Reach): string[] {
  const missing: string[] = [];
  const why = (resource: string) => `${resource} (${reach.evidence.get(resource) ?? '?'})`;
  if (reach.tableWrite && needs.table !== 'write' && needs.table !== 'readWrite')
    missing.push(why('table write'));
  if (reach.tableRead && needs.table !== 'read' && needs.table !== 'readWrite')
    missing.push(why('table read'));
  for (const queue of reach.queues) if (!needs.sendsTo?.includes(queue)) missing.push(why(`queue ${queue}`));
  if (reach.vault && !needs.vault) missing.push(why('vault'));
  if (reach.jwtSecret && !needs.secrets?.includes('jwt')) missing.push(why('jwtSecret'));
  if (reach.providerSecrets && !needs.secrets?.includes('providers')) missing.push(why('provider secrets'));
  if (reach.email && !needs.email) missing.push(why('email'));
  if (reach.queueStats && !needs.reads?.includes('queueStats')) missing.push(why('queueStats'));
  if (reach.workflowFailures && !needs.reads?.includes('workflowFailures'))
    missing.push(why('workflowFailures'));
  for (const name of reach.invokes) if (!needs.invokes?.includes(name)) missing.push(why(`function ${name}`));
  return missing;
}

/** Declared queues, key and email the bundle cannot reach: a grant no code uses. */
function unused(needs: ResourceNeeds, reach: Reach): string[] {
  const extra: string[] = [];
  for (const queue of needs.sendsTo ?? []) if (!reach.queues.has(queue)) extra.push(`queue ${queue}`);
  if (needs.vault && !reach.vault) extra.push('vault');
  if (needs.email && !reach.email) extra.push('email');
  if (needs.secrets?.includes('jwt') && !reach.jwtSecret) extra.push('jwtSecret');
  for (const name of needs.invokes ?? []) if (!reach.invokes.has(name)) extra.push(`function ${name}`);
  return extra;
}

// One esbuild run bundles every handler (about 90 entries): CPU-bound, so the bound is for hangs, not speed.
describe('Manifest: every handler declares what its code reaches', { timeout: 600_000 }, () => {
  const declared = handlerNeeds();
  let reached: Map<string, Reach>;
  beforeAll(async () => {
    reached = await reachOfEntries([...declared.keys()]);
  }, 600_000);

  it('walks every handler of the routes, workflow, schedules and queue consumers', () => {
    expect(declared.size).toBeGreaterThan(90);
    expect([...declared.keys()]).toEqual(
      expect.arrayContaining([
        'functions/http/authorizer.ts',
        'functions/workflow/send.ts',
        'functions/schedules/collect-interactions.ts',
        'functions/queues/browser-linkedin.ts',
        'functions/schedules/linkedin-resume.ts',
        'functions/internal/send-human-reply.ts',
      ]),
    );
  });

  it('fails when a handler reaches a resource its declaration lacks', () => {
    const lies = [...declared]
      .map(([handler, needs]) => [handler, undeclared(needs, reached.get(handler) as Reach)] as const)
      .filter(([, missing]) => missing.length > 0);
    expect(Object.fromEntries(lies)).toEqual({});
  });

  it('declares no queue, key, email or signing key that the handler’s code cannot reach', () => {
    const extras = [...declared]
      .map(([handler, needs]) => [handler, unused(needs, reached.get(handler) as Reach)] as const)
      .filter(([, extra]) => extra.length > 0);
    expect(Object.fromEntries(extras)).toEqual({});
  });

  it('sees what the findings say: OAuth callbacks recover through incomingMessages, the webhook enqueues and reads mentions', () => {
    // The reach analysis itself, on handlers whose needs are known from their code.
    const of = (handler: string) => reached.get(handler) as Reach;
    expect([...of('functions/http/social/meta-callback.ts').queues]).toContain('incomingMessages');
    expect([...of('functions/webhooks/meta.ts').queues]).toEqual(['incomingMessages']);
    // A comment that @mentions the account arrives without its text: the webhook reads it with the Page token.
    expect(of('functions/webhooks/meta.ts').vault).toBeDefined();
    // A member's reply: the API Lambda only invokes; the internal function holds the providers and their tokens.
    expect([...of('functions/http/conversations/reply.ts').invokes]).toEqual(['sendHumanReply']);
    expect(of('functions/http/conversations/reply.ts').vault).toBeUndefined();
    expect(of('functions/http/conversations/reply.ts').providerSecrets).toBe(false);
    expect([...of('functions/internal/send-human-reply.ts').queues]).toContain('browserLinkedIn');
    expect(of('functions/internal/send-human-reply.ts').vault).toBeDefined();
    expect([...of('functions/http/ai/preview-reply.ts').invokes]).toEqual(['previewReply']);
    expect(of('functions/http/ai/preview-reply.ts').providerSecrets).toBe(false);
    expect(of('functions/internal/preview-reply.ts').providerSecrets).toBe(true);
    expect(of('functions/schedules/webhook-deliveries.ts').vault).toBeDefined();
    // The LogInteraction step builds no Sender: no provider, so no vault and no LinkedIn queue.
    expect(of('functions/workflow/log-interaction.ts').queues.size).toBe(0);
    expect(of('functions/workflow/log-interaction.ts').vault).toBeUndefined();
    expect(of('functions/workflow/report-batch.ts').tableWrite).toBe(false);
  });
});
