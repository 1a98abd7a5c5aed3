// `npm run keys -- --stage <stage> <list|generate|add|promote|retire KID|pseudonym|legacy-import|legacy-remove> [--dry-run] [--region REGION]`:
// the stage's signing keys in SSM Parameter Store (SecureString), rotated as docs/keys.md says.
// Prints every AWS call it makes (as the equivalent AWS CLI command); --dry-run makes none.
// With --local instead of --stage, the key file of the local stack `npm start` runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parameterStore, type ParameterStore } from '../lib/parameters/ssm';
import { generateSigningKey, LEGACY_ALGORITHMS, newPseudonymKey, type LegacyAlgorithm, type LegacyMember } from '../lib/tokens';
import { deployRegion } from './build/deployed-options';
import { add, describe, generate, legacyImport, legacyRemove, promote, pseudonym, retire, type Jwks } from './keys/plan';
import { stackDir } from './local/stacks.cjs';

const ACTIONS = ['list', 'generate', 'add', 'promote', 'retire', 'pseudonym', 'legacy-import', 'legacy-remove'];
const USAGE =
  'usage: npm run keys -- (--stage <stage> | --local) <list|generate|add|promote|retire KID|pseudonym|legacy-import|legacy-remove> [--dry-run] [--region REGION]';
const HELP = `${USAGE}

The stage's signing keys: a JWKS in the SSM SecureString /auth-api/<stage>/signing-keys, read by
the functions at cold start. Every AWS call is printed as the AWS CLI command it equals.

  list          the keys' ids, and which one signs
  generate      the stage's first key (refuses if it has keys)
  add           publish a new key for verification; the current one keeps signing
  promote       the newest key signs; the others still verify
  retire KID    drop a key that no longer signs, once its tokens have expired
  pseudonym     add the secret that keys per-account counters, to a stage whose keys lack it
  legacy-import the replaced Django backend's simplejwt key, for the cut-over window
                (LEGACY_SIMPLEJWT_UNTIL, docs/migrate-from-django.md):
                  --key-file FILE      its SIGNING_KEY (Django's SECRET_KEY unless set), alone in
                                       the file; - reads standard input. Never on the command line.
                  --issued-before ISO  when Django stopped issuing tokens (default: now); a token
                                       claiming a later iat is refused
                  --algorithms LIST    SIMPLE_JWT's ALGORITHM, comma-separated (default HS256)
                  --issuer, --audience SIMPLE_JWT's ISSUER and AUDIENCE, if Django set them
  legacy-remove delete that key once the window is over (nothing reads it after the window)

  --stage       the stage (dev, prod, …)
  --local       instead of a stage: the key file of the local stack npm start runs (PORT picks it;
                restart npm start to load the change)
  --region      the stage's region; without it AWS_REGION, else serverless.yml's default:
                the region \`npx serverless deploy\` uses with the same flags and environment
  --dry-run     print the calls, make none (plans from an empty parameter)

Rotation, step by step and with its waiting times: docs/keys.md.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      stage: { type: 'string' },
      local: { type: 'boolean', default: false },
      'key-file': { type: 'string' },
      'issued-before': { type: 'string' },
      algorithms: { type: 'string', default: 'HS256' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
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
    Boolean(values.stage) === values.local ||
    !action ||
    !ACTIONS.includes(action) ||
    (action === 'retire' && !kid) ||
    (action === 'legacy-import' && !values['key-file'])
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const legacy = action === 'legacy-import' ? legacyMember(values) : undefined;
  if (values.local) return local(action, kid, legacy);
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

  const planned = await plan(action, current, kid, dryRun, legacy);
  console.log(`new keys of ${values.stage}:\n  ${describe(planned).join('\n  ')}`);
  console.log(
    `$ aws ssm put-parameter --region ${region} --name ${name} --type SecureString --overwrite --value '<JWKS with ${planned.keys.length} private key(s) and the pseudonym secret${planned.legacy_simplejwt ? ' and the legacy simplejwt key' : ''}, not shown>'`,
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

/** The legacy_simplejwt member from the options; the key itself from a file or standard input, never argv. */
function legacyMember(values: {
  'key-file'?: string;
  'issued-before'?: string;
  algorithms: string;
  issuer?: string;
  audience?: string;
}): LegacyMember {
  const file = values['key-file']!;
  // Django's SECRET_KEY is a line of text: the line break an editor or echo adds is not part of it.
  const key = readFileSync(file === '-' ? 0 : file, 'utf8').replace(/\r?\n$/, '');
  const issuedBefore = values['issued-before'] ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(issuedBefore)) || !/(Z|[+-]\d{2}:\d{2})$/.test(issuedBefore))
    throw new Error(`--issued-before must be an ISO 8601 instant with its offset, got "${issuedBefore}"`);
  const algorithms = values.algorithms.split(',').map((alg) => alg.trim());
  if (!algorithms.every((alg) => (LEGACY_ALGORITHMS as readonly string[]).includes(alg)))
    throw new Error(`--algorithms must be some of ${LEGACY_ALGORITHMS.join(', ')}`);
  return {
    key,
    algorithms: algorithms as LegacyAlgorithm[],
    issued_before: new Date(issuedBefore).toISOString(),
    ...(values.issuer ? { issuer: values.issuer } : {}),
    ...(values.audience ? { audience: values.audience } : {}),
  };
}

/** The local stack's key file (npm start reads it at start): the same plans, written to the file. */
async function local(action: string, kid: string | undefined, legacy: LegacyMember | undefined): Promise<void> {
  const file = join(stackDir(process.env.PORT || '3000'), 'jwks.json');
  if (!existsSync(file)) throw new Error(`no local key file at ${file}: run npm start once first`);
  const current = JSON.parse(readFileSync(file, 'utf8')) as Jwks;
  console.log(`local keys (${file}):\n  ${describe(current).join('\n  ')}`);
  if (action === 'list') return;
  const planned = await plan(action, current, kid, false, legacy);
  writeFileSync(file, `${JSON.stringify(planned)}\n`, { mode: 0o600 });
  console.log(`new local keys:\n  ${describe(planned).join('\n  ')}\ndone. Restart npm start to load them.`);
}

async function plan(
  action: string,
  current: Jwks | undefined,
  kid: string | undefined,
  dryRun: boolean,
  legacy: LegacyMember | undefined,
): Promise<Jwks> {
  const existing = dryRun ? { keys: [{ kid: '<current key>' }] } : current;
  switch (action) {
    case 'legacy-import':
      return legacyImport(existing, legacy!);
    case 'legacy-remove':
      return legacyRemove(
        dryRun ? { ...existing!, legacy_simplejwt: { key: '<legacy key>', algorithms: ['HS256'], issued_before: '<cut-over>' } } : current,
      );
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
