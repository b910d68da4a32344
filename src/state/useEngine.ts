// The React hook through which components ask the engine worker one question and read its answer.
import { useEffect, useState } from 'react';
import type { CallRequest, CallResponse, CallType } from '../worker/protocol';
import type { ClientRequest } from './engineClient';
import { enforces, engineOf, useAppStore, useAppStoreApi } from './store';

export type EngineAnswer<K extends CallType> = { result: CallResponse<K> | null; pending: boolean };

/**
 * The engine's answer to a request about the workspace text, asked of the worker: null while it
 * works (`pending`), and again whenever the request or the text changes. Only the latest request of
 * a kind is answered (see EngineClient), so a stale answer never shows. `request` null asks nothing.
 * The request is compared by value (it is small: refs, edits, options), the text by identity.
 */
export function useEngine<K extends Exclude<CallType, 'evaluate'>>(
  type: K,
  request: CallRequest<K> | null,
  /** Latest wins per channel (the kind by default): views that must each get an answer at once use their own. */
  channel: string = type,
  /**
   * While a newer text is worked on, answer with the last answer to the same request (an explanation
   * stays in place as one types). Never for previews: their text after the edit is the one they saw.
   */
  keepPrevious = false,
): EngineAnswer<K> {
  const store = useAppStoreApi();
  const text = useAppStore((s) => s.text);
  const semantics = useAppStore((s) => s.settings.semantics);
  const plugin = useAppStore((s) => s.settings.plugin);
  // The workspace's what-if pods are evaluated with its text by every request (few and small).
  const ghosts = useAppStore((s) => s.ghosts);
  const key = request === null ? null : JSON.stringify(request);
  const asked =
    key === null
      ? null
      : `${semantics}\u0000${plugin}\u0000${ghosts.length > 0 ? JSON.stringify(ghosts) : ''}\u0000${key}`;
  const [answer, setAnswer] = useState<{ asked: string; text: string; result: CallResponse<K> } | null>(null);
  useEffect(() => {
    if (key === null || asked === null) return;
    let live = true;
    const options = { semantics, enforced: enforces(plugin) };
    void engineOf(store)
      .request(
        type,
        { ...(JSON.parse(key) as CallRequest<K>), text, options, ghosts } as unknown as ClientRequest<K>,
        channel,
      )
      .then((result) => {
        if (live && result !== null) setAnswer({ asked, text, result });
      });
    return () => {
      live = false;
    };
  }, [store, type, key, asked, text, semantics, plugin, ghosts, channel]);
  const fresh = answer && answer.asked === asked && answer.text === text ? answer.result : null;
  const kept = keepPrevious && answer && answer.asked === asked ? answer.result : null;
  return { result: fresh ?? kept, pending: key !== null && fresh === null };
}
