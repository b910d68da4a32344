export { CSV_PAIR_LIMIT, csvByNamespace, evalCsvChunks, writeEvalCsv } from './csv';
export { groupPairs, groupPairsSteps, passesFilter, type GroupPairs, type PortFilter } from './groupPairs';
