/// <reference lib="webworker" />
import { analysisTransferables } from '../engine/index';
import { evaluateText } from './evaluateText';
import { TextReceiver, toMessages, type EvaluateMessage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// The page sends what changed in the text; the text itself is put together here.
const receiver = new TextReceiver();

self.onmessage = (event: MessageEvent<EvaluateMessage>) => {
  const response = evaluateText(receiver.toRequest(event.data));
  // Endpoints go ahead in parts, each read by the page in its own task; typed arrays are transferred,
  // not copied.
  const messages = toMessages(response);
  messages.forEach((message, k) =>
    self.postMessage(message, k === messages.length - 1 ? analysisTransferables(response.data) : []),
  );
};
