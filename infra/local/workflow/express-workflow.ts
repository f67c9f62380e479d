import type { SQSRecord } from 'aws-lambda';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type AslDefinition, readWorkflowDefinition, taskStates, workflowTasks } from '../../workflow';
import { loadHandler, REPO_ROOT } from '../handlers';
import { lambdaContext } from '../lambda-context';
import type { ItemFailure } from '../queue-runner';

/** What the ReportBatch step receives: each record's outcome, with the failing step's error. */
interface ReportedItem {
  messageId: string;
  failed: boolean;
  error?: string;
  cause?: string;
}

export interface ExpressWorkflowOptions {
  /** Overrides every Retry wait of the ASL (tests); the ASL's own backoff otherwise. */
  retryIntervalMs?: number;
}

/**
 * The message-processing state machine, in-process: the same ASL as in AWS run by aws-local-stepfunctions, each
 * Task placeholder mapped to the same handler module the CDK stack deploys, each handler called as Lambda calls it
 * (a context, its result crossing JSON).
 */
export class ExpressWorkflow {
  private readonly machine: StateMachine;
  private readonly tasks: Array<[stateName: string, placeholder: string]>;
  private readonly handlerOf = new Map(workflowTasks.map((task) => [task.placeholder, task]));
  private counts = { executions: 0, failedExecutions: 0 };

  constructor(private readonly options: ExpressWorkflowOptions = {}) {
    const raw = readWorkflowDefinition(REPO_ROOT);
    this.tasks = taskStates(JSON.parse(raw) as AslDefinition);
    for (const [, placeholder] of this.tasks)
      if (!this.handlerOf.has(placeholder))
        throw new Error(`No handler for the workflow placeholder ${placeholder}`);
    // Placeholders become Lambda-shaped ARNs so the definition validates exactly as AWS would see it.
    const substituted = raw.replace(
      /\$\{(\w+)\}/g,
      (_, name: string) => `arn:aws:lambda:eu-west-3:000000000000:function:flowia-local-${name}`,
    );
    const { QueryLanguage: _jsonPathIsTheDefault, ...definition } = JSON.parse(substituted) as Record<
      string,
      unknown
    >;
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition);
  }

  stats(): { executions: number; failedExecutions: number } {
    return { ...this.counts };
  }

  /** One Express execution for a batch of SQS records, as the Pipe starts it; failures as it reports them. */
  async run(records: SQSRecord[]): Promise<Map<string, ItemFailure>> {
    let reported: ReportedItem[] = [];
    const handlers = Object.fromEntries(
      this.tasks.map(([stateName, placeholder]) => {
        const task = this.handlerOf.get(placeholder)!;
        return [
          stateName,
          async (input: unknown) => {
            if (placeholder === 'ReportBatchFunctionArn') reported = input as ReportedItem[];
            const handler = await loadHandler<(event: unknown, context: unknown) => Promise<unknown>>(
              task.handler,
              task.needs,
            );
            const result = await handler(
              input,
              lambdaContext(`flowia-local-${stateName}`, task.timeoutSeconds),
            );
            // A Lambda's result crosses JSON: undefined fields vanish, dates become strings.
            return result === undefined ? null : JSON.parse(JSON.stringify(result));
          },
        ];
      }),
    );
    const retryIntervalMs = this.options.retryIntervalMs;
    this.counts.executions += 1;
    try {
      // The Pipe hands the execution its input as JSON.
      const execution = this.machine.run(JSON.parse(JSON.stringify(records)), {
        overrides: {
          taskResourceLocalHandlers: handlers,
          ...(retryIntervalMs !== undefined
            ? {
                retryIntervalOverrides: Object.fromEntries(
                  this.tasks.map(([name]) => [name, retryIntervalMs]),
                ),
              }
            : {}),
        },
      });
      const output = (await execution.result) as { batchItemFailures?: Array<{ itemIdentifier: string }> };
      const failures = new Map<string, ItemFailure>();
      for (const { itemIdentifier } of output?.batchItemFailures ?? []) {
        const item = reported.find((r) => r.messageId === itemIdentifier);
        failures.set(itemIdentifier, {
          error: item?.error ?? 'unknown',
          cause: item?.cause ?? 'reported as a batch item failure',
        });
      }
      return failures;
    } catch (error) {
      this.counts.failedExecutions += 1;
      throw error;
    }
  }
}
