import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReplacement, parseText, type EditPort, type Workspace } from '../engine/index';
import { defaultPorts, parsePorts } from '../ui/edit/connectionInput';
import { EngineService } from './engineService';
import { hunkOf, hunkOfLines } from './planConnection';
import type { ConnectionEnd, ScopeOptions } from './protocol';

/** Plans in the engine service, as the page asks the worker; lists as text, and the text after. */
function planConnection(
  text: string,
  from: ConnectionEnd,
  to: ConnectionEnd,
  ports: EditPort[],
  scope: ScopeOptions,
  egressToo: boolean,
) {
  const { result } = new EngineService().handle({
    type: 'planConnection',
    id: 1,
    text,
    options: {},
    from,
    to,
    ports,
    scope,
    egressToo,
  });
  return {
    ...result,
    text: applyReplacement(text, result.replacement),
    alsoOpens: result.alsoOpens.map((c) => c.text),
    alsoOpensPairs: result.alsoOpens.map(({ from, to }) => ({ from, to })),
    closes: result.closes.map((c) => c.text),
  };
}

// Two namespaces, a web client with two labels, a second client sharing one of them, and a db
// behind a default deny. Drawing web -> db with different scopes opens more or less.
const YAML = `# cluster
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: blue}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: blue}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, tier: front}}
---
apiVersion: v1
kind: Pod
metadata: {name: cron, namespace: shop, labels: {app: cron, tier: front}}
---
apiVersion: v1
kind: Pod
metadata: {name: far, namespace: other, labels: {app: web, tier: front}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

function setup() {
  const ws: Workspace = parseText(YAML).value;
  const at = (ref: string): ConnectionEnd => ({
    endpoint: ws.cluster.endpoints.find((e) => e.ref === ref)!.index,
  });
  const plan = (from: ConnectionEnd, to: ConnectionEnd, scope: ScopeOptions, egress = false) =>
    planConnection(YAML, from, to, [{ port: 5432, protocol: 'TCP' }], scope, egress);
  return { at, plan };
}

describe('planConnection', () => {
  it('exactly the pod labels opens only the drawn connection', () => {
    const { at, plan } = setup();
    const p = plan(at('shop/web'), at('shop/db'), { scope: 'pod-labels' });
    expect(p.error).toBeUndefined();
    expect(p.opensDrawn).toBe(true);
    expect(p.alsoOpens).toEqual([]);
    expect(p.closes).toEqual([]); // db was already isolated by the default deny
    expect(p.text.startsWith(YAML)).toBe(true); // the cluster is untouched, a policy is appended
    expect(p.text.slice(YAML.length)).toMatch(
      /from:\n\s+- podSelector:\n\s+matchLabels:\n\s+app: web\n\s+tier: front/,
    );
  });

  it('a label subset is broader, and says whom else it lets in', () => {
    const { at, plan } = setup();
    const p = plan(at('shop/web'), at('shop/db'), { scope: 'label-subset', podLabelKeys: ['tier'] });
    expect(p.opensDrawn).toBe(true);
    expect(p.alsoOpens).toEqual(['shop/cron → shop/db (TCP 5432)']);
    expect(p.alsoOpensPairs).toEqual([{ from: 'shop/cron', to: 'shop/db' }]);
  });

  it('namespace labels AND pod labels in one peer reach across namespaces', () => {
    const { at, plan } = setup();
    const p = plan(at('shop/web'), at('shop/db'), {
      scope: 'ns-labels',
      podLabelKeys: ['app'],
      namespaceLabelKeys: ['team'],
    });
    expect(p.alsoOpens).toEqual(['other/far → shop/db (TCP 5432)']);
    expect(p.text).toMatch(/- namespaceSelector:\n\s+matchLabels:\n\s+team: blue\n\s+podSelector:/);
  });

  it('a whole namespace as the source admits all of its pods, with an empty podSelector', () => {
    const { at, plan } = setup();
    const p = plan({ namespace: 'shop' }, at('shop/db'), { scope: 'pod-labels' });
    expect(p.opensDrawn).toBe(true);
    expect(p.alsoOpens).toEqual([]); // web and cron are both "the drawn connection"
    expect(p.text).toMatch(/from:\n\s+- podSelector: \{\}/);
  });

  it('a whole namespace as the destination selects all of its pods', () => {
    const { at, plan } = setup();
    const p = plan(at('other/far'), { namespace: 'shop' }, { scope: 'pod-labels' });
    expect(p.opensDrawn).toBe(true);
    // A new policy: the default deny is not turned into an allow.
    expect(p.text.slice(YAML.length)).toMatch(/namespace: shop\nspec:\n\s+podSelector: \{\}\n/);
  });

  it('adds the egress rule at the source when asked', () => {
    const { at, plan } = setup();
    const p = plan(at('shop/web'), at('shop/db'), { scope: 'pod-labels' }, true);
    expect(p.edits.map((e) => e.type)).toEqual(['add-ingress-rule', 'add-egress-rule']);
    expect(p.text).toContain('- Egress');
  });

  it('a typed outside address becomes an ipBlock, and its external node the drawn end', () => {
    const { at, plan } = setup();
    const p = plan(at('shop/web'), { cidr: '198.51.100.7' }, { scope: 'pod-labels' }, true);
    expect(p.error).toBeUndefined();
    expect(p.edits.map((e) => e.type)).toEqual(['add-egress-rule']);
    expect(p.text).toMatch(/to:\n\s+- ipBlock:\n\s+cidr: 198.51.100.7\/32/);
    expect(p.opensDrawn).toBe(true);
    // web was not isolated for egress: the new egress policy closes its other connections.
    expect(p.closes).toContain('shop/web → other/far (all ports)');
    expect(p.closes.every((c) => c.startsWith('shop/web → '))).toBe(true);
    const inbound = plan({ cidr: '203.0.113.9/24' }, at('shop/db'), { scope: 'pod-labels' });
    expect(inbound.text).toContain('cidr: 203.0.113.0/24'); // host bits cleared, as the API reads it
    expect(inbound.opensDrawn).toBe(true);
    expect(plan(at('shop/web'), { cidr: '300.1.1.1' }, { scope: 'pod-labels' }).error).toBe(
      '"300.1.1.1" is not an IPv4 or IPv6 address or CIDR',
    );
  });

  it('parses port lists, ranges and names, and refuses nonsense', () => {
    expect(parsePorts('80, 8000-8080 http', 'TCP')).toEqual([
      { port: 80, protocol: 'TCP' },
      { port: 8000, endPort: 8080, protocol: 'TCP' },
      { port: 'http', protocol: 'TCP' },
    ]);
    expect(parsePorts('', 'UDP')).toEqual([]);
    expect(parsePorts('70000', 'TCP')).toEqual({ error: '70000 is outside 1-65535' });
    expect(parsePorts('8o', 'TCP')).toHaveProperty('error');
  });
});

describe('drawing where rules already exist', () => {
  // grafana may send anywhere (`egress: - {}`) and listens on 3000 only; prometheus listens on 9090.
  const MONITORING = `apiVersion: v1
kind: Pod
metadata: {name: grafana, namespace: monitoring, labels: {app: grafana}}
spec: {containers: [{name: g, image: g, ports: [{containerPort: 3000}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: prometheus, namespace: monitoring, labels: {app: prometheus}}
spec: {containers: [{name: p, image: p, ports: [{containerPort: 9500}, {containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: grafana, namespace: monitoring}
spec:
  podSelector: {matchLabels: {app: grafana}}
  policyTypes: [Egress]
  egress:
    - {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: monitoring}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
  const ws: Workspace = parseText(MONITORING).value;
  const at = (ref: string) => ({ endpoint: ws.cluster.endpoints.find((e) => e.ref === ref)!.index });

  it('defaults the ports to the container ports of the destination', () => {
    expect(defaultPorts(ws, at('monitoring/prometheus'))).toEqual({ text: '8080, 9500', protocol: 'TCP' });
    expect(defaultPorts(ws, { namespace: 'monitoring' })).toEqual({ text: '', protocol: 'TCP' });
  });

  it('adds no egress rule that an existing one covers, and says so', () => {
    const p = planConnection(
      MONITORING,
      at('monitoring/grafana'),
      at('monitoring/prometheus'),
      [{ port: 9500, protocol: 'TCP' }],
      { scope: 'pod-labels' },
      true,
    );
    expect(p.error).toBeUndefined();
    expect(p.covered).toEqual(['Egress']);
    expect(p.edits.map((e) => e.type)).toEqual(['add-ingress-rule']);
    expect(p.opensDrawn).toBe(true);
    expect(p.steps).toHaveLength(1);
  });

  it('refuses to add anything when the connection is already allowed on those ports', () => {
    const p = planConnection(
      MONITORING,
      at('monitoring/prometheus'),
      at('monitoring/grafana'),
      [{ port: 3000, protocol: 'TCP' }],
      { scope: 'pod-labels' },
      false,
    );
    // grafana's ingress is denied, so ingress is not covered: one rule.
    expect(p.covered).toEqual([]);
    const again = planConnection(
      p.text,
      at('monitoring/prometheus'),
      at('monitoring/grafana'),
      [{ port: 3000, protocol: 'TCP' }],
      { scope: 'pod-labels' },
      false,
    );
    expect(again.covered).toEqual(['Ingress']);
    expect(again.edits).toEqual([]);
    expect(again.error).toMatch(/already admit this/);
  });
});

describe("an edit's hunk", () => {
  it('is the one found over all lines, found from the lines around the change only', () => {
    const line = fc.constantFrom('a', 'b', '', 'c d', 'x');
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.nat(),
        fc.nat(5),
        fc.array(line, { maxLength: 5 }),
        (lines, at, removed, inserted) => {
          const before = lines.join('\n');
          const byLines = [...lines];
          byLines.splice(at % (lines.length + 1), removed, ...inserted);
          const cut = at % (before.length + 1);
          const byChars = before.slice(0, cut) + inserted.join('\n') + before.slice(cut + removed);
          for (const after of [byLines.join('\n'), byChars])
            expect(hunkOf(before, after)).toEqual(hunkOfLines(before, after));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
