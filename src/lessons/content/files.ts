// Every lesson's YAML lives in ./yaml as plain YAML files, so lessons about indentation show real
// indentation; they are bundled as text.
const files = import.meta.glob<string>('./yaml/**/*.yaml', { query: '?raw', import: 'default', eager: true });

/** The text of `yaml/<path>`. A missing file is a bug in the lesson content, caught by the unit tests. */
export function yamlFile(path: string): string {
  const text = files[`./yaml/${path}`];
  if (text === undefined) throw new Error(`lesson file yaml/${path} is missing`);
  return text;
}

/** Joins manifests into one multi-document text. */
export const docs = (...parts: string[]) => parts.map((p) => p.replace(/\s+$/, '\n')).join('---\n');
