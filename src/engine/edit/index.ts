export { applyEdit } from './applyEdit';
export type { Edit, EditPeer, EditPort, ObjectRef } from './applyEdit';
export { applyReplacement, minimalReplacement } from './textChange';
export type { TextReplacement } from './textChange';
