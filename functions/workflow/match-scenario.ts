import { reAskScenario } from '../../shared/domain/scenarios/capture-retry';
import { findMatchingScenario } from '../../shared/domain/scenarios/matching';
import type { MatchedScenario, WorkflowState } from '../../shared/services/engine/workflow-state';
import { nextPostResolver } from '../../shared/wiring/next-post';
import { scenarioService } from '../../shared/wiring/scenarios';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, { scenario: MatchedScenario | null }>(
  {
    name: 'MatchScenario',
    async run({ message, logged }) {
      // A missed answer to a contact capture is asked again, once: that is this message's only answer.
      if (logged?.capture?.outcome === 're_ask') return { scenario: reAskScenario(logged.capture) };
      const scenarios = await nextPostResolver().resolve(
        await scenarioService().forMatching(message.workspaceId),
        message,
      );
      const match = findMatchingScenario(scenarios, message);
      if (!match) return { scenario: null };
      const { id, name, actions, followUps } = match.scenario;
      return {
        scenario: {
          id,
          name,
          actions,
          keyword: match.keyword,
          ...(followUps.length > 0 ? { followUps } : {}),
        },
      };
    },
    outcome: ({ scenario }) =>
      scenario
        ? {
            decision: scenario.actions.map((step) => step.action).join('+'),
            reason: `scenario "${scenario.name}"${scenario.keyword ? ` matched "${scenario.keyword}"` : ''}`,
          }
        : { decision: 'no_match', reason: 'no active scenario matched' },
  },
  traceStore(),
);
