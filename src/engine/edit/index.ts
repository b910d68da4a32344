// The edit module's public entry: applyEdit turns one visual edit into a minimal change of the YAML text.
export { applyEdit } from './applyEdit';
export type { Edit, EditContext, EditOutcome, EditPeer, EditPort, EditResult, ObjectRef } from './applyEdit';
export { applyReplacement, minimalReplacement } from './textChange';
export type { TextReplacement } from './textChange';
export type { EditRefusal } from '../messages';
