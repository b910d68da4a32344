// The report module's public entry: CSV exports, per-namespace pair counts and the expectations file.
export { CSV_PAIR_LIMIT, csvByNamespace, evalCsvChunks, writeEvalCsv } from './csv';
export {
  countGroupPairs,
  groupPairs,
  groupPairsSteps,
  passesFilter,
  type GroupPairCounts,
  type GroupPairs,
  type PortFilter,
} from './groupPairs';
export {
  checkExpectation,
  formatExpectations,
  parseExpectations,
  readExpectations,
  type Expectation,
  type ExpectationCheck,
  type ExpectationProblem,
  type ExpectationSpec,
} from './expectations';
