import type { LabelSelector, LabelSelectorRequirement, Labels } from '../types';

/**
 * apimachinery LabelSelector semantics (k8s.io/apimachinery/pkg/apis/meta/v1, LabelSelectorAsSelector):
 * "The requirements are ANDed. An empty label selector matches all objects."
 * A *missing* selector is handled by the caller (it is `null`, never `{}`).
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const key in selector.matchLabels) {
    if (!Object.hasOwn(labels, key) || labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const requirement of selector.matchExpressions) {
    if (!requirementMatches(requirement, labels)) return false;
  }
  return true;
}

export function requirementMatches(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(labels[requirement.key]!);
    case 'NotIn':
      // "NotIn: the label key is absent or its value is not in the set" (labels.Requirement.Matches).
      return !has || !requirement.values.includes(labels[requirement.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // Unreachable by the types: the parser refuses an object with an unknown operator.
      return false;
  }
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/**
 * A stable key: two selectors with equal keys select the same objects. Labels are `"key":"value",` in
 * key order (JSON strings, so no text can fake a separator), then, only if there are expressions, `|`
 * and each expression as JSON in sorted order. The analysis keys every peer of every rule by it.
 */
export function selectorKey(selector: LabelSelector): string {
  const keys = Object.keys(selector.matchLabels);
  if (keys.length > 1) keys.sort();
  let out = '';
  for (const k of keys) out += `${JSON.stringify(k)}:${JSON.stringify(selector.matchLabels[k])},`;
  if (selector.matchExpressions.length === 0) return out;
  const expressions = selector.matchExpressions.map((e) =>
    JSON.stringify([e.key, e.operator, [...e.values].sort()]),
  );
  return `${out}|${expressions.sort().join(',')}`;
}

/** kubectl-style text: `app=web,tier in (a,b),!legacy`; `{}` is "all pods". */
export function formatSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const key of Object.keys(selector.matchLabels)) parts.push(`${key}=${selector.matchLabels[key]}`);
  for (const e of selector.matchExpressions) {
    if (e.operator === 'In') parts.push(`${e.key} in (${e.values.join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${e.values.join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
