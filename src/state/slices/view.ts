// How the workspace is looked at: the open panel, filters, theme, pane layout, and the evaluation
// settings (semantics, network plugin, DNS). Changing the settings re-evaluates at once.
import type { Protocol, Semantics } from '../../engine/index';
import { DEFAULT_PANES, type Panes } from '../panes';
import type { SliceCreator } from './types';

export interface Settings {
  semantics: Semantics;
  /** The network plugin: Flannel alone does not enforce NetworkPolicy. */
  plugin: string;
  /** Lessons: a probe to a Service by name needs DNS (UDP 53 to kube-dns) first. */
  dns: boolean;
}

export const PLUGINS: { id: string; label: string; enforces: boolean }[] = [
  { id: 'calico', label: 'Calico', enforces: true },
  { id: 'cilium', label: 'Cilium', enforces: true },
  { id: 'weave', label: 'Weave Net', enforces: true },
  { id: 'kube-router', label: 'kube-router', enforces: true },
  { id: 'antrea', label: 'Antrea', enforces: true },
  { id: 'romana', label: 'Romana', enforces: true },
  { id: 'flannel', label: 'Flannel (does not enforce)', enforces: false },
];

export const enforces = (plugin: string) => PLUGINS.find((p) => p.id === plugin)?.enforces ?? true;

/** The operating system's choice until the user picks one with the theme button (saved with the view). */
export function preferredTheme(): 'light' | 'dark' {
  const query =
    typeof globalThis.matchMedia === 'function'
      ? globalThis.matchMedia('(prefers-color-scheme: dark)')
      : null;
  return query?.matches ? 'dark' : 'light';
}

export type PanelTab = 'matrix' | 'explanation' | 'problems' | 'lessons' | 'audit' | 'expectations';

export interface ViewSlice {
  tab: PanelTab;
  port: string;
  protocol: Protocol;
  namespaceFilter: string;
  labelFilter: string;
  showDenied: boolean;
  theme: 'light' | 'dark';
  settings: Settings;
  /** Widths and collapsed state of the editor and side panes, next to the graph. */
  panes: Panes;
  setTab: (tab: PanelTab) => void;
  /** Shows a panel: selects its tab and opens the side pane if it was collapsed. */
  openPanel: (tab: PanelTab) => void;
  setPort: (port: string) => void;
  setProtocol: (protocol: Protocol) => void;
  setNamespaceFilter: (ns: string) => void;
  setLabelFilter: (filter: string) => void;
  setShowDenied: (show: boolean) => void;
  setTheme: (theme: 'light' | 'dark') => void;
  setSettings: (settings: Partial<Settings>) => void;
  setPanes: (panes: Panes) => void;
}

export const createViewSlice =
  (initial: Partial<Settings> = {}): SliceCreator<ViewSlice> =>
  (set, get) => ({
    tab: 'matrix',
    port: '',
    protocol: 'TCP',
    namespaceFilter: '',
    labelFilter: '',
    showDenied: false,
    theme: preferredTheme(),
    settings: { semantics: 'current', plugin: 'calico', dns: false, ...initial },
    panes: DEFAULT_PANES,
    setTab: (tab) => set({ tab }),
    openPanel: (tab) =>
      set((s) => ({ tab, panes: s.panes.sideCollapsed ? { ...s.panes, sideCollapsed: false } : s.panes })),
    setPort: (port) => set({ port }),
    setProtocol: (protocol) => set({ protocol }),
    setNamespaceFilter: (namespaceFilter) => set({ namespaceFilter }),
    setLabelFilter: (labelFilter) => set({ labelFilter }),
    setShowDenied: (showDenied) => set({ showDenied }),
    setTheme: (theme) => set({ theme }),
    setPanes: (panes) => set({ panes }),
    setSettings: (settings) => {
      set((s) => ({ settings: { ...s.settings, ...settings } }));
      get().scheduleEvaluation(true);
    },
  });

/**
 * The Port filter as typed: a port from 1 to 65535, or null for "any port" (empty, or not a port: the
 * filter bar then says so, rather than the graph showing some other port's connections).
 */
export function portFilterOf(text: string): number | null {
  return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535 ? Number(text) : null;
}

/** Why the Port filter's text is not a port, or null (empty is "any port"). */
export function portFilterProblem(text: string): string | null {
  return text === '' || portFilterOf(text) !== null
    ? null
    : 'Port must be a number from 1 to 65535: every port is shown until it is one.';
}
