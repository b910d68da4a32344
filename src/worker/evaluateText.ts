import { EngineService } from './engineService';
import type { EvaluateRequest, EvaluateResponse } from './protocol';

/** The whole pipeline for one text; runs in the worker, or on the page when workers are unavailable. */
export function evaluateText(request: EvaluateRequest): EvaluateResponse {
  return new EngineService().handle({ ...request, type: 'evaluate' });
}
