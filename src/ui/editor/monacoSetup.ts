// Monaco with monaco-yaml, its workers bundled by Vite (no CDN: works offline).
// Only the editor core, its contributions and YAML: no TypeScript/CSS/HTML/JSON language services.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker?worker';
import { manifestSchema } from './schema';

let configured = false;
let yamlService: ReturnType<typeof configureMonacoYaml> | null = null;
let validating = true;

/** Above this size schema validation is switched off so typing stays responsive. */
export const SCHEMA_LIMIT = 400_000;

export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  const workerFor = (label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker());
  (globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      return workerFor(label);
    },
  };
  // monaco-yaml (through monaco-worker-manager) still calls createWebWorker({ label, moduleId, createData }),
  // the API Monaco replaced in 0.54 by createWebWorker({ worker }). Bridge it the way Monaco's own JSON
  // language does: the first message starts the worker, the second carries createData.
  type LegacyOptions = {
    label?: string;
    createData?: unknown;
    host?: Record<string, () => unknown>;
    keepIdleModels?: boolean;
    worker?: Worker;
  };
  const createWebWorker = (options: LegacyOptions) => {
    if (options.worker) return monaco.editor.createWebWorker(options as never);
    const worker = workerFor(options.label ?? 'editorWorkerService');
    worker.postMessage('ignore');
    worker.postMessage(options.createData);
    return monaco.editor.createWebWorker({
      worker,
      host: options.host,
      keepIdleModels: options.keepIdleModels,
    } as never);
  };
  const bridged = { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as typeof monaco;
  yamlService = configureMonacoYaml(bridged, {
    enableSchemaRequest: false,
    validate: true,
    hover: true,
    completion: true,
    schemas: [
      { uri: 'inmemory://netpol-lab/manifest.json', fileMatch: ['*'], schema: manifestSchema as never },
    ],
  });
  // vs-dark draws comments #608b4e on #1e1e1e (4.2:1): one step lighter reads at 4.5:1 and more.
  monaco.editor.defineTheme('netpol-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [{ token: 'comment', foreground: '7fb069' }],
    colors: {},
  });
  return monaco;
}

/**
 * Above this size the editor shows the text without YAML colouring: tokenizing tens of megabytes
 * keeps the page busy for seconds, and nobody reads a whole cluster export by its colours.
 */
export const PLAIN_TEXT_LIMIT = 4_000_000;

/**
 * Above this size bracket pairs are neither coloured nor matched: either makes Monaco parse bracket
 * pairs over the whole text, tokenizing all of it at once in one task, where it otherwise tokenizes in
 * the background; the budget is a first frame under 50 ms. kubectl output has hardly any brackets to
 * colour, and the lessons' manifests stay far below the limit.
 */
export const BRACKET_PAIR_LIMIT = 100_000;

/** Bracket pairs are parsed per model, whatever the editor options say: off for big texts. */
export function updateBracketsForSize(model: monaco.editor.ITextModel, length = model.getValueLength()) {
  const want = length <= BRACKET_PAIR_LIMIT;
  if (model.getOptions().bracketPairColorizationOptions.enabled === want) return;
  model.updateOptions({
    bracketColorizationOptions: { enabled: want, independentColorPoolPerBracketType: false },
  });
}

/** YAML or plain text for a model, by its size; switches only when the side of the limit changes. */
export function updateLanguageForSize(model: monaco.editor.ITextModel) {
  const want = model.getValueLength() > PLAIN_TEXT_LIMIT ? 'plaintext' : 'yaml';
  if (model.getLanguageId() !== want) monaco.editor.setModelLanguage(model, want);
}

/**
 * Editor features that read the whole text, or copy it to Monaco's own worker (links, unicode
 * highlighting, word suggestions), off above PLAIN_TEXT_LIMIT: each costs the page a long pause on a
 * cluster export, and none helps reading one.
 */
export function optionsForSize(
  length: number,
): monaco.editor.IEditorOptions & monaco.editor.IGlobalEditorOptions {
  const big = length > PLAIN_TEXT_LIMIT;
  return {
    folding: !big,
    // YAML folds by its indentation. The YAML worker's folding ranges and document symbols (which
    // sticky scroll would otherwise ask for) are messages about ten times the text's size, all decoded
    // on the page in one task each.
    foldingStrategy: 'indentation',
    links: !big,
    stickyScroll: { enabled: !big, defaultModel: 'indentationModel' },
    bracketPairColorization: { enabled: length <= BRACKET_PAIR_LIMIT },
    guides: { indentation: !big, bracketPairs: false },
    // Matching a bracket builds Monaco's bracket tree of the whole text on the first key press.
    matchBrackets: length > BRACKET_PAIR_LIMIT ? 'never' : 'always',
    occurrencesHighlight: big ? 'off' : 'singleFile',
    selectionHighlight: !big,
    wordBasedSuggestions: big ? 'off' : 'currentDocument',
    renderWhitespace: big ? 'none' : 'boundary',
    unicodeHighlight: big
      ? { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false }
      : { ambiguousCharacters: true, invisibleCharacters: true, nonBasicASCII: 'inUntrustedWorkspace' },
  };
}

/** Schema validation, completion and hover switch off above SCHEMA_LIMIT so typing stays responsive. */
export function updateSchemaForSize(length: number) {
  const want = length <= SCHEMA_LIMIT;
  if (!yamlService || want === validating) return;
  validating = want;
  void yamlService.update({ validate: want, hover: want, completion: want });
}

export { monaco };
