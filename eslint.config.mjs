// ESLint (typescript-eslint, type-aware): the code's rules that the compiler does not keep.
// The layering between modules is dependency-cruiser's (.dependency-cruiser.cjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Only lib/config reads the environment: everything else is given its settings. */
const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Only lib/config.ts reads process.env: take the setting from the configuration you are given.',
};
/** Tests, scripts and the bench build what they need; they never configure lib/ through the environment. */
const noProcessEnvWrites = [
  {
    selector: "AssignmentExpression > MemberExpression.left[object.object.name='process'][object.property.name='env']",
    message: 'Do not set process.env: build the configuration or context you need (test/support/context.ts).',
  },
  {
    selector:
      "CallExpression[callee.object.name='Object'][callee.property.name='assign'] > MemberExpression.arguments:first-child[object.name='process'][property.name='env']",
    message: 'Do not set process.env: build the configuration or context you need (test/support/context.ts).',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.esbuild*/', '.serverless/', '.local/', 'coverage/', 'docs/', '**/*.cjs', 'test/fixtures/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      // A use case or route may be async for its interface's sake, with nothing to wait for.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
      // A variable assigned once, after a closure that reads it is defined (a signal handler).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['lib/**/*.ts', 'functions/**/*.ts'],
    ignores: ['lib/config.ts'],
    rules: { 'no-restricted-syntax': ['error', noProcessEnv] },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...noProcessEnvWrites],
      // Tests and tools read JSON and mocks whose types they know better than the compiler.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.mts'], ...tseslint.configs.disableTypeChecked },
);
