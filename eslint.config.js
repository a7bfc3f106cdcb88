// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const runtimeFree = ['src/engine/**', 'src/policy/**', 'src/triage/**', 'src/text/**']

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'src/generated/', '.wrangler/', 'data/', 'drizzle/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules: a promise is awaited or handled, a switch over a union covers it.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The pages' browser scripts: their own project (tsconfig.browser.json, DOM lib, no Node),
    // bundled by esbuild into one inline block.
    files: ['src/channels/web/browser/**', 'src/console/browser/**'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './tsconfig.browser.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*', '../*'], message: 'A page script runs in the browser.' }],
        },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The pure core runs unchanged in workerd: no runtime APIs, no I/O, no eval.
    files: runtimeFree,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The pure core must not use Node APIs.' },
            {
              group: ['*/store/*', '*/channels/*', 'libsql', '@libsql/*', 'hono', 'hono/*'],
              message: 'The pure core does no I/O.',
            },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'],
        },
      ],
      'no-restricted-globals': [
        'error',
        'process',
        'Buffer',
        'require',
        'fetch',
        'setTimeout',
        'setInterval',
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
)
