/**
 * Widths of the three panes (editor | graph | side panel), in CSS pixels. Pure, so the rules are
 * tested in Node: the graph keeps at least GRAPH_MIN, each side pane stays between PANE_MIN and what
 * the graph leaves, and a collapsed pane takes only its strip.
 */
export const PANE_MIN = 220;
export const GRAPH_MIN = 320;
/** A collapsed pane: a strip with the button that brings it back. */
export const COLLAPSED = 34;
/** The splitters' own width. */
export const SPLITTER = 6;
/** One arrow key press moves a splitter this far; with Shift, four times as far. */
export const KEY_STEP = 24;

export interface Panes {
  /** null: the default share of the window. */
  editor: number | null;
  side: number | null;
  editorCollapsed: boolean;
  sideCollapsed: boolean;
}

export const DEFAULT_PANES: Panes = {
  editor: null,
  side: null,
  editorCollapsed: false,
  sideCollapsed: false,
};

/** The default widths: 30% and 28% of the window, never under PANE_MIN. */
export function defaultWidths(total: number): { editor: number; side: number } {
  return {
    editor: Math.max(PANE_MIN, Math.round(total * 0.3)),
    side: Math.max(PANE_MIN, Math.round(total * 0.28)),
  };
}

/** The widths actually drawn in a window `total` px wide: what was asked, clamped so everything fits. */
export function resolveWidths(p: Panes, total: number): { editor: number; side: number; graph: number } {
  const d = defaultWidths(total);
  let editor = p.editorCollapsed ? COLLAPSED : (p.editor ?? d.editor);
  let side = p.sideCollapsed ? COLLAPSED : (p.side ?? d.side);
  const room = total - 2 * SPLITTER - GRAPH_MIN;
  // Too wide for the window: take the excess from the wider open pane first, down to PANE_MIN each.
  let excess = editor + side - room;
  const shrink = (w: number, collapsed: boolean) => {
    if (collapsed || excess <= 0) return w;
    const cut = Math.min(excess, Math.max(0, w - PANE_MIN));
    excess -= cut;
    return w - cut;
  };
  if (editor >= side) {
    editor = shrink(editor, p.editorCollapsed);
    side = shrink(side, p.sideCollapsed);
  } else {
    side = shrink(side, p.sideCollapsed);
    editor = shrink(editor, p.editorCollapsed);
  }
  return { editor, side, graph: Math.max(0, total - editor - side - 2 * SPLITTER) };
}

/** The largest width a pane may take next to the other one. */
export function maxWidth(total: number, other: number): number {
  return Math.max(PANE_MIN, total - other - 2 * SPLITTER - GRAPH_MIN);
}

/** A splitter moved (by dragging or a key) to make `pane` `width` px wide: clamped, and opened. */
export function resize(p: Panes, pane: 'editor' | 'side', width: number, total: number): Panes {
  const current = resolveWidths(p, total);
  const other = pane === 'editor' ? current.side : current.editor;
  const w = Math.round(Math.min(maxWidth(total, other), Math.max(PANE_MIN, width)));
  return pane === 'editor'
    ? { ...p, editor: w, editorCollapsed: false }
    : { ...p, side: w, sideCollapsed: false };
}

/**
 * A key on a splitter: arrows move it, Home and End take the pane to its smallest and largest, Enter
 * collapses or opens it. null: not a key of the splitter (the event goes on).
 */
export function splitterKey(
  p: Panes,
  pane: 'editor' | 'side',
  key: string,
  shift: boolean,
  total: number,
): Panes | null {
  const current = resolveWidths(p, total);
  const width = pane === 'editor' ? current.editor : current.side;
  const other = pane === 'editor' ? current.side : current.editor;
  const step = KEY_STEP * (shift ? 4 : 1);
  // The editor's splitter is on its right, the side panel's on its left: ArrowRight moves both right.
  const grow = pane === 'editor' ? 1 : -1;
  switch (key) {
    case 'ArrowRight':
      return resize(p, pane, width + grow * step, total);
    case 'ArrowLeft':
      return resize(p, pane, width - grow * step, total);
    case 'Home':
      return resize(p, pane, PANE_MIN, total);
    case 'End':
      return resize(p, pane, maxWidth(total, other), total);
    case 'Enter':
      return pane === 'editor'
        ? { ...p, editorCollapsed: !p.editorCollapsed }
        : { ...p, sideCollapsed: !p.sideCollapsed };
    default:
      return null;
  }
}
