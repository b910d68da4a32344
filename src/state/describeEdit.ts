import { minimalReplacement, type Edit } from '../engine/index';

/**
 * What an applied edit did, in words, for the confirmation shown where it was made. `policy` says how
 * the NetworkPolicy found at the changed line is named once the new text is evaluated: "to" a policy
 * that received a rule, "in" a policy that was written for the action, or not at all.
 */
export interface EditDescription {
  action: string;
  policy: 'to' | 'in' | null;
}

const ref = (namespace: string | undefined, name: string) => (namespace ? `${namespace}/${name}` : name);

export function describeEdit(edit: Edit): EditDescription {
  switch (edit.type) {
    case 'add-ingress-rule':
      return { action: 'Added an ingress rule', policy: 'to' };
    case 'add-egress-rule':
      return { action: 'Added an egress rule', policy: 'to' };
    case 'remove-rule':
    case 'remove-peer':
    case 'remove-port':
      return {
        action: `Removed ${edit.type === 'remove-rule' ? 'an' : 'a'} ${edit.type.slice('remove-'.length)} from ${edit.direction.toLowerCase()} rule ${edit.ruleIndex + 1} of ${ref(edit.policy.namespace, edit.policy.name)}`,
        policy: null,
      };
    case 'add-default-deny':
      return {
        action: `Denied all ${edit.policyTypes.map((t) => t.toLowerCase()).join(' and ')} in namespace ${edit.namespace}`,
        policy: 'in',
      };
    case 'allow-dns':
      return { action: `Allowed DNS from namespace ${edit.namespace}`, policy: 'in' };
    case 'set-labels':
      return { action: `Changed the labels of ${edit.kind} ${ref(edit.namespace, edit.name)}`, policy: null };
    case 'add-object': {
      const kind = /^kind:\s*(\S+)/m.exec(edit.yaml)?.[1] ?? 'object';
      const name = /^\s+name:\s*(\S+)/m.exec(edit.yaml)?.[1];
      const ns = /^\s+namespace:\s*(\S+)/m.exec(edit.yaml)?.[1];
      return { action: `Added ${kind}${name ? ` ${ref(ns, name)}` : ''}`, policy: null };
    }
    case 'delete-object':
      return { action: `Deleted ${edit.kind} ${ref(edit.namespace, edit.name)}`, policy: null };
    case 'delete-namespace':
      return { action: `Deleted namespace ${edit.name} and everything in it`, policy: null };
    case 'convert-legacy-policy':
      return { action: `Converted ${ref(edit.namespace, edit.name)} to networking.k8s.io/v1`, policy: null };
  }
}

/** The lines (1-based, inclusive) of `after` that an edit from `before` wrote, or removed around. */
export function changedLines(before: string, after: string): { line: number; endLine: number } {
  // Compared a block at a time: a character loop over a 30 MB export is a long task of its own.
  const change = minimalReplacement(before, after);
  const start = change?.start ?? after.length;
  const endA = change ? change.start + change.text.length : after.length;
  // From the start of the line where the texts part, to the line where the new text ends.
  const line = countLines(after, start);
  const endLine = Math.max(
    line,
    line + countLines(after.slice(start, Math.max(start, endA - 1)), Infinity) - 1,
  );
  return { line, endLine };
}

function countLines(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
