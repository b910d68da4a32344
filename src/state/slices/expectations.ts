// Expectations written in the app ("web -> db:3306 denied"): the list, its import from and export to
// the file `netpol-lab assert` reads (DESIGN 2.3), and the results the engine worker last gave for it
// (see ../expectationChecks.ts, which asks for them after every evaluation and every change of the list).
import {
  formatExpectations,
  portNameValid,
  type ExpectationProblem,
  type ExpectationSpec,
} from '../../engine/index';
import type { EngineClient } from '../engineClient';
import type { ExpectationResult } from '../../worker/protocol';
import type { SliceCreator } from './types';

export type { ExpectationSpec, ExpectationProblem };

export interface ExpectationItem extends ExpectationSpec {
  id: string;
}

/** The worker's last results: for which text and list, and per expectation id with the spec it checked. */
export interface ExpectationResults {
  text: string;
  list: readonly ExpectationItem[];
  byId: Readonly<Record<string, { key: string; result: ExpectationResult }>>;
}

/** What the last import read: how many it added, and each mistake at its line and column. */
export interface ExpectationImport {
  fileName: string;
  added: number;
  duplicates: number;
  /** Expectations past MAX_EXPECTATIONS, not added. */
  dropped: number;
  errors: ExpectationProblem[];
}

/** Expectations kept at most: each is an explanation computed in the worker on every evaluation. */
export const MAX_EXPECTATIONS = 1000;
/** An expectations file bigger than this is not one: refused before it is read. */
export const MAX_EXPECTATIONS_FILE = 1024 * 1024;

export interface ExpectationsSlice {
  expectations: ExpectationItem[];
  expectationResults: ExpectationResults | null;
  expectationImport: ExpectationImport | null;
  /** The file an import is reading, while the worker reads it. */
  expectationImportReading: string | null;
  /** Adds one (validated with `expectationProblem` first); returns its id, or null past the limit. */
  addExpectation: (spec: ExpectationSpec) => string | null;
  updateExpectation: (id: string, spec: ExpectationSpec) => void;
  removeExpectation: (id: string) => void;
  /** Adds those of `list` not in the list already (a restored or shared workspace's); returns how many. */
  mergeExpectations: (list: readonly ExpectationSpec[]) => number;
  /**
   * Reads an expectations file (in the engine worker: a 1 MB file takes seconds) and adds what reads;
   * mistakes are kept in `expectationImport`. Null when the worker dropped the request.
   */
  importExpectations: (text: string, fileName: string) => Promise<ExpectationImport | null>;
  dismissExpectationImport: () => void;
  /** The file for `netpol-lab assert --expect`. */
  exportExpectations: () => string;
  setExpectationResults: (results: ExpectationResults | null) => void;
}

/** What identifies an expectation's meaning: two with the same key are the same expectation. */
export const expectationKey = (e: ExpectationSpec) =>
  JSON.stringify([e.from, e.to, e.port, e.protocol, e.allowed]);

export const specOf = ({ from, to, port, protocol, allowed }: ExpectationSpec): ExpectationSpec => ({
  from,
  to,
  port,
  protocol,
  allowed,
});

/** Why a typed expectation cannot be kept, or null when it can. */
export function expectationProblem(e: ExpectationSpec): string | null {
  if (!e.from.trim()) return 'From needs a REF: namespace/name, namespace/kind/name or ip:ADDRESS.';
  if (!e.to.trim()) return 'To needs a REF: namespace/name, namespace/kind/name or ip:ADDRESS.';
  if (e.from.length > 1000 || e.to.length > 1000) return 'A REF is at most 1,000 characters.';
  if (typeof e.port === 'number') {
    if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) return 'Port must be 1 to 65535.';
  } else if (!portNameValid(e.port))
    return 'Port must be a number (1 to 65535) or a container port name (up to 15 lower-case letters, digits and dashes).';
  return null;
}

/** A port as typed: a number when it is one. */
export const portOf = (text: string): number | string =>
  /^\d+$/.test(text.trim()) ? Number(text) : text.trim();

export const createExpectationsSlice =
  (engine: () => EngineClient): SliceCreator<ExpectationsSlice> =>
  (set, get) => {
    let next = 1;
    const withIds = (list: readonly ExpectationSpec[]) =>
      list.map((e): ExpectationItem => ({ ...specOf(e), id: `x${next++}` }));
    /** The new ones of `list` (not in the list, nor repeated), up to the limit. */
    const fresh = (list: readonly ExpectationSpec[]) => {
      const seen = new Set(get().expectations.map(expectationKey));
      const added: ExpectationSpec[] = [];
      let duplicates = 0;
      for (const e of list) {
        const key = expectationKey(e);
        if (seen.has(key)) duplicates++;
        else {
          seen.add(key);
          added.push(e);
        }
      }
      const room = Math.max(0, MAX_EXPECTATIONS - get().expectations.length);
      return { added: added.slice(0, room), duplicates, dropped: Math.max(0, added.length - room) };
    };
    return {
      expectations: [],
      expectationResults: null,
      expectationImport: null,
      expectationImportReading: null,
      addExpectation: (spec) => {
        if (get().expectations.length >= MAX_EXPECTATIONS) return null;
        const [item] = withIds([spec]);
        set((s) => ({ expectations: [...s.expectations, item!] }));
        return item!.id;
      },
      updateExpectation: (id, spec) =>
        set((s) => ({
          expectations: s.expectations.map((e) => (e.id === id ? { ...specOf(spec), id } : e)),
        })),
      removeExpectation: (id) => set((s) => ({ expectations: s.expectations.filter((e) => e.id !== id) })),
      mergeExpectations: (list) => {
        const { added } = fresh(list);
        if (added.length) set((s) => ({ expectations: [...s.expectations, ...withIds(added)] }));
        return added.length;
      },
      importExpectations: async (text, fileName) => {
        let report: ExpectationImport;
        if (text.length > MAX_EXPECTATIONS_FILE)
          report = {
            fileName,
            added: 0,
            duplicates: 0,
            dropped: 0,
            errors: [
              {
                line: 1,
                col: 1,
                message: `the file is over ${MAX_EXPECTATIONS_FILE / 1024 / 1024} MB: not an expectations file`,
              },
            ],
          };
        else {
          // The file only: the workspace text and options do not enter the reading.
          const read = await engine().request('readExpectations', { file: text, text: '', options: {} });
          if (!read) return null;
          const { added, duplicates, dropped } = fresh(read.value);
          if (added.length) set((s) => ({ expectations: [...s.expectations, ...withIds(added)] }));
          report = { fileName, added: added.length, duplicates, dropped, errors: read.errors };
        }
        set({ expectationImport: report });
        return report;
      },
      dismissExpectationImport: () => set({ expectationImport: null }),
      exportExpectations: () => formatExpectations(get().expectations),
      setExpectationResults: (expectationResults) => set({ expectationResults }),
    };
  };
