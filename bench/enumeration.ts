// Benchmark: login latency for a wrong password versus an unknown username, at the configured
// bcrypt cost, in-process against its own DynamoDB Local. The two medians should be equal: an
// attacker timing logins learns nothing about which usernames exist.
import { runWithBenchDatabase } from './database';
import { median } from './stats';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

const ROUNDS = Number(process.env.BENCH_ROUNDS || 25);

runWithBenchDatabase(async () => {
  const { loadConfig } = await import('../lib/config');
  const { createContext } = await import('../lib/context');
  const { register } = await import('../lib/auth/register');
  const { login } = await import('../lib/auth/login');
  const ctx = createContext(loadConfig());

  const user = { username: 'bench-user', email: 'bench@example.com', password: 'tangerine-Kettle-47', first_name: '', last_name: '' };
  await register(ctx, user, REGISTERING);
  const from = { sourceIp: '192.0.2.1' };
  const time = async (username: string) => {
    const started = process.hrtime.bigint();
    await login(ctx, { username, password: 'a-wrong-password' }, from).catch(() => undefined);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };

  for (let i = 0; i < 3; i += 1) await time(user.username); // warm-up
  const wrongPassword: number[] = [];
  const unknownUser: number[] = [];
  // Interleaved, so that machine noise falls on both sides alike.
  for (let i = 0; i < ROUNDS; i += 1) {
    wrongPassword.push(await time(user.username));
    unknownUser.push(await time(`nobody-${i}`));
  }
  const result = {
    bcrypt_cost: ctx.config.bcryptCost,
    rounds: ROUNDS,
    wrong_password_median_ms: Number(median(wrongPassword).toFixed(2)),
    unknown_user_median_ms: Number(median(unknownUser).toFixed(2)),
    ratio: Number((median(unknownUser) / median(wrongPassword)).toFixed(3)),
  };
  console.log('login latency (in-process, DynamoDB Local), medians:');
  console.table([result]);
  if (process.argv.includes('--check') && Math.abs(result.ratio - 1) > 0.15) {
    console.error(`unknown-user and wrong-password medians differ by more than 15% (ratio ${result.ratio})`);
    process.exitCode = 1;
  }
});
