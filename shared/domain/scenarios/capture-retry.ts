import { type CaptureResult, reAskText } from '../leads/capture';
import { type ScenarioStep, stepOf } from './actions';

/** The scenario id a re-ask is filed under when the question's own scenario is unknown. */
export const CAPTURE_SCENARIO_ID = 'contact-capture';

/**
 * What answers a message that missed a pending capture the first time: one reply in the conversation saying
 * what was wrong ("Did you mean lea@gmail.com?"), under the asking scenario's id, in place of any scenario the
 * message might match. It carries no `capture` of its own: the lead already holds the retried question, so a
 * second miss is never asked again.
 */
export function reAskScenario(result: CaptureResult): {
  id: string;
  name: string;
  actions: ScenarioStep[];
  keyword: null;
} {
  return {
    id: result.scenarioId ?? CAPTURE_SCENARIO_ID,
    name: `contact capture: ${result.field} asked again`,
    actions: [stepOf({ action: 'reply', message: reAskText(result) })],
    keyword: null,
  };
}
