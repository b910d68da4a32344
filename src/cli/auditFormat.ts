// Printers for `netpol-lab audit`: what a reviewer looks for first, as text or JSON.
import {
  formatPolicyPorts as portsText,
  type AuditReport,
  type AuditRule,
  type SourceRange,
  type Workspace,
} from '../engine/index';

/** Lists longer than this are cut in the text output (the JSON has them whole). */
const TEXT_LIST = 20;

export function formatAudit(ws: Workspace, report: AuditReport, format: 'text' | 'json'): string {
  const ref = (i: number) => ws.cluster.endpoints[i]!.ref;
  const where = (range: SourceRange | undefined) =>
    range ? `${ws.files[range.file]?.name ?? '<input>'}:${range.line}:${range.col}` : undefined;
  const rule = (r: AuditRule) => ({
    policy: r.policy,
    direction: r.direction,
    rule: r.rule + 1,
    ports: portsText(r.ports),
    ...(r.range ? { at: where(r.range) } : {}),
  });
  if (format === 'json') {
    const json = {
      notIsolated: {
        ingress: report.notIsolated.ingress.map(ref),
        egress: report.notIsolated.egress.map(ref),
      },
      reachableFromOutside: report.reachableFromOutside.map((r) => ({
        pod: ref(r.pod),
        openToAll: r.openToAll,
        rules: r.rules.map(rule),
      })),
      namespacesWithoutDefaultDeny: report.namespacesWithoutDefaultDeny,
      policiesSelectingNothing: report.policiesSelectingNothing.map((p) => ({
        policy: p.policy,
        ...(p.range ? { at: where(p.range) } : {}),
      })),
      rulesAdmittingEveryNamespace: report.rulesAdmittingEveryNamespace.map((r) => ({
        ...rule(r),
        anyAddress: r.anyAddress,
      })),
      mostPermissiveRules: report.mostPermissiveRules.map((r) => ({
        ...rule(r),
        pairs: r.pairs,
        anyAddress: r.anyAddress,
      })),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  const lines: string[] = [];
  const list = (items: string[]) =>
    items.length > TEXT_LIST
      ? `${items.slice(0, TEXT_LIST).join(', ')} and ${items.length - TEXT_LIST} more`
      : items.join(', ') || 'none';
  const ruleText = (r: AuditRule) =>
    `NetworkPolicy ${r.policy}, ${r.direction.toLowerCase()} rule ${r.rule + 1} (${portsText(r.ports)})${r.range ? ` at ${where(r.range)}` : ''}`;
  lines.push(
    `Not isolated for ingress (${report.notIsolated.ingress.length} pods): ${list(report.notIsolated.ingress.map(ref))}`,
  );
  lines.push(
    `Not isolated for egress (${report.notIsolated.egress.length} pods): ${list(report.notIsolated.egress.map(ref))}`,
  );
  lines.push(`Reachable from outside the cluster (${report.reachableFromOutside.length} pods):`);
  for (const r of report.reachableFromOutside.slice(0, TEXT_LIST)) {
    if (r.openToAll) lines.push(`  ${ref(r.pod)}: not isolated for ingress, so every address reaches it`);
    else for (const x of r.rules) lines.push(`  ${ref(r.pod)}: admitted by ${ruleText(x)}`);
  }
  if (report.reachableFromOutside.length > TEXT_LIST)
    lines.push(`  and ${report.reachableFromOutside.length - TEXT_LIST} more pods (--format json lists all)`);
  const missing = report.namespacesWithoutDefaultDeny.map(
    (n) => `${n.namespace} (${[!n.ingress && 'ingress', !n.egress && 'egress'].filter(Boolean).join(', ')})`,
  );
  lines.push(`Namespaces without a default deny (${missing.length}): ${list(missing)}`);
  lines.push(
    `Policies that select nothing (${report.policiesSelectingNothing.length}): ${list(
      report.policiesSelectingNothing.map((p) => (p.range ? `${p.policy} at ${where(p.range)}` : p.policy)),
    )}`,
  );
  lines.push(`Rules that admit every namespace (${report.rulesAdmittingEveryNamespace.length}):`);
  for (const r of report.rulesAdmittingEveryNamespace.slice(0, TEXT_LIST))
    lines.push(`  ${ruleText(r)}${r.anyAddress ? ', and any address outside the cluster' : ''}`);
  lines.push('Most permissive rules (pod pairs admitted):');
  for (const r of report.mostPermissiveRules)
    lines.push(
      `  ${String(r.pairs).padStart(9)}  ${ruleText(r)}${r.anyAddress ? ', and outside addresses' : ''}`,
    );
  return `${lines.join('\n')}\n`;
}
