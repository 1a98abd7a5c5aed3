import { describe, expect, it } from 'vitest';
import { passesMailerFilter } from '../../../../scripts/local/stream';

describe("the local stream poller's filter", () => {
  it("keeps what serverless.yml's filterPatterns keep: inserted items of type outbox", () => {
    expect(passesMailerFilter({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'outbox' } } } })).toBe(true);
    expect(passesMailerFilter({ eventName: 'MODIFY', dynamodb: { NewImage: { type: { S: 'outbox' } } } })).toBe(false);
    expect(passesMailerFilter({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'user' } } } })).toBe(false);
    expect(passesMailerFilter({ eventName: 'REMOVE', dynamodb: {} })).toBe(false);
  });
});
