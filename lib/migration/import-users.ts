// Use case: import the users of a Django dump, idempotently: users already imported are left
// alone, users whose pk, username or email is held by someone else are reported, never half-written;
// then simplejwt's blacklisted refresh tokens of those users, recorded as revoked.
import { legacySessionId } from '../auth/session-id';
import type { UserRecord } from '../domain/user';
import { ServiceUnavailable } from '../errors';
import { withRetries } from '../retry';
import type { Holders, Store } from '../store';
import type { BlacklistedToken } from './django-blacklist';
import type { DjangoUser, Rejection } from './django-users';

/** Users per transaction: three items each, within TransactWriteItems' 100. */
const GROUP = 25;
/** Throttling and timeouts are tried again, patiently: every write is conditional, so a retry is safe. */
const PATIENCE = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface ImportReport {
  imported: number;
  /** Already in the table from an earlier run (same pk and username). */
  unchanged: number;
  failed: Rejection[];
  /** Imported, but unable to log in until a password reset: unusable or unsupported hashes. */
  cannotLogIn: Rejection[];
  /** simplejwt refresh tokens Django had blacklisted, recorded as revoked (of users in the file). */
  blacklisted: number;
}

function toRecord(user: DjangoUser): UserRecord {
  const { pk, hash: _hash, ...rest } = user;
  // The mark that lets the old backend's tokens name this pk during the cut-over window.
  return { id: pk, ...rest, imported_from: 'django' };
}

/** 'unchanged' when the table already holds this very user; a reason when someone else holds a key. */
function conflict(user: DjangoUser, held: Holders): string | undefined {
  if (held.profile)
    return held.profile.username_key === user.username_key ? 'unchanged' : `pk ${user.pk} already belongs to another user in the table`;
  if (held.username !== undefined) return `username "${user.username}" is already taken by user ${held.username} in the table`;
  if (held.email !== undefined) return `email "${user.email}" is already taken by user ${held.email} in the table`;
  return undefined;
}

const patiently = <T>(operation: () => Promise<T>): Promise<T> =>
  withRetries(PATIENCE, (error) => error instanceof ServiceUnavailable, operation);

export interface ImportOptions {
  store: Store;
  dryRun: boolean;
  /** simplejwt's blacklist from the same dump (lib/migration/django-blacklist); none by default. */
  blacklist?: BlacklistedToken[];
  onProgress?: (done: number, total: number) => void;
}

export async function importUsers(
  users: DjangoUser[],
  { store, dryRun, onProgress, blacklist = [] }: ImportOptions,
): Promise<ImportReport> {
  const { imports } = store;
  const report: ImportReport = {
    imported: 0,
    unchanged: 0,
    failed: [],
    blacklisted: 0,
    cannotLogIn: users.flatMap((u) => (u.hash.usable ? [] : [{ pk: u.pk, username: u.username, reason: u.hash.reason }])),
  };
  // First, so that no registration during the import can take an imported pk.
  const lastId = Math.max(0, ...users.map((u) => u.pk));
  if (!dryRun && lastId > 0) await patiently(() => imports.raiseUserIdCounter(lastId));

  for (let start = 0; start < users.length; start += GROUP) {
    const group = users.slice(start, start + GROUP);
    const holders = await patiently(() => imports.findHolders(group.map(toRecord)));
    const fresh: DjangoUser[] = [];
    for (const user of group) {
      const held = holders.get(user.pk)!;
      const outcome = conflict(user, held);
      if (outcome === 'unchanged') {
        report.unchanged += 1;
        // Imported by a version before the cut-over window: marked now, so its old tokens work too.
        if (!dryRun && !held.profile?.imported) await patiently(() => imports.markImported(user.pk, user.username_key));
      } else if (outcome) report.failed.push({ pk: user.pk, username: user.username, reason: outcome });
      else fresh.push(user);
    }
    if (dryRun) report.imported += fresh.length;
    else await writeGroup(imports, fresh, report);
    onProgress?.(Math.min(start + GROUP, users.length), users.length);
  }
  await recordBlacklist(imports, users, blacklist, dryRun, report);
  return report;
}

/** Tokens of users in the file only: any other pk is not imported, and its tokens are refused anyway. */
async function recordBlacklist(
  imports: Store['imports'],
  users: DjangoUser[],
  blacklist: BlacklistedToken[],
  dryRun: boolean,
  report: ImportReport,
): Promise<void> {
  const pks = new Set(users.map((u) => u.pk));
  const theirs = blacklist.filter((token) => pks.has(token.userId));
  const nowMs = Date.now();
  for (let start = 0; start < theirs.length; start += GROUP) {
    const group = theirs.slice(start, start + GROUP);
    if (!dryRun)
      await Promise.all(
        group.map((token) =>
          patiently(() => imports.recordBlacklistedToken({ ...token, sid: legacySessionId(token.jti, token.issuedAt) }, nowMs)),
        ),
      );
    report.blacklisted += group.length;
  }
}

/** The group in one transaction; if a key was taken meanwhile, user by user to find whose. */
async function writeGroup(imports: Store['imports'], group: DjangoUser[], report: ImportReport): Promise<void> {
  if (group.length === 0) return;
  if ((await patiently(() => imports.writeImportedUsers(group.map(toRecord)))) === 'written') {
    report.imported += group.length;
    return;
  }
  for (const user of group) {
    if ((await patiently(() => imports.writeImportedUsers([toRecord(user)]))) === 'written') {
      report.imported += 1;
      continue;
    }
    const outcome =
      conflict(user, (await patiently(() => imports.findHolders([toRecord(user)]))).get(user.pk)!) ?? 'a key was taken during the import';
    if (outcome === 'unchanged') report.unchanged += 1;
    else report.failed.push({ pk: user.pk, username: user.username, reason: outcome });
  }
}
