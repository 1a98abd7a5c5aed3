// Refresh and logout with a simplejwt token of the cut-over window, the store stubbed: which user,
// which records and which writes a token of the old backend gets, and every refusal before a write.
import { decodeJwt } from 'jose';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { logout } from '../../../../lib/auth/logout';
import { refresh } from '../../../../lib/auth/refresh';
import { legacySessionId } from '../../../../lib/auth/session-id';
import type { AppContext } from '../../../../lib/context';
import { TokenInvalid } from '../../../../lib/errors';
import type { RefreshState } from '../../../../lib/store';
import fixture from '../../../fixtures/simplejwt-cutover/tokens.json';
import { unitContext, unitKeys } from '../../../support/unit-context';

const pk = fixture.users.active;
const presented = fixture.tokens.refresh.token;
const claims = decodeJwt(presented) as { jti: string; iat: number; exp: number };
const sid = legacySessionId(claims.jti, claims.iat);
const importedUser = { id: pk, is_active: true, imported_from: 'django' } as RefreshState['user'];

const readRefreshState = vi.fn(async (_userId: number, _jti: string, _sid: string): Promise<RefreshState> => ({ user: importedUser }));
const rotateRefreshToken = vi.fn(async (_rotation: unknown) => ({ kind: 'rotated' }) as const);
const endSession = vi.fn(async (_ending: unknown) => ({ kind: 'ended' }) as const);
const sessions = { readRefreshState, rotateRefreshToken, endSession };

async function contextWith(settings: Record<string, string> = {}): Promise<AppContext> {
  const jwks = {
    ...(JSON.parse(await unitKeys()) as object),
    legacy_simplejwt: { key: fixture.secret_key, issued_before: fixture.cut_over },
  };
  return unitContext(
    { sessions },
    { JWT_SIGNING_KEYS: JSON.stringify(jwks), LEGACY_SIMPLEJWT_UNTIL: new Date(Date.now() + 3_600_000).toISOString(), ...settings },
  );
}

beforeEach(() => {
  vi.clearAllMocks();
  readRefreshState.mockResolvedValue({ user: importedUser });
});

describe('refresh with a simplejwt token', () => {
  it("answers the seed body with our access token for the imported user, in the token's own session", async () => {
    const body = await refresh(await contextWith(), { refresh: presented });
    expect(Object.keys(body)).toEqual(['access']);
    expect(readRefreshState).toHaveBeenCalledWith(pk, claims.jti, sid);
    expect(decodeJwt(body.access)).toMatchObject({ token_type: 'access', user_id: pk, sub: String(pk), sid });
  });

  it('with rotation, rotates it into one of our refresh tokens, creating its record as a legacy one', async () => {
    const body = await refresh(await contextWith({ ROTATE_REFRESH_TOKENS: 'true' }), { refresh: presented });
    expect(decodeJwt(body.refresh!)).toMatchObject({ token_type: 'refresh', user_id: pk, sid });
    expect(rotateRefreshToken).toHaveBeenCalledWith(
      expect.objectContaining({
        presented: { userId: pk, sid, jti: claims.jti, legacy: { jti: claims.jti, issued_at: claims.iat, expires_at: claims.exp } },
      }),
    );
  });

  it.each<[string, RefreshState]>([
    ['blacklisted by Django (imported as revoked)', { token: { legacy: true, revoked_ms: 1 } as never, user: importedUser }],
    ['logged out here', { token: { legacy: true, revoked_ms: 2 } as never, user: importedUser }],
    ['a jti that is one of our own tokens', { token: { jti: claims.jti, sid } as never, user: importedUser }],
    ['a pk nobody was imported with (registered here)', { user: { ...importedUser!, imported_from: undefined } }],
    ['a pk with no user', {}],
    ['a deactivated user', { user: { ...importedUser!, is_active: false } }],
    ['a user logged out everywhere since it was issued', { user: { ...importedUser!, sessions_revoked_ms: claims.iat * 1000 } }],
    ['its session ended', { session: { revoked_ms: 1 } as never, user: importedUser }],
  ])('refuses a token for %s, issuing nothing', async (_case, state) => {
    readRefreshState.mockResolvedValue(state);
    await expect(refresh(await contextWith({ ROTATE_REFRESH_TOKENS: 'true' }), { refresh: presented })).rejects.toBeInstanceOf(
      TokenInvalid,
    );
    expect(rotateRefreshToken).not.toHaveBeenCalled();
  });

  it('refuses after the window without reading anything', async () => {
    const ctx = await contextWith({ LEGACY_SIMPLEJWT_UNTIL: new Date(Date.now() - 1).toISOString() });
    await expect(refresh(ctx, { refresh: presented })).rejects.toBeInstanceOf(TokenInvalid);
    expect(readRefreshState).not.toHaveBeenCalled();
  });
});

describe('logout with a simplejwt token', () => {
  it('ends its session and revokes its jti, creating the record, on condition of an imported user', async () => {
    await logout(await contextWith(), { refresh_token: presented, all: false });
    expect(endSession).toHaveBeenCalledWith(
      expect.objectContaining({
        ref: {
          userId: pk,
          jti: claims.jti,
          sid,
          createdMs: claims.iat * 1000,
          expiresAt: claims.exp,
          legacy: { jti: claims.jti, issued_at: claims.iat, expires_at: claims.exp },
        },
      }),
    );
  });

  it('refuses what the store refuses (revoked, blacklisted, not imported)', async () => {
    endSession.mockResolvedValueOnce({ kind: 'refused' } as never);
    await expect(logout(await contextWith(), { refresh_token: presented, all: false })).rejects.toBeInstanceOf(TokenInvalid);
  });
});
