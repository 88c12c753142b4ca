// Lint rules that catch real mistakes; formatting is left to the editor.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', '.scratch/**', '.stryker-tmp/**', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Plain CommonJS scripts that run without a build step.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Below the VS Code glue everything runs in plain Node (or the browser) and is tested there.
    // Which layer may import which is checked by scripts/check-imports.mjs (npm run lint).
    files: ['src/core/**', 'src/app/**', 'src/shared/**', 'src/webview/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only host/, features/, testing/ and extension.ts use the VS Code API.' }] }],
    },
  },
);
