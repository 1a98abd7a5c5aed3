// Tallies the outcomes of a burst of use-case calls by the status each would answer with.
import { AuthError, ErrorCode } from '../../lib/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.TooManyAttempts]: 429,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.TokenInvalid]: 401,
  [ErrorCode.Unavailable]: 503,
};

/** `{ 401: 5, 429: 15 }`; an unexpected error is tallied by its name and message, so a test shows it. */
export function outcomesByKind(outcomes: unknown[]): Record<string, number> {
  const kinds = outcomes.map((o) => {
    if (o instanceof AuthError) return String(STATUS[o.code] ?? o.code);
    if (o instanceof Error) return `${o.name}: ${o.message}`;
    return '200';
  });
  return kinds.reduce<Record<string, number>>((tally, kind) => ({ ...tally, [kind]: (tally[kind] ?? 0) + 1 }), {});
}
