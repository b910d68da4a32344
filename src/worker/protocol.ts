// Messages between the page and the engine worker. Only plain data crosses: the slim cluster model and
// the compiled analysis (typed arrays), never the parsed YAML documents.
import type { AnalysisData, Diagnostic, EvaluateOptions, Workspace } from '../engine/index';

export interface EvaluateRequest {
  id: number;
  text: string;
  fileName: string;
  options: EvaluateOptions;
}

export interface EvaluateResponse {
  id: number;
  workspace: Workspace;
  diagnostics: Diagnostic[];
  data: AnalysisData;
  /** Milliseconds spent parsing and analysing, for the status line. */
  parseMs: number;
  analyzeMs: number;
}
