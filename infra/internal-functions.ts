import type { InternalFunctionName } from '../shared/services/functions/ports';
import type { ResourceNeeds } from './resource-needs';

/** A Lambda that other Lambdas invoke and wait for, never reached from outside (no route, no URL). */
export interface InternalFunction {
  /** Source file exporting `handler` (built with shared/entry/internal-function.ts). */
  handler: string;
  /** What its code uses: its environment and grants come from this alone. */
  needs: ResourceNeeds;
  /** Shorter than its callers' own timeout, so the caller can still answer when the function runs out. */
  timeoutSeconds: number;
  memoryMb?: number;
}

/**
 * THE internal functions. Each holds what an API route should not: provider tokens and clients, the OpenAI key.
 * The calling route declares `needs.invokes` (infra/resource-needs.ts): it gets the function's name and the
 * lambda:InvokeFunction grant on it, nothing of what the function itself uses.
 */
export const internalFunctions = {
  // POST /conversations/{id}/messages (timeout 20 s): the workflow's Sender, its providers, vault and LinkedIn queue.
  sendHumanReply: {
    handler: 'functions/internal/send-human-reply.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'seal', secrets: ['providers'] },
    timeoutSeconds: 15,
  },
  // POST /ai/preview-reply (timeout 29 s): the engine with its OpenAI budget, the knowledge base, phone detection.
  previewReply: {
    handler: 'functions/internal/preview-reply.ts',
    needs: { table: 'readWrite', secrets: ['providers'] },
    timeoutSeconds: 25,
  },
} satisfies Record<InternalFunctionName, InternalFunction>;

export const INTERNAL_FUNCTION_NAMES = Object.keys(internalFunctions) as InternalFunctionName[];
