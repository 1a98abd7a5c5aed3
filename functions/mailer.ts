// The mailer: invoked by the table's stream, whose filter lets only inserted outbox items through
// (serverless.yml; locally scripts/local/stream.ts applies the same filter).
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverStream } from '../lib/auth/deliver-mail';
import { mailContext } from '../lib/context/mail';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const ctx = mailContext();
  try {
    return await deliverStream(ctx, event.Records);
  } finally {
    ctx.metrics.publish();
  }
}
