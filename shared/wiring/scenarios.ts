import { stageTable } from '../adapters/dynamo/client';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { ScenarioService } from '../services/engine/scenario-service';
import { built } from './container';

/**
 * The workspace scenarios, wired apart from the engine so the scenario CRUD Lambdas do not bundle the whole
 * engine (providers, AI, CRM clients); the workflow's MatchScenario step shares this instance.
 */
export function scenarioService(): ScenarioService {
  return built(scenarioService, () => new ScenarioService(new DynamoScenarioStore(stageTable)));
}
