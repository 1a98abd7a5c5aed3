// Contract: an unexpected failure is a bare 500 JSON error, with no stack or internals.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/store';
import { keys } from '../../../lib/store/keys';
import { stackSettings } from '../../support/context';
import { post } from '../../support/http';

describe('an unexpected failure', () => {
  it('answers 500 {"error": "Internal server error"} and nothing else', async () => {
    // A corrupted stored hash stands in for any bug: well-formed enough to reach bcrypt, which
    // throws on a cost below its range (4–31). Hashes that are plainly malformed are refused as a
    // wrong password instead (test/lib/passwords).
    const username = `corrupt${process.pid}${Date.now()}`;
    const db = openDatabase(stackSettings());
    await db.client.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.username(username),
          type: 'username',
          user_id: 999_999_999,
          is_active: true,
          password_hash: `bcrypt_sha256$$2b$03$${'a'.repeat(53)}`,
        },
      }),
    );
    const response = await post('/api/auth/login/', { username, password: 'whatever-it-is' });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: 'Internal server error' });
  });
});
