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
      importNames: ['runProbes', 'gradeTask', 'gradeText', 'replayLesson', 'applyAction'],
      message: 'Probes run in the engine worker: useEngine("probes", ...).',
    },
    {
      group: ['**/lessons/probes', '**/lessons/replay', '**/lessons/yamlOps'],
      allowTypeImports: true,
      message: 'Lesson probes and replays run the engine: ask the worker through useEngine.',
    },
  ],
};

// src/state runs on the page too: the same fence, with the engine's pure helpers it may call listed
// by name. Each costs what its own small input costs (a port set, a label map, one pair's entry of
// the compiled analysis, a string splice, the expectations file, a what-if form), never a parse or an
// evaluation of the workspace. Adding a name here is a decision: say why next to it.
const statePureHelpers = [
  // re-exported to src/ui by src/state/engineHelpers.ts
  'adminPoliciesSelecting',
  'describeAdminPolicy',
  'tierLabel',
  'applyReplacement',
  'countGroupPairs',
  'formatPolicyPorts',
  'formatPortSet',
  'ghostProblems',
  'GHOST_LIMIT',
  'labelKeyProblem',
  'labelValueProblem',
  'isPortSetEmpty',
  'METADATA_NAME_LABEL',
  'minimalReplacement',
  'portSetPasses',
  'selectorMatches',
  // the analysis the worker compiled, rebuilt from its typed arrays (slices/analysis.ts)
  'analysisFromData',
  // one pair's entry of that analysis: the port an edge is decided on (adminDenial.ts)
  'representativePort',
  // a file name or label shown as text (slices/document.ts)
  'escapeInvisible',
  // the expectations file written for export (slices/expectations.ts); it is read in the worker
  'formatExpectations',
  // a typed port name checked as the file reader and the API server check it (slices/expectations.ts)
  'portNameValid',
];
const stateBanned = {
  patterns: [
    {
      group: ['**/engine', '**/engine/**'],
      allowTypeImports: true,
      allowImportNames: statePureHelpers,
      message:
        'The engine runs in the worker: add a request to src/worker/protocol.ts; only the pure helpers listed in eslint.config.js run on the page.',
    },
    {
      group: ['**/worker/*', '!**/worker/protocol'],
      allowTypeImports: true,
      message: 'The engine service runs in the worker: ask it through the engine client.',
    },
    {
      group: ['**/lessons/index', '**/lessons'],
      importNames: ['runProbes', 'gradeTask', 'gradeText', 'replayLesson'],
      message: 'Probes run in the engine worker: ask it (probes, gradeTask).',
    },
    {
      group: ['**/lessons/probes', '**/lessons/replay', '**/lessons/yamlOps'],
      allowTypeImports: true,
      message: 'Lesson probes and replays run the engine: ask the worker.',
    },
  ],
};
/** `stateBanned` with more names allowed from the engine, for one file's own reason. */
const stateBannedWith = (...names) => ({
  patterns: stateBanned.patterns.map((p, i) =>
    i === 0 ? { ...p, allowImportNames: [...statePureHelpers, ...names] } : p,
  ),
});

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
    files: ['src/state/**/*.ts'],
    ignores: ['src/state/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', stateBanned],
    },
  },
  {
    // The CSV export reads the compiled analysis row by row in tasks of a few milliseconds (see the
    // file's head for why it is not in the worker).
    files: ['src/state/csvExport.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        stateBannedWith('csvByNamespace', 'evalCsvChunks'),
      ],
    },
  },
  {
    // applyEdits takes the worker's text (`computed`: from a preview, or from applyEditsInWorker for
    // an edit made without one); it edits on the page only when none came with the edits (tests, the
    // text changed meanwhile) or to give the engine's reason for refusing them.
    files: ['src/state/slices/document.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', stateBannedWith('applyEdit')] },
  },
  {
    // The engine on the page, only when workers are unavailable or miss their deadline.
    files: ['src/state/engineClient.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
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
