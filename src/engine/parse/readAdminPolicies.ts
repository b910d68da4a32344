// Readers for the cluster-scoped policies of sigs.k8s.io/network-policy-api and for Node objects.
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
// ClusterNetworkPolicy (v1alpha2) are normalized to one model (`AdminPolicy`). An object the API server
// would reject (unknown field, wrong type, invalid value) is reported at the offending key and not
// applied, as `kubectl apply` would refuse it (DESIGN 2.3).
import type {
  AdminAction,
  ExternalEndpoint,
  NetworkPolicy,
  AdminPeer,
  AdminPolicy,
  AdminPolicyKind,
  AdminPort,
  AdminRule,
  AdminSubject,
  AdminTier,
  ClusterNode,
  LabelSelector,
  Labels,
  Protocol,
  SourceRange,
} from '../types';
import type { MessageCode } from '../messages';
import type { ObjectReader, Path, PathEnd } from './objectReader';
import { parseAddress, parseCidr } from '../match/cidr';
import { portNameValid } from './validate';

export const ADMIN_KINDS: ReadonlySet<string> = new Set([
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Per kind: the spellings its schema accepts. */
interface KindSchema {
  kind: AdminPolicyKind;
  specKeys: readonly string[];
  actions: readonly string[];
  /** v1alpha1 `ports` (portNumber/namedPort/portRange) or v1alpha2 `protocols`. */
  portsKey: 'ports' | 'protocols';
  egressPeerKeys: readonly string[];
}

const SCHEMAS: Record<AdminPolicyKind, KindSchema> = {
  AdminNetworkPolicy: {
    kind: 'AdminNetworkPolicy',
    specKeys: ['priority', 'subject', 'ingress', 'egress'],
    actions: ['Allow', 'Deny', 'Pass'],
    portsKey: 'ports',
    egressPeerKeys: ['namespaces', 'pods', 'nodes', 'networks'],
  },
  BaselineAdminNetworkPolicy: {
    kind: 'BaselineAdminNetworkPolicy',
    specKeys: ['subject', 'ingress', 'egress'],
    actions: ['Allow', 'Deny'],
    portsKey: 'ports',
    egressPeerKeys: ['namespaces', 'pods', 'nodes', 'networks'],
  },
  ClusterNetworkPolicy: {
    kind: 'ClusterNetworkPolicy',
    specKeys: ['tier', 'priority', 'subject', 'ingress', 'egress'],
    actions: ['Accept', 'Deny', 'Pass'],
    portsKey: 'protocols',
    egressPeerKeys: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  },
};

const OBJECT_KEYS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
/**
 * The version each kind is served as (network-policy-api: `apis/v1alpha1` holds AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy, `apis/v1alpha2` ClusterNetworkPolicy only): another version is a kind
 * the API server does not know, and `kubectl apply` refuses the object.
 */
const API_VERSIONS: Record<AdminPolicyKind, string> = {
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
};
/** Rules per direction: ANP and BANP allow 100, ClusterNetworkPolicy 25. */
const MAX_RULES: Record<AdminPolicyKind, number> = {
  AdminNetworkPolicy: 100,
  BaselineAdminNetworkPolicy: 100,
  ClusterNetworkPolicy: 25,
};

/**
 * Reads one AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy. Returns null (after
 * reporting every problem found) when the API server would reject it.
 */
export function readAdminPolicy(
  value: Obj,
  kind: AdminPolicyKind,
  name: string,
  reader: ObjectReader,
): AdminPolicy | null {
  const schema = SCHEMAS[kind];
  const { src, base } = reader;
  const at = (...p: (string | number)[]): Path => [...base, ...p];
  // Every error refuses the policy (the ObjectReader counts them).
  const fail = (code: MessageCode, args: (string | number)[], path: Path, end?: PathEnd) =>
    reader.report(code, args, path, end);
  const unknownKeys = (obj: Obj, allowed: readonly string[], path: Path) => {
    for (const key of Object.keys(obj))
      if (!allowed.includes(key))
        fail('admin-unknown-field', [key, allowed.join(', ')], [...path, key], 'key');
  };
  const range = (path: Path): { range?: SourceRange } => {
    const r = src.rangeAt(path);
    return r ? { range: r } : {};
  };
  const selector = (v: unknown, path: Path): LabelSelector =>
    reader.selector(v, path) ?? { matchLabels: {}, matchExpressions: [] };

  unknownKeys(value, OBJECT_KEYS, base);
  if (value.apiVersion !== API_VERSIONS[kind])
    fail(
      'admin-api-version',
      [
        kind,
        API_VERSIONS[kind],
        typeof value.apiVersion === 'string' ? value.apiVersion : String(value.apiVersion ?? ''),
      ],
      'apiVersion' in value ? at('apiVersion') : base,
    );
  if (kind === 'BaselineAdminNetworkPolicy' && name !== 'default')
    fail('banp-name', [name], at('metadata', 'name'));
  const spec = value.spec;
  if (!isObj(spec)) {
    fail('field-type', ['spec must be a mapping'], isObj(value) && 'spec' in value ? at('spec') : base);
    return null;
  }
  unknownKeys(spec, schema.specKeys, at('spec'));

  let tier: AdminTier = kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  if (kind === 'ClusterNetworkPolicy') {
    if (spec.tier === 'Admin' || spec.tier === 'Baseline') tier = spec.tier;
    else fail('admin-tier', [String(spec.tier ?? '')], 'tier' in spec ? at('spec', 'tier') : at('spec'));
  }
  let priority: number | null = null;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    const p = spec.priority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1000) {
      fail(
        'admin-priority',
        [p === undefined ? 'missing' : JSON.stringify(p)],
        'priority' in spec ? at('spec', 'priority') : at('spec'),
      );
    } else priority = p;
  }

  const subject = readSubject(spec.subject, at('spec', 'subject'));
  const ingress = readRules(spec.ingress, 'Ingress', at('spec', 'ingress'));
  const egress = readRules(spec.egress, 'Egress', at('spec', 'egress'));
  if (reader.refused || !subject) return null;
  return {
    index: 0,
    kind,
    apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : '',
    name,
    tier,
    priority,
    subject,
    ingress,
    egress,
    ...range(base),
  };

  function readSubject(v: unknown, path: Path): AdminSubject | null {
    if (!isObj(v)) {
      fail('admin-subject', [], v === undefined ? at('spec') : path);
      return null;
    }
    unknownKeys(v, ['namespaces', 'pods'], path);
    const keys = Object.keys(v).filter((k) => (k === 'namespaces' || k === 'pods') && v[k] != null);
    if (keys.length !== 1) {
      fail('admin-subject', [], path);
      return null;
    }
    if (keys[0] === 'namespaces')
      return { type: 'namespaces', namespaceSelector: selector(v.namespaces, [...path, 'namespaces']) };
    const pods = readNamespacedPod(v.pods, [...path, 'pods']);
    return pods ? { type: 'pods', ...pods } : null;
  }

  function readNamespacedPod(
    v: unknown,
    path: Path,
  ): { namespaceSelector: LabelSelector; podSelector: LabelSelector } | null {
    if (!isObj(v)) {
      fail('field-type', ['pods must be a mapping with namespaceSelector and podSelector'], path);
      return null;
    }
    unknownKeys(v, ['namespaceSelector', 'podSelector'], path);
    if (v.podSelector === undefined || v.podSelector === null) {
      fail('field-type', ['pods.podSelector is required'], path);
      return null;
    }
    return {
      // NamespacedPod.namespaceSelector: "if empty, it selects all Namespaces".
      namespaceSelector: selector(v.namespaceSelector ?? {}, [...path, 'namespaceSelector']),
      podSelector: selector(v.podSelector, [...path, 'podSelector']),
    };
  }

  function readRules(v: unknown, direction: 'Ingress' | 'Egress', path: Path): AdminRule[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      fail('field-type', [`${direction.toLowerCase()} must be a list of rules`], path);
      return [];
    }
    if (v.length > MAX_RULES[kind])
      fail('admin-too-many', [direction.toLowerCase(), MAX_RULES[kind], 'rules'], path);
    const out: AdminRule[] = [];
    v.forEach((raw, index) => {
      const rp = [...path, index];
      const peersKey = direction === 'Ingress' ? 'from' : 'to';
      if (!isObj(raw)) {
        fail('field-type', ['a rule must be a mapping'], rp);
        return;
      }
      unknownKeys(raw, ['name', 'action', peersKey, schema.portsKey], rp);
      let name: string | undefined;
      if (raw.name !== undefined) {
        if (typeof raw.name !== 'string' || raw.name.length > 100)
          fail('field-type', ['name must be a string of at most 100 characters'], [...rp, 'name']);
        else name = raw.name;
      }
      const written = typeof raw.action === 'string' ? raw.action : '';
      let action: AdminAction = 'Deny';
      if (!schema.actions.includes(written))
        fail(
          'admin-action',
          [written || String(raw.action ?? 'missing'), kind, schema.actions.join(', ')],
          'action' in raw ? [...rp, 'action'] : rp,
        );
      else action = written === 'Allow' ? 'Accept' : (written as AdminAction);
      const peers = readPeers(raw[peersKey], direction, [...rp, peersKey], 'action' in raw ? rp : rp);
      const ports =
        raw[schema.portsKey] === undefined
          ? null
          : schema.portsKey === 'ports'
            ? readV1Ports(raw.ports, [...rp, 'ports'])
            : readProtocols(raw.protocols, [...rp, 'protocols']);
      if (
        ports &&
        peers.some((p) => p.type === 'nodes' || p.type === 'networks') &&
        ports.some((p) => p.type === 'named')
      )
        fail('admin-named-port-peer', [], [...rp, schema.portsKey]);
      out.push({
        index,
        ...(name !== undefined ? { name } : {}),
        action,
        actionWritten: written,
        peers,
        ports,
        ...range(rp),
      });
    });
    return out;
  }

  function readPeers(v: unknown, direction: 'Ingress' | 'Egress', path: Path, rulePath: Path): AdminPeer[] {
    if (!Array.isArray(v) || v.length === 0) {
      fail('admin-peers-missing', [path[path.length - 1] as string], Array.isArray(v) ? path : rulePath);
      return [];
    }
    if (v.length > 100) fail('admin-too-many', [String(path[path.length - 1]), 100, 'peers'], path);
    const allowed = direction === 'Ingress' ? ['namespaces', 'pods'] : schema.egressPeerKeys;
    const out: AdminPeer[] = [];
    v.forEach((raw, i) => {
      const pp = [...path, i];
      if (!isObj(raw)) {
        fail('admin-peer', [allowed.join(', ')], pp);
        return;
      }
      unknownKeys(raw, allowed, pp);
      const keys = Object.keys(raw).filter((k) => allowed.includes(k) && raw[k] != null);
      if (keys.length !== 1) {
        fail('admin-peer', [allowed.join(', ')], pp);
        return;
      }
      const key = keys[0]!;
      const r = range(pp);
      if (key === 'namespaces') {
        out.push({ type: 'namespaces', namespaceSelector: selector(raw.namespaces, [...pp, key]), ...r });
      } else if (key === 'pods') {
        const pods = readNamespacedPod(raw.pods, [...pp, key]);
        if (pods) out.push({ type: 'pods', ...pods, ...r });
      } else if (key === 'nodes') {
        out.push({ type: 'nodes', nodeSelector: selector(raw.nodes, [...pp, key]), ...r });
      } else if (key === 'networks') {
        const list = raw.networks;
        if (!Array.isArray(list) || list.length === 0 || list.length > 25) {
          fail('field-type', ['networks must be a list of 1 to 25 CIDRs'], [...pp, key]);
          return;
        }
        const cidrs: string[] = [];
        list.forEach((c, k) => {
          const text = typeof c === 'string' ? c : '';
          if (!text.includes('/') || !parseCidr(text)) fail('cidr-syntax', [String(c)], [...pp, key, k]);
          else cidrs.push(text);
        });
        out.push({ type: 'networks', cidrs, ...r });
      } else {
        // domainNames: what a name resolves to is not in the manifests.
        reader.report('admin-domain-names', [], [...pp, key], 'key');
      }
    });
    return out;
  }

  function protocolOf(v: unknown, path: Path): Protocol | null {
    if (v === undefined || v === null) return 'TCP';
    if (v === 'TCP' || v === 'UDP' || v === 'SCTP') return v;
    fail('protocol-unknown', [String(v)], path);
    return null;
  }

  function portNumber(v: unknown, path: Path): number | null {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
      fail('port-range', [v === undefined ? 'missing' : JSON.stringify(v)], path);
      return null;
    }
    return v;
  }

  function readV1Ports(v: unknown, path: Path): AdminPort[] {
    if (!Array.isArray(v) || v.length === 0) {
      fail('field-type', ['ports must be a non-empty list'], path);
      return [];
    }
    const out: AdminPort[] = [];
    v.forEach((raw, i) => {
      const pp = [...path, i];
      const allowed = ['portNumber', 'namedPort', 'portRange'];
      if (!isObj(raw)) {
        fail('admin-port', ['a port entry must set exactly one of portNumber, namedPort or portRange'], pp);
        return;
      }
      unknownKeys(raw, allowed, pp);
      const keys = Object.keys(raw).filter((k) => allowed.includes(k) && raw[k] != null);
      if (keys.length !== 1) {
        fail('admin-port', ['a port entry must set exactly one of portNumber, namedPort or portRange'], pp);
        return;
      }
      const r = range(pp);
      if (keys[0] === 'namedPort') {
        const name = raw.namedPort;
        if (typeof name !== 'string' || !portNameValid(name))
          fail('port-name', [String(name)], [...pp, 'namedPort']);
        else out.push({ type: 'named', name, ...r });
        return;
      }
      const body = raw[keys[0]!];
      const bp = [...pp, keys[0]!];
      if (!isObj(body)) {
        fail('field-type', [`${keys[0]} must be a mapping`], bp);
        return;
      }
      if (keys[0] === 'portNumber') {
        unknownKeys(body, ['protocol', 'port'], bp);
        const protocol = protocolOf(body.protocol, [...bp, 'protocol']);
        const port = portNumber(body.port, 'port' in body ? [...bp, 'port'] : bp);
        if (protocol && port !== null) out.push({ type: 'number', protocol, port, endPort: port, ...r });
      } else {
        unknownKeys(body, ['protocol', 'start', 'end'], bp);
        const protocol = protocolOf(body.protocol, [...bp, 'protocol']);
        const start = portNumber(body.start, 'start' in body ? [...bp, 'start'] : bp);
        const end = portNumber(body.end, 'end' in body ? [...bp, 'end'] : bp);
        if (start !== null && end !== null && end <= start)
          fail('admin-port', [`portRange end ${end} must be greater than start ${start}`], [...bp, 'end']);
        else if (protocol && start !== null && end !== null)
          out.push({ type: 'number', protocol, port: start, endPort: end, ...r });
      }
    });
    return out;
  }

  function readProtocols(v: unknown, path: Path): AdminPort[] {
    if (!Array.isArray(v) || v.length === 0 || v.length > 25) {
      fail('field-type', ['protocols must be a list of 1 to 25 entries'], path);
      return [];
    }
    const allowed = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
    const out: AdminPort[] = [];
    v.forEach((raw, i) => {
      const pp = [...path, i];
      const shape = 'a protocols entry must set exactly one of tcp, udp, sctp or destinationNamedPort';
      if (!isObj(raw)) {
        fail('admin-port', [shape], pp);
        return;
      }
      unknownKeys(raw, allowed, pp);
      const keys = Object.keys(raw).filter((k) => allowed.includes(k) && raw[k] != null);
      if (keys.length !== 1) {
        fail('admin-port', [shape], pp);
        return;
      }
      const key = keys[0]!;
      const r = range(pp);
      if (key === 'destinationNamedPort') {
        const name = raw.destinationNamedPort;
        if (typeof name !== 'string' || !portNameValid(name)) fail('port-name', [String(name)], [...pp, key]);
        else out.push({ type: 'named', name, ...r });
        return;
      }
      const protocol = key.toUpperCase() as Protocol;
      const body = raw[key];
      const bp = [...pp, key];
      if (!isObj(body) || !isObj(body.destinationPort)) {
        fail('admin-port', [`${key} must set destinationPort`], bp);
        return;
      }
      unknownKeys(body, ['destinationPort'], bp);
      const dp = body.destinationPort;
      const dpp = [...bp, 'destinationPort'];
      unknownKeys(dp, ['number', 'range'], dpp);
      const has = ['number', 'range'].filter((k) => k in dp);
      if (has.length !== 1) {
        fail('admin-port', ['destinationPort must set exactly one of number or range'], dpp);
        return;
      }
      if (has[0] === 'number') {
        const port = portNumber(dp.number, [...dpp, 'number']);
        if (port !== null) out.push({ type: 'number', protocol, port, endPort: port, ...r });
        return;
      }
      const rg = dp.range;
      if (!isObj(rg)) {
        fail('field-type', ['range must be a mapping with start and end'], [...dpp, 'range']);
        return;
      }
      unknownKeys(rg, ['start', 'end'], [...dpp, 'range']);
      const start = portNumber(rg.start, [...dpp, 'range', 'start']);
      const end = portNumber(rg.end, [...dpp, 'range', 'end']);
      if (start !== null && end !== null && end <= start)
        fail(
          'admin-port',
          [`range end ${end} must be greater than start ${start}`],
          [...dpp, 'range', 'end'],
        );
      else if (start !== null && end !== null)
        out.push({ type: 'number', protocol, port: start, endPort: end, ...r });
    });
    return out;
  }
}

/** A Node: its labels and the IP addresses of `status.addresses` (host names are skipped). */
export function readNode(
  value: Obj,
  name: string,
  labels: Labels,
  range: SourceRange | undefined,
): ClusterNode {
  const addresses: string[] = [];
  const status = isObj(value.status) ? value.status : {};
  if (Array.isArray(status.addresses)) {
    for (const entry of status.addresses) {
      const address = isObj(entry) && typeof entry.address === 'string' ? entry.address : '';
      if (address && parseAddress(address) && !addresses.includes(address)) addresses.push(address);
    }
  }
  return { name, labels, addresses, ...(range ? { range } : {}) };
}

/**
 * Outside addresses the admin policies name, in the shape deriveExternalEndpoints reads: each `networks`
 * CIDR as an ipBlock without except, and each node address of the input as a /32 (/128) when some
 * `nodes` peer exists, so the graph can show them.
 */
export function adminAddressSources(
  policies: readonly AdminPolicy[],
  nodes: readonly ClusterNode[],
): NetworkPolicy[] {
  const peers: { type: 'ipBlock'; cidr: string; except: string[] }[] = [];
  let nodePeers = false;
  for (const policy of policies)
    for (const rule of [...policy.ingress, ...policy.egress])
      for (const peer of rule.peers) {
        if (peer.type === 'networks')
          for (const cidr of peer.cidrs) peers.push({ type: 'ipBlock', cidr, except: [] });
        if (peer.type === 'nodes') nodePeers = true;
      }
  if (nodePeers)
    for (const node of nodes)
      for (const a of node.addresses)
        peers.push({ type: 'ipBlock', cidr: `${a}/${a.includes(':') ? 128 : 32}`, except: [] });
  if (peers.length === 0) return [];
  return [
    {
      index: -1,
      namespace: '',
      name: '',
      apiVersion: '',
      legacy: false,
      podSelector: { matchLabels: {}, matchExpressions: [] },
      policyTypes: ['Egress'],
      policyTypesInferred: false,
      ingress: [],
      egress: [{ index: 0, peers, ports: [] }],
    },
  ];
}

/** Outside endpoints that are node addresses are labelled with the node's name. */
export function labelNodeAddresses(externals: ExternalEndpoint[], nodes: readonly ClusterNode[]): void {
  for (const ep of externals) {
    const node = nodes.find((n) => n.addresses.includes(ep.address));
    if (node && ep.label !== 'other addresses') ep.label = `node ${node.name} (${ep.address})`;
  }
}
