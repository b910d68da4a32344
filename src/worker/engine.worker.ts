/// <reference lib="webworker" />
import { analysisTransferables } from '../engine/index';
import { evaluateText } from './evaluateText';
import type { EvaluateRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<EvaluateRequest>) => {
  const response = evaluateText(event.data);
  // Typed arrays are transferred, not copied.
  self.postMessage(response, analysisTransferables(response.data));
};
