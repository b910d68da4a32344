import type React from 'react';

/**
 * The keyboard of a WAI-ARIA 1.2 combobox with a listbox popup (list autocomplete), shared by Focus pod
 * and Find anything: the input keeps the focus and the caret, the active option is announced through
 * aria-activedescendant. `comboboxKey` is the pure part (which key does what, in which state);
 * `useComboboxKeys` applies it to a keydown event.
 */
export interface ComboboxKeyOptions {
  /** ArrowDown past the last option goes to the first, ArrowUp before the first to the last; else they stop. */
  wrap: boolean;
  /** PageDown/PageUp move by this many options while the list is shown; 0 leaves them to the input. */
  pageRows: number;
  /** Home/End go to the first/last option while the list is shown; else they move the caret. */
  homeEnd: boolean;
}

export interface ComboboxKeyState {
  /** The popup is wanted (the arrows open it when it is not). */
  open: boolean;
  /** The list is on screen, so PageUp/PageDown, Home/End and Enter act on it. */
  listShown: boolean;
  /** Options in the list. */
  count: number;
  /** The active option (0 when the list is empty). */
  current: number;
  /** Something is typed: Escape with the list closed clears it. */
  typed: boolean;
}

export type ComboboxAction =
  /** Not a combobox key here: the input handles it (the caret moves, a character is typed). */
  | { type: 'none' }
  /** Consumed, with nothing to do (an arrow over an empty list). */
  | { type: 'handled' }
  | { type: 'open' }
  | { type: 'move'; to: number }
  | { type: 'pick'; index: number }
  /** Escape with the list open: only the list closes (inside a dialog, not the dialog). */
  | { type: 'close' }
  /** Escape with the list closed: what was typed goes. */
  | { type: 'clear' };

const clamp = (to: number, count: number) => Math.max(0, Math.min(count - 1, to));

export function comboboxKey(
  state: ComboboxKeyState,
  key: string,
  options: ComboboxKeyOptions,
): ComboboxAction {
  const { open, listShown, count, current } = state;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!open) return { type: 'open' };
      if (count === 0) return { type: 'handled' };
      const step = key === 'ArrowDown' ? 1 : -1;
      return {
        type: 'move',
        to: options.wrap ? (current + step + count) % count : clamp(current + step, count),
      };
    }
    case 'PageDown':
    case 'PageUp':
      if (options.pageRows <= 0 || !listShown) return { type: 'none' };
      if (count === 0) return { type: 'handled' };
      return {
        type: 'move',
        to: clamp(current + (key === 'PageDown' ? options.pageRows : -options.pageRows), count),
      };
    case 'Home':
    case 'End':
      if (!options.homeEnd || !listShown || count === 0) return { type: 'none' };
      return { type: 'move', to: key === 'Home' ? 0 : count - 1 };
    case 'Enter':
      if (!listShown || count === 0) return { type: 'none' };
      return { type: 'pick', index: clamp(current, count) };
    case 'Escape':
      if (open) return { type: 'close' };
      if (state.typed) return { type: 'clear' };
      return { type: 'none' };
    default:
      return { type: 'none' };
  }
}

/** The active option, clamped to the list (the list may have shrunk since it was chosen). */
export function activeOption(active: number, count: number): number {
  return Math.min(active, Math.max(0, count - 1));
}

/** aria-activedescendant of the input: the active option's id while the list shows options. */
export function activeDescendant(listId: string, listShown: boolean, count: number, current: number) {
  return listShown && count > 0 ? `${listId}-${current}` : undefined;
}

export interface ComboboxKeyHandlers {
  onOpen(): void;
  onMove(to: number): void;
  onPick(index: number): void;
  onClose(): void;
  onClear(): void;
}

/** The input's keydown handler: every key the combobox takes is kept from the page (preventDefault). */
export function useComboboxKeys(
  state: ComboboxKeyState,
  options: ComboboxKeyOptions,
  handlers: ComboboxKeyHandlers,
): (e: React.KeyboardEvent<HTMLInputElement>) => void {
  return (e) => {
    const action = comboboxKey(state, e.key, options);
    if (action.type === 'none') return;
    e.preventDefault();
    switch (action.type) {
      case 'open':
        handlers.onOpen();
        break;
      case 'move':
        handlers.onMove(action.to);
        break;
      case 'pick':
        handlers.onPick(action.index);
        break;
      case 'close':
        // Inside a dialog the first Escape closes the list, not the dialog.
        e.stopPropagation();
        handlers.onClose();
        break;
      case 'clear':
        handlers.onClear();
        break;
    }
  };
}
