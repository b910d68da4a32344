// The evaluate module's public entry: the fast analysis, one connection's verdict and the reference.
export { evaluateConnection, resolvePort, policyRef } from './evaluateConnection';
export { referenceAllowed } from './reference';
export { analyze, analysisFromData, analysisToData, analysisTransferables, compileAnalysis } from './analyze';
export type { AnalysisData } from './analyze';
export { resolveRef } from './resolveRef';
export type { ResolvedRef } from './resolveRef';
export {
  peerMatches,
  policyPortMatches,
  policySelects,
  resolveNamedPort,
  namespaceLabelsOf,
  METADATA_NAME_LABEL,
} from './common';
export { diffAnalyses } from './diffAnalyses';
export type { ConnectivityDiff, DiffGroup, GroupChange, PairChange } from './diffAnalyses';
