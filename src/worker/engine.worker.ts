/// <reference lib="webworker" />
import { analysisTransferables } from '../engine/index';
import { evaluateText } from './evaluateText';
import { toMessages, type EvaluateRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<EvaluateRequest>) => {
  const response = evaluateText(event.data);
  // Endpoints go ahead in parts, each read by the page in its own task; typed arrays are transferred,
  // not copied.
  const messages = toMessages(response);
  messages.forEach((message, k) =>
    self.postMessage(message, k === messages.length - 1 ? analysisTransferables(response.data) : []),
  );
};
