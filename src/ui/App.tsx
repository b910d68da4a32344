import { useEffect, useMemo, useState } from 'react';
import {
  getStore,
  useAppStore,
  selectBusy,
  selectDiagnostics,
  selectNotice,
  selectStale,
  selectTab,
  selectTheme,
  selectWorkspace,
} from '../state/store';
import { Toolbar, openFileList } from './Toolbar';
import { FilterBar } from './FilterBar';
import { YamlEditor } from './editor/YamlEditor';
import { GraphView } from './graph/GraphView';
import { MatrixView } from './matrix/MatrixView';
import { ExplanationPanel } from './explain/ExplanationPanel';
import { ProblemsPanel, SeverityIcon } from './ProblemsPanel';
import { LessonsPanel, LessonVeil } from './lessons/LessonsPanel';
import { EditToolbar } from './edit/EditToolbar';
import { fitGraph } from './graph/graphRegistry';
import { WorkspaceNotices } from './WorkspaceNotices';

export function App() {
  const theme = useAppStore(selectTheme);
  const tab = useAppStore(selectTab);
  const notice = useAppStore(selectNotice);
  const diagnostics = useAppStore(selectDiagnostics);
  const [dragging, setDragging] = useState(false);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const s = getStore().getState();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'f' || e.key === 'F')) {
        e.preventDefault();
        fitGraph();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        if (e.dataTransfer.files.length) {
          e.preventDefault();
          setDragging(false);
          void openFileList(e.dataTransfer.files);
        }
      }}
    >
      <Toolbar />
      <LessonVeil />
      {notice && (
        <div className="notice" role="status">
          <span>{notice}</span>
          <button type="button" aria-label="Dismiss message" onClick={() => s.setNotice(null)}>
            ✕
          </button>
        </div>
      )}
      <WorkspaceNotices />
      <main className="workspace">
        <section className="editor-region" aria-label="YAML editor">
          <div className="region-head">
            <h2>YAML</h2>
            <span className="hint">The source of truth: the graph follows every keystroke.</span>
          </div>
          <YamlEditor />
        </section>
        <div className="center">
          <FilterBar />
          <EditToolbar />
          <GraphView />
          <StatusLine />
        </div>
        <aside className="side">
          <div className="tabs" role="tablist" aria-label="Panels">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'matrix'}
              onClick={() => s.setTab('matrix')}
            >
              Matrix
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'lessons'}
              onClick={() => s.setTab('lessons')}
              aria-label="Lessons panel"
            >
              Lesson steps
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'problems'}
              onClick={() => s.setTab('problems')}
            >
              Problems{' '}
              {errors + warnings > 0
                ? `(${[errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', ')})`
                : ''}
            </button>
          </div>
          <div className="tab-body" role="tabpanel">
            {tab === 'matrix' && <MatrixView />}
            {tab === 'lessons' && <LessonsPanel />}
            {tab === 'problems' && <ProblemsPanel />}
          </div>
          <ExplanationPanel />
        </aside>
      </main>
      {dragging && <div className="drop-hint">Drop YAML or JSON files to open them</div>}
    </div>
  );
}

function StatusLine() {
  const workspace = useAppStore(selectWorkspace);
  const busy = useAppStore(selectBusy);
  const stale = useAppStore(selectStale);
  const timings = useAppStore((s) => s.timings);
  const diagnostics = useAppStore(selectDiagnostics);
  const errors = useMemo(() => diagnostics.filter((d) => d.severity === 'error').length, [diagnostics]);
  const cancelled = useAppStore((s) => s.cancelled);
  const c = workspace?.cluster;
  // Errors are what the API server would refuse (or what does not parse): "Up to date" would hide them.
  const errorText = `${errors} error${errors === 1 ? '' : 's'}`;
  return (
    <div className="status-line" aria-live="polite">
      {busy ? (
        'Evaluating…'
      ) : errors > 0 ? (
        <span className="status-errors">
          <SeverityIcon severity="error" />
          {stale ? `Showing the last valid YAML · ${errorText}` : errorText}
        </span>
      ) : cancelled ? (
        'Evaluation cancelled: showing an earlier result'
      ) : stale ? (
        'Showing the last valid YAML'
      ) : (
        'Up to date'
      )}
      {c &&
        ` · ${c.endpoints.filter((e) => e.type === 'pod').length} pods/workloads · ${c.namespaces.length} namespaces · ${c.policies.length} policies`}
      {timings &&
        ` · parsed in ${timings.parseMs.toFixed(0)} ms, evaluated in ${timings.analyzeMs.toFixed(0)} ms`}
    </div>
  );
}
