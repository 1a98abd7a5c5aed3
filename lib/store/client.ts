// The DynamoDB document client: one per process, with timeouts and retries that fail fast.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

let client: DynamoDBDocumentClient | undefined;

function isLoopback(endpoint: string): boolean {
  const { hostname } = new URL(endpoint);
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

export function documentClient(): DynamoDBDocumentClient {
  if (client) return client;
  const { dynamodbEndpoint, region } = config();
  const base = new DynamoDBClient({
    region,
    endpoint: dynamodbEndpoint,
    // DynamoDB Local accepts any credentials; a local developer should not need AWS ones.
    ...(dynamodbEndpoint && isLoopback(dynamodbEndpoint)
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // Bounded so a sick dependency costs seconds, not the Lambda's whole timeout.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  return client;
}

export function tableName(): string {
  return config().tableName;
}
