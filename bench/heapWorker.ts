// Runs the app worker's pipeline (src/worker/evaluateText) in its own V8 isolate, as the browser
// worker does, and reports that isolate's heap after each phase: the worker's memory for a size.
import { parentPort } from 'node:worker_threads';
import v8 from 'node:v8';
import { evaluateText } from '../src/worker/evaluateText';

parentPort!.once('message', (text: string) => {
  const samples: number[] = [];
  const sample = () => {
    const h = v8.getHeapStatistics();
    samples.push(Math.max(h.used_heap_size, h.total_heap_size));
  };
  sample();
  const response = evaluateText({ id: 1, text, fileName: 'cluster.yaml', options: {} });
  sample();
  // What the page receives: structured clone of the response (typed arrays transferred).
  const transferable = structuredClone(response);
  sample();
  parentPort!.postMessage({
    peakBytes: Math.max(...samples),
    endpoints: transferable.workspace.cluster.endpoints.length,
  });
});
