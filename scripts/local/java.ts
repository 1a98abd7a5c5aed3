// Checks that Java 17+ (which DynamoDB Local needs) is on PATH, with install advice if not.
import { spawnSync } from 'node:child_process';

export const MIN_JAVA = 17;

export function checkJava(): { ok: true; version: number } | { ok: false; message: string } {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const advice =
    `DynamoDB Local needs Java ${MIN_JAVA} or newer on PATH. Install it, for example:\n` +
    '  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless\n' +
    '  macOS:         brew install openjdk@17\n' +
    '  Windows:       winget install Microsoft.OpenJDK.17\n' +
    'or point DYNAMODB_ENDPOINT at a DynamoDB you already run.';
  if (result.error) return { ok: false, message: `Java was not found.\n${advice}` };
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= MIN_JAVA)) return { ok: false, message: `Java ${match ? major : 'of unknown version'} is too old.\n${advice}` };
  return { ok: true, version: major };
}
