import { describe, expect, it } from 'vitest';
import {
  COLLAPSED,
  DEFAULT_PANES,
  GRAPH_MIN,
  KEY_STEP,
  PANE_MIN,
  SPLITTER,
  resize,
  resolveWidths,
  splitterKey,
} from './panes';

describe('pane widths', () => {
  it('fit the window at every size from 1024 px up, leaving the graph its minimum', () => {
    for (const total of [1024, 1280, 1440, 1920]) {
      const w = resolveWidths(DEFAULT_PANES, total);
      expect(w.editor + w.side + w.graph + 2 * SPLITTER).toBe(total);
      expect(w.graph).toBeGreaterThanOrEqual(GRAPH_MIN);
      expect(w.editor).toBeGreaterThanOrEqual(PANE_MIN);
    }
  });

  it('shrink panes asked too wide (a layout from a wider window) instead of overflowing', () => {
    const w = resolveWidths({ ...DEFAULT_PANES, editor: 900, side: 700 }, 1024);
    expect(w.editor + w.side + w.graph + 2 * SPLITTER).toBe(1024);
    expect(w.graph).toBe(GRAPH_MIN);
    expect(w.side).toBeGreaterThanOrEqual(PANE_MIN);
  });

  it('give a collapsed pane only its strip, and the graph the rest', () => {
    const w = resolveWidths({ ...DEFAULT_PANES, editorCollapsed: true }, 1280);
    expect(w.editor).toBe(COLLAPSED);
    expect(w.graph).toBe(1280 - COLLAPSED - w.side - 2 * SPLITTER);
  });

  it('clamp a drag to the minimum and to what leaves the graph its room', () => {
    expect(resize(DEFAULT_PANES, 'editor', 10, 1280).editor).toBe(PANE_MIN);
    const side = resolveWidths(DEFAULT_PANES, 1280).side;
    expect(resize(DEFAULT_PANES, 'editor', 5000, 1280).editor).toBe(1280 - side - 2 * SPLITTER - GRAPH_MIN);
  });

  it('move with the arrow keys the way the splitter points, and Enter collapses and opens', () => {
    const start = resolveWidths(DEFAULT_PANES, 1440);
    expect(splitterKey(DEFAULT_PANES, 'editor', 'ArrowRight', false, 1440)!.editor).toBe(
      start.editor + KEY_STEP,
    );
    // The side panel's splitter is on its left: moving it right makes the panel narrower.
    expect(splitterKey(DEFAULT_PANES, 'side', 'ArrowRight', true, 1440)!.side).toBe(
      start.side - 4 * KEY_STEP,
    );
    expect(splitterKey(DEFAULT_PANES, 'side', 'Home', false, 1440)!.side).toBe(PANE_MIN);
    const closed = splitterKey(DEFAULT_PANES, 'editor', 'Enter', false, 1440)!;
    expect(closed.editorCollapsed).toBe(true);
    expect(splitterKey(closed, 'editor', 'Enter', false, 1440)!.editorCollapsed).toBe(false);
    expect(splitterKey(DEFAULT_PANES, 'editor', 'a', false, 1440)).toBeNull();
  });
});
