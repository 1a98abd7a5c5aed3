// Creates the table from its CloudFormation definition (resources/table.yml): local stacks and tests.
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Db } from './client';

/** The subset of AWS::DynamoDB::Table Properties that DynamoDB Local understands. */
export interface TableProperties {
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
  KeySchema: CreateTableCommandInput['KeySchema'];
  BillingMode?: CreateTableCommandInput['BillingMode'];
  GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  StreamSpecification?: { StreamViewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' };
}

/** Idempotent: an existing table is left as it is (its TTL setting is still ensured). */
export async function ensureTable(db: Db, properties: TableProperties): Promise<'created' | 'existed'> {
  const { client, table: tableName } = db;
  let outcome: 'created' | 'existed' = 'created';
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: properties.AttributeDefinitions,
        KeySchema: properties.KeySchema,
        BillingMode: properties.BillingMode ?? 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
        ...(properties.StreamSpecification ? { StreamSpecification: { StreamEnabled: true, ...properties.StreamSpecification } } : {}),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    outcome = 'existed';
  }
  // A table kept from before the outbox existed gets its stream (npm start's persisted data).
  const stream = properties.StreamSpecification;
  if (outcome === 'existed' && stream) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, ...stream } }));
    }
  }
  const ttl = properties.TimeToLiveSpecification;
  if (ttl?.Enabled) {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }),
      );
    }
  }
  return outcome;
}
