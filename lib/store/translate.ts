// Recognises the SDK's error shapes so each store module can translate them into our errors.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

interface SdkError {
  name?: string;
  /** A refused conditional write's item as it stood (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
  Item?: Record<string, AttributeValue>;
  CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[];
}

const asSdkError = (error: unknown): SdkError => (typeof error === 'object' && error !== null ? error : {});

export function isConditionalCheckFailed(error: unknown): boolean {
  return asSdkError(error).name === 'ConditionalCheckFailedException';
}

/**
 * A plain write refused because a transaction on the same item is still in flight: as the SDK
 * throws it, or as the client's failClosed has already wrapped it (a 503 unless retried).
 */
export function isTransactionConflict(error: unknown): boolean {
  const isConflict = (candidate: unknown) => asSdkError(candidate).name === 'TransactionConflictException';
  return isConflict(error) || isConflict((error as { cause?: unknown } | null)?.cause);
}

/** For a cancelled transaction, the reason code of each item in request order; else undefined. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  const sdkError = asSdkError(error);
  if (sdkError.name !== 'TransactionCanceledException') return undefined;
  return (sdkError.CancellationReasons ?? []).map((reason) => reason.Code);
}

/**
 * The item a refused conditional write saw (requested with ReturnValuesOnConditionCheckFailure:
 * ALL_OLD), as plain values; undefined when there was none.
 */
export function refusedItem(error: unknown): Record<string, unknown> | undefined {
  const item = asSdkError(error).Item;
  return item ? unmarshall(item) : undefined;
}

/** For a cancelled transaction, the item each refused write saw (ALL_OLD), in request order. */
export function cancelledItems(error: unknown): (Record<string, unknown> | undefined)[] {
  return (asSdkError(error).CancellationReasons ?? []).map((reason) => (reason.Item ? unmarshall(reason.Item) : undefined));
}
