// esbuild plugins of the Lambda bundles: serverless-esbuild's `plugins` and bench/cold-start.ts.
// CommonJS because serverless-esbuild loads this file with require().

/**
 * Lambda gives every function its role's credentials in environment variables. The SDK's default
 * Node chain also carries SSO, shared config files, credential_process, web identity, ECS and
 * instance metadata: about 135 KB that every cold start parses (some 12 ms here, bench/) for
 * sources a function never uses. The bundles read credentials from the environment alone.
 * Nothing else changes: local stacks give DynamoDB Local fixed credentials (lib/store/client.ts),
 * and the scripts, which run unbundled, keep the full chain.
 */
const credentialsFromEnvironment = {
  name: 'credentials-from-environment',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'lambda-credentials',
    }));
    build.onLoad({ filter: /.*/, namespace: 'lambda-credentials' }, () => ({
      contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
      resolveDir: __dirname,
      loader: 'js',
    }));
  },
};

module.exports = [credentialsFromEnvironment];
