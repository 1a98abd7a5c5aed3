// Which SDK failures fail closed (503) and which the store's callers translate themselves.
import { describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../../../../lib/errors';
import { failClosed } from '../../../../lib/store/client';

const sdkError = (name: string) => Object.assign(new Error(name), { name });

describe('failClosed', () => {
  it.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'InternalServerError',
    'TimeoutError',
    'ResourceNotFoundException',
    'AccessDeniedException',
    'Error',
  ])('turns %s into ServiceUnavailable, keeping it as the cause', (name) => {
    const error = sdkError(name);
    const translated = failClosed(error);
    expect(translated).toBeInstanceOf(ServiceUnavailable);
    expect((translated as ServiceUnavailable).cause).toBe(error);
  });

  it.each(['ConditionalCheckFailedException', 'TransactionCanceledException', 'ValidationException', 'ResourceInUseException'])(
    'leaves %s to the caller',
    (name) => {
      const error = sdkError(name);
      expect(failClosed(error)).toBe(error);
    },
  );
});
