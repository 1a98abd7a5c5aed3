// Recognises the SDK's error shapes so each store module can translate them into our errors.

interface SdkError {
  name?: string;
  CancellationReasons?: { Code?: string }[];
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
