import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enforceDeclaredResources,
  resourceGuard,
  runAsHandler,
  UndeclaredResourceError,
} from '../../../infra/local/resource-guard';
import { dynamo, resetDynamo } from '../../../shared/adapters/dynamo/client';
import { config, resetConfig } from '../../../shared/config';
import type { QueueMessage, QueueName } from '../../../shared/services/queue/ports';
import { functionInvoker } from '../../../shared/wiring/functions';
import { installLocalStageAdapters } from '../../../shared/wiring/local-stage';
import { queuePublisher } from '../../../shared/wiring/queues';

const sent: Array<[QueueName, QueueMessage[]]> = [];
const invoked: string[] = [];
const saved = { ...process.env };

describe('Class: resource guard (the local stage runs each handler with only what it declares)', () => {
  beforeEach(() => {
    // Prepare: the local transport, a queue URL and a provider key in the stage's environment.
    Object.assign(process.env, {
      FLOWIA_LOCAL_TRANSPORT: '1',
      INCOMING_QUEUE_URL: 'http://queue.local/incoming',
      META_APP_SECRET: 'meta-secret',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    });
    resetConfig();
    resetDynamo();
    sent.length = 0;
    invoked.length = 0;
    installLocalStageAdapters({
      resourceGuard,
      queuePublisher: { publish: async (queue, messages) => void sent.push([queue, messages]) },
      functionInvoker: {
        invoke: async (name) => {
          invoked.push(name);
          return undefined as never;
        },
      },
    });
    enforceDeclaredResources(true);
  });
  afterEach(() => {
    enforceDeclaredResources(false);
    installLocalStageAdapters({});
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    resetConfig();
    resetDynamo();
  });

  describe('Method: runAsHandler', () => {
    it('shows a handler only the environment its declaration grants', () => {
      // Act
      const readOnly = runAsHandler('functions/http/leads/list.ts', () => config());
      const webhook = runAsHandler('functions/webhooks/meta.ts', () => config());

      // Assess: GET /leads declares neither the queue nor the provider secret; the Meta webhook both.
      expect(readOnly.INCOMING_QUEUE_URL).toBeUndefined();
      expect(readOnly.META_APP_SECRET).toBeUndefined();
      expect(webhook.INCOMING_QUEUE_URL).toBe('http://queue.local/incoming');
      expect(webhook.META_APP_SECRET).toBe('meta-secret');
      // The stage's own code, outside any handler, sees the whole environment.
      expect(config().INCOMING_QUEUE_URL).toBe('http://queue.local/incoming');
    });

    it('keeps a handler’s environment until the process re-reads its own, as a Lambda keeps its container’s', () => {
      // Prepare
      const first = runAsHandler('functions/webhooks/meta.ts', () => config());

      // Act: the environment changes; the handler sees it once the process re-reads it (resetConfig), not before.
      process.env.META_APP_SECRET = 'rotated-secret';
      const beforeReset = runAsHandler('functions/webhooks/meta.ts', () => config());
      resetConfig();
      const afterReset = runAsHandler('functions/webhooks/meta.ts', () => config());

      // Assess: one parse per environment, a new one after the reset, still without what it does not declare.
      expect(beforeReset).toBe(first);
      expect(first.META_APP_SECRET).toBe('meta-secret');
      expect(afterReset.META_APP_SECRET).toBe('rotated-secret');
      expect(runAsHandler('functions/http/leads/list.ts', () => config()).META_APP_SECRET).toBeUndefined();
    });

    it('refuses a queue send the handler does not declare, naming the handler and the queue', async () => {
      // Act
      const undeclared = runAsHandler('functions/webhooks/meta.ts', () =>
        queuePublisher().publish('browserLinkedIn', [{ id: 'job-1', body: {} }]),
      );
      const declared = runAsHandler('functions/webhooks/meta.ts', () =>
        queuePublisher().publish('incomingMessages', [{ id: 'm-1', body: {} }]),
      );

      // Assess
      await expect(undeclared).rejects.toThrow(UndeclaredResourceError);
      await expect(undeclared).rejects.toThrow(
        'functions/webhooks/meta.ts sent to the browserLinkedIn queue, which its manifest entry does not declare',
      );
      await declared;
      expect(sent.map(([queue]) => queue)).toEqual(['incomingMessages']);
    });

    it('refuses an internal function call the handler does not declare, naming the handler and the function', async () => {
      // Act: the reply route declares sendHumanReply only; the Meta webhook declares no call at all.
      const request = { workspaceId: 'w', text: 'hi', platform: 'instagram', kind: 'comment' } as never;
      const other = runAsHandler('functions/http/conversations/reply.ts', () =>
        functionInvoker().invoke('previewReply', request),
      );
      const none = runAsHandler('functions/webhooks/meta.ts', () =>
        functionInvoker().invoke('previewReply', request),
      );
      const declared = runAsHandler('functions/http/ai/preview-reply.ts', () =>
        functionInvoker().invoke('previewReply', request),
      );

      // Assess
      await expect(other).rejects.toThrow(
        'functions/http/conversations/reply.ts invoked the internal function previewReply, which its manifest entry does not declare (needs.invokes)',
      );
      await expect(none).rejects.toThrow(UndeclaredResourceError);
      await declared;
      expect(invoked).toEqual(['previewReply']);
    });

    it('refuses a table write the handler does not declare, before the request leaves', async () => {
      // Act: ReportBatch declares no table; the endpoint is closed, so only the guard can answer first.
      const write = runAsHandler('functions/workflow/report-batch.ts', () =>
        dynamo().send(new PutCommand({ TableName: 'flowia-test', Item: { pk: 'a', sk: 'b' } })),
      );

      // Assess
      await expect(write).rejects.toThrow(
        'functions/workflow/report-batch.ts wrote to the table (PutItemCommand), which its manifest entry does not declare (needs.table)',
      );
    });

    it('refuses a handler that no manifest declares, and takes an unlisted entry’s own declaration', () => {
      // Act / Assess
      expect(() => runAsHandler('functions/http/nowhere.ts', () => 1)).toThrow(/is in no manifest/);
      expect(
        runAsHandler('test/fixtures/some-handler.ts', () => config().INCOMING_QUEUE_URL, {
          sendsTo: ['incomingMessages'],
        }),
      ).toBe('http://queue.local/incoming');
    });
  });
});
