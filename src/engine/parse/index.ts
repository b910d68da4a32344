export { parseWorkspace, parseText, nodeWithin, FAST_PATH_BYTES } from './parseWorkspace';
export type { ParseOptions } from './parseWorkspace';
export { deriveExternalEndpoints, representativeAddress } from './externals';
export { labelKeyProblem, labelValueProblem, portNameValid } from './validate';
export { clusterToManifests } from './clusterToManifests';
