// `netpol-lab diff --base PATH... PATHS...` (DESIGN 2.3): the connectivity change from the base manifests
// to PATHS, exit 1 when it differs, like diff(1).
import {
  analyze,
  diffAnalyses,
  parseWorkspace,
  type Diagnostic,
  type EvaluateOptions,
  type InputFile,
} from '../engine/index';
import { writeDiff, type DiffFormat } from './diffFormat';
import { UsageError } from './readInputs';

export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'md'];

export function runDiff(
  base: InputFile[],
  files: InputFile[],
  format: string,
  options: EvaluateOptions,
  write: (text: string) => void,
  location: (d: Diagnostic) => string,
): number {
  if (!DIFF_FORMATS.includes(format as DiffFormat))
    throw new UsageError(`netpol-lab diff: --format must be text, json or md, not "${format}"`);
  const read = (inputs: InputFile[], what: string) => {
    const parsed = parseWorkspace(inputs);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    // A version with errors is not the cluster its author meant: comparing it would report changes that are not there.
    if (errors.length > 0)
      throw new UsageError(
        [
          `netpol-lab diff: the ${what} has errors:`,
          ...errors.map((d) => `${location(d)}: ${d.message}`),
        ].join('\n'),
      );
    const cluster = parsed.value.cluster;
    return { cluster, analysis: analyze(cluster, options) };
  };
  const before = read(base, 'base (--base)');
  const after = read(files, 'new version');
  const diff = diffAnalyses(before, after);
  writeDiff(before.cluster, diff, format as DiffFormat, write);
  return diff.changedPairs > 0 || diff.endpointsAdded.length > 0 || diff.endpointsRemoved.length > 0 ? 1 : 0;
}
