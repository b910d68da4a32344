import type {
  ContainerPort,
  Diagnostic,
  DocumentInfo,
  EndpointKind,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  Namespace,
  NetworkPolicy,
  Peer,
  PodEndpoint,
  PolicyPort,
  PolicyRule,
  PolicyType,
  Protocol,
  Service,
  ServicePort,
  SourceRange,
} from '../types';
import { diagnostic, type MessageCode } from '../messages';
import { labelKeyProblem, labelValueProblem, nameProblem, portNameValid } from './validate';
import { jsonPath, strictProblems } from './strict';
import { parseCidr, cidrContains, normalizeCidr } from '../match/cidr';
import type { AdminPolicy, AdminPolicyKind, ClusterNode } from '../types';
import { ADMIN_KINDS, readAdminPolicy, readNode, type ReaderHelpers } from './readAdminPolicies';

export type Path = readonly (string | number)[];

/** What of the last key of a path a finding points at: its value (the default), or the key itself. */
export type PathEnd = 'value' | 'key';

/** Where an object came from, and how to find the source range of any path inside it. */
export interface ObjectSource {
  file: number;
  fileName: string;
  doc: number;
  rangeAt(path: Path, end?: PathEnd): SourceRange | undefined;
  /**
   * Where a finding points: the exact node, where rangeAt is coarser (the bulk path gives objects the
   * range of their List item, and finds a finding's node by reading that item again).
   */
  findingAt?(path: Path, end?: PathEnd): SourceRange | undefined;
  /** Duplicate keys inside the object at `base` (the document, or a List item): where, and the key's path. */
  duplicateKeys?(base: Path): readonly DuplicateKey[];
}

export interface DuplicateKey {
  /** Path of the repeated key inside its object. */
  path: Path;
  range: SourceRange | undefined;
  /** Line of the key's first occurrence. */
  firstLine?: number;
}

type Json = unknown;
type Obj = Record<string, Json>;

const WORKLOAD_KINDS: Record<string, EndpointKind> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicaSet: 'ReplicaSet',
  ReplicationController: 'ReplicationController',
  Job: 'Job',
  CronJob: 'CronJob',
};

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
export const LEGACY_ANNOTATION = 'net.beta.kubernetes.io/network-policy';

interface PendingPod extends Omit<PodEndpoint, 'ref' | 'index'> {
  key: string;
}

/** Collects objects from every document into one normalized Cluster, applying API defaults once. */
export class ClusterBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly documents: DocumentInfo[] = [];
  private namespaces = new Map<string, Namespace>();
  private pods = new Map<string, PendingPod>();
  private services = new Map<string, Service>();
  private policies = new Map<string, NetworkPolicy>();
  private adminPolicies = new Map<string, AdminPolicy>();
  private nodes = new Map<string, ClusterNode>();
  private readonly helpers: ReaderHelpers = {
    report: (...args) => this.report(...args),
    selector: (value, src, path) => this.selector(value, src, path),
    labels: (value, src, path) => this.labels(value, src, path),
    errorCount: () => this.diagnostics.filter((d) => d.severity === 'error').length,
  };

  private report(
    src: ObjectSource,
    code: MessageCode,
    args: (string | number)[],
    path: Path,
    end: PathEnd = 'value',
    fieldPath?: string,
  ) {
    const d = diagnostic(code, args, src.findingAt?.(path, end) ?? src.rangeAt(path, end), src.fileName);
    if (fieldPath !== undefined) d.path = fieldPath;
    this.diagnostics.push(d);
  }

  /**
   * Reports what the API server would refuse in this object (strict field validation: unknown fields,
   * wrong types, duplicate keys; names that are not DNS names) and says whether it is refused: a
   * refused object is not applied, as `kubectl apply` would not create it.
   */
  private refused(value: Obj, kind: string, metadata: Obj, src: ObjectSource, base: Path): boolean {
    const name = String(metadata.name);
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    const label = kind === 'Namespace' ? `Namespace ${name}` : `${kind} ${namespace || 'default'}/${name}`;
    const before = this.diagnostics.length;
    for (const d of src.duplicateKeys?.(base) ?? []) {
      const key = d.path[d.path.length - 1];
      const where = d.firstLine === undefined ? '' : ` (already set at line ${d.firstLine})`;
      // Two objects pasted together without `---` repeat apiVersion and kind at the top.
      const why =
        d.path.length === 1 && (key === 'apiVersion' || key === 'kind')
          ? ': a missing `---` line between two objects?'
          : '';
      const found = diagnostic(
        'duplicate-key',
        [jsonPath(d.path), `${where}${why}`, label],
        d.range,
        src.fileName,
      );
      found.path = jsonPath(d.path);
      this.diagnostics.push(found);
    }
    for (const p of strictProblems(value, kind))
      this.report(src, p.code, [...p.args, label], [...base, ...p.path], 'key', jsonPath(p.path));
    if (typeof metadata.name === 'string') {
      const problem = nameProblem(kind, metadata.name);
      if (problem)
        this.report(
          src,
          'name-invalid',
          [`${kind} name`, metadata.name, problem, label],
          [...base, 'metadata', 'name'],
          'value',
          'metadata.name',
        );
    }
    if (kind !== 'Namespace' && namespace) {
      const problem = nameProblem('Namespace', namespace);
      if (problem)
        this.report(
          src,
          'name-invalid',
          ['namespace', namespace, problem, label],
          [...base, 'metadata', 'namespace'],
          'value',
          'metadata.namespace',
        );
    }
    return this.diagnostics.length > before;
  }

  /** One top-level document value (maybe a List). */
  addDocument(value: Json, src: ObjectSource, docRange: SourceRange) {
    if (value === null || value === undefined) return;
    if (!isObj(value)) {
      this.diagnostics.push(diagnostic('not-an-object', [], docRange, src.fileName));
      return;
    }
    const kind = str(value.kind);
    this.documents.push({
      file: src.file,
      doc: src.doc,
      kind,
      apiVersion: str(value.apiVersion),
      name: isObj(value.metadata) ? str(value.metadata.name) : undefined,
      namespace: isObj(value.metadata) ? str(value.metadata.namespace) : undefined,
      range: docRange,
    });
    if (kind !== undefined && kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => this.addObject(item, src, ['items', i]));
      return;
    }
    this.addObject(value, src, []);
  }

  addObject(value: Json, src: ObjectSource, base: Path) {
    const at = (...p: (string | number)[]): Path => [...base, ...p];
    if (!isObj(value)) {
      this.report(src, 'not-an-object', [], base);
      return;
    }
    const kind = str(value.kind);
    if (!kind) {
      this.report(src, 'missing-kind', [], base);
      return;
    }
    const isKnown =
      kind === 'Namespace' ||
      kind === 'Pod' ||
      kind === 'Service' ||
      kind === 'NetworkPolicy' ||
      kind === 'Node' ||
      ADMIN_KINDS.has(kind) ||
      kind in WORKLOAD_KINDS;
    if (!isKnown) {
      this.report(src, 'unknown-kind', [kind], at('kind'));
      return;
    }
    const metadata = isObj(value.metadata) ? value.metadata : {};
    const name = str(metadata.name);
    if (!name) {
      this.report(src, 'missing-name', [kind], isObj(value.metadata) ? at('metadata') : base);
      return;
    }
    if (this.refused(value, kind, metadata, src, base)) return;
    const range = src.rangeAt(base);
    // "namespace ... Defaults to 'default'" (ObjectMeta); namespaces themselves are cluster-scoped.
    const namespace = str(metadata.namespace) || 'default';
    const labels = this.labels(metadata.labels, src, at('metadata', 'labels'));
    if (ADMIN_KINDS.has(kind)) {
      const policy = readAdminPolicy(value, kind as AdminPolicyKind, name, src, base, this.helpers);
      const key = `${kind}/${name}`;
      if (policy && this.adminPolicies.has(key)) this.report(src, 'duplicate-object', [key], base);
      if (policy) this.adminPolicies.set(key, policy);
      return;
    }
    if (kind === 'Node') {
      if (this.nodes.has(name)) this.report(src, 'duplicate-object', [`Node ${name}`], base);
      this.nodes.set(name, readNode(value, name, labels, range));
      return;
    }
    if (kind === 'Namespace') {
      const annotations = this.stringMap(metadata.annotations);
      const legacy = legacyDefaultDeny(annotations[LEGACY_ANNOTATION]);
      if (this.namespaces.has(name) && this.namespaces.get(name)!.declared) {
        this.report(src, 'duplicate-object', [`Namespace ${name}`], base);
      }
      if (legacy)
        this.report(
          src,
          'legacy-default-deny-annotation',
          [name],
          at('metadata', 'annotations', LEGACY_ANNOTATION),
        );
      this.namespaces.set(name, {
        name,
        labels: { ...labels, 'kubernetes.io/metadata.name': name },
        annotations,
        declared: true,
        legacyDefaultDeny: legacy,
        ...(range ? { range } : {}),
      });
      return;
    }
    if (kind === 'Pod' || kind in WORKLOAD_KINDS) {
      const endpointKind: EndpointKind = kind === 'Pod' ? 'Pod' : WORKLOAD_KINDS[kind]!;
      let spec: Json = value.spec;
      let podLabels: Labels = labels;
      let specPath = at('spec');
      if (endpointKind !== 'Pod') {
        // A workload stands for its pods: their labels and ports come from the pod template.
        const templatePath =
          endpointKind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
        let template: Json = value;
        for (const key of templatePath) template = isObj(template) ? template[key] : undefined;
        const templateMeta = isObj(template) && isObj(template.metadata) ? template.metadata : {};
        podLabels = this.labels(templateMeta.labels, src, at(...templatePath, 'metadata', 'labels'));
        spec = isObj(template) ? template.spec : undefined;
        specPath = at(...templatePath, 'spec');
      }
      const ports: ContainerPort[] = [];
      const containers = isObj(spec) && Array.isArray(spec.containers) ? spec.containers : [];
      containers.forEach((c, ci) => {
        if (!isObj(c) || !Array.isArray(c.ports)) return;
        c.ports.forEach((p, pi) => {
          if (!isObj(p)) return;
          const containerPort =
            typeof p.containerPort === 'number' ? p.containerPort : Number(p.containerPort);
          const path = [...specPath, 'containers', ci, 'ports', pi];
          if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
            this.report(src, 'port-range', [String(p.containerPort)], [...path, 'containerPort']);
            return;
          }
          const protocol = this.protocol(p.protocol, src, [...path, 'protocol']) ?? 'TCP';
          const port: ContainerPort = { containerPort, protocol };
          const portName = str(p.name);
          if (portName) port.name = portName;
          ports.push(port);
        });
      });
      const ips: string[] = [];
      if (endpointKind === 'Pod' && isObj(value.status)) {
        const status = value.status;
        if (typeof status.podIP === 'string' && status.podIP) ips.push(status.podIP);
        if (Array.isArray(status.podIPs)) {
          for (const entry of status.podIPs) {
            const ip = isObj(entry) ? str(entry.ip) : undefined;
            if (ip && !ips.includes(ip)) ips.push(ip);
          }
        }
      }
      const hostNetwork = isObj(spec) && spec.hostNetwork === true;
      const nodeName = isObj(spec) ? str(spec.nodeName) : undefined;
      const key = `${namespace}/${endpointKind}/${name}`;
      if (this.pods.has(key))
        this.report(src, 'duplicate-object', [`${endpointKind} ${namespace}/${name}`], base);
      this.pods.set(key, {
        type: 'pod',
        key,
        kind: endpointKind,
        namespace,
        name,
        labels: podLabels,
        ports,
        ips,
        ...(hostNetwork ? { hostNetwork } : {}),
        ...(nodeName ? { nodeName } : {}),
        ...(range ? { range } : {}),
      });
      this.touchNamespace(namespace);
      return;
    }
    if (kind === 'Service') {
      const spec = isObj(value.spec) ? value.spec : {};
      const selector = isObj(spec.selector) ? this.labels(spec.selector, src, at('spec', 'selector')) : null;
      const ports: ServicePort[] = [];
      if (Array.isArray(spec.ports)) {
        spec.ports.forEach((p, i) => {
          if (!isObj(p)) return;
          const port = Number(p.port);
          if (!Number.isInteger(port) || port < 1 || port > 65535) {
            this.report(src, 'port-range', [String(p.port)], at('spec', 'ports', i, 'port'));
            return;
          }
          const target = p.targetPort;
          const targetPort =
            typeof target === 'number'
              ? target
              : typeof target === 'string'
                ? /^\d+$/.test(target)
                  ? Number(target)
                  : target
                : port;
          const sp: ServicePort = {
            port,
            targetPort,
            protocol: this.protocol(p.protocol, src, at('spec', 'ports', i, 'protocol')) ?? 'TCP',
          };
          const portName = str(p.name);
          if (portName) sp.name = portName;
          ports.push(sp);
        });
      }
      const key = `${namespace}/${name}`;
      if (this.services.has(key)) this.report(src, 'duplicate-object', [`Service ${key}`], base);
      this.services.set(key, { namespace, name, selector, ports, ...(range ? { range } : {}) });
      this.touchNamespace(namespace);
      return;
    }
    // NetworkPolicy
    const apiVersion = str(value.apiVersion) ?? 'networking.k8s.io/v1';
    const legacy = apiVersion.startsWith('extensions/');
    if (legacy) this.report(src, 'policy-legacy-api', [apiVersion], at('apiVersion'));
    const spec = isObj(value.spec) ? value.spec : {};
    let podSelector = this.selector(spec.podSelector, src, at('spec', 'podSelector'));
    if (!podSelector) {
      this.report(src, 'policy-missing-pod-selector', [], at('spec'));
      podSelector = { matchLabels: {}, matchExpressions: [] };
    }
    const ingress = this.rules(spec.ingress, 'from', src, at('spec', 'ingress'));
    const egress = this.rules(spec.egress, 'to', src, at('spec', 'egress'));
    let policyTypes: PolicyType[];
    let inferred = false;
    if (Array.isArray(spec.policyTypes)) {
      policyTypes = [];
      spec.policyTypes.forEach((t, i) => {
        let value = t;
        if (isObj(t) && Object.keys(t).length === 1 && Object.values(t)[0] === null) {
          // `- Ingress:` parses as the mapping {Ingress: null}; the intent is plain.
          value = Object.keys(t)[0];
          if (value === 'Ingress' || value === 'Egress')
            this.report(src, 'policy-types-stray-colon', [value], at('spec', 'policyTypes', i));
        }
        if (value === 'Ingress' || value === 'Egress') {
          if (!policyTypes.includes(value)) policyTypes.push(value);
        } else
          this.report(
            src,
            'policy-types-unknown',
            [typeof value === 'string' ? value : preview(value)],
            at('spec', 'policyTypes', i),
          );
      });
    } else {
      // NetworkPolicySpec.policyTypes: "If this field is not specified, it will default based on the existence
      // of ingress or egress rules; policies that contain an egress section are assumed to affect egress, and
      // all policies (whether or not they contain an ingress section) are assumed to affect ingress."
      // The API server's defaulting treats an empty `egress: []` as no egress section.
      inferred = true;
      policyTypes = ['Ingress'];
      if (egress.length > 0) policyTypes.push('Egress');
    }
    const key = `${namespace}/${name}`;
    if (this.policies.has(key)) this.report(src, 'duplicate-object', [`NetworkPolicy ${key}`], base);
    this.policies.set(key, {
      index: 0,
      namespace,
      name,
      apiVersion,
      legacy,
      podSelector,
      policyTypes,
      policyTypesInferred: inferred,
      ingress,
      egress,
      ...(range ? { range } : {}),
    });
    this.touchNamespace(namespace);
  }

  private touchNamespace(name: string) {
    if (!this.namespaces.has(name)) {
      this.namespaces.set(name, {
        name,
        labels: { 'kubernetes.io/metadata.name': name },
        annotations: {},
        declared: false,
        legacyDefaultDeny: false,
      });
    }
  }

  private stringMap(value: Json): Record<string, string> {
    const out: Record<string, string> = {};
    if (isObj(value))
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
    return out;
  }

  private labels(value: Json, src: ObjectSource, path: Path): Labels {
    const out: Record<string, string> = {};
    if (value === undefined || value === null) return out;
    if (!isObj(value)) {
      this.report(src, 'field-type', ['labels must be a mapping of strings'], path);
      return out;
    }
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = labelKeyProblem(k);
      if (keyProblem) {
        // At the key: the value is not what is wrong.
        this.report(src, 'label-key', [k, keyProblem], [...path, k], 'key');
        continue;
      }
      const text = v === null || v === undefined ? '' : typeof v === 'object' ? null : String(v);
      if (text === null) {
        this.report(src, 'label-value', [preview(v), k, 'must be a string'], [...path, k]);
        continue;
      }
      const valueProblem = labelValueProblem(text);
      if (valueProblem) {
        this.report(src, 'label-value', [text, k, valueProblem], [...path, k]);
        continue;
      }
      out[k] = text;
    }
    return out;
  }

  /** A LabelSelector, or null when the field is missing (a missing selector is not an empty one). */
  private selector(value: Json, src: ObjectSource, path: Path): LabelSelector | null {
    if (value === undefined || value === null) return null;
    if (!isObj(value)) {
      this.report(
        src,
        'selector-shape',
        ['a selector must be a mapping with matchLabels and/or matchExpressions'],
        path,
      );
      return { matchLabels: {}, matchExpressions: [{ key: '', operator: 'In', values: [] }] };
    }
    const matchLabels = this.labels(value.matchLabels, src, [...path, 'matchLabels']);
    const matchExpressions: LabelSelectorRequirement[] = [];
    let broken = false;
    if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
      if (!Array.isArray(value.matchExpressions)) {
        this.report(
          src,
          'selector-shape',
          ['matchExpressions must be a list'],
          [...path, 'matchExpressions'],
        );
        broken = true;
      } else {
        value.matchExpressions.forEach((e, i) => {
          const p = [...path, 'matchExpressions', i];
          if (!isObj(e) || typeof e.key !== 'string') {
            this.report(
              src,
              'selector-shape',
              ['each matchExpression needs key, operator and (for In/NotIn) values'],
              p,
            );
            broken = true;
            return;
          }
          const operator = str(e.operator);
          if (
            operator !== 'In' &&
            operator !== 'NotIn' &&
            operator !== 'Exists' &&
            operator !== 'DoesNotExist'
          ) {
            this.report(src, 'selector-operator', [operator ?? ''], [...p, 'operator']);
            broken = true;
            return;
          }
          const keyProblem = labelKeyProblem(e.key);
          if (keyProblem) {
            this.report(src, 'label-key', [e.key, keyProblem], [...p, 'key']);
            broken = true;
            return;
          }
          // In/NotIn without values and Exists/DoesNotExist with values are refused earlier (strict.ts).
          const values = Array.isArray(e.values) ? e.values.map((v) => String(v)) : [];
          matchExpressions.push({ key: e.key, operator, values });
        });
      }
    }
    // The API server rejects an invalid selector; a selector we could not read must not widen to "all".
    if (broken) matchExpressions.push({ key: '', operator: 'In', values: [] });
    return { matchLabels, matchExpressions };
  }

  private protocol(value: Json, src: ObjectSource, path: Path): Protocol | undefined {
    if (value === undefined || value === null) return 'TCP';
    const text = String(value);
    const upper = text.toUpperCase();
    if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') {
      this.report(src, 'protocol-unknown', [text], path);
      return undefined;
    }
    if (text !== upper) this.report(src, 'protocol-case', [text, upper], path);
    return upper;
  }

  private rules(value: Json, peersKey: 'from' | 'to', src: ObjectSource, path: Path): PolicyRule[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(src, 'field-type', [`${path[path.length - 1]} must be a list of rules`], path);
      return [];
    }
    return value.map((rule, index): PolicyRule => {
      const rp = [...path, index];
      const range = src.rangeAt(rp);
      const r = isObj(rule) ? rule : {};
      const peers: Peer[] = [];
      const rawPeers = r[peersKey];
      if (Array.isArray(rawPeers)) {
        rawPeers.forEach((peer, pi) => {
          const p = this.peer(peer, src, [...rp, peersKey, pi]);
          if (p) peers.push(p);
        });
        // Every peer was invalid: the API server would reject the object; match nothing rather than all.
        if (rawPeers.length > 0 && peers.length === 0) {
          peers.push({ type: 'ipBlock', cidr: '0.0.0.0/32', except: ['0.0.0.0/32'] });
        }
      }
      const ports: PolicyPort[] = [];
      if (Array.isArray(r.ports)) {
        r.ports.forEach((port, pi) => {
          const p = this.port(port, src, [...rp, 'ports', pi]);
          if (p) ports.push(p);
        });
        if (r.ports.length > 0 && ports.length === 0) ports.push({ protocol: 'TCP', port: 0 });
      }
      return { index, peers, ports, ...(range ? { range } : {}) };
    });
  }

  private peer(value: Json, src: ObjectSource, path: Path): Peer | null {
    const range = src.rangeAt(path);
    if (
      !isObj(value) ||
      (value.podSelector == null && value.namespaceSelector == null && value.ipBlock == null)
    ) {
      this.report(src, 'peer-empty', [], path);
      return null;
    }
    if (value.ipBlock != null) {
      if (value.podSelector != null || value.namespaceSelector != null) {
        this.report(src, 'peer-ipblock-and-selector', [], path);
        return null;
      }
      const block = isObj(value.ipBlock) ? value.ipBlock : {};
      const cidr = str(block.cidr) ?? '';
      if (!parseCidr(cidr) || !cidr.includes('/')) {
        this.report(src, 'cidr-syntax', [cidr], [...path, 'ipBlock', 'cidr']);
        return null;
      }
      const except: string[] = [];
      if (Array.isArray(block.except)) {
        block.except.forEach((e, i) => {
          const text = str(e) ?? '';
          if (!parseCidr(text) || !text.includes('/'))
            this.report(src, 'cidr-syntax', [text], [...path, 'ipBlock', 'except', i]);
          else if (!exceptInside(text, cidr))
            this.report(src, 'except-outside-cidr', [text, cidr], [...path, 'ipBlock', 'except', i]);
          else except.push(text);
        });
      }
      return { type: 'ipBlock', cidr, except, ...(range ? { range } : {}) };
    }
    return {
      type: 'selector',
      podSelector: this.selector(value.podSelector, src, [...path, 'podSelector']),
      namespaceSelector: this.selector(value.namespaceSelector, src, [...path, 'namespaceSelector']),
      ...(range ? { range } : {}),
    };
  }

  private port(value: Json, src: ObjectSource, path: Path): PolicyPort | null {
    const range = src.rangeAt(path);
    if (!isObj(value)) {
      this.report(src, 'field-type', ['a port entry must be a mapping'], path);
      return null;
    }
    const protocol = this.protocol(value.protocol, src, [...path, 'protocol']);
    if (!protocol) return null;
    const out: PolicyPort = { protocol, ...(range ? { range } : {}) };
    const raw = value.port;
    if (raw !== undefined && raw !== null) {
      if (typeof raw === 'number' || /^\d+$/.test(String(raw))) {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1 || n > 65535) {
          this.report(src, 'port-range', [String(raw)], [...path, 'port']);
          return null;
        }
        out.port = n;
      } else {
        const name = String(raw);
        if (!portNameValid(name)) {
          this.report(src, 'port-name', [name], [...path, 'port']);
          return null;
        }
        out.port = name;
      }
    }
    if (value.endPort !== undefined && value.endPort !== null) {
      const end = Number(value.endPort);
      if (out.port === undefined) this.report(src, 'endport-without-port', [], [...path, 'endPort']);
      else if (typeof out.port === 'string')
        this.report(src, 'endport-named', [out.port], [...path, 'endPort']);
      else if (!Number.isInteger(end) || end < 1 || end > 65535)
        this.report(src, 'port-range', [String(value.endPort)], [...path, 'endPort']);
      else if (end < out.port) {
        this.report(src, 'endport-below-port', [end, out.port], [...path, 'endPort']);
        return null;
      } else out.endPort = end;
    }
    return out;
  }

  build() {
    const pending = [...this.pods.values()];
    const byName = new Map<string, number>();
    for (const p of pending)
      byName.set(`${p.namespace}/${p.name}`, (byName.get(`${p.namespace}/${p.name}`) ?? 0) + 1);
    const endpoints: PodEndpoint[] = pending.map((p, index) => {
      const shared = (byName.get(`${p.namespace}/${p.name}`) ?? 0) > 1;
      const ref = shared ? `${p.namespace}/${p.kind.toLowerCase()}/${p.name}` : `${p.namespace}/${p.name}`;
      const endpoint: PodEndpoint = {
        type: 'pod',
        index,
        ref,
        kind: p.kind,
        namespace: p.namespace,
        name: p.name,
        labels: p.labels,
        ports: p.ports,
        ips: p.ips,
      };
      if (p.hostNetwork) {
        endpoint.hostNetwork = true;
        // A host-network pod's address is its node's (network-policy-api: such pods match node peers).
        const node = p.nodeName ? this.nodes.get(p.nodeName) : undefined;
        if (endpoint.ips.length === 0 && node) endpoint.ips = node.addresses;
      }
      if (p.nodeName) endpoint.nodeName = p.nodeName;
      if (p.range) endpoint.range = p.range;
      return endpoint;
    });
    const policies = [...this.policies.values()].map((p, index) => ({ ...p, index }));
    const adminPolicies = [...this.adminPolicies.values()].map((p, index) => ({ ...p, index }));
    return {
      namespaces: [...this.namespaces.values()],
      endpoints,
      services: [...this.services.values()],
      policies,
      adminPolicies,
      nodes: [...this.nodes.values()],
    };
  }
}

function exceptInside(except: string, cidr: string): boolean {
  const e = parseCidr(except);
  const c = parseCidr(cidr);
  if (!e || !c || e[0].kind() !== c[0].kind()) return false;
  const network = normalizeCidr(except)!.split('/')[0]!;
  return e[1] >= c[1] && cidrContains(cidr, network);
}

function legacyDefaultDeny(annotation: string | undefined): boolean {
  if (!annotation) return false;
  try {
    const parsed = JSON.parse(annotation) as { ingress?: { isolation?: string } };
    return parsed?.ingress?.isolation === 'DefaultDeny';
  } catch {
    return false;
  }
}

/**
 * A short text for an unexpected value in a message. Bounded in depth and length: a bulk JSON file may
 * hold a value nested far deeper than `JSON.stringify` can recurse.
 */
export function preview(value: unknown, depth = 0): string {
  const max = 60;
  let out: string;
  if (value === null || typeof value !== 'object') out = JSON.stringify(value) ?? String(value);
  else if (depth >= 2) out = Array.isArray(value) ? '[…]' : '{…}';
  else if (Array.isArray(value))
    out = `[${value
      .slice(0, 5)
      .map((v) => preview(v, depth + 1))
      .join(',')}${value.length > 5 ? ',…' : ''}]`;
  else {
    const entries = Object.entries(value);
    out = `{${entries
      .slice(0, 5)
      .map(([k, v]) => `${JSON.stringify(k)}:${preview(v, depth + 1)}`)
      .join(',')}${entries.length > 5 ? ',…' : ''}}`;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
