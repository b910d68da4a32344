// The header's actions: Open (replacing the workspace, with Undo open), Share, Export (manifests, graph
// image, matrix CSV), Compare…, What if… and Lessons.
import { useRef, useState } from 'react';
import {
  useAppStore,
  useAppStoreApi,
  PLUGINS,
  selectSettings,
  selectTheme,
  selectWorkspace,
  type AppStore,
} from '../state/store';
import { CompareDialog } from './compare/CompareDialog';
import { exportReachabilityCsv, exportsByNamespace } from '../state/csvExport';
import { shareUrl } from '../state/persistence';
import { currentView } from '../state/shareLinks';
import { specOf } from '../state/slices/expectations';
import { downloadBlob, downloadText, policiesOnly } from './download';
import { getGraphController } from './graph/graphRegistry';
import { toSvg } from './graph/toSvg';
import { SearchBox } from './search/SearchBox';
import { WhatIfDialog } from './whatif/WhatIfDialog';

async function readFiles(list: FileList | File[]): Promise<{ name: string; text: string }[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
}

export async function openFileList(store: AppStore, list: FileList | File[]) {
  const files = await readFiles(list);
  if (files.length) store.getState().openFiles(files);
}

let csvRun = 0;

/**
 * Downloads the reachability CSV, written between pauses (see csvExport): past a million pairs a row
 * per pair of namespaces unless every pair is asked for. A second export stops the first.
 */
async function exportCsv(store: AppStore, perPair: boolean) {
  const { workspace, analysis, setNotice } = store.getState();
  if (!workspace || !analysis) return;
  const mine = ++csvRun;
  setNotice('Writing the CSV…');
  const blob = await exportReachabilityCsv(store, {
    perPair,
    cancelled: () => mine !== csvRun,
    onProgress: (f) => {
      if (mine === csvRun) setNotice(`Writing the CSV… ${Math.round(f * 100)}%`);
    },
  });
  if (!blob || mine !== csvRun) return;
  downloadBlob('reachability.csv', blob);
  const byNamespace = !perPair && exportsByNamespace(workspace);
  const ghosts = workspace.cluster.endpoints.filter((e) => e.type === 'pod' && e.ghost).length;
  const ghostNote =
    ghosts === 0
      ? ''
      : ` It includes ${ghosts} what-if pod${ghosts === 1 ? '' : 's'} (not in the YAML), ${byNamespace ? 'counted in the rows of ' + (ghosts === 1 ? 'its namespace' : 'their namespaces') : 'named “(what if)”'}.`;
  setNotice(
    `CSV written (${(blob.size / 1e6).toFixed(1)} MB)${byNamespace ? ': a row per pair of namespaces, with allowed/total pod pairs and their ports' : ''}.${ghostNote}`,
  );
}

export function Toolbar() {
  const fileInput = useRef<HTMLInputElement>(null);
  const settings = useAppStore(selectSettings);
  const theme = useAppStore(selectTheme);
  const previous = useAppStore((s) => s.previous);
  const tab = useAppStore((s) => s.tab);
  const sideCollapsed = useAppStore((s) => s.panes.sideCollapsed);
  const [exportOpen, setExportOpen] = useState(false);
  const store = useAppStoreApi();
  const s = store.getState();
  const [compareOpen, setCompareOpen] = useState(false);
  const [whatIfOpen, setWhatIfOpen] = useState(false);
  const ghostCount = useAppStore((st) => st.ghosts.length);
  const workspace = useAppStore(selectWorkspace);
  const byNamespace = workspace ? exportsByNamespace(workspace) : false;

  const share = async () => {
    const st = store.getState();
    const lesson = st.lesson;
    const result = shareUrl(
      {
        text: st.text,
        fileNames: st.fileNames,
        settings: st.settings,
        lesson: lesson.lessonId ? { id: lesson.lessonId, step: lesson.step } : null,
        view: currentView(st),
        expectations: st.expectations.map(specOf),
      },
      window.location.href,
    );
    if ('error' in result) {
      st.setNotice(result.error);
      return;
    }
    try {
      await navigator.clipboard.writeText(result.url);
      st.setNotice(
        'Share link copied. It holds the whole workspace in the URL fragment: nothing is uploaded.',
      );
    } catch {
      st.setNotice(`Copy this link: ${result.url}`);
    }
    (window as unknown as { __netpolShareUrl?: string }).__netpolShareUrl = result.url;
  };

  return (
    <header className="toolbar">
      <h1 className="brand">
        <img src="./favicon.svg" alt="" width="20" height="20" />{' '}
        <span className="brand-text">netpol-lab</span>
      </h1>
      <div className="tool-group">
        <label
          className="button file-button"
          title="Open YAML or JSON manifests (several files at once); replaces the workspace"
        >
          Open<span className="wide-only"> manifests</span>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
            aria-label="Open manifests"
            onChange={(e) => {
              if (e.target.files) void openFileList(store, e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {previous && (
          <button
            type="button"
            onClick={() => s.undoOpen()}
            title="Bring back the workspace you had before opening files"
          >
            Undo open
          </button>
        )}
        <button type="button" onClick={() => void share()} title="Copy a link that restores this workspace">
          Share<span className="wide-only"> link</span>
        </button>
        <div className="menu">
          <button
            type="button"
            aria-expanded={exportOpen}
            aria-haspopup="true"
            onClick={() => setExportOpen((o) => !o)}
          >
            Export ▾
          </button>
          {exportOpen && (
            <div className="menu-items" role="menu" onClick={() => setExportOpen(false)}>
              <button
                role="menuitem"
                type="button"
                onClick={() => downloadText('manifests.yaml', store.getState().text)}
              >
                Download YAML (all)
              </button>
              <button
                role="menuitem"
                type="button"
                onClick={() => downloadText('networkpolicies.yaml', policiesOnly(store.getState().text))}
              >
                Download NetworkPolicies only
              </button>
              <button
                role="menuitem"
                type="button"
                onClick={() =>
                  void navigator.clipboard
                    .writeText(store.getState().text)
                    .then(() => store.getState().setNotice('YAML copied to the clipboard.'))
                }
              >
                Copy YAML
              </button>
              <button
                role="menuitem"
                type="button"
                onClick={() => {
                  const graph = getGraphController();
                  if (graph) downloadBlob('graph.png', graph.png(theme === 'dark' ? '#11161f' : '#ffffff'));
                }}
              >
                Graph as PNG
              </button>
              <button
                role="menuitem"
                type="button"
                onClick={() => {
                  const graph = getGraphController();
                  if (graph)
                    downloadText('graph.svg', toSvg(graph.snapshot(), theme === 'dark'), 'image/svg+xml');
                }}
              >
                Graph as SVG
              </button>
              <button
                role="menuitem"
                type="button"
                title={
                  byNamespace
                    ? 'Past a million pairs: a row per pair of namespaces (allowed/total pod pairs and ports)'
                    : 'A row per pair of endpoints: allowed, and on which ports'
                }
                onClick={() => void exportCsv(store, false)}
              >
                Matrix as CSV{byNamespace ? ' (by namespace)' : ''}
              </button>
              {byNamespace && (
                <button
                  role="menuitem"
                  type="button"
                  title="A row per pair of endpoints: a very large file, written a piece at a time"
                  onClick={() => void exportCsv(store, true)}
                >
                  Matrix as CSV, every pair
                </button>
              )}
            </div>
          )}
        </div>
      </div>
      <div className="tool-group">
        <button
          type="button"
          onClick={() => setCompareOpen(true)}
          title="What the workspace opens and closes against another version: a file, the text before the last edit, ..."
        >
          Compare…
        </button>
        {compareOpen && <CompareDialog onClose={() => setCompareOpen(false)} />}
        <button
          type="button"
          onClick={() => setWhatIfOpen(true)}
          title="Add a pod that is not in the YAML and see whom it can reach and who can reach it, or ask what any pod with some labels could reach"
        >
          What if…{ghostCount > 0 ? ` (${ghostCount})` : ''}
        </button>
        {whatIfOpen && <WhatIfDialog onClose={() => setWhatIfOpen(false)} />}
        <button
          type="button"
          aria-pressed={tab === 'lessons' && !sideCollapsed}
          onClick={() => {
            if (tab === 'lessons' && !sideCollapsed) s.setTab('matrix');
            else s.openPanel('lessons');
          }}
          title="Step-by-step lessons, in the side panel"
        >
          Lessons
        </button>
      </div>
      <SearchBox />
      <div className="tool-group settings-group">
        <label title="Which NetworkPolicy semantics to evaluate">
          <span className="setting-name">Semantics</span>
          <select
            value={settings.semantics}
            onChange={(e) => s.setSettings({ semantics: e.target.value as 'current' | 'legacy' })}
          >
            <option value="current">v1 (current)</option>
            <option value="legacy">1.5-1.6 beta (DefaultDeny annotation)</option>
          </select>
        </label>
        <label title="The network plugin: Flannel alone does not enforce NetworkPolicy">
          <span className="setting-name">Network plugin</span>
          <select value={settings.plugin} onChange={(e) => s.setSettings({ plugin: e.target.value })}>
            {PLUGINS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label
          className="check"
          title="When on, a probe to a Service by name first needs the source to be allowed UDP 53 to the cluster DNS (kube-dns); a blocked lookup is reported as such"
        >
          <input
            type="checkbox"
            checked={settings.dns}
            onChange={(e) => s.setSettings({ dns: e.target.checked })}
          />{' '}
          DNS lookups
        </label>
        <button
          type="button"
          onClick={() => s.setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title="Light or dark theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}
