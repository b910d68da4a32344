// The engine's pure helpers that the page may call directly. Each costs what its own small input
// costs (a port set, a label map, a string splice), never what the cluster costs: parsing, analysis,
// edits, previews and explanations run in the engine worker (see src/worker/protocol.ts), and the
// lint rule in eslint.config.js keeps value imports of src/engine out of src/ui. One exception:
// `countGroupPairs`, the heat map's counts, costs the class edges of the analysis the page already
// holds (never its pod pairs).
export {
  adminPoliciesSelecting,
  describeAdminPolicy,
  tierLabel,
  applyReplacement,
  countGroupPairs,
  formatPolicyPorts,
  formatPortSet,
  ghostProblems,
  GHOST_LIMIT,
  labelKeyProblem,
  labelValueProblem,
  isPortSetEmpty,
  METADATA_NAME_LABEL,
  minimalReplacement,
  portSetPasses,
  selectorMatches,
} from '../engine/index';
