import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResourceNeeds } from './resource-needs';

/**
 * THE workflow manifest: the ASL file, and for each ${placeholder} of its Task resources the handler that serves
 * it. CDK substitutes each placeholder with the ARN of a Lambda built from the handler; the local stage maps the
 * same placeholder to the same handler module, invoked in-process. One definition, two runtimes.
 */
export const WORKFLOW_DEFINITION_FILE = 'state-machines/message-processing.asl.json';

export interface WorkflowTask {
  placeholder: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb?: number;
  /** What the step's code uses: its Lambda's environment and grants come from this alone. */
  needs: ResourceNeeds;
}

export const workflowTasks: WorkflowTask[] = [
  {
    placeholder: 'LogInteractionFunctionArn',
    handler: 'functions/workflow/log-interaction.ts',
    needs: { table: 'readWrite' },
    timeoutSeconds: 20,
  },
  {
    placeholder: 'CheckPlanFunctionArn',
    handler: 'functions/workflow/check-plan.ts',
    timeoutSeconds: 20,
    needs: { table: 'readWrite' },
  },
  {
    placeholder: 'MatchScenarioFunctionArn',
    handler: 'functions/workflow/match-scenario.ts',
    // "The next post I publish" scenarios: the step reads a comment's post through the Graph API (Page token).
    needs: { table: 'readWrite', vault: 'open', secrets: ['providers'] },
    timeoutSeconds: 20,
  },
  {
    placeholder: 'DecideFunctionArn',
    handler: 'functions/workflow/decide.ts',
    timeoutSeconds: 10,
    needs: { table: 'readWrite', email: true },
  },
  {
    placeholder: 'GenerateReplyFunctionArn',
    handler: 'functions/workflow/generate-reply.ts',
    needs: { table: 'readWrite', secrets: ['providers'], email: true },
    timeoutSeconds: 50,
    memoryMb: 512,
  },
  // Shorter than the send lease (DEFAULT_SEND_LEASE_MS): a claim older than the lease can only be a dead worker.
  {
    placeholder: 'SendFunctionArn',
    handler: 'functions/workflow/send.ts',
    timeoutSeconds: 25,
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'seal', secrets: ['providers'] },
  },
  {
    placeholder: 'UpdateLeadFunctionArn',
    handler: 'functions/workflow/update-lead.ts',
    // AI lead qualification (Ultra, with OpenAI configured): the model's key, two calls within AI_BUDGET_MS each.
    timeoutSeconds: 50,
    needs: { table: 'readWrite', secrets: ['providers'] },
  },
  {
    placeholder: 'SyncCrmFunctionArn',
    handler: 'functions/workflow/sync-crm.ts',
    timeoutSeconds: 50,
    needs: { table: 'readWrite', vault: 'seal', secrets: ['providers'] },
  },
  {
    placeholder: 'CompleteFunctionArn',
    handler: 'functions/workflow/complete.ts',
    timeoutSeconds: 10,
    needs: { table: 'readWrite' },
  },
  {
    placeholder: 'ReportBatchFunctionArn',
    handler: 'functions/workflow/report-batch.ts',
    needs: {},
    timeoutSeconds: 10,
  },
];

export type AslDefinition = Record<string, unknown> & { States: Record<string, AslState> };
export type AslState = Record<string, unknown> & {
  Type: string;
  Resource?: string;
  ItemProcessor?: { States: Record<string, AslState> };
};

export function readWorkflowDefinition(root: string): string {
  return readFileSync(resolve(root, WORKFLOW_DEFINITION_FILE), 'utf8');
}

/** Every Task state, with nested Map/Parallel states, as [state name, placeholder name]. */
export function taskStates(definition: AslDefinition): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (states: Record<string, AslState>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && typeof state.Resource === 'string') {
        const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource)?.[1];
        if (!placeholder) throw new Error(`Task ${name} has a resource that is not a \${placeholder}`);
        found.push([name, placeholder]);
      }
      if (state.ItemProcessor) walk(state.ItemProcessor.States);
      const branches = state.Branches as Array<{ States: Record<string, AslState> }> | undefined;
      for (const branch of branches ?? []) walk(branch.States);
    }
  };
  walk(definition.States);
  return found;
}
