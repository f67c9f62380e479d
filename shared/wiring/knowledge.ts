import { stageTable } from '../adapters/dynamo/client';
import { DynamoKnowledgeStore } from '../adapters/dynamo/knowledge-store';
import { built } from './container';

/** The workspace knowledge base: one store per container, read by the reply writer, the preview and its routes. */
export function knowledgeStore(): DynamoKnowledgeStore {
  return built(knowledgeStore, () => new DynamoKnowledgeStore(stageTable));
}
