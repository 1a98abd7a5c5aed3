// The local stacks as `npm start` records them: one folder per port under LOCAL_DIR (default
// .local), holding that stack's data, its signing key and, while it runs, its stack.json.
// CommonJS: the serverless plugin (serverless-plugin.cjs) requires it; the scripts import it.
const { readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../..');

const localDir = (env = process.env) => resolve(ROOT, env.LOCAL_DIR || '.local');
const stackDir = (port, env = process.env) => join(localDir(env), String(port));
const stackFile = (port, env = process.env) => join(stackDir(port, env), 'stack.json');

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error.code === 'EPERM';
  }
}

/** The record in a stack file, or undefined when there is none (or it is being written). */
function readStack(file) {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    return typeof record?.pid === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Stacks ready to serve, whose process still runs, by port. */
function runningStacks(env = process.env) {
  let ports;
  try {
    ports = readdirSync(localDir(env)).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return ports
    .map((port) => readStack(stackFile(port, env)))
    .filter((record) => record && record.state === 'ready' && isAlive(record.pid))
    .sort((a, b) => a.port - b.port);
}

/**
 * The stack a local command works with: the one on PORT if set, else the only one running.
 * Returns `{ stack }`, or `{ problem }`: one line saying what to do.
 */
function chooseStack(env = process.env) {
  const running = runningStacks(env);
  if (env.PORT) {
    const stack = running.find((record) => String(record.port) === String(env.PORT));
    if (stack) return { stack };
    const others = running.length > 0 ? ` (running: ${running.map((record) => record.port).join(', ')})` : '';
    return { problem: `no local stack runs on port ${env.PORT}${others}: start it with "PORT=${env.PORT} npm start"` };
  }
  if (running.length === 1) return { stack: running[0] };
  if (running.length === 0)
    return { problem: 'no local stack is running: start one with "npm start" (in another terminal), then try again' };
  return {
    problem: `${running.length} local stacks are running (ports ${running.map((record) => record.port).join(', ')}): choose one with PORT=<port>`,
  };
}

module.exports = { localDir, stackDir, stackFile, isAlive, readStack, runningStacks, chooseStack };
