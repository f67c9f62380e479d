import { stageTable } from '../adapters/dynamo/client';
import { DynamoKnowledgeStore } from '../adapters/dynamo/knowledge-store';

let store: DynamoKnowledgeStore | undefined;

/** The workspace knowledge base: one store per container, read by the reply writer, the preview and its routes. */
export function knowledgeStore(): DynamoKnowledgeStore {
  store ??= new DynamoKnowledgeStore(stageTable);
  return store;
}
