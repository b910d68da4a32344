// The engine's only public surface: everything outside src/engine imports from here, by name. Internals
// (the compiled analysis's packing, the reference evaluator, the parser's helpers) stay unexported;
// tests and the bench that need them import their modules directly.
export type * from './types';
export {
  parseWorkspace,
  parseText,
  nodeWithin,
  FAST_PATH_BYTES,
  splitDocuments,
  escapeInvisible,
  type ParseOptions,
  type DocumentSpan,
} from './parse/index';
export {
  selectorMatches,
  normalizeCidr,
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  PROTOCOLS,
  formatPortSet,
  intersectPortSets,
  isPortSetEmpty,
  portSetHas,
  portSetOf,
  portSetPasses,
  portSetsEqual,
  protocolPortSet,
  unionPortSets,
} from './match/index';
export {
  analyze,
  analysisFromData,
  analysisToData,
  analysisTransferables,
  evaluateConnection,
  resolveRef,
  diffAnalyses,
  METADATA_NAME_LABEL,
  type AnalysisData,
  type ResolvedRef,
  type ConnectivityDiff,
  type DiffGroup,
  type GroupChange,
  type PairChange,
} from './evaluate/index';
export {
  explainVerdict,
  formatVerdict,
  adminPoliciesSelecting,
  describeAdminPolicy,
  representativePort,
  tierChain,
  tierLabel,
  TIER_ORDER,
  type DirectionChain,
  type ExplanationStep,
  type TierName,
  type TierRow,
} from './explain/index';
export {
  applyEdit,
  applyReplacement,
  minimalReplacement,
  type Edit,
  type EditOutcome,
  type EditResult,
  type EditRefusal,
  type EditPeer,
  type EditPort,
  type ObjectRef,
  type TextReplacement,
} from './edit/index';
export {
  lintWorkspace,
  auditWorkspace,
  AUDIT_TOP_RULES,
  formatPolicyPorts,
  type AuditReport,
  type AuditRule,
} from './lint/index';
export {
  CSV_PAIR_LIMIT,
  csvByNamespace,
  evalCsvChunks,
  writeEvalCsv,
  countGroupPairs,
  groupPairs,
  passesFilter,
  type GroupPairs,
  type PortFilter,
} from './report/index';
