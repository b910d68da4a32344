/// <reference lib="webworker" />
import { analysisTransferables } from '../engine/index';
import { EngineService } from './engineService';
import { TextReceiver, toMessages, type EngineMessage, type EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// The page sends what changed in the text; the text itself is put together here.
const receiver = new TextReceiver();
const service = new EngineService();

self.onmessage = (event: MessageEvent<EngineMessage>) => {
  const request = receiver.toRequest(event.data) as EngineRequest;
  if (request.type !== 'evaluate') {
    self.postMessage(service.handle(request));
    return;
  }
  const evaluated = service.handle(request);
  // The service keeps the analysis for previews and explanations: the page gets a copy of its arrays,
  // transferred (moved, not copied again); the copy is a memory copy, small beside the analysis.
  const response = { ...evaluated, data: structuredClone(evaluated.data) };
  // Endpoints go ahead in parts, each read by the page in its own task.
  const messages = toMessages(response);
  messages.forEach((message, k) =>
    self.postMessage(message, k === messages.length - 1 ? analysisTransferables(response.data) : []),
  );
};
