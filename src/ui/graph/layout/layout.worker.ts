/// <reference lib="webworker" />
import { computeLayout, type LayoutRequest } from './computeLayout';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  self.postMessage(computeLayout(event.data));
};
