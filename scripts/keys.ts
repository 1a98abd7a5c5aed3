// `npm run keys -- --stage <stage> <list|generate|add|promote|retire KID|pseudonym> [--dry-run] [--region REGION]`:
// the stage's signing keys in SSM Parameter Store (SecureString), rotated as docs/keys.md says.
// Prints every AWS call it makes (as the equivalent AWS CLI command); --dry-run makes none.
import { parseArgs } from 'node:util';
import { parameterStore, type ParameterStore } from '../lib/parameters/ssm';
import { generateSigningKey, newPseudonymKey } from '../lib/tokens';
import { deployRegion } from './build/deployed-options';
import { add, describe, generate, promote, pseudonym, retire, type Jwks } from './keys/plan';

const USAGE = 'usage: npm run keys -- --stage <stage> <list|generate|add|promote|retire KID|pseudonym> [--dry-run] [--region REGION]';
const HELP = `${USAGE}

The stage's signing keys: a JWKS in the SSM SecureString /auth-api/<stage>/signing-keys, read by
the functions at cold start. Every AWS call is printed as the AWS CLI command it equals.

  list          the keys' ids, and which one signs
  generate      the stage's first key (refuses if it has keys)
  add           publish a new key for verification; the current one keeps signing
  promote       the newest key signs; the others still verify
  retire KID    drop a key that no longer signs, once its tokens have expired
  pseudonym     add the secret that keys per-account counters, to a stage whose keys lack it

  --stage       the stage (dev, prod, …)
  --region      the stage's region; without it AWS_REGION, else serverless.yml's default:
                the region \`npx serverless deploy\` uses with the same flags and environment
  --dry-run     print the calls, make none (plans from an empty parameter)

Rotation, step by step and with its waiting times: docs/keys.md.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      stage: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const [action, kid] = positionals;
  if (
    !values.stage ||
    !action ||
    !['list', 'generate', 'add', 'promote', 'retire', 'pseudonym'].includes(action) ||
    (action === 'retire' && !kid)
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const source = values.region ? '--region' : process.env.AWS_REGION ? 'AWS_REGION' : "serverless.yml's default";
  const region = deployRegion(values.region);
  const parameters = parameterStore(region);
  const name = `/auth-api/${values.stage}/signing-keys`;
  const dryRun = values['dry-run'];
  console.log(`stage ${values.stage}, region ${region} (from ${source}, as npx serverless deploy would use it)`);

  console.log(`$ aws ssm get-parameter --region ${region} --name ${name} --with-decryption`);
  const current = dryRun ? undefined : await readJwks(parameters, name);
  if (dryRun) console.log('  (dry run: not called; planning from an empty parameter)');
  console.log(`current keys of ${values.stage}:\n  ${describe(current).join('\n  ')}`);
  if (action === 'list') return;

  const planned = await plan(action, current, kid, dryRun);
  console.log(`new keys of ${values.stage}:\n  ${describe(planned).join('\n  ')}`);
  console.log(
    `$ aws ssm put-parameter --region ${region} --name ${name} --type SecureString --overwrite --value '<JWKS with ${planned.keys.length} private key(s) and the pseudonym secret, not shown>'`,
  );
  if (dryRun) {
    console.log('  (dry run: not called)');
    return;
  }
  await parameters.writeSecure(name, JSON.stringify(planned), `auth-api ${values.stage} JWT signing keys (first signs)`);
  console.log('done. Functions load keys at cold start: deploy (or wait for new instances) for the change to take effect.');
}

async function readJwks(parameters: ParameterStore, name: string): Promise<Jwks | undefined> {
  const value = await parameters.findSecure(name);
  return value === undefined ? undefined : (JSON.parse(value) as Jwks);
}

async function plan(action: string, current: Jwks | undefined, kid: string | undefined, dryRun: boolean): Promise<Jwks> {
  switch (action) {
    case 'generate':
      return generate(current, await generateSigningKey(), newPseudonymKey());
    case 'pseudonym':
      return pseudonym(dryRun ? { keys: [{ kid: '<current key>' }] } : current, newPseudonymKey());
    case 'add':
      return add(dryRun ? { keys: [{ kid: '<current key>' }] } : current, await generateSigningKey());
    case 'promote':
      return promote(dryRun ? { keys: [{ kid: '<current key>' }, { kid: '<added key>' }] } : current);
    default:
      return retire(dryRun ? { keys: [{ kid: '<current key>' }, { kid: kid! }] } : current, kid!);
  }
}

main().catch((error: unknown) => {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
