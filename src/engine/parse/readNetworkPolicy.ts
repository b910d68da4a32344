// The reader of NetworkPolicy objects (networking.k8s.io/v1, and extensions/v1beta1 read as v1): the
// spec normalized with the API defaults applied once (policyTypes, protocol). Every value the API server
// would refuse (a bad CIDR, an except outside its CIDR, a port out of range, an unknown protocol or
// policyType, ...) is reported at its key through the ObjectReader, which refuses the whole policy.
import type { NetworkPolicy, Peer, PolicyPort, PolicyRule, PolicyType } from '../types';
import { cidrContains, normalizeCidr, parseCidr } from '../match/cidr';
import { isObj, preview, str, type ObjectReader, type Path } from './objectReader';
import { portNameValid } from './validate';

type Obj = Record<string, unknown>;

export function readNetworkPolicy(
  value: Obj,
  name: string,
  namespace: string,
  r: ObjectReader,
): NetworkPolicy {
  const apiVersion = str(value.apiVersion) ?? 'networking.k8s.io/v1';
  const legacy = apiVersion.startsWith('extensions/');
  if (legacy) r.report('policy-legacy-api', [apiVersion], r.at('apiVersion'));
  const spec = isObj(value.spec) ? value.spec : {};
  let podSelector = r.selector(spec.podSelector, r.at('spec', 'podSelector'));
  if (!podSelector) {
    r.report('policy-missing-pod-selector', [], r.at('spec'));
    podSelector = { matchLabels: {}, matchExpressions: [] };
  }
  const ingress = readRules(spec.ingress, 'from', r, r.at('spec', 'ingress'));
  const egress = readRules(spec.egress, 'to', r, r.at('spec', 'egress'));
  let policyTypes: PolicyType[];
  let inferred = false;
  if (Array.isArray(spec.policyTypes)) {
    policyTypes = [];
    spec.policyTypes.forEach((t, i) => {
      const path = r.at('spec', 'policyTypes', i);
      if (isObj(t) && Object.keys(t).length === 1 && Object.values(t)[0] === null) {
        // `- Ingress:` parses as the mapping {Ingress: null}, which the API server refuses.
        const key = Object.keys(t)[0]!;
        if (key === 'Ingress' || key === 'Egress') r.report('policy-types-stray-colon', [key], path);
        else r.report('policy-types-unknown', [key], path);
      } else if (t === 'Ingress' || t === 'Egress') {
        if (!policyTypes.includes(t)) policyTypes.push(t);
      } else r.report('policy-types-unknown', [typeof t === 'string' ? t : preview(t)], path);
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
  const range = r.src.rangeAt(r.base);
  return {
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
  };
}

function readRules(value: unknown, peersKey: 'from' | 'to', r: ObjectReader, path: Path): PolicyRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.report('field-type', [`${path[path.length - 1]} must be a list of rules`], path);
    return [];
  }
  return value.map((rule, index): PolicyRule => {
    const rp = [...path, index];
    const range = r.src.rangeAt(rp);
    const raw = isObj(rule) ? rule : {};
    const peers: Peer[] = [];
    const rawPeers = raw[peersKey];
    if (Array.isArray(rawPeers))
      rawPeers.forEach((peer, pi) => {
        const p = readPeer(peer, r, [...rp, peersKey, pi]);
        if (p) peers.push(p);
      });
    const ports: PolicyPort[] = [];
    if (Array.isArray(raw.ports))
      raw.ports.forEach((port, pi) => {
        const p = readPort(port, r, [...rp, 'ports', pi]);
        if (p) ports.push(p);
      });
    return { index, peers, ports, ...(range ? { range } : {}) };
  });
}

function readPeer(value: unknown, r: ObjectReader, path: Path): Peer | null {
  const range = r.src.rangeAt(path);
  if (
    !isObj(value) ||
    (value.podSelector == null && value.namespaceSelector == null && value.ipBlock == null)
  ) {
    r.report('peer-empty', [], path);
    return null;
  }
  if (value.ipBlock != null) {
    if (value.podSelector != null || value.namespaceSelector != null) {
      r.report('peer-ipblock-and-selector', [], path);
      return null;
    }
    const block = isObj(value.ipBlock) ? value.ipBlock : {};
    const cidr = str(block.cidr) ?? '';
    if (!isCidr(cidr)) {
      r.report('cidr-syntax', [cidr], [...path, 'ipBlock', 'cidr']);
      return null;
    }
    const except: string[] = [];
    if (Array.isArray(block.except))
      block.except.forEach((e, i) => {
        const text = str(e) ?? '';
        const at = [...path, 'ipBlock', 'except', i];
        if (!isCidr(text)) r.report('cidr-syntax', [text], at);
        else if (!exceptInside(text, cidr)) r.report('except-outside-cidr', [text, cidr], at);
        else except.push(text);
      });
    return { type: 'ipBlock', cidr, except, ...(range ? { range } : {}) };
  }
  return {
    type: 'selector',
    podSelector: r.selector(value.podSelector, [...path, 'podSelector']),
    namespaceSelector: r.selector(value.namespaceSelector, [...path, 'namespaceSelector']),
    ...(range ? { range } : {}),
  };
}

function readPort(value: unknown, r: ObjectReader, path: Path): PolicyPort | null {
  const range = r.src.rangeAt(path);
  if (!isObj(value)) {
    r.report('field-type', ['a port entry must be a mapping'], path);
    return null;
  }
  const protocol = r.protocol(value.protocol, [...path, 'protocol']);
  if (!protocol) return null;
  const out: PolicyPort = { protocol, ...(range ? { range } : {}) };
  const raw = value.port;
  if (raw !== undefined && raw !== null) {
    if (typeof raw === 'number' || /^\d+$/.test(String(raw))) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        r.report('port-range', [String(raw)], [...path, 'port']);
        return null;
      }
      out.port = n;
    } else {
      const name = String(raw);
      if (!portNameValid(name)) {
        r.report('port-name', [name], [...path, 'port']);
        return null;
      }
      out.port = name;
    }
  }
  if (value.endPort !== undefined && value.endPort !== null) {
    const end = Number(value.endPort);
    const at = [...path, 'endPort'];
    if (out.port === undefined) r.report('endport-without-port', [], at);
    else if (typeof out.port === 'string') r.report('endport-named', [out.port], at);
    else if (!Number.isInteger(end) || end < 1 || end > 65535)
      r.report('port-range', [String(value.endPort)], at);
    else if (end < out.port) r.report('endport-below-port', [end, out.port], at);
    else out.endPort = end;
  }
  return out;
}

/** A CIDR as the API server reads one: an address, a slash and a prefix length in range. */
const isCidr = (text: string) => text.includes('/') && parseCidr(text) !== null;

/** ValidateIPBlock: an except "must be a strict subset of `cidr`" (inside it, with a longer prefix). */
export function exceptInside(except: string, cidr: string): boolean {
  const e = parseCidr(except);
  const c = parseCidr(cidr);
  if (!e || !c || e[0].kind() !== c[0].kind()) return false;
  const network = normalizeCidr(except)!.split('/')[0]!;
  return e[1] > c[1] && cidrContains(cidr, network);
}
