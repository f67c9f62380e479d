import { findMatchingScenario } from '../../shared/domain/scenarios/matching';
import type { MatchedScenario, WorkflowState } from '../../shared/services/engine/workflow-state';
import { nextPostResolver } from '../../shared/wiring/next-post';
import { scenarioService } from '../../shared/wiring/scenarios';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, { scenario: MatchedScenario | null }>(
  {
    name: 'MatchScenario',
    async run({ message }) {
      const scenarios = await nextPostResolver().resolve(
        await scenarioService().forMatching(message.workspaceId),
        message,
      );
      const match = findMatchingScenario(scenarios, message);
      if (!match) return { scenario: null };
      const { id, name, actions } = match.scenario;
      return { scenario: { id, name, actions, keyword: match.keyword } };
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
