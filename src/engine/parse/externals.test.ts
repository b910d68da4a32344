import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseText } from './parseWorkspace';
import { exceptInside } from './readNetworkPolicy';
import { analyze } from '../evaluate/analyze';
import { evaluateConnection } from '../evaluate/evaluateConnection';
import { referenceAllowed } from '../evaluate/reference';
import { resolveRef } from '../evaluate/resolveRef';
import { ipBlockMatches } from '../match/cidr';
import { portSetHas } from '../match/ports';
import type { Cluster, ExternalEndpoint } from '../types';

const externalsOf = (cluster: Cluster) =>
  cluster.endpoints.filter((e): e is ExternalEndpoint => e.type === 'external');

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.10}
`;

const withPolicy = (blocks: unknown[]) =>
  `${CLUSTER}---\n${stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'x' },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: blocks, ports: [{ port: 80 }] }],
    },
  })}`;

describe('outside endpoints stand for the addresses their representative lies in', () => {
  it('an except that covers the usual stand-in address: "other addresses" is what the except leaves out', () => {
    const { value, diagnostics } = parseText(
      withPolicy([{ ipBlock: { cidr: '0.0.0.0/0', except: ['203.0.0.0/8'] } }]),
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const cluster = value.cluster;
    const externals = externalsOf(cluster);
    expect(externals.map((e) => [e.label, e.cidr, e.except ?? null, !!e.outsideOf])).toEqual([
      ['0.0.0.0/0 except 203.0.0.0/8', '0.0.0.0/0', ['203.0.0.0/8'], false],
      ['other addresses', '0.0.0.0/0', null, true],
    ]);
    const [block, other] = externals as [ExternalEndpoint, ExternalEndpoint];
    expect(ipBlockMatches('0.0.0.0/0', ['203.0.0.0/8'], block.address)).toBe(true);
    expect(ipBlockMatches('0.0.0.0/0', ['203.0.0.0/8'], other.address)).toBe(false);
    const analysis = analyze(cluster);
    const a = cluster.endpoints.find((e) => e.ref === 'x/a')!.index;
    // The block's node is admitted, as 8.8.8.8 is; the node for what no ipBlock matches is not.
    expect(portSetHas(analysis.allowedPorts(block.index, a), 'TCP', 80)).toBe(true);
    expect(portSetHas(analysis.allowedPorts(other.index, a), 'TCP', 80)).toBe(false);
    const google = resolveRef(cluster, 'ip:8.8.8.8');
    if (!google.ok) throw new Error(google.error);
    expect(
      evaluateConnection(google.cluster, { from: google.index, to: a, port: 80, protocol: 'TCP' }).allowed,
    ).toBe(true);
  });

  it('0.0.0.0/0 without except covers every IPv4 address: no "other addresses" node', () => {
    const { value } = parseText(withPolicy([{ ipBlock: { cidr: '0.0.0.0/0' } }]));
    expect(externalsOf(value.cluster).map((e) => e.label)).toEqual(['0.0.0.0/0']);
  });

  it('documentation addresses all covered: the lowest address no ipBlock matches stands for the rest', () => {
    const { value } = parseText(
      withPolicy([
        { ipBlock: { cidr: '0.0.0.0/1' } },
        { ipBlock: { cidr: '128.0.0.0/1', except: ['150.0.0.0/8'] } },
      ]),
    );
    const other = externalsOf(value.cluster).find((e) => e.outsideOf)!;
    expect(other.address).toBe('150.0.0.0');
  });

  it('an IPv6 "other addresses" node only when some ipBlock is IPv6', () => {
    const both = parseText(
      withPolicy([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '2001:db8::/48' } }]),
    );
    expect(externalsOf(both.value.cluster).find((e) => e.outsideOf)?.address).toBe('2001:db8:ffff::77');
  });
});

const CIDRS = [
  '0.0.0.0/0',
  '203.0.0.0/8',
  '203.0.113.0/24',
  '203.0.113.64/26',
  '198.51.100.0/24',
  '192.0.2.0/24',
  '100.64.0.0/10',
  '10.0.0.0/8',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '::/0',
  '2001:db8::/32',
];
const EXCEPTS = CIDRS.filter((c) => !c.endsWith('/0') && !c.endsWith('/1'));
// Excepts the API server accepts: strict subsets of their CIDR (others refuse the whole policy).
const blockArbitrary = fc
  .constantFrom(...CIDRS)
  .chain((cidr) =>
    fc.record({ cidr: fc.constant(cidr), except: fc.subarray(EXCEPTS.filter((e) => exceptInside(e, cidr))) }),
  );
const addressArbitrary = fc.oneof(
  fc.ipV4(),
  fc.constantFrom('203.0.113.77', '203.0.113.1', '198.51.100.77', '192.0.2.77', '100.64.77.77', '8.8.8.8'),
  fc.constantFrom('2001:db8:ffff::77', '2001:db9::1', '::1'),
);

describe('property: every outside node behaves as the addresses it stands for', () => {
  it('on random ipBlocks with /0 CIDRs and excepts around 203.0.113.0/24', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(blockArbitrary, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(addressArbitrary, { minLength: 1, maxLength: 8 }),
        (rules, probes) => {
          const text = `${CLUSTER}---\n${stringify({
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: 'p', namespace: 'x' },
            spec: {
              podSelector: {},
              policyTypes: ['Ingress'],
              ingress: rules.map((blocks, i) => ({
                from: blocks.map((b) => ({ ipBlock: b.except.length ? b : { cidr: b.cidr } })),
                ports: [{ port: 80 + i }],
              })),
            },
          })}`;
          const cluster = parseText(text).value.cluster;
          expect(cluster.policies).toHaveLength(1);
          const blocks = cluster.policies.flatMap((p) =>
            p.ingress.flatMap((r) => r.peers.flatMap((peer) => (peer.type === 'ipBlock' ? [peer] : []))),
          );
          const matchedBySome = (address: string) =>
            blocks.some((b) => ipBlockMatches(b.cidr, b.except, address));
          const externals = externalsOf(cluster);
          const other = externals.find((e) => e.outsideOf);
          for (const e of externals) {
            if (e.outsideOf) expect(matchedBySome(e.address), e.address).toBe(false);
            else expect(ipBlockMatches(e.cidr, e.except ?? [], e.address), e.label).toBe(true);
          }
          const analysis = analyze(cluster);
          const a = cluster.endpoints.find((e) => e.ref === 'x/a')!.index;
          const usesV6 = blocks.some((b) => b.cidr.includes(':'));
          for (const address of probes) {
            if (matchedBySome(address)) continue;
            if (!other) {
              // No node for unmatched addresses: there are none, in the families the policies name.
              expect(address.includes(':') && !usesV6, address).toBe(true);
              continue;
            }
            // Any address no ipBlock matches gets the verdicts of the "other addresses" node.
            const probe = resolveRef(cluster, `ip:${address}`);
            if (!probe.ok) throw new Error(probe.error);
            for (let port = 80; port < 80 + rules.length; port++) {
              const connection = { from: probe.index, to: a, port, protocol: 'TCP' as const };
              expect(
                portSetHas(analysis.allowedPorts(other.index, a), 'TCP', port),
                `${address} -> x/a:${port}`,
              ).toBe(referenceAllowed(probe.cluster, connection));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
