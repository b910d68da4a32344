// The selection (an endpoint, a pair or a namespace) and the editor range asked to be revealed.
import type { SliceCreator } from './types';

export type Selection =
  | { type: 'endpoint'; index: number }
  | { type: 'pair'; from: number; to: number }
  | { type: 'namespace'; name: string }
  | null;

export interface SelectionSlice {
  selection: Selection;
  select: (selection: Selection) => void;
  /** Ask the editor to reveal and highlight a range (offsets into the text). */
  reveal: { line: number; endLine: number; nonce: number } | null;
  revealLines: (line: number, endLine: number) => void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set) => ({
  selection: null,
  select: (selection) => set({ selection }),
  reveal: null,
  revealLines: (line, endLine) =>
    set((s) => ({ reveal: { line, endLine, nonce: (s.reveal?.nonce ?? 0) + 1 } })),
});
