// `npm run admin -- [--stage <stage> | --endpoint <url>] [--table <name>] [--region <region>] [--yes] [--dry-run] <command> <arg>`:
// an operator's commands on accounts (docs/operations.md).
//   find <username|email|pk>   the account's profile
//   show <pk>                  profile, live sessions, newest security events (never a hash)
//   disable <pk>               login refused, every session ended      (asks first)
//   enable <pk>                login allowed again; no old session comes back
//   sign-out <pk>              every session ended, the account stays active (asks first)
//   reset-password <pk>        sends the password reset mail to the account's address
//   delete <pk>                erases the account as DELETE /api/auth/me/ does (asks first)
// No flag: the local stack `npm start` runs. --endpoint: a DynamoDB endpoint, with JWT_SIGNING_KEYS
// (and S3_ENDPOINT, PROFILE_IMAGE_BUCKET) from the environment. --stage: the deployed stage's table,
// signing keys (SSM) and bucket, with the operator's AWS credentials.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { FilesContext } from '../lib/context/files';
import { chooseTarget, TARGET_OPTIONS, UsageError, type TableTarget } from './support/table-target';

const USAGE =
  'usage: npm run admin -- [--stage <stage> | --endpoint <url>] [--table <name>] [--region <region>] [--yes] [--dry-run] <find|show|disable|enable|sign-out|reset-password|delete> <username|email|pk>';

const COMMANDS = ['find', 'show', 'disable', 'enable', 'sign-out', 'reset-password', 'delete'] as const;
type Command = (typeof COMMANDS)[number];
/** Commands that end sessions or erase: confirmed unless --yes. */
const DESTRUCTIVE: ReadonlySet<Command> = new Set(['disable', 'sign-out', 'delete']);

/** The settings of the target: the local stack (the default), a DynamoDB endpoint, or a deployed stage. */
function targetEnv(target: TableTarget): Record<string, string | undefined> {
  const base = { LOG_LEVEL: 'warn', AWS_REGION: target.region, DYNAMODB_TIMEOUT_MS: '10000', TABLE_NAME: target.table };
  switch (target.kind) {
    case 'stage':
      return {
        ...base,
        STAGE: target.stage,
        JWT_SIGNING_KEYS_PARAMETER: `/auth-api/${target.stage}/signing-keys`,
        PROFILE_IMAGE_BUCKET: process.env.PROFILE_IMAGE_BUCKET ?? `auth-api-${target.stage}-profile-images`,
      };
    case 'endpoint':
      if (!process.env.JWT_SIGNING_KEYS) throw new UsageError('--endpoint needs JWT_SIGNING_KEYS (the stage key set) in the environment');
      return {
        ...base,
        DYNAMODB_ENDPOINT: target.endpoint,
        JWT_SIGNING_KEYS: process.env.JWT_SIGNING_KEYS,
        S3_ENDPOINT: process.env.S3_ENDPOINT,
        PROFILE_IMAGE_BUCKET: process.env.PROFILE_IMAGE_BUCKET,
      };
    case 'local':
      return { ...target.stackEnv, ...base };
  }
}

async function openContext(env: Record<string, string | undefined>): Promise<FilesContext> {
  const [{ loadConfig }, { createContext }, { openFiles }] = await Promise.all([
    import('../lib/config'),
    import('../lib/context'),
    import('../lib/files/s3'),
  ]);
  const config = loadConfig(env);
  const ctx = createContext(config);
  return { ...ctx, files: openFiles(config) };
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`${question} Type "yes" to go on: `).finally(() => prompt.close());
  return answer.trim() === 'yes';
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

async function run(ctx: FilesContext, command: Command, arg: string, flags: { yes: boolean; dryRun: boolean }): Promise<number> {
  const admin = await import('../lib/auth/admin');
  if (command === 'find') {
    const found = await admin.findAccount(ctx, arg);
    if (!found) {
      console.error(`no account found for "${arg}"`);
      return 1;
    }
    print(found);
    return 0;
  }
  if (!/^[0-9]+$/.test(arg)) throw new UsageError(`${command} takes a pk (use find first): "${arg}"`);
  const pk = Number(arg);
  if (command === 'show') {
    print(await admin.showAccount(ctx, pk));
    return 0;
  }
  const { profile } = await admin.showAccount(ctx, pk);
  const who = `account ${pk} (${profile.username}, ${profile.email || 'no email'})`;
  const doing: Record<Exclude<Command, 'find' | 'show'>, string> = {
    disable: `disable ${who}: login refused, every session ended`,
    enable: `enable ${who}: login allowed again (no old session comes back)`,
    'sign-out': `end every session of ${who}`,
    'reset-password': `send the password reset mail of ${who}`,
    delete: `erase ${who} and everything it owns`,
  };
  if (flags.dryRun) {
    console.log(`dry run, nothing is changed: would ${doing[command]}`);
    if (command === 'delete') {
      const plan = await admin.planErasure(ctx, pk);
      for (const p of plan.partitions) console.log(`  every item of ${p.pk} (${p.kind})`);
      for (const i of plan.items) console.log(`  ${i.key.pk} / ${i.key.sk} (${i.kind}), if still the account's`);
      if (plan.image) console.log(`  the image ${plan.image} in the bucket`);
      console.log(`  then the profile USER#${pk} / PROFILE`);
    }
    return 0;
  }
  if (DESTRUCTIVE.has(command) && !flags.yes && !(await confirm(`This will ${doing[command]}.`))) {
    console.error('nothing was changed');
    return 1;
  }
  if (command === 'disable' || command === 'enable') await admin.setActive(ctx, pk, command === 'enable');
  else if (command === 'sign-out') await admin.signOut(ctx, pk);
  else if (command === 'reset-password') await admin.sendPasswordReset(ctx, pk);
  else {
    const report = await admin.deleteAccountAsOperator(ctx, pk);
    console.log(`erased: ${report.items} items, the markers and the profile`);
  }
  console.log(`done: ${doing[command]}`);
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      ...TARGET_OPTIONS,
      yes: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, arg] = positionals;
  if (positionals.length !== 2 || !COMMANDS.includes(command as Command) || (values.stage && values.endpoint)) {
    console.error(USAGE);
    return 2;
  }
  try {
    const target = chooseTarget(values);
    const env = targetEnv(target);
    console.error(`admin: ${target.description}`);
    const ctx = await openContext(env);
    return await run(ctx, command as Command, arg!, { yes: values.yes, dryRun: values['dry-run'] });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`admin: ${error.message}`);
      return 2;
    }
    const { AuthError } = await import('../lib/errors');
    if (error instanceof AuthError) {
      console.error(`admin ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    console.error('a delete that stopped half-way resumes when run again.');
    process.exit(1);
  },
);
