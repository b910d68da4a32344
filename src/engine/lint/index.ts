export { lintWorkspace } from './lintWorkspace';
export { auditWorkspace, AUDIT_TOP_RULES } from './auditWorkspace';
export type { AuditReport, AuditRule } from './auditWorkspace';
export { formatPolicyPorts } from './formatPolicyPorts';
