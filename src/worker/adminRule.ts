import {
  analyze,
  applyEdit,
  diffAnalyses,
  formatPortSet,
  isPortSetEmpty,
  minimalReplacement,
  parseText,
  type Edit,
} from '../engine/index';
import { adminRuleYaml, planError } from '../state/adminRulePreview';
import type { Model } from './changes';
import type { AdminRulePlan, AdminRulePreview } from './protocol';

/** At most this many lines of each list: the counts say the rest. */
const LISTED = 500;

/**
 * What adding the plan's admin rule does: the YAML appended (a new document, the rest of the text
 * untouched) and every connection it closes or opens, from `diffAnalyses` of the analyses before and
 * after. Runs in the engine worker (the `adminRule` request); `read` analyses the text after the edit
 * (the service's, so what-if pods and options are the workspace's; by default a plain parse).
 */
export function previewAdminRule(
  text: string,
  before: Model,
  plan: AdminRulePlan,
  read: (text: string) => Model = (t) => {
    const cluster = parseText(t).value.cluster;
    return { cluster, analysis: analyze(cluster, before.analysis.options) };
  },
): AdminRulePreview {
  const yaml = adminRuleYaml(plan, before.cluster);
  const edit: Edit = { type: 'add-object', yaml };
  const none = { yaml, edit, closed: [], opened: [], closedCount: 0, openedCount: 0 };
  const invalid = planError(plan);
  if (invalid) return { ...none, error: invalid };
  const r = applyEdit(text, edit);
  const refused = r.diagnostics.find((d) => d.severity === 'error');
  if (refused) return { ...none, error: refused.message };
  // The new document must be read as written: an error in it would mean the rule is not applied.
  const own = parseText(yaml).diagnostics.find((d) => d.severity === 'error');
  if (own) return { ...none, error: own.message };
  const after = read(r.value.text);
  const diff = diffAnalyses(before, after);
  const closed: string[] = [];
  const opened: string[] = [];
  const refs = before.cluster.endpoints;
  let closedCount = 0;
  let openedCount = 0;
  for (const pair of diff.pairs()) {
    const name = () => `${refs[pair.from]!.ref} → ${refs[pair.to]!.ref}`;
    if (!isPortSetEmpty(pair.removed) && closedCount++ < LISTED)
      closed.push(`${name()} (${formatPortSet(pair.removed)})`);
    if (!isPortSetEmpty(pair.added) && openedCount++ < LISTED)
      opened.push(`${name()} (${formatPortSet(pair.added)})`);
  }
  const replacement = minimalReplacement(text, r.value.text);
  return { yaml, edit, closed, opened, closedCount, openedCount, replacement };
}
