// Keeps the expectations' results current: after every evaluation (a new text or new settings) and
// every change of the list, the engine worker checks the list on the text the views show. Only the
// latest request is answered (its own channel of the engine client), and an answer for a text or list
// that has changed since is dropped, so a stale pass or fail never shows.
import type { EngineClient } from './engineClient';
import { specOf, type ExpectationResults } from './slices/expectations';
import { enforces } from './slices/view';
import type { AppState } from './slices/types';
import type { StoreApi } from 'zustand';

export function watchExpectations(store: StoreApi<AppState>, engine: () => EngineClient): () => void {
  let asked = 0;
  const check = () => {
    const s = store.getState();
    const text = s.evaluatedText;
    const list = s.expectations;
    // Checked with the what-if pods the views show: the results' endpoint indices are the graph's.
    const ghosts = s.ghosts;
    const mine = ++asked;
    if (text === null) return;
    if (list.length === 0) {
      s.setExpectationResults({ text, list, byId: {} });
      return;
    }
    const specs = list.map(specOf);
    const options = { semantics: s.settings.semantics, enforced: enforces(s.settings.plugin) };
    void engine()
      .request('expectations', { expectations: specs, text, options, ghosts }, 'expectations')
      .then((results) => {
        const now = store.getState();
        if (
          !results ||
          mine !== asked ||
          now.evaluatedText !== text ||
          now.expectations !== list ||
          now.ghosts !== ghosts
        )
          return;
        const byId: Record<string, ExpectationResults['byId'][string]> = {};
        list.forEach((e, i) => {
          const result = results[i];
          if (result) byId[e.id] = { key: JSON.stringify(specs[i]), result };
        });
        now.setExpectationResults({ text, list, byId });
      });
  };
  return store.subscribe((s, prev) => {
    if (
      s.expectations !== prev.expectations ||
      s.evaluatedText !== prev.evaluatedText ||
      s.workspace !== prev.workspace ||
      s.ghosts !== prev.ghosts
    )
      check();
  });
}
