// The parse module's public entry: reading texts into a workspace with diagnostics.
export { parseWorkspace, parseText, nodeWithin, FAST_PATH_BYTES } from './parseWorkspace';
export type { ParseOptions } from './parseWorkspace';
export { deriveExternalEndpoints, representativeAddress } from './externals';
export { labelKeyProblem, labelValueProblem, portNameValid } from './validate';
export { clusterToManifests } from './clusterToManifests';
export { documentSpans, splitDocuments, type DocumentSpan } from './documents';
export { escapeInvisible, nameProblem } from './validate';
export { jsonPath } from './strict';
export { ParseCache } from './parseCache';
export {
  withGhostPods,
  ghostProblems,
  GHOST_LIMIT,
  GHOST_MAX_LABELS,
  GHOST_MAX_PORTS,
} from './withGhostPods';
