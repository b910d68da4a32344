// The ClusterBuilder collects the objects of every document into one normalized Cluster. It owns what
// all kinds share: the List wrapper, kind and name, strict field validation (strict.ts) and names, and the
// stores with their "defined more than once" warnings. Each kind has its reader (readNetworkPolicy,
// readWorkloads, readAdminPolicies); an object any of them reports an error in is refused, as the API
// server would refuse it, and nothing of it is stored (DESIGN 2.3).
import type {
  AdminPolicy,
  AdminPolicyKind,
  ClusterNode,
  Diagnostic,
  DocumentInfo,
  Namespace,
  NetworkPolicy,
  PodEndpoint,
  Service,
  SourceRange,
} from '../types';
import { diagnostic, type MessageCode } from '../messages';
import { nameProblem } from './validate';
import { jsonPath, strictProblems } from './strict';
import { ADMIN_KINDS, readAdminPolicy, readNode } from './readAdminPolicies';
import {
  isObj,
  ObjectReader,
  objectLabel,
  str,
  type ObjectSource,
  type Path,
  type PathEnd,
} from './objectReader';
import { readNetworkPolicy } from './readNetworkPolicy';
import { readNamespace, readPod, readService, WORKLOAD_KINDS, type PendingPod } from './readWorkloads';

export type { DuplicateKey, ObjectSource, Path, PathEnd } from './objectReader';
export { preview } from './objectReader';
export { LEGACY_ANNOTATION } from './readWorkloads';

type Json = unknown;
type Obj = Record<string, Json>;

export class ClusterBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly documents: DocumentInfo[] = [];
  private namespaces = new Map<string, Namespace>();
  private pods = new Map<string, PendingPod>();
  private services = new Map<string, Service>();
  private policies = new Map<string, NetworkPolicy>();
  private adminPolicies = new Map<string, AdminPolicy>();
  private nodes = new Map<string, ClusterNode>();

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
    const report = (
      code: 'not-an-object' | 'missing-kind' | 'unknown-kind' | 'missing-name',
      args: string[],
      path: Path,
    ) =>
      this.diagnostics.push(diagnostic(code, args, src.findingAt?.(path) ?? src.rangeAt(path), src.fileName));
    if (!isObj(value)) return report('not-an-object', [], base);
    const kind = str(value.kind);
    if (!kind) return report('missing-kind', [], base);
    const known =
      kind === 'Namespace' ||
      kind === 'Pod' ||
      kind === 'Service' ||
      kind === 'NetworkPolicy' ||
      kind === 'Node' ||
      ADMIN_KINDS.has(kind) ||
      kind in WORKLOAD_KINDS;
    if (!known) return report('unknown-kind', [kind], [...base, 'kind']);
    const metadata = isObj(value.metadata) ? value.metadata : {};
    const name = str(metadata.name);
    if (!name) return report('missing-name', [kind], isObj(value.metadata) ? [...base, 'metadata'] : base);
    const r = new ObjectReader(src, base, objectLabel(kind, name, str(metadata.namespace)), this.diagnostics);
    // Unknown fields, wrong types and duplicate keys first: the readers below rely on the shapes.
    this.checkStrict(value, kind, metadata, r);
    if (r.refused) return;
    // "namespace ... Defaults to 'default'" (ObjectMeta); namespaces themselves are cluster-scoped.
    const namespace = str(metadata.namespace) || 'default';
    const labels = r.labels(metadata.labels, r.at('metadata', 'labels'));
    if (ADMIN_KINDS.has(kind)) {
      const policy = readAdminPolicy(value, kind as AdminPolicyKind, name, r);
      if (policy && !r.refused)
        this.store(this.adminPolicies, `${kind}/${name}`, policy, `${kind}/${name}`, r);
    } else if (kind === 'Node') {
      const node = readNode(value, name, labels, src.rangeAt(base));
      if (!r.refused) this.store(this.nodes, name, node, `Node ${name}`, r);
    } else if (kind === 'Namespace') {
      const ns = readNamespace(metadata, name, labels, r);
      if (r.refused) return;
      // A namespace only referenced so far is replaced by its declaration without a warning.
      const declared = this.namespaces.get(name)?.declared === true;
      this.store(this.namespaces, name, ns, declared ? `Namespace ${name}` : null, r);
    } else if (kind === 'Pod' || kind in WORKLOAD_KINDS) {
      const pod = readPod(value, kind, name, namespace, labels, r);
      if (r.refused) return;
      this.store(this.pods, pod.key, pod, `${pod.kind} ${namespace}/${name}`, r);
      this.touchNamespace(namespace);
    } else if (kind === 'Service') {
      const service = readService(value, name, namespace, r);
      if (r.refused) return;
      this.store(this.services, `${namespace}/${name}`, service, `Service ${namespace}/${name}`, r);
      this.touchNamespace(namespace);
    } else {
      const policy = readNetworkPolicy(value, name, namespace, r);
      if (r.refused) return;
      this.store(this.policies, `${namespace}/${name}`, policy, `NetworkPolicy ${namespace}/${name}`, r);
      this.touchNamespace(namespace);
    }
  }

  /** The later definition of an object wins, with a warning naming `label` (none when null). */
  private store<T>(map: Map<string, T>, key: string, value: T, label: string | null, r: ObjectReader) {
    if (label !== null && map.has(key))
      this.diagnostics.push(diagnostic('duplicate-object', [label], r.rangeOf(r.base), r.src.fileName));
    map.set(key, value);
  }

  /**
   * Reports what the API server would refuse in this object before reading its values (strict field
   * validation: unknown fields, wrong types, duplicate keys; names that are not DNS names).
   */
  private checkStrict(value: Obj, kind: string, metadata: Obj, r: ObjectReader) {
    const { src, base, label } = r;
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
      r.push(found);
    }
    const push = (code: MessageCode, args: string[], path: Path, end: PathEnd, fieldPath: string) => {
      const d = diagnostic(code, [...args, label], r.rangeOf([...base, ...path], end), src.fileName);
      d.path = fieldPath;
      r.push(d);
    };
    for (const p of strictProblems(value, kind)) push(p.code, p.args, p.path, 'key', jsonPath(p.path));
    if (typeof metadata.name === 'string') {
      const problem = nameProblem(kind, metadata.name);
      if (problem)
        push(
          'name-invalid',
          [`${kind} name`, metadata.name, problem],
          ['metadata', 'name'],
          'value',
          'metadata.name',
        );
    }
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    if (kind !== 'Namespace' && namespace) {
      const problem = nameProblem('Namespace', namespace);
      if (problem)
        push(
          'name-invalid',
          ['namespace', namespace, problem],
          ['metadata', 'namespace'],
          'value',
          'metadata.namespace',
        );
    }
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
