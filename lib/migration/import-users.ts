// Use case: import the users of a Django dump, idempotently: users already imported are left
// alone, users whose pk, username or email is held by someone else are reported, never half-written.
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailable } from '../errors';
import { findHolders, ImportConflict, raiseUserIdCounter, writeImportedUsers, type Holders } from '../store/imported-users';
import type { UserRecord } from '../store/users';
import type { DjangoUser, Rejection } from './django-users';

/** Users per transaction: three items each, within TransactWriteItems' 100. */
const GROUP = 25;
const ATTEMPTS = 6;

export interface ImportReport {
  imported: number;
  /** Already in the table from an earlier run (same pk and username). */
  unchanged: number;
  failed: Rejection[];
  /** Imported, but unable to log in until a password reset: unusable or unsupported hashes. */
  cannotLogIn: Rejection[];
}

function toRecord(user: DjangoUser): UserRecord {
  const { pk, hash: _hash, ...rest } = user;
  return { id: pk, ...rest };
}

/** Why a user cannot be written, from who holds its keys; undefined when it can. */
function conflict(user: DjangoUser, held: Holders): 'unchanged' | string | undefined {
  if (held.profile)
    return held.profile.username_key === user.username_key ? 'unchanged' : `pk ${user.pk} already belongs to another user in the table`;
  if (held.username !== undefined) return `username "${user.username}" is already taken by user ${held.username} in the table`;
  if (held.email !== undefined) return `email "${user.email}" is already taken by user ${held.email} in the table`;
  return undefined;
}

/** Throttling and timeouts (ServiceUnavailable) are retried with backoff: every write is conditional, so a retry is safe. */
async function patiently<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof ServiceUnavailable) || attempt === ATTEMPTS) throw error;
      await sleep(Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

export interface ImportOptions {
  dryRun: boolean;
  onProgress?: (done: number, total: number) => void;
}

export async function importUsers(users: DjangoUser[], { dryRun, onProgress }: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    imported: 0,
    unchanged: 0,
    failed: [],
    cannotLogIn: users.flatMap((u) => (u.hash.usable ? [] : [{ pk: u.pk, username: u.username, reason: u.hash.reason }])),
  };
  // First, so that no registration during the import can take an imported pk.
  const lastId = Math.max(0, ...users.map((u) => u.pk));
  if (!dryRun && lastId > 0) await patiently(() => raiseUserIdCounter(lastId));

  for (let start = 0; start < users.length; start += GROUP) {
    const group = users.slice(start, start + GROUP);
    const holders = await patiently(() => findHolders(group.map(toRecord)));
    const fresh: DjangoUser[] = [];
    for (const user of group) {
      const outcome = conflict(user, holders.get(user.pk)!);
      if (outcome === 'unchanged') report.unchanged += 1;
      else if (outcome) report.failed.push({ pk: user.pk, username: user.username, reason: outcome });
      else fresh.push(user);
    }
    if (dryRun) report.imported += fresh.length;
    else await writeGroup(fresh, report);
    onProgress?.(Math.min(start + GROUP, users.length), users.length);
  }
  return report;
}

/** The group in one transaction; if a key was taken meanwhile, user by user to find whose. */
async function writeGroup(group: DjangoUser[], report: ImportReport): Promise<void> {
  if (group.length === 0) return;
  try {
    await patiently(() => writeImportedUsers(group.map(toRecord)));
    report.imported += group.length;
    return;
  } catch (error) {
    if (!(error instanceof ImportConflict)) throw error;
  }
  for (const user of group) {
    try {
      await patiently(() => writeImportedUsers([toRecord(user)]));
      report.imported += 1;
    } catch (error) {
      if (!(error instanceof ImportConflict)) throw error;
      const outcome =
        conflict(user, (await patiently(() => findHolders([toRecord(user)]))).get(user.pk)!) ?? 'a key was taken during the import';
      if (outcome === 'unchanged') report.unchanged += 1;
      else report.failed.push({ pk: user.pk, username: user.username, reason: outcome });
    }
  }
}
