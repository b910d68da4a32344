// The audit of the analysed workspace, computed once per analysis and only when a view asks for it
// (the Audit panel), so editing with the panel closed costs nothing more.
import { auditWorkspace, type Analysis, type AuditReport, type Workspace } from '../engine/index';

const reports = new WeakMap<Analysis, { workspace: Workspace; report: AuditReport }>();

export function auditFor(workspace: Workspace, analysis: Analysis): AuditReport {
  const cached = reports.get(analysis);
  if (cached && cached.workspace === workspace) return cached.report;
  const report = auditWorkspace(workspace, analysis.options, analysis);
  reports.set(analysis, { workspace, report });
  return report;
}
