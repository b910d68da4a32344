// The engine's data model. Plain, serialisable data only: the worker posts these across threads,
// the CLI prints them, the UI reads them. Names follow the Kubernetes API.

// ---------------------------------------------------------------------------------------------
// Source positions and diagnostics
// ---------------------------------------------------------------------------------------------

/** A span of source text. Lines and columns are 1-based; offsets are 0-based into the whole file text. */
export interface SourceRange {
  /** Index of the input file (see ParseInput.files), 0 for a single text. */
  file: number;
  /** Index of the YAML document inside that file (0-based). */
  doc: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  offset: number;
  endOffset: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable identifier from the messages table, e.g. `yaml-syntax`, `selector-operator`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where it is. Missing only for findings about the input as a whole. */
  range?: SourceRange;
  /** File name, copied from ParseInput.files for printing `file:line:col`. */
  fileName?: string;
  /** For findings about one field: its path inside its object, as kubectl prints it (`spec.ingress[0].from`). */
  path?: string;
}

/** Every engine entry point that reads user input returns this and never throws on bad input. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------------------------

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

/**
 * A present label selector. `{}` (no labels, no expressions) matches everything.
 * A *missing* selector is represented by `null` where it is used, never by an empty selector.
 */
export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: readonly LabelSelectorRequirement[];
}

// ---------------------------------------------------------------------------------------------
// Cluster objects
// ---------------------------------------------------------------------------------------------

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Namespace {
  name: string;
  /** Always contains `kubernetes.io/metadata.name: <name>` (set by the control plane since 1.21). */
  labels: Labels;
  annotations: Labels;
  /** False when only referenced (by a pod, policy, ...) and not declared by a Namespace object. */
  declared: boolean;
  /** The namespace carries `net.beta.kubernetes.io/network-policy` with ingress isolation DefaultDeny. */
  legacyDefaultDeny: boolean;
  /** Only named by a what-if pod (see `withGhostPods`): assumed to exist, with only its name label. */
  assumed?: boolean;
  range?: SourceRange;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

export type EndpointKind =
  | 'Pod'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob';

/**
 * A pod, or a workload standing for all of its pods (through its pod template).
 * Endpoints are what the matrix rows and columns are.
 */
export interface PodEndpoint {
  type: 'pod';
  /** Index into Cluster.endpoints. */
  index: number;
  /** REF per DESIGN 2.2: `namespace/name`, or `namespace/kind/name` when a Pod and a workload share a name. */
  ref: string;
  kind: EndpointKind;
  namespace: string;
  name: string;
  labels: Labels;
  ports: readonly ContainerPort[];
  /** status.podIP / status.podIPs, when given. Used for ipBlock matching. */
  ips: readonly string[];
  /**
   * `spec.hostNetwork: true`: the pod uses its node's network. It is never the subject of an admin or
   * baseline policy and matches only their `nodes` and `networks` peers; without status IPs it takes
   * its node's addresses.
   */
  hostNetwork?: boolean;
  /** `spec.nodeName`, when given. */
  nodeName?: string;
  /** A "what if" pod added by the user (see `withGhostPods`): not in the YAML, so no range. */
  ghost?: boolean;
  range?: SourceRange;
}

/**
 * A hypothetical pod that is evaluated as if it existed but is never written to the YAML ("what if").
 * Labels and names are untrusted input: `withGhostPods` validates them as the API server would.
 */
export interface GhostPod {
  name: string;
  namespace: string;
  labels: Labels;
  ports: readonly ContainerPort[];
}

/** An address outside the cluster, addressed as `ip:ADDRESS`; the graph shows one per distinct ipBlock. */
export interface ExternalEndpoint {
  type: 'external';
  index: number;
  /** `ip:ADDRESS` for a single address; for a CIDR node, `ip:<representative address>`. */
  ref: string;
  /** The address used to evaluate it. */
  address: string;
  /**
   * The address set this node stands for, and its `address` lies in it: an ipBlock's CIDR minus its
   * `except`; for the "other addresses" node `0.0.0.0/0` or `::/0` minus every ipBlock in `outsideOf`;
   * empty for a single address named by a REF.
   */
  cidr: string;
  /** The ipBlock's except CIDRs (normalized), when this node stands for an ipBlock. */
  except?: readonly string[];
  /** Only on the "other addresses" node: the ipBlocks none of whose addresses it stands for. */
  outsideOf?: readonly { cidr: string; except: readonly string[] }[];
  /** Human label: the CIDR with its excepts, "other addresses", or a name given by a lesson. */
  label: string;
  /** Externals are derived, not declared: no source range of their own. */
  range?: undefined;
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

export interface ServicePort {
  name?: string;
  port: number;
  /** Number, or the name of a container port on the selected pods. Defaults to `port`. */
  targetPort: number | string;
  protocol: Protocol;
}

export interface Service {
  namespace: string;
  name: string;
  /** null: a Service without selector (manual Endpoints); it selects no pod here. */
  selector: Labels | null;
  ports: readonly ServicePort[];
  range?: SourceRange;
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy (normalized: API defaults applied once)
// ---------------------------------------------------------------------------------------------

export type PolicyType = 'Ingress' | 'Egress';

export type Peer =
  | {
      type: 'selector';
      /** null when the field is missing. At least one of the two is non-null. */
      podSelector: LabelSelector | null;
      namespaceSelector: LabelSelector | null;
      range?: SourceRange;
    }
  | {
      type: 'ipBlock';
      /** As written (host bits may be set: it means its network). */
      cidr: string;
      except: readonly string[];
      range?: SourceRange;
    };

export interface PolicyPort {
  /** Defaults to TCP. */
  protocol: Protocol;
  /** Missing: every port of the protocol. A string is a named container port of the destination. */
  port?: number | string;
  /** Only with a numeric port: the range port..endPort inclusive. */
  endPort?: number;
  range?: SourceRange;
}

export interface PolicyRule {
  /** Position in the policy's ingress or egress list (0-based). */
  index: number;
  /** `from` (ingress) or `to` (egress). Empty (missing or []) matches every peer, per the API. */
  peers: readonly Peer[];
  /** Empty (missing or []) matches every port, per the API. */
  ports: readonly PolicyPort[];
  range?: SourceRange;
}

export interface NetworkPolicy {
  /** Index into Cluster.policies. */
  index: number;
  namespace: string;
  name: string;
  apiVersion: string;
  /** extensions/v1beta1 (read as v1, with a warning). */
  legacy: boolean;
  podSelector: LabelSelector;
  /** As given, or inferred as the API server does: Ingress always, Egress when egress rules exist. */
  policyTypes: readonly PolicyType[];
  /** True when policyTypes was not written and was inferred. */
  policyTypesInferred: boolean;
  ingress: readonly PolicyRule[];
  egress: readonly PolicyRule[];
  range?: SourceRange;
}

// ---------------------------------------------------------------------------------------------
// Cluster-scoped policies (sigs.k8s.io/network-policy-api), normalized to one model:
// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
// ClusterNetworkPolicy (v1alpha2, tiers Admin and Baseline).
// ---------------------------------------------------------------------------------------------

export type AdminPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/** The admin tier is evaluated before NetworkPolicy, the baseline tier after it. */
export type AdminTier = 'Admin' | 'Baseline';

/** v1alpha1 `Allow` is read as `Accept` (the v1alpha2 name); `actionWritten` keeps the spelling. */
export type AdminAction = 'Accept' | 'Deny' | 'Pass';

/** Who a cluster-scoped policy applies to. Host-network pods are never subjects. */
export type AdminSubject =
  | { type: 'namespaces'; namespaceSelector: LabelSelector }
  | { type: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector };

export type AdminPeer =
  /** Every (non host-network) pod of the namespaces matching the selector. */
  | { type: 'namespaces'; namespaceSelector: LabelSelector; range?: SourceRange }
  | { type: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector; range?: SourceRange }
  /** Egress only: the addresses (`status.addresses`) of the nodes matching the selector. */
  | { type: 'nodes'; nodeSelector: LabelSelector; range?: SourceRange }
  /** Egress only: CIDRs; they match outside addresses and pod addresses alike. */
  | { type: 'networks'; cidrs: readonly string[]; range?: SourceRange };

export type AdminPort =
  /** `portNumber` / `portRange` (v1alpha1), `tcp|udp|sctp.destinationPort` (v1alpha2). */
  | { type: 'number'; protocol: Protocol; port: number; endPort: number; range?: SourceRange }
  /** `namedPort` / `destinationNamedPort`: the destination pod's container port of that name, any protocol. */
  | { type: 'named'; name: string; range?: SourceRange };

export interface AdminRule {
  /** Position in the policy's ingress or egress list (0-based); rules are evaluated in this order. */
  index: number;
  /** The rule's `name`, when given. */
  name?: string;
  action: AdminAction;
  actionWritten: string;
  /** `from` / `to`: one must match (OR). An invalid list is empty and matches nothing. */
  peers: readonly AdminPeer[];
  /** `ports` / `protocols`; null when missing: every port of every protocol. */
  ports: readonly AdminPort[] | null;
  range?: SourceRange;
}

export interface AdminPolicy {
  /** Index into Cluster.adminPolicies. */
  index: number;
  kind: AdminPolicyKind;
  apiVersion: string;
  name: string;
  tier: AdminTier;
  /**
   * Lower first within the tier (0-1000). A BaselineAdminNetworkPolicy has none: it comes after every
   * ClusterNetworkPolicy of the baseline tier (see src/engine/README.md).
   */
  priority: number | null;
  subject: AdminSubject;
  ingress: readonly AdminRule[];
  egress: readonly AdminRule[];
  range?: SourceRange;
}

export interface ClusterNode {
  name: string;
  labels: Labels;
  /** `status.addresses[*].address` that are IP addresses. */
  addresses: readonly string[];
  range?: SourceRange;
}

export interface Cluster {
  namespaces: readonly Namespace[];
  /** Pods and workloads first (in input order), then external endpoints. */
  endpoints: readonly Endpoint[];
  services: readonly Service[];
  policies: readonly NetworkPolicy[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy objects, in input order. */
  adminPolicies?: readonly AdminPolicy[];
  nodes?: readonly ClusterNode[];
}

// ---------------------------------------------------------------------------------------------
// Evaluation options, port sets and verdicts
// ---------------------------------------------------------------------------------------------

/**
 * `current`: networking.k8s.io/v1 semantics (annotation ignored, with a warning).
 * `legacy`: Kubernetes 1.5-1.6 beta: only namespaces annotated DefaultDeny are isolated (ingress, every
 * pod of the namespace), and policies in other namespaces have no effect.
 */
export type Semantics = 'current' | 'legacy';

export interface EvaluateOptions {
  semantics?: Semantics;
  /** false models a network plugin that does not enforce NetworkPolicy (plain Flannel). Default true. */
  enforced?: boolean;
}

/** An inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** Allowed ports per protocol: sorted, non-overlapping, merged ranges. Empty arrays mean nothing. */
export interface PortSet {
  TCP: readonly PortRange[];
  UDP: readonly PortRange[];
  SCTP: readonly PortRange[];
}

export interface Connection {
  from: number; // endpoint index
  to: number; // endpoint index
  /** Number, or a named container port of the destination. */
  port: number | string;
  protocol: Protocol;
}

export interface PolicyRef {
  index: number;
  namespace: string;
  name: string;
  range?: SourceRange;
}

/** One rule that admits the connection (or, for a lint/preview, the rule considered). */
export interface RuleMatch {
  policy: PolicyRef;
  direction: PolicyType;
  ruleIndex: number;
  /** Index of the matching peer in the rule, or -1 when the rule has no peers (matches everyone). */
  peerIndex: number;
  /** Index of the matching port entry, or -1 when the rule has no ports (matches every port). */
  portIndex: number;
  range?: SourceRange;
  /** The match relied on ipBlock matching a pod address (implementation-defined per the API doc). */
  ipBlockMatchedPod?: boolean;
}

export type DirectionCause =
  /** No policy selects this pod for this direction: everything allowed. */
  | 'not-isolated'
  /** Isolated, and at least one rule admits the connection. */
  | 'allowed-by-rule'
  /** Isolated, and no rule of the isolating policies admits it. */
  | 'no-rule-matches'
  /** Traffic from a pod to itself is always allowed. */
  | 'self'
  /** The side is outside the cluster: no NetworkPolicy applies to it. */
  | 'external'
  /** legacy semantics: the namespace has no DefaultDeny annotation, so policies have no effect. */
  | 'legacy-not-isolated'
  /** legacy semantics: isolated by the namespace DefaultDeny annotation. */
  | 'legacy-default-deny'
  /** A named port the destination does not have: nothing can match it. */
  | 'unknown-named-port'
  /** An admin-tier rule accepted it (NetworkPolicy was not consulted). */
  | 'admin-accepted'
  /** An admin-tier rule denied it (NetworkPolicy was not consulted). */
  | 'admin-denied'
  /** No NetworkPolicy selects the pod, and a baseline-tier rule accepted it. */
  | 'baseline-accepted'
  /** No NetworkPolicy selects the pod, and a baseline-tier rule denied it. */
  | 'baseline-denied';

export interface AdminPolicyRef {
  index: number;
  kind: AdminPolicyKind;
  name: string;
  tier: AdminTier;
  priority: number | null;
  range?: SourceRange;
}

/** An admin or baseline rule that matched the connection. */
export interface AdminRuleMatch {
  policy: AdminPolicyRef;
  direction: PolicyType;
  ruleIndex: number;
  ruleName?: string;
  action: AdminAction;
  /** Index of the matching peer. */
  peerIndex: number;
  /** Index of the matching port entry, or -1 when the rule has no ports. */
  portIndex: number;
  range?: SourceRange;
}

/**
 * One tier's part in a direction's decision, in evaluation order. `accept`/`deny`: the tier decided;
 * `pass`: a Pass rule handed the decision to the next tier; `no-match`: no rule of the tier matched;
 * `allowed`/`denied`: NetworkPolicy selected the pod and decided; `not-selected`: no NetworkPolicy selects it.
 */
export interface TierStep {
  tier: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'Default';
  outcome: 'accept' | 'deny' | 'pass' | 'no-match' | 'allowed' | 'denied' | 'not-selected';
  /** The admin or baseline rule that decided or passed. */
  rule?: AdminRuleMatch;
}

export interface DirectionVerdict {
  allowed: boolean;
  cause: DirectionCause;
  /** Policies selecting the pod for this direction (the ones that isolate it). */
  isolatedBy: readonly PolicyRef[];
  /** Rules that admit the connection (all of them, not only the first). */
  allowedBy: readonly RuleMatch[];
  /**
   * Present when the cluster has admin or baseline policies: the tiers consulted, in order; the last
   * step is the one that decided.
   */
  tiers?: readonly TierStep[];
  /** The admin or baseline rule that decided (Accept or Deny), when one did. */
  decidedBy?: AdminRuleMatch;
}

export interface Verdict {
  connection: Connection;
  /** The numeric port actually evaluated (named ports resolved on the destination), if resolvable. */
  resolvedPort?: number;
  allowed: boolean;
  /** With enforced=false: what the verdict would be if the plugin enforced policies. */
  wouldBeAllowed?: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

// ---------------------------------------------------------------------------------------------
// Workspace (parse output) and analysis (evaluate output)
// ---------------------------------------------------------------------------------------------

export interface InputFile {
  name: string;
  text: string;
}

/** One YAML/JSON document of the input, whatever its kind (unknown kinds are listed too). */
export interface DocumentInfo {
  file: number;
  doc: number;
  kind?: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  range: SourceRange;
}

export interface Workspace {
  files: readonly InputFile[];
  documents: readonly DocumentInfo[];
  cluster: Cluster;
}

/** An allowed connection between two endpoints, with every port and protocol on which it is allowed. */
export interface AllowedEdge {
  from: number;
  to: number;
  ports: PortSet;
}

/**
 * All-pairs result of the fast evaluator. It never materialises a dense endpoint x endpoint matrix:
 * rows are answered on demand from per-class data.
 */
/** An admin or baseline rule by place: `cluster.adminPolicies[policyIndex]`, its `direction` rules' `ruleIndex`. */
export interface AdminDenial {
  policyIndex: number;
  direction: PolicyType;
  ruleIndex: number;
}

export interface Analysis {
  readonly endpointCount: number;
  readonly options: Required<EvaluateOptions>;
  isolation(endpoint: number): { ingress: boolean; egress: boolean };
  /** Ports on which `from` may connect to `to` (egress at `from` AND ingress at `to`). Self: every port. */
  allowedPorts(from: number, to: number): PortSet;
  /** Allowed edges leaving `from` (self excluded). */
  row(from: number): AllowedEdge[];
  /** Allowed edges arriving at `to` (self excluded). */
  column(to: number): AllowedEdge[];
  /** Every allowed edge (self excluded). Size grows with what is allowed. */
  edges(): AllowedEdge[];
  /**
   * The admin or baseline Deny rule that denies `from` -> `to` on a port (egress at `from` first, as the
   * explanation reads them), or null when none does: read from the compiled tiers, class by class,
   * as `evaluateConnection`'s `decidedBy` would name it.
   */
  adminDenial(from: number, to: number, port: number, protocol: Protocol): AdminDenial | null;
  /** Equivalence class of each endpoint: endpoints of one class are indistinguishable to every policy. */
  classOf(endpoint: number): number;
  readonly classCount: number;
  /** Endpoints of one class. */
  classMembers(cls: number): readonly number[];
  /**
   * The complete result in class space: allowed edges between classes, each standing for every pair of
   * their members (a class to itself when it has several members). Its size grows with classes, not pods.
   */
  classEdges(): ClassEdges;
}

/**
 * Allowed edges between classes as parallel typed arrays: a million edges are three arrays, not a
 * million objects. Edge i goes from class `from[i]` to class `to[i]` on the ports `portSets[ports[i]]`;
 * the distinct port sets are few, so callers can decide a filter once per entry of `portSets`.
 */
export interface ClassEdges {
  readonly length: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly ports: Int32Array;
  readonly portSets: readonly PortSet[];
}
