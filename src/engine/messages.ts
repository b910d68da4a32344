// The one table of diagnostic codes: severity and message template. Everything the engine reports about
// its input comes from here, so wording stays consistent and codes stay stable for tools.
// An error found while reading an object refuses that object (DESIGN 2.3): its reader passes the object's
// name as the last argument, and the message says that it is not applied.
import type { Diagnostic, Severity, SourceRange } from './types';
import { escapeInvisible } from './parse/validate';

export const MESSAGES = {
  'yaml-syntax': ['error', 'YAML syntax error: {0}'],
  'json-syntax': ['error', 'JSON syntax error: {0}'],
  'binary-input': ['error', 'this does not look like YAML or JSON text (it contains binary data)'],
  'input-too-complex': ['error', 'input refused: {0}'],
  'not-an-object': [
    'warning',
    'document is not a Kubernetes object (expected a mapping with apiVersion and kind); ignored',
  ],
  'missing-kind': ['warning', 'object has no `kind`; ignored'],
  'unknown-kind': ['info', '{0} is not used for NetworkPolicy evaluation; kept in the text and ignored'],
  'missing-name': ['error', '{0} has no metadata.name; ignored'],
  'duplicate-object': ['warning', '{0} is defined more than once; the later definition is used'],
  'label-key': ['error', 'invalid label key "{0}": {1}; {2} is not applied'],
  'label-value': ['error', 'invalid label value "{0}" for key "{1}": {2}; {3} is not applied'],
  'selector-operator': [
    'error',
    'invalid selector operator "{0}": must be In, NotIn, Exists or DoesNotExist; {1} is not applied',
  ],
  'selector-values': ['error', '{0}; {1} is not applied'],
  'selector-shape': ['error', '{0}; {1} is not applied'],
  'cidr-syntax': ['error', 'invalid CIDR "{0}"; {1} is not applied'],
  'except-outside-cidr': ['error', 'except "{0}" must be a strict subset of cidr "{1}"; {2} is not applied'],
  'peer-ipblock-and-selector': [
    'error',
    'a peer may have ipBlock or podSelector/namespaceSelector, not both; {0} is not applied',
  ],
  'peer-empty': ['error', 'a peer must set podSelector, namespaceSelector or ipBlock; {0} is not applied'],
  'port-range': ['error', 'port {0} is out of range 1-65535; {1} is not applied'],
  'port-name': [
    'error',
    'invalid named port "{0}": at most 15 lower-case letters, digits and "-", with at least one letter; {1} is not applied',
  ],
  'endport-below-port': ['error', 'endPort {0} is below port {1}; {2} is not applied'],
  'endport-named': ['error', 'endPort requires a numeric port, not "{0}"; {1} is not applied'],
  'endport-without-port': ['error', 'endPort requires port; {0} is not applied'],
  'protocol-unknown': ['error', 'unsupported protocol "{0}": must be TCP, UDP or SCTP; {1} is not applied'],
  'protocol-case': ['warning', 'protocol "{0}" should be written "{1}"; read as {1}'],
  'policy-types-unknown': [
    'error',
    'unknown policyType "{0}": must be Ingress or Egress; {1} is not applied',
  ],
  'policy-types-stray-colon': [
    'error',
    'policyTypes item "{0}:" has a stray colon, which makes it a mapping instead of the string "{0}"; {1} is not applied',
  ],
  'policy-missing-pod-selector': [
    'warning',
    'spec.podSelector is required; treated as {} (every pod of the namespace)',
  ],
  'policy-legacy-api': [
    'warning',
    '{0} is the legacy API group (Kubernetes 1.5-1.6 beta); read as networking.k8s.io/v1. Convert it: the legacy group is no longer served',
  ],
  'legacy-default-deny-annotation': [
    'warning',
    'namespace {0} has the legacy DefaultDeny annotation, which has no effect since Kubernetes 1.7; add a default-deny NetworkPolicy, or evaluate with the legacy semantics',
  ],
  'field-type': ['error', '{0}; {1} is not applied'],
  'unknown-field': ['error', 'unknown field "{0}"{1}; {2} is not applied'],
  'field-wrong-type': ['error', '{0} must be {1}, not {2}; {3} is not applied'],
  'duplicate-key': ['error', 'duplicate field "{0}"{1}; {2} is not applied'],
  'port-quoted': [
    'error',
    'port "{0}" is a string, and a port name needs a letter: write {0} without quotes; {1} is not applied',
  ],
  'name-invalid': ['error', '{0} "{1}" is not valid: {2}; {3} is not applied'],
  'lint-policy-selects-nothing': [
    'warning',
    'NetworkPolicy {0} selects no pod: its podSelector matches nothing in namespace {1}',
  ],
  'lint-peer-selects-nothing': [
    'warning',
    'this peer of NetworkPolicy {0} selects no pod or address in the input',
  ],
  'lint-named-port-missing': [
    'warning',
    'named port "{0}" ({1}) is not a container port of any pod this rule can reach; the entry matches nothing',
  ],
  'lint-no-dns-egress': [
    'warning',
    'NetworkPolicy {0} isolates egress but nothing allows UDP 53 for the pods it selects: name lookups will fail',
  ],
  'lint-peer-other-namespace': [
    'warning',
    'this podSelector only looks in namespace {0}, but the pods it names live in {1}: add a namespaceSelector in the same peer',
  ],
  'lint-deny-all-egress': [
    'info',
    'NetworkPolicy {0} lists Egress in policyTypes with no egress rules: every selected pod is denied all egress',
  ],
  'admin-unknown-field': ['error', 'unknown field "{0}" (expected one of: {1}); the object is not applied'],
  'admin-priority': [
    'error',
    'priority must be an integer from 0 to 1000, not {0}; the policy is not applied',
  ],
  'admin-api-version': ['error', '{0} is served as apiVersion "{1}", not "{2}"; the policy is not applied'],
  'admin-tier': ['error', 'invalid tier "{0}": must be Admin or Baseline; the policy is not applied'],
  'admin-subject': ['error', 'subject must set exactly one of namespaces or pods; the policy is not applied'],
  'admin-action': [
    'error',
    'invalid action "{0}" for a {1} rule: must be one of {2}; the policy is not applied',
  ],
  'admin-peers-missing': ['error', '`{0}` must list at least one peer; the policy is not applied'],
  'admin-peer': ['error', 'a peer must set exactly one of {0}; the policy is not applied'],
  'admin-port': ['error', '{0}; the policy is not applied'],
  'admin-named-port-peer': [
    'error',
    'a named port cannot be used with nodes or networks peers (they have no named ports); the policy is not applied',
  ],
  'admin-too-many': ['error', '{0} has more than {1} {2}; the policy is not applied'],
  'admin-domain-names': [
    'warning',
    'domainNames peers are not evaluated (what a name resolves to is not in the manifests): this peer matches nothing here',
  ],
  'banp-name': [
    'error',
    'a BaselineAdminNetworkPolicy must be named "default", not "{0}"; the policy is not applied',
  ],
  'lint-admin-same-priority': [
    'warning',
    '{0} and {1} have the same priority {2} in the {3} tier and both match some connection ({4}): the API leaves their order undefined, so implementations may decide it either way',
  ],
  // What-if pods (`withGhostPods`): typed in the app, never in the YAML, so no range; `path` names the pod.
  'ghost-limit': ['error', 'at most {0} what-if pods are evaluated: {1} more left out'],
  'ghost-name': ['error', 'what-if pod {0}: {1} "{2}" is not valid: {3}; it is not added'],
  'ghost-label-key': ['error', 'what-if pod {0}: invalid label key "{1}": {2}; it is not added'],
  'ghost-label-value': [
    'error',
    'what-if pod {0}: invalid label value "{1}" for key "{2}": {3}; it is not added',
  ],
  'ghost-port': ['error', 'what-if pod {0}: {1}; it is not added'],
  'ghost-too-big': ['error', 'what-if pod {0} has more than {1} {2}; it is not added'],
  'ghost-name-taken': ['error', 'what-if pod {0}: the name is taken by {1}; it is not added'],
  'ghost-namespace-assumed': [
    'info',
    'what-if pod {0}: namespace {1} is not in the YAML; it is assumed, with only its kubernetes.io/metadata.name label',
  ],
  /** A structured edit that was not applied; the message is one of EDIT_REFUSALS. */
  'edit-refused': ['error', '{0}'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type MessageCode = keyof typeof MESSAGES;

/**
 * Why a structured edit (`applyEdit`) was not applied, by refusal code. Each is reported as an
 * `edit-refused` diagnostic (one stable code for "the text was left alone") and the code is returned
 * beside it, so callers can tell the reasons apart without reading the wording.
 */
export const EDIT_REFUSALS = {
  'yaml-syntax': 'The YAML has a syntax error at line {0}:{1}: {2}{3}. Fix it before editing from the graph.',
  'object-missing': 'No {0} {1} in the YAML.',
  'policy-missing': 'No NetworkPolicy {0}/{1}.',
  'rule-missing': 'That rule no longer exists.',
  'entry-missing': 'That entry no longer exists.',
  'namespace-empty': 'Nothing in namespace {0} to delete.',
  unwritable:
    'The document could not be written back ({0}). Fix it in the editor before editing from the graph.',
} as const satisfies Record<string, string>;

export type EditRefusal = keyof typeof EDIT_REFUSALS;

// Arguments quote the input, which is untrusted: invisible and bidi characters are shown escaped.
const fill = (template: string, args: readonly (string | number)[]) =>
  template.replace(/\{(\d)\}/g, (_, i: string) => escapeInvisible(String(args[Number(i)] ?? '')));

export function diagnostic(
  code: MessageCode,
  args: readonly (string | number)[],
  range?: SourceRange,
  fileName?: string,
): Diagnostic {
  const [severity, template] = MESSAGES[code];
  const d: Diagnostic = { code, severity, message: fill(template, args) };
  if (range) d.range = range;
  if (fileName !== undefined) d.fileName = fileName;
  return d;
}

/** The `edit-refused` diagnostic for a refusal code. */
export function editRefusal(refusal: EditRefusal, args: readonly (string | number)[] = []): Diagnostic {
  return diagnostic('edit-refused', [fill(EDIT_REFUSALS[refusal], args)]);
}
