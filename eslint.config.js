import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** A module of layer `from` may not import these (README, "Layers"). */
const layer = (files, patterns, message) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Matching control characters is this tool's job (escaping what it prints, refusing it in input).
      'no-control-regex': 'off',
      // A callback may read a variable assigned after it is made (the shell's prompt is created after its session).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  layer(
    ['src/domain/**'],
    [
      '**/db/**',
      '**/ui/**',
      '**/framework/**',
      '**/commands/**',
      'pg',
      'ink',
      'ink-*',
      'react',
      '@inkjs/*',
      '@electric-sql/*',
      '@mikro-orm/*',
      'node:fs*',
      'node:child_process',
      'node:net',
    ],
    'the domain is pure: it defines ports (src/domain/ports.ts) and src/db implements them; it knows no SQL, terminal or framework',
  ),
  layer(['src/db/**'], ['**/framework/**', '**/ui/**', '**/commands/**'], 'src/db raises its own errors (src/db/errors.ts); the framework maps them'),
  layer(['src/ui/**'], ['**/framework/**', '**/commands/**'], 'src/ui raises its own errors (src/ui/errors.ts); the framework maps them'),
  layer(['src/framework/**'], ['**/commands/**'], 'the framework does not know the commands (it discovers them)'),
);
