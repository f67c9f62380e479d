import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';

let documentClient: DynamoDBDocumentClient | undefined;
let writeCheck: ((operation: string) => void) | undefined;

/** Table writes: the commands that change items. */
const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite)(Item)?Command$/;

/**
 * The local stage checks every table write against the running handler's declaration (infra/local/resource-guard.ts):
 * it throws for a write the handler did not declare, before the request leaves.
 */
export function checkTableWrites(check: ((operation: string) => void) | undefined): void {
  writeCheck = check;
}

/** One document client per container, created on first use (outside the handler's hot path). */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT
        ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    client.middlewareStack.add(
      (next, context) => (args) => {
        if (writeCheck && WRITE_COMMAND.test(context.commandName ?? ''))
          writeCheck(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'flowiaTableWriteCheck' },
    );
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

export function tableName(): string {
  return config().TABLE_NAME;
}

/**
 * What every Dynamo store is built on: a document client and the table's name, passed to its constructor as
 * Powertools' DynamoDBPersistenceLayer takes `{ tableName, awsSdkV3Client }`, so a store never reaches for a
 * global and a test can build one on a table of its own.
 */
export interface DynamoTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * The container's table from the parsed config, as the composition code hands it to stores. Read at each use:
 * the local stage and the tests switch tables (resetDynamo, a new TABLE_NAME) inside one process.
 */
export const stageTable: DynamoTable = {
  get client() {
    return dynamo();
  },
  get tableName() {
    return tableName();
  },
};

/** The local stage and tests switch tables between runs in one process. */
export function resetDynamo(): void {
  documentClient?.destroy();
  documentClient = undefined;
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
