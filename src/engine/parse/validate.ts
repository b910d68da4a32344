// Validation rules of the API server (k8s.io/apimachinery/pkg/util/validation), for labels and names.

import { memoize } from '../memo';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

// Every pod repeats a few label keys and values: each is checked once (10,000 pods carry 50,000 labels).
// Texts too long to be valid are checked and not kept.
const keyProblems = memoize(50000, keyProblem);
const valueProblems = memoize(50000, valueProblem);
const LONGEST_KEPT = 320;

/** IsQualifiedName: optional DNS subdomain prefix (≤253) + "/" + name (≤63, alphanumeric ends). */
export function labelKeyProblem(key: string): string | null {
  return key.length > LONGEST_KEPT ? keyProblem(key) : keyProblems(key);
}

function keyProblem(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key has at most one "/"';
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) return 'the prefix before "/" must not be empty';
    if (prefix.length > 253) return 'the prefix must be at most 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) return 'the prefix must be a lower-case DNS subdomain';
  }
  if (name.length === 0) return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be at most 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return 'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return null;
}

/** IsValidLabelValue: empty, or ≤63 characters with alphanumeric ends. */
export function labelValueProblem(value: string): string | null {
  if (value.length === 0) return null;
  return value.length > LONGEST_KEPT ? valueProblem(value) : valueProblems(value);
}

function valueProblem(value: string): string | null {
  if (value.length > 63) return 'at most 63 characters';
  if (!QUALIFIED_NAME.test(value))
    return 'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return null;
}

/** IsValidPortName: IANA_SVC_NAME, at most 15 characters, at least one letter, no "--". */
export function portNameValid(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why the API server would refuse this object name, or null. Namespaces are RFC 1123 labels, Services
 * RFC 1035 labels, Pods, workloads and NetworkPolicies RFC 1123 subdomains (ValidateObjectMeta with the
 * name validator of each kind). Such names are plain ASCII: no invisible or direction-changing character.
 */
export function nameProblem(kind: string, name: string): string | null {
  if (kind === 'Namespace') {
    if (name.length > 63) return 'a DNS label has at most 63 characters';
    return DNS1123_LABEL.test(name)
      ? null
      : 'a DNS label (RFC 1123) has only lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  if (kind === 'Service') {
    if (name.length > 63) return 'a DNS label has at most 63 characters';
    return DNS1035_LABEL.test(name)
      ? null
      : 'a DNS label (RFC 1035) has only lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  if (name.length > 253) return 'a DNS subdomain has at most 253 characters';
  return DNS1123_SUBDOMAIN.test(name)
    ? null
    : 'a DNS subdomain (RFC 1123) has only lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit';
}

// Characters that show as nothing, or reorder what follows: controls, format characters (zero-width
// space and joiners, bidi embeddings, overrides and isolates, the byte-order mark), line and paragraph
// separators, and the Hangul fillers and unusual spaces that look like nothing or like a plain space.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u115f\u1160\u2000-\u200a\u202f\u205f\u3000\u3164\uffa0]/gu;

/**
 * Untrusted text made safe to show: every invisible or direction-changing character written as a
 * visible escape (`\u200b`), so two different names never look alike.
 */
export function escapeInvisible(text: string): string {
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
