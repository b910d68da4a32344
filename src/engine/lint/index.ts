// The lint module's public entry: findings about a workspace's policies.
export { lintWorkspace } from './lintWorkspace';
export { auditWorkspace, AUDIT_TOP_RULES } from './auditWorkspace';
export type { AuditReport, AuditRule } from './auditWorkspace';
export { formatPolicyPorts } from './formatPolicyPorts';
