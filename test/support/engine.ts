import { randomUUID } from 'node:crypto';
import { InProcessPublisher } from '../../infra/local/adapters/in-process-queues';
import { localWorkflow, type WorkflowPluginOptions, workflowPlugin } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { dedupeKeyOf } from '../../shared/domain/messages/dedupe-key';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import type {
  OutgoingMessage,
  SendFailure,
  SendResult,
  SocialAccount,
  SocialProvider,
} from '../../shared/services/social/ports';
import { tokenVault } from '../../shared/wiring/vault';
import { startTestStage } from './stage';

/**
 * A recording SocialProvider for the workflow's tests (a fake of a provider adapter, not of the workflow):
 * it records every send and can be told to fail the next calls with a given SendFailure, or to throw.
 */
export class RecordingProvider implements SocialProvider {
  readonly name = 'meta' as const;
  readonly capabilities = { dm: true, commentReply: true, privateReply: true, collect: false };
  readonly sent: Array<{ accountId: string; message: OutgoingMessage }> = [];
  readonly calls: OutgoingMessage[] = [];
  private failures: Array<SendFailure | 'throw'> = [];

  failNext(...failures: Array<SendFailure | 'throw'>): void {
    this.failures.push(...failures);
  }

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    this.calls.push(message);
    const failure = this.failures.shift();
    if (failure === 'throw') throw new Error('socket hang up');
    if (failure) return { status: 'failed', failure };
    this.sent.push({ accountId: account.id, message });
    return { status: 'sent', providerMessageId: `mid.${this.sent.length}` };
  }

  async collect() {
    return { messages: [], nextCursor: null };
  }

  sentTo(platformUserId: string) {
    return this.sent.filter((s) => s.message.recipient.platformUserId === platformUserId);
  }
}

export const failures = {
  rateLimited: {
    code: 'rate_limited',
    retryable: true,
    retryAfterSeconds: 1,
    explanation: 'rate limited by Meta',
    providerCode: '4',
  },
  outsideWindow: {
    code: 'outside_window',
    retryable: false,
    explanation: 'outside the 24-hour window: the person must write first',
    providerCode: '10/2534022',
  },
} satisfies Record<string, SendFailure>;

/** Connects an Instagram account to a workspace, with a sealed (fake) token as the real flow stores it. */
export async function connectInstagram(workspaceId: string, status: SocialAccount['status'] = 'active') {
  const id = randomUUID();
  const account: SocialAccount = {
    id,
    workspaceId,
    provider: 'meta',
    platform: 'instagram',
    externalId: `ig-${id.slice(0, 8)}`,
    displayName: 'shop',
    status,
    sealedCredentials: await tokenVault().sealJson(
      { workspaceId, provider: 'meta' },
      { accessToken: 'EAAG-test' },
    ),
    tokenExpiresAt: null,
    connectedAt: new Date().toISOString(),
    lastEventAt: null,
    lastError: null,
    collectCursor: null,
    details: {},
  };
  await new DynamoSocialAccountStore(stageTable).put(account);
  return account;
}

let sequence = 0;

/** An Instagram comment (or DM) as the webhook would queue it. */
export function incoming(
  account: { id: string; workspaceId: string },
  overrides: Partial<IncomingMessageInput> & { text?: string } = {},
): IncomingMessageInput {
  sequence += 1;
  const kind = overrides.kind ?? 'comment';
  const platformMessageId = overrides.platformMessageId ?? `m${Date.now()}${sequence}`;
  return {
    dedupeKey: dedupeKeyOf('instagram', kind, platformMessageId),
    workspaceId: account.workspaceId,
    accountId: account.id,
    platform: 'instagram',
    kind,
    platformMessageId,
    conversationId: kind === 'comment' ? null : `conv-${sequence}`,
    mediaId: kind === 'comment' ? 'media-1' : null,
    parentId: null,
    author: {
      platformUserId: `user-${sequence}`,
      username: `marie_${sequence}`,
      displayName: 'Marie Dupont',
    },
    text: 'Bonjour, quel est le prix ? 06 12 34 56 78',
    occurredAt: new Date().toISOString(),
    source: 'webhook',
    actionable: true,
    correlationId: `corr-${sequence}`,
    ...overrides,
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * A whole local stage running the message-processing workflow, whose handlers send through `provider` (a
 * RecordingProvider unless given) instead of Meta. `process` queues messages as the webhook would and waits until
 * the workflow is idle.
 */
export async function startWorkflowStage(
  options: {
    provider?: RecordingProvider;
    env?: Record<string, string | undefined>;
    workflow?: WorkflowPluginOptions;
  } = {},
) {
  const provider = options.provider ?? new RecordingProvider();
  const stage = await startTestStage({
    ...(options.env ? { env: options.env } : {}),
    providers: { meta: provider },
    plugins: [
      workflowPlugin({
        concurrency: 2,
        retryIntervalMs: 5,
        redeliveryDelayMs: () => 20,
        maxReceiveCount: 3,
        ...options.workflow,
      }),
    ],
  });
  const publisher = new InProcessPublisher();
  return {
    ...stage,
    provider,
    async process(...messages: IncomingMessageInput[]): Promise<void> {
      await publisher.publish(
        'incomingMessages',
        messages.map((body, i) => ({ id: `${i}-${body.platformMessageId}`, body })),
      );
      await localWorkflow().idle();
    },
  };
}

export type WorkflowStage = Awaited<ReturnType<typeof startWorkflowStage>>;
