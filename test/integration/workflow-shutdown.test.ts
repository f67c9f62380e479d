import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessPublisher } from '../../infra/local/adapters/in-process-queues';
import { startLocalStage } from '../../infra/local/stage';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { apiClient, signupWithWorkspace } from '../support/api';
import { connectInstagram, incoming, RecordingProvider } from '../support/engine';

const dataDir = mkdtempSync(join(tmpdir(), 'flowia-workflow-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () =>
  startLocalStage({
    port: 0,
    dataDir,
    env: { FLOWIA_SIMULATE: '0' },
    providers: { meta: new RecordingProvider() },
    plugins: [workflowPlugin({ concurrency: 1, retryIntervalMs: 5 })],
  });

describe('Plugin: workflow (stop and restart)', () => {
  it('loses no queued message: in-flight work finishes, the rest stays stored and is resumed on the next start', async () => {
    const first = await start();
    const owner = await signupWithWorkspace(apiClient(first.url), 'park');
    const account = await connectInstagram(owner.workspaceId);
    const messages = Array.from({ length: 6 }, () => incoming(account));

    await new InProcessPublisher().publish(
      'incomingMessages',
      messages.map((body, i) => ({ id: String(i), body })),
    );
    await first.stop();

    const second = await start();
    await localWorkflow().idle();
    const interactions = await queryAll(stageTable, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(owner.workspaceId), ':prefix': 'INTERACTION#' },
      ConsistentRead: true,
    });
    await second.stop();

    expect(interactions.map((i) => i.id).sort()).toEqual(messages.map((m) => m.dedupeKey).sort());
  });
});
