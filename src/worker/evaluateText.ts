import { analysisToData, analyze, lintWorkspace, parseText } from '../engine/index';
import type { EvaluateRequest, EvaluateResponse } from './protocol';

/** The whole pipeline for one text; runs in the worker, or on the page when workers are unavailable. */
export function evaluateText(request: EvaluateRequest): EvaluateResponse {
  const t0 = performance.now();
  const parsed = parseText(request.text, request.fileName);
  const t1 = performance.now();
  const analysis = analyze(parsed.value.cluster, request.options);
  // The complete result is computed here, off the main thread, and travels with the data.
  analysis.classEdges();
  const data = analysisToData(analysis);
  const t2 = performance.now();
  // The page has the text already: send file names only.
  const workspace = { ...parsed.value, files: parsed.value.files.map((f) => ({ name: f.name, text: '' })) };
  const lint =
    parsed.value.cluster.endpoints.length <= 2000 ? lintWorkspace(parsed.value, request.options) : [];
  return {
    id: request.id,
    workspace,
    diagnostics: [...parsed.diagnostics, ...lint],
    data,
    parseMs: t1 - t0,
    analyzeMs: t2 - t1,
  };
}
