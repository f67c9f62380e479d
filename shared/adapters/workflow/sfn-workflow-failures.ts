import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowFailureSource, WorkflowFailures } from '../../services/operations/ports';

/**
 * Recent FAILED executions of the message-processing state machine (ListExecutions). Step Functions does not list
 * Express executions (StateMachineTypeNotSupported): then the answer says so, and the DLQ depth and the
 * dashboard's ExecutionsFailed widget are where failures show.
 */
export class SfnWorkflowFailures implements WorkflowFailureSource {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string | undefined,
  ) {}

  async recentFailures(limit: number): Promise<WorkflowFailures> {
    if (!this.stateMachineArn)
      return {
        source: 'stepfunctions',
        configured: false,
        failures: [],
        note: 'STATE_MACHINE_ARN is not set',
      };
    try {
      const result = await this.client.send(
        new ListExecutionsCommand({
          stateMachineArn: this.stateMachineArn,
          statusFilter: 'FAILED',
          maxResults: Math.min(Math.max(limit, 1), 100),
        }),
      );
      const failures = (result.executions ?? []).map((execution) => ({
        id: execution.name ?? execution.executionArn ?? 'unknown',
        startedAt: execution.startDate?.toISOString() ?? null,
        stoppedAt: execution.stopDate?.toISOString() ?? null,
        error: null,
        correlationId: null,
      }));
      return { source: 'stepfunctions', configured: true, failures, note: null };
    } catch (error) {
      if ((error as { name?: string }).name !== 'StateMachineTypeNotSupported') throw error;
      return {
        source: 'stepfunctions',
        configured: true,
        failures: [],
        note: 'Express executions cannot be listed: see the dead-letter queue depth and the ExecutionsFailed alarm.',
      };
    }
  }
}
