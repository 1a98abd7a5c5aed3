// The layering, kept by a tool: functions → lib/http → lib/auth (use cases) → domain and adapters,
// one way; each third-party SDK imported by its one adapter; nothing outside test/ imports tests.
// docs/architecture.md explains each rule; test/unit/tooling.test.ts proves each one fails on a violation.

const ADAPTERS = '^lib/(store|tokens|passwords|parameters|mail|files|aws)/';

/** A third-party package that only one module (or folder) of lib/ may import. */
const onlyFrom = (name, pkg, path) => ({
  name,
  comment: `${pkg} is imported by ${path} only: everything else goes through that adapter.`,
  severity: 'error',
  from: { path: '^(lib|functions)/', pathNot: path },
  to: { path: `node_modules/${pkg}` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: { path: '^(lib|functions)/' }, to: { circular: true } },
    {
      name: 'functions-are-thin',
      comment: 'A function declares its route: lib/http, a use case of lib/auth, and its kind of context; never an adapter.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: `${ADAPTERS}|^lib/(domain|migration|users)/` },
    },
    {
      name: 'http-knows-no-adapter',
      comment: 'lib/http turns events into use-case calls and errors into responses; it reaches no table, key or password.',
      severity: 'error',
      from: { path: '^lib/http/' },
      to: { path: `${ADAPTERS}|^lib/(auth|migration)/|^lib/context/index` },
    },
    {
      name: 'use-cases-stay-below-http',
      comment: 'Use cases know nothing of HTTP or of the functions that call them.',
      severity: 'error',
      from: { path: '^lib/(auth|migration)/' },
      to: { path: '^lib/http/|^functions/' },
    },
    {
      name: 'adapters-stay-below-use-cases',
      comment: 'Adapters serve use cases and never call them, nor know HTTP or the context that composes them.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: '^lib/(auth|http|context|migration)/|^functions/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'Domain types and rules depend on nothing but each other (and Node itself).',
      severity: 'error',
      from: { path: '^lib/domain/' },
      to: { path: '^(lib/(?!domain/)|functions/|node_modules/)' },
    },
    {
      name: 'production-code-imports-no-tools',
      comment: 'lib/ and functions/ never import tests, scripts or the bench.',
      severity: 'error',
      from: { path: '^(lib|functions)/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'only-tests-import-tests',
      comment: 'Test support is for tests: scripts and the bench share code through scripts/support.',
      severity: 'error',
      from: { path: '^(lib|functions|scripts|bench)/' },
      to: { path: '^test/' },
    },
    onlyFrom('dynamodb-sdk-in-the-store', '@aws-sdk/(client-dynamodb|lib-dynamodb|util-dynamodb)', '^lib/store/'),
    onlyFrom('sigv4-in-aws-signer', '(@aws-sdk/credential-provider-[^/]+|@smithy/signature-v4)', '^lib/aws/signer\\.ts$'),
    onlyFrom('sesv2-in-mail', '@aws-sdk/client-sesv2', '^lib/mail/ses\\.ts$'),
    onlyFrom('jose-in-tokens', 'jose', '^lib/tokens/'),
    onlyFrom('hashers-in-passwords', '(bcryptjs|hash-wasm)', '^lib/passwords/'),
    onlyFrom('middy-in-http', '@middy/', '^lib/http/'),
    onlyFrom('s3-sdk-in-files', '@aws-sdk/(client-s3|s3-presigned-post|s3-request-presigner)', '^lib/files/s3\\.ts$'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(\\.esbuild|\\.serverless|\\.local)' },
  },
};
