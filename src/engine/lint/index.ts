export { lintWorkspace } from './lintWorkspace';
