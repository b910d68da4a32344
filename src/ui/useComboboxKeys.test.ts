import { describe, expect, it, vi } from 'vitest';
import type React from 'react';
import {
  activeDescendant,
  activeOption,
  comboboxKey,
  useComboboxKeys,
  type ComboboxKeyOptions,
  type ComboboxKeyState,
} from './useComboboxKeys';

// As the two comboboxes use it: Focus pod stops at the ends and pages; Find anything wraps and has Home/End.
const FOCUS: ComboboxKeyOptions = { wrap: false, pageRows: 12, homeEnd: false };
const FIND: ComboboxKeyOptions = { wrap: true, pageRows: 0, homeEnd: true };
const shown = (count: number, current: number): ComboboxKeyState => ({
  open: true,
  listShown: true,
  count,
  current,
  typed: true,
});

describe('comboboxKey', () => {
  it('opens the list with an arrow when it is closed, whatever the options', () => {
    const closed = { open: false, listShown: false, count: 5, current: 0, typed: false };
    for (const options of [FOCUS, FIND])
      for (const key of ['ArrowDown', 'ArrowUp'])
        expect(comboboxKey(closed, key, options)).toEqual({ type: 'open' });
  });

  it('moves one option with the arrows, stopping at the ends or wrapping around', () => {
    expect(comboboxKey(shown(5, 2), 'ArrowDown', FOCUS)).toEqual({ type: 'move', to: 3 });
    expect(comboboxKey(shown(5, 2), 'ArrowUp', FOCUS)).toEqual({ type: 'move', to: 1 });
    expect(comboboxKey(shown(5, 4), 'ArrowDown', FOCUS)).toEqual({ type: 'move', to: 4 });
    expect(comboboxKey(shown(5, 0), 'ArrowUp', FOCUS)).toEqual({ type: 'move', to: 0 });
    expect(comboboxKey(shown(5, 4), 'ArrowDown', FIND)).toEqual({ type: 'move', to: 0 });
    expect(comboboxKey(shown(5, 0), 'ArrowUp', FIND)).toEqual({ type: 'move', to: 4 });
  });

  it('takes an arrow over an empty list without moving', () => {
    for (const options of [FOCUS, FIND])
      expect(comboboxKey(shown(0, 0), 'ArrowDown', options)).toEqual({ type: 'handled' });
  });

  it('pages by the page size within the list, and only where paging is on and the list shows', () => {
    expect(comboboxKey(shown(100, 5), 'PageDown', FOCUS)).toEqual({ type: 'move', to: 17 });
    expect(comboboxKey(shown(100, 5), 'PageUp', FOCUS)).toEqual({ type: 'move', to: 0 });
    expect(comboboxKey(shown(10, 5), 'PageDown', FOCUS)).toEqual({ type: 'move', to: 9 });
    expect(comboboxKey(shown(100, 5), 'PageDown', FIND)).toEqual({ type: 'none' });
    expect(comboboxKey({ ...shown(100, 5), listShown: false }, 'PageDown', FOCUS)).toEqual({
      type: 'none',
    });
  });

  it('goes to the first or last option with Home/End where they are on; else the caret moves', () => {
    expect(comboboxKey(shown(7, 3), 'Home', FIND)).toEqual({ type: 'move', to: 0 });
    expect(comboboxKey(shown(7, 3), 'End', FIND)).toEqual({ type: 'move', to: 6 });
    expect(comboboxKey(shown(7, 3), 'Home', FOCUS)).toEqual({ type: 'none' });
    expect(comboboxKey(shown(0, 0), 'End', FIND)).toEqual({ type: 'none' });
    expect(comboboxKey({ ...shown(7, 3), listShown: false }, 'End', FIND)).toEqual({ type: 'none' });
  });

  it('picks the active option with Enter, only from a shown list with options', () => {
    expect(comboboxKey(shown(3, 2), 'Enter', FOCUS)).toEqual({ type: 'pick', index: 2 });
    expect(comboboxKey(shown(3, 2), 'Enter', FIND)).toEqual({ type: 'pick', index: 2 });
    expect(comboboxKey(shown(0, 0), 'Enter', FIND)).toEqual({ type: 'none' });
    expect(comboboxKey({ ...shown(3, 2), listShown: false }, 'Enter', FOCUS)).toEqual({ type: 'none' });
  });

  it('closes an open list with Escape, then clears what was typed, then leaves Escape alone', () => {
    expect(comboboxKey(shown(3, 0), 'Escape', FIND)).toEqual({ type: 'close' });
    const closedTyped = { open: false, listShown: false, count: 3, current: 0, typed: true };
    expect(comboboxKey(closedTyped, 'Escape', FIND)).toEqual({ type: 'clear' });
    expect(comboboxKey({ ...closedTyped, typed: false }, 'Escape', FIND)).toEqual({ type: 'none' });
  });

  it('leaves typing keys to the input', () => {
    for (const key of ['a', ' ', 'Backspace', 'ArrowLeft', 'Tab'])
      expect(comboboxKey(shown(3, 1), key, FIND)).toEqual({ type: 'none' });
  });
});

describe('activeOption and activeDescendant', () => {
  it('clamp the active option to a list that shrank, and name it only while options show', () => {
    expect(activeOption(9, 4)).toBe(3);
    expect(activeOption(2, 4)).toBe(2);
    expect(activeOption(5, 0)).toBe(0);
    expect(activeDescendant('list', true, 4, 3)).toBe('list-3');
    expect(activeDescendant('list', false, 4, 3)).toBeUndefined();
    expect(activeDescendant('list', true, 0, 0)).toBeUndefined();
  });
});

describe('useComboboxKeys', () => {
  const event = (key: string) =>
    ({
      key,
      preventDefault: vi.fn(),
      stopPropagation: vi.fn(),
    }) as unknown as React.KeyboardEvent<HTMLInputElement> & {
      preventDefault: ReturnType<typeof vi.fn>;
      stopPropagation: ReturnType<typeof vi.fn>;
    };
  const handlers = () => ({
    onOpen: vi.fn(),
    onMove: vi.fn(),
    onPick: vi.fn(),
    onClose: vi.fn(),
    onClear: vi.fn(),
  });

  it('calls the handler of the action, keeps every key it takes from the page, and only Escape closing a list from a dialog', () => {
    const h = handlers();
    const onKeyDown = useComboboxKeys(shown(4, 1), FIND, h);
    const down = event('ArrowDown');
    onKeyDown(down);
    expect(h.onMove).toHaveBeenCalledWith(2);
    expect(down.preventDefault).toHaveBeenCalled();
    expect(down.stopPropagation).not.toHaveBeenCalled();
    const enter = event('Enter');
    onKeyDown(enter);
    expect(h.onPick).toHaveBeenCalledWith(1);
    const escape = event('Escape');
    onKeyDown(escape);
    expect(h.onClose).toHaveBeenCalledOnce();
    expect(escape.stopPropagation).toHaveBeenCalled();
    const typing = event('x');
    onKeyDown(typing);
    expect(typing.preventDefault).not.toHaveBeenCalled();
    expect(h.onOpen).not.toHaveBeenCalled();
    expect(h.onClear).not.toHaveBeenCalled();
  });

  it('clears with Escape once the list is closed, leaving the event to the page', () => {
    const h = handlers();
    const escape = event('Escape');
    useComboboxKeys({ open: false, listShown: false, count: 0, current: 0, typed: true }, FIND, h)(escape);
    expect(h.onClear).toHaveBeenCalledOnce();
    expect(escape.preventDefault).toHaveBeenCalled();
    expect(escape.stopPropagation).not.toHaveBeenCalled();
  });
});
