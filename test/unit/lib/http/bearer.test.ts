import { describe, expect, it } from 'vitest';
import { NotAuthenticated, TokenInvalid } from '../../../../lib/errors';
import { bearerToken } from '../../../../lib/http';
import { httpEvent } from '../../../support/events';

const withAuthorization = (value?: string) => httpEvent(undefined, { headers: value === undefined ? {} : { authorization: value } });

describe('bearerToken', () => {
  it('reads the token after a case-insensitive Bearer scheme', () => {
    expect(bearerToken(withAuthorization('Bearer abc.def.ghi'))).toBe('abc.def.ghi');
    expect(bearerToken(withAuthorization('bearer abc.def.ghi'))).toBe('abc.def.ghi');
  });

  it('says credentials were not provided when there is no header', () => {
    expect(() => bearerToken(withAuthorization())).toThrow(NotAuthenticated);
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'abc.def.ghi'])('refuses %j as an invalid token', (value) => {
    expect(() => bearerToken(withAuthorization(value))).toThrow(TokenInvalid);
  });
});
