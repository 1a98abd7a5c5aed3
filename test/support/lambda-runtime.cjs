// A Lambda execution environment's runtime, as far as a test needs one: run in a fresh Node
// process whose working directory is the function's unzipped code (LAMBDA_TASK_ROOT), it loads
// the handler named by _HANDLER from there, as Lambda's Node runtime does, then answers the
// events its parent sends over IPC one at a time, with a Lambda context.
const { join, sep } = require('node:path');

const root = process.env.LAMBDA_TASK_ROOT;
const spec = process.env._HANDLER;
const dot = spec.lastIndexOf('.');
let handler;
let initError;
try {
  handler = require(join(root, `${spec.slice(0, dot)}.js`))[spec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${spec} is not a function`);
} catch (error) {
  initError = error;
}

/** Modules loaded from anywhere but the function's own code: a bundle must need none. */
const outside = () => Object.keys(require.cache).filter((path) => !path.startsWith(root + sep) && path !== __filename);

function context(requestId) {
  const deadline = Date.now() + Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT || 10) * 1000;
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
  return {
    awsRequestId: requestId,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2026/11/24/[$LATEST]0123456789abcdef0123456789abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

process.send({ type: 'init', node: process.versions.node, error: initError ? String(initError.stack || initError) : undefined });
process.on('message', async ({ id, event }) => {
  try {
    const result = await handler(event, context(id));
    process.send({ type: 'result', id, result, outside: outside() });
  } catch (error) {
    process.send({ type: 'result', id, error: String((error && error.stack) || error), outside: outside() });
  }
});
