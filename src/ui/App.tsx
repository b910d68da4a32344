// The page: header, the three panes (YAML editor, Cluster graph, the side tabs) with their splitters,
// the skip links and the landmarks of DESIGN 2.4.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  useAppStore,
  useAppStoreApi,
  selectBusy,
  selectDiagnostics,
  selectNotice,
  selectPanes,
  selectStale,
  selectTab,
  selectTheme,
  selectWorkspace,
  type PanelTab,
} from '../state/store';
import { PANE_MIN, maxWidth, resize, resolveWidths, splitterKey, SPLITTER, type Panes } from '../state/panes';
import { Toolbar, openFileList } from './Toolbar';
import { FilterBar } from './FilterBar';
import { YamlEditor } from './editor/YamlEditor';
import { GraphView } from './graph/GraphView';
import { MatrixView } from './matrix/MatrixView';
import { ExplanationPanel } from './explain/ExplanationPanel';
import { ProblemsPanel, SeverityIcon } from './ProblemsPanel';
import { AuditPanel } from './audit/AuditPanel';
import { ExpectationsPanel, ExpectationsTabCount } from './expectations/ExpectationsPanel';
import { LessonsPanel, LessonVeil } from './lessons/LessonsPanel';
import { EditToolbar } from './edit/EditToolbar';
import { EditReceiptBar } from './edit/EditReceiptBar';
import { fitGraph } from './graph/graphRegistry';
import { WorkspaceNotices } from './WorkspaceNotices';

const TABS: { id: PanelTab; label: string }[] = [
  { id: 'matrix', label: 'Matrix' },
  { id: 'lessons', label: 'Lessons' },
  { id: 'problems', label: 'Problems' },
  { id: 'audit', label: 'Audit' },
  { id: 'expectations', label: 'Expectations' },
];

export function App() {
  const theme = useAppStore(selectTheme);
  const tab = useAppStore(selectTab);
  const notice = useAppStore(selectNotice);
  const diagnostics = useAppStore(selectDiagnostics);
  const panes = useAppStore(selectPanes);
  const [dragging, setDragging] = useState(false);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const store = useAppStoreApi();
  const s = store.getState();
  const main = useRef<HTMLElement>(null);
  const [total, setTotal] = useState(() => window.innerWidth);

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

  // The panes are laid out in pixels from the width of the workspace, which the window decides.
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setTotal(Math.round(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const widths = resolveWidths(panes, total);

  const problemsLabel =
    errors + warnings > 0
      ? ` (${[errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', ')})`
      : '';
  const tabKeys = (e: React.KeyboardEvent, i: number) => {
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : -1;
    if (next < 0) return;
    e.preventDefault();
    s.setTab(TABS[next]!.id);
    document.getElementById(`tab-${TABS[next]!.id}`)?.focus();
  };

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
          void openFileList(store, e.dataTransfer.files);
        }
      }}
    >
      <nav className="skip-links" aria-label="Skip links">
        <a href="#graph-pane" onClick={(e) => skipTo(e, 'graph-pane')}>
          Skip to the graph
        </a>
        <a href="#side-pane" onClick={(e) => skipTo(e, 'side-pane')}>
          Skip to the matrix and lessons
        </a>
      </nav>
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
      <main
        className="workspace"
        ref={main}
        style={{
          gridTemplateColumns: `${widths.editor}px ${SPLITTER}px minmax(0, 1fr) ${SPLITTER}px ${widths.side}px`,
        }}
      >
        <section
          className="editor-region"
          aria-label="YAML editor"
          id="editor-pane"
          data-collapsed={panes.editorCollapsed}
        >
          <div className="region-head">
            {!panes.editorCollapsed && <h2>YAML</h2>}
            <CollapseButton
              collapsed={panes.editorCollapsed}
              name="the YAML editor"
              side="left"
              onClick={() => s.setPanes({ ...panes, editorCollapsed: !panes.editorCollapsed })}
            />
          </div>
          <div className="pane-body">
            <YamlEditor />
          </div>
        </section>
        <Splitter pane="editor" label="Resize the YAML editor" panes={panes} total={total} />
        <div className="center" id="graph-pane" tabIndex={-1}>
          <FilterBar />
          <EditToolbar />
          <EditReceiptBar />
          <GraphView />
          <StatusLine />
        </div>
        <Splitter pane="side" label="Resize the side panel" panes={panes} total={total} />
        <aside
          className="side"
          id="side-pane"
          tabIndex={-1}
          aria-label="Matrix, lessons and problems"
          data-collapsed={panes.sideCollapsed}
        >
          <div className="tabs">
            {!panes.sideCollapsed && (
              <div role="tablist" aria-label="Panels" className="tablist">
                {TABS.map((t, i) => (
                  <button
                    key={t.id}
                    id={`tab-${t.id}`}
                    type="button"
                    role="tab"
                    aria-selected={tab === t.id}
                    aria-controls="side-tabpanel"
                    tabIndex={tab === t.id ? 0 : -1}
                    onClick={() => s.setTab(t.id)}
                    onKeyDown={(e) => tabKeys(e, i)}
                  >
                    {t.label}
                    {t.id === 'problems' ? problemsLabel : ''}
                    {t.id === 'expectations' && <ExpectationsTabCount />}
                  </button>
                ))}
              </div>
            )}
            <CollapseButton
              collapsed={panes.sideCollapsed}
              name="the side panel"
              side="right"
              onClick={() => s.setPanes({ ...panes, sideCollapsed: !panes.sideCollapsed })}
            />
          </div>
          {!panes.sideCollapsed && (
            <>
              <div
                className="tab-body"
                role="tabpanel"
                id="side-tabpanel"
                aria-labelledby={`tab-${tab === 'explanation' ? 'matrix' : tab}`}
              >
                {(tab === 'matrix' || tab === 'explanation') && <MatrixView />}
                {tab === 'lessons' && <LessonsPanel />}
                {tab === 'problems' && <ProblemsPanel />}
                {tab === 'audit' && <AuditPanel />}
                {tab === 'expectations' && <ExpectationsPanel />}
              </div>
              <ExplanationPanel />
            </>
          )}
        </aside>
      </main>
      {dragging && <div className="drop-hint">Drop YAML or JSON files to open them</div>}
    </div>
  );
}

/** A skip link moves focus too (an in-page link alone only scrolls in some browsers). */
function skipTo(e: React.MouseEvent, id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  e.preventDefault();
  target.focus();
}

function CollapseButton({
  collapsed,
  name,
  side,
  onClick,
}: {
  collapsed: boolean;
  name: string;
  side: 'left' | 'right';
  onClick: () => void;
}) {
  const label = `${collapsed ? 'Show' : 'Hide'} ${name}`;
  const arrow: ReactNode = (side === 'left') === collapsed ? '»' : '«';
  return (
    <button
      type="button"
      className="collapse-button"
      aria-expanded={!collapsed}
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      {arrow}
    </button>
  );
}

/**
 * A draggable, keyboard-operable splitter (WAI-ARIA window splitter): arrows resize, Home and End take
 * the pane to its limits, Enter collapses or opens it.
 */
function Splitter({
  pane,
  label,
  panes,
  total,
}: {
  pane: 'editor' | 'side';
  label: string;
  panes: Panes;
  total: number;
}) {
  const widths = resolveWidths(panes, total);
  const width = pane === 'editor' ? widths.editor : widths.side;
  const other = pane === 'editor' ? widths.side : widths.editor;
  const store = useAppStoreApi();
  const set = (p: Panes) => store.getState().setPanes(p);
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-controls={pane === 'editor' ? 'editor-pane' : 'side-pane'}
      aria-valuenow={width}
      aria-valuemin={PANE_MIN}
      aria-valuemax={maxWidth(total, other)}
      title={`${label}: drag, or use the arrow keys; Enter hides or shows it`}
      tabIndex={0}
      onKeyDown={(e) => {
        const next = splitterKey(panes, pane, e.key, e.shiftKey, total);
        if (!next) return;
        e.preventDefault();
        set(next);
      }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        const startX = e.clientX;
        const start = store.getState().panes;
        const startWidth = width;
        const move = (ev: PointerEvent) => {
          const dx = ev.clientX - startX;
          set(resize(start, pane, startWidth + (pane === 'editor' ? dx : -dx), total));
        };
        const up = () => {
          el.removeEventListener('pointermove', move);
          el.removeEventListener('pointerup', up);
          el.removeEventListener('pointercancel', up);
        };
        el.addEventListener('pointermove', move);
        el.addEventListener('pointerup', up);
        el.addEventListener('pointercancel', up);
      }}
    />
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
