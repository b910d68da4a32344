export { applyEdit } from './applyEdit';
export type { Edit, EditPeer, EditPort, ObjectRef } from './applyEdit';
