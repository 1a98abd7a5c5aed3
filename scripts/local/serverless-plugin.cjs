// The local stack's Serverless plugin (stage `local` only):
// - `serverless invoke local` runs against the stack `npm start` runs (PORT's, or the only one),
//   with that stack's DynamoDB Local, table, key and issuer; with none running it says so in one
//   line and exits 1 before building anything;
// - under `serverless offline`, a function that throws (at load or in a request) or times out
//   answers as API Gateway's HTTP API does, 500 {"message": "Internal Server Error"}, where
//   serverless offline would answer 200 with the error and its stack trace as the body; and a
//   malformed bearer token, which the JWT authorizer refuses with 401, logs one line, no stack.
// serverless offline offers no option for either, so its classes are patched, checked first.
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { chooseStack } = require('./stacks.cjs');

const PATCHED = Symbol.for('auth-api.local.patched');

class LocalStackPlugin {
  constructor(serverless, options, utils = {}) {
    this.serverless = serverless;
    this.options = options;
    this.log = utils.log ?? console;
    const local = (hook) => async () => (this.stage() === 'local' ? hook() : undefined);
    this.hooks = {
      'before:invoke:local:loadEnvVars': local(() => this.findStack()),
      'after:invoke:local:loadEnvVars': local(() => this.useStack()),
      'before:offline:start:init': local(() => patchOffline(this.log)),
    };
  }

  stage() {
    return this.serverless.getProvider('aws').getStage();
  }

  findStack() {
    const { stack, problem } = chooseStack();
    if (!stack) {
      process.stderr.write(`serverless invoke local: ${problem}\n`);
      process.exit(1);
    }
    this.stack = stack;
  }

  /** After invoke local has set the stage's environment: the stack's own settings win. */
  useStack() {
    Object.assign(process.env, this.stack.env);
  }
}

/** An error of jose, which serverless offline's JWT authorizer uses to decode the bearer token. */
const isTokenError = (error) => typeof error?.code === 'string' && error.code.startsWith('ERR_JW');

async function patchOffline(log) {
  const src = dirname(require.resolve('serverless-offline'));
  const load = (path) => import(pathToFileURL(join(src, path)).href);
  const [{ default: LambdaFunction }, { LambdaTimeoutError }, { log: offlineLog }] = await Promise.all([
    load('lambda/LambdaFunction.js'),
    load('errors/index.js'),
    load('utils/log.js'),
  ]);
  if (
    typeof LambdaFunction?.prototype?.runHandler !== 'function' ||
    typeof LambdaTimeoutError !== 'function' ||
    typeof offlineLog?.error !== 'function'
  ) {
    throw new Error('serverless offline has changed: scripts/local/serverless-plugin.cjs cannot patch it');
  }
  if (LambdaFunction.prototype.runHandler[PATCHED]) return;

  const runHandler = LambdaFunction.prototype.runHandler;
  LambdaFunction.prototype.runHandler = async function runHandlerAsApiGateway() {
    try {
      return await runHandler.call(this);
    } catch (error) {
      const why = error instanceof LambdaTimeoutError ? 'timed out' : `failed (${error?.message ?? error})`;
      log.error(`λ ${this.functionName} ${why}: answered 500 Internal Server Error, as API Gateway would`);
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Internal Server Error' }),
        isBase64Encoded: false,
      };
    }
  };
  LambdaFunction.prototype.runHandler[PATCHED] = true;

  const logError = offlineLog.error;
  offlineLog.error = (...args) => (args.length === 1 && isTokenError(args[0]) ? undefined : logError(...args));
}

module.exports = LocalStackPlugin;
