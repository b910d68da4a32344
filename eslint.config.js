import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The engine fence (DESIGN 3.1): nothing under src/engine may import UI, state or browser libraries,
// type-only imports included.
const engineBanned = {
  patterns: [
    { group: ['react', 'react-*', 'react/*'], message: 'The engine is pure: no React.' },
    { group: ['monaco-editor', 'monaco-*'], message: 'The engine is pure: no Monaco.' },
    { group: ['cytoscape', 'cytoscape-*'], message: 'The engine is pure: no Cytoscape.' },
    { group: ['zustand', 'zustand/*'], message: 'The engine is pure: no Zustand.' },
    {
      group: ['**/ui/**', '**/state/**', '**/worker/**', '**/cli/**'],
      message: 'The engine imports nothing above it.',
    },
    { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'The engine does no I/O.' },
  ],
};

// The page runs no engine work (issue 20): parsing, analysis, edits, previews, explanations and
// comparisons go to the engine worker through src/state/engineClient.ts (useEngine). Types may be
// imported; the few pure helpers the page needs (a port set's text, a selector against one label
// map, a string splice) come through src/state/engineHelpers.ts, which lists them.
const uiBanned = {
  patterns: [
    {
      group: ['**/engine', '**/engine/**'],
      allowTypeImports: true,
      message:
        'The engine runs in the worker: ask it through useEngine (src/state/useEngine.ts); pure helpers come from src/state/engineHelpers.ts.',
    },
    {
      group: ['**/worker/*', '!**/worker/protocol'],
      allowTypeImports: true,
      message: 'The engine service runs in the worker: ask it through useEngine (src/state/useEngine.ts).',
    },
    {
      group: ['**/lessons/index', '**/lessons'],
      importNames: ['runProbes', 'gradeTask', 'replayLesson', 'applyAction'],
      message: 'Probes run in the engine worker: useEngine("probes", ...).',
    },
    {
      group: ['**/lessons/probes', '**/lessons/replay', '**/lessons/yamlOps'],
      allowTypeImports: true,
      message: 'Lesson probes and replays run the engine: ask the worker through useEngine.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist', 'dist-cli', 'node_modules', 'playwright-report', 'test-results', 'bench/results.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'YAML text is untrusted: render it as text.',
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', uiBanned],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', engineBanned],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...engineBanned, patterns: engineBanned.patterns.map((p) => ({ ...p, allowTypeImports: false })) },
      ],
    },
  },
);
