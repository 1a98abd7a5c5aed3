// `npm run import-users -- <dumpdata.json> [--email-addresses <emailaddress.json>] [--stage <stage> | --endpoint <url>] [--table <name>] [--region <region>] [--dry-run]`:
// imports the users of a Django `manage.py dumpdata` file (docs/migrate-from-django.md), verified
// where allauth's account.EmailAddress dump says so.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chooseTarget, TARGET_OPTIONS, UsageError, type TableTarget } from './support/table-target';

const USAGE =
  'usage: npm run import-users -- <dumpdata.json> [--email-addresses <emailaddress.json>] [--stage <stage> | --endpoint <url>] [--table <name>] [--region <region>] [--dry-run]';

/** Patient: an import is a batch job, not a request waiting on an answer. */
function databaseOf(target: TableTarget) {
  const dynamodbEndpoint =
    target.kind === 'endpoint' ? target.endpoint : target.kind === 'local' ? target.stackEnv.DYNAMODB_ENDPOINT : undefined;
  return { tableName: target.table, dynamodbEndpoint, region: target.region, dynamodbTimeoutMs: 10_000 };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      ...TARGET_OPTIONS,
      'dry-run': { type: 'boolean', default: false },
      'email-addresses': { type: 'string' },
    },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1 || (values.stage && values.endpoint)) {
    console.error(USAGE);
    return 2;
  }
  let where: TableTarget;
  try {
    where = chooseTarget(values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`import-users: ${error.message}`);
    return 1;
  }
  const dryRun = values['dry-run'];
  const { readDjangoDump } = await import('../lib/migration/django-users');
  const { readDjangoBlacklist } = await import('../lib/migration/django-blacklist');
  const { importUsers } = await import('../lib/migration/import-users');
  const { readAllauthAddresses, withVerifiedEmails } = await import('../lib/migration/allauth-emails');
  const { createStore } = await import('../lib/store');

  let dump;
  let blacklist;
  try {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    dump = readDjangoDump(entries);
    blacklist = readDjangoBlacklist(entries as unknown[]);
  } catch (error) {
    console.error(`import-users: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  // Without allauth's rows every address imports unverified (ACCOUNT_EMAIL_VERIFICATION=mandatory asks each user to verify).
  const addressesFile = values['email-addresses'];
  let addresses;
  if (addressesFile) {
    try {
      addresses = readAllauthAddresses(JSON.parse(readFileSync(addressesFile, 'utf8')) as unknown);
    } catch (error) {
      console.error(`import-users: cannot read ${addressesFile}: ${(error as Error).message}`);
      return 2;
    }
    dump = { ...dump, users: withVerifiedEmails(dump.users, addresses) };
  }
  console.log(
    `${dryRun ? 'Checking (dry run, nothing is written)' : 'Importing'} ${dump.users.length} users from ${file} into ${where.description}`,
  );
  if (addresses) {
    const verified = dump.users.filter((u) => u.email_verified).length;
    console.log(`verified addresses (allauth): ${verified} of ${dump.users.length} users; the others import unverified`);
  }
  if (dump.droppedFields.length > 0) console.log(`fields with no place in the profile, not kept: ${dump.droppedFields.join(', ')}`);
  if (blacklist.outstanding > 0 || blacklist.tokens.length > 0)
    console.log(
      `simplejwt token blacklist: ${blacklist.outstanding} outstanding tokens, ${blacklist.tokens.length} blacklisted and unexpired, ${blacklist.expired} blacklisted and expired (nothing to record)`,
    );

  let shown = -1;
  const report = await importUsers(dump.users, {
    store: createStore(databaseOf(where)),
    dryRun,
    blacklist: blacklist.tokens,
    onProgress: (done, total) => {
      const percent = Math.floor((100 * done) / total);
      if (percent >= shown + 10 || done === total) {
        shown = percent;
        console.log(`  ${done}/${total} (${percent}%)`);
      }
    },
  });

  const skipped: { pk: unknown; username?: string; reason: string }[] = [
    ...dump.rejected,
    ...blacklist.rejected,
    ...(addresses?.rejected ?? []),
    ...report.failed,
  ];
  console.log(`\n${dryRun ? 'would import' : 'imported'}: ${report.imported}`);
  console.log(`already imported (unchanged): ${report.unchanged}`);
  if (blacklist.tokens.length > 0)
    console.log(`blacklisted refresh tokens ${dryRun ? 'to record' : 'recorded'} as revoked (users in the file): ${report.blacklisted}`);
  console.log(`skipped: ${skipped.length}`);
  for (const { pk, username, reason } of skipped) console.log(`  pk ${String(pk)}${username ? ` (${username})` : ''}: ${reason}`);
  if (report.cannotLogIn.length > 0) {
    console.log(`imported but cannot log in until their password is reset: ${report.cannotLogIn.length}`);
    for (const { pk, username, reason } of report.cannotLogIn) console.log(`  pk ${String(pk)} (${username}): ${reason}`);
  }
  if (report.imported === 0 && !dryRun) console.log('nothing to do: every user in the file is already imported or skipped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import-users: ${(error as Error).message}`);
    console.error('nothing is half-written: run the same command again to resume.');
    process.exit(1);
  },
);
