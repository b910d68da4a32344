import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorKey, selectorMatches } from './selector';
import { ipBlockMatches, normalizeCidr } from './cidr';
import {
  EMPTY_PORT_SET,
  FULL_PORT_SET,
  formatPortSet,
  intersectPortSets,
  isPortSetEmpty,
  isPortSetFull,
  packPortSets,
  portSetHas,
  portSetOf,
  portSetsEqual,
  protocolPortSet,
  unionPortSets,
  unpackPortSets,
} from './ports';
import type { LabelSelector, Protocol } from '../types';

const sel = (
  matchLabels: Record<string, string>,
  matchExpressions: LabelSelector['matchExpressions'] = [],
) => ({
  matchLabels,
  matchExpressions,
});

describe('selectorMatches (apimachinery LabelSelector)', () => {
  const web = { app: 'web', tier: 'fe' };
  it.each([
    ['"An empty label selector matches all objects"', sel({}), {}, true],
    ['empty selector, labelled object', sel({}), web, true],
    ['matchLabels: every pair must be present ("ANDed")', sel({ app: 'web', tier: 'fe' }), web, true],
    ['matchLabels: one pair differs', sel({ app: 'web', tier: 'be' }), web, false],
    ['matchLabels: key missing', sel({ team: 'x' }), web, false],
    ['In: value in the set', sel({}, [{ key: 'app', operator: 'In', values: ['db', 'web'] }]), web, true],
    ['In: key missing does not match', sel({}, [{ key: 'team', operator: 'In', values: ['x'] }]), web, false],
    ['NotIn: value not in the set', sel({}, [{ key: 'app', operator: 'NotIn', values: ['db'] }]), web, true],
    ['NotIn: value in the set', sel({}, [{ key: 'app', operator: 'NotIn', values: ['web'] }]), web, false],
    ['NotIn: an absent key matches', sel({}, [{ key: 'team', operator: 'NotIn', values: ['x'] }]), web, true],
    ['Exists', sel({}, [{ key: 'tier', operator: 'Exists', values: [] }]), web, true],
    ['Exists: absent', sel({}, [{ key: 'team', operator: 'Exists', values: [] }]), web, false],
    ['DoesNotExist', sel({}, [{ key: 'team', operator: 'DoesNotExist', values: [] }]), web, true],
    ['DoesNotExist: present', sel({}, [{ key: 'app', operator: 'DoesNotExist', values: [] }]), web, false],
    [
      'matchLabels AND matchExpressions',
      sel({ app: 'web' }, [{ key: 'tier', operator: 'In', values: ['be'] }]),
      web,
      false,
    ],
    ['values are case-sensitive', sel({ app: 'Web' }), web, false],
  ] as const)('%s', (_name, selector, labels, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});

describe('selectorKey', () => {
  // Keys and values from a small pool, with separators and quotes, so that different selectors often
  // share parts of their text.
  const text = fc.constantFrom('a', 'b', 'a,b:a', '"', ':', '|', '');
  const selectorArb = fc.record({
    matchLabels: fc.dictionary(text, text, { maxKeys: 3 }),
    matchExpressions: fc.array(
      fc.record({
        key: text,
        operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist') as fc.Arbitrary<
          LabelSelector['matchExpressions'][number]['operator']
        >,
        values: fc.array(text, { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
  });
  type Selector = LabelSelector & { matchLabels: Record<string, string> };
  /** A selector one small edit away from `s` (often none that matters), so that keys often collide. */
  const nearby = (s: Selector, pick: number, value: string): Selector => {
    const labels = Object.entries(s.matchLabels);
    const expressions = s.matchExpressions.map((e) => ({ ...e, values: [...e.values] }));
    const e = expressions[pick % Math.max(1, expressions.length)];
    switch (pick % 6) {
      case 0:
        return { matchLabels: Object.fromEntries(labels.reverse()), matchExpressions: expressions.reverse() };
      case 1:
        if (e) e.operator = (['In', 'NotIn', 'Exists', 'DoesNotExist'] as const)[(pick >> 3) % 4]!;
        return { matchLabels: s.matchLabels, matchExpressions: expressions };
      case 2:
        if (e) e.values = [value, ...e.values.slice(1)];
        return { matchLabels: s.matchLabels, matchExpressions: expressions };
      case 3:
        if (e) e.key = value;
        return { matchLabels: s.matchLabels, matchExpressions: expressions };
      case 4:
        return { matchLabels: { ...s.matchLabels, [value]: value }, matchExpressions: expressions };
      default:
        if (labels[0]) labels[0][1] = value;
        return {
          matchLabels: Object.fromEntries(labels),
          matchExpressions: expressions.map((x) => ({ ...x, values: [...x.values].reverse() })),
        };
    }
  };
  it('is equal only for selectors that match the same label sets', () => {
    fc.assert(
      fc.property(
        selectorArb,
        fc.nat(),
        text,
        fc.array(fc.dictionary(text, text, { maxKeys: 3 })),
        (a, pick, value, objects) => {
          const b = nearby(a, pick, value);
          if (selectorKey(a) !== selectorKey(b)) return;
          // Objects that tell selectors apart: their own labels, and each expression's key with each value.
          const probes = [a, b].flatMap((x) => [
            x.matchLabels,
            ...x.matchExpressions.flatMap((e) => e.values.map((v) => ({ ...x.matchLabels, [e.key]: v }))),
          ]);
          for (const labels of [...probes, ...objects])
            expect(selectorMatches(a, labels)).toBe(selectorMatches(b, labels));
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('ignores the order of labels, expressions and values', () => {
    const x = sel({ app: 'web', tier: 'fe' }, [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'team', operator: 'Exists', values: [] },
    ]);
    const y = sel({ tier: 'fe', app: 'web' }, [
      { key: 'team', operator: 'Exists', values: [] },
      { key: 'env', operator: 'In', values: ['dev', 'prod'] },
    ]);
    expect(selectorKey(x)).toBe(selectorKey(y));
    // A value that spells out another pair is still one value.
    expect(selectorKey(sel({ a: 'b,c:d' }))).not.toBe(selectorKey(sel({ a: 'b', c: 'd' })));
    expect(selectorKey(sel({ a: 'b",c:"d' }))).not.toBe(selectorKey(sel({ a: 'b', c: 'd' })));
    expect(selectorKey(sel({}))).not.toBe(
      selectorKey(sel({}, [{ key: 'a', operator: 'Exists', values: [] }])),
    );
  });
});

describe('ipBlockMatches (networking/v1 IPBlock)', () => {
  it.each([
    ['inside the CIDR', '10.0.0.0/24', [], '10.0.0.9', true],
    ['outside the CIDR', '10.0.0.0/24', [], '10.0.1.9', false],
    ['host bits set mean the network', '10.0.0.77/24', [], '10.0.0.1', true],
    ['"Except ... should not be included"', '10.0.0.0/16', ['10.0.5.0/24'], '10.0.5.7', false],
    ['outside the except', '10.0.0.0/16', ['10.0.5.0/24'], '10.0.6.7', true],
    ['0.0.0.0/0 is every IPv4 address', '0.0.0.0/0', [], '203.0.113.9', true],
    ['an IPv4 block never matches IPv6', '0.0.0.0/0', [], '2001:db8::1', false],
    ['IPv6 block', '2001:db8::/32', [], '2001:db8:1::1', true],
    ['IPv6 except', '2001:db8::/32', ['2001:db8:1::/48'], '2001:db8:1::1', false],
    ['/32 is one address', '192.168.1.1/32', [], '192.168.1.1', true],
    ['an invalid CIDR matches nothing', '10.0.0/33', [], '10.0.0.1', false],
  ] as const)('%s', (_name, cidr, except, address, expected) => {
    expect(ipBlockMatches(cidr, except, address)).toBe(expected);
  });

  it('normalizes a CIDR to its network', () => {
    expect(normalizeCidr('10.0.0.77/24')).toBe('10.0.0.0/24');
    expect(normalizeCidr('2001:db8::5/32')).toBe('2001:db8::/32');
    expect(normalizeCidr('nope')).toBeNull();
  });
});

describe('port sets', () => {
  it('unions and intersects ranges per protocol', () => {
    const a = unionPortSets(portSetOf('TCP', 80), portSetOf('TCP', 81, 90));
    expect(a.TCP).toEqual([{ from: 80, to: 90 }]);
    const b = intersectPortSets(a, portSetOf('TCP', 85, 100));
    expect(b.TCP).toEqual([{ from: 85, to: 90 }]);
    expect(isPortSetEmpty(intersectPortSets(portSetOf('TCP', 80), portSetOf('UDP', 80)))).toBe(true);
    expect(portSetHas(b, 'TCP', 90)).toBe(true);
    expect(portSetHas(b, 'TCP', 91)).toBe(false);
    expect(portSetHas(b, 'UDP', 85)).toBe(false);
  });
  it('formats for people', () => {
    expect(formatPortSet(FULL_PORT_SET)).toBe('all ports');
    expect(formatPortSet(EMPTY_PORT_SET)).toBe('none');
    expect(formatPortSet(unionPortSets(portSetOf('TCP', 80), portSetOf('UDP', 53)))).toBe('TCP 80 · UDP 53');
    expect(formatPortSet(portSetOf('TCP', 8000, 8080))).toBe('TCP 8000-8080');
  });
});

describe('packed port sets', () => {
  const protocol = fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP');
  const range = fc
    .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 40 }))
    .map(([from, width]) => ({ from, to: Math.min(65535, from + width) }));
  const portSet = fc.oneof(
    fc.constant(EMPTY_PORT_SET),
    fc.constant(FULL_PORT_SET),
    protocol.map(protocolPortSet),
    fc
      .array(fc.tuple(protocol, range), { maxLength: 6 })
      .map((parts) =>
        parts.reduce((set, [p, r]) => unionPortSets(set, portSetOf(p, r.from, r.to)), EMPTY_PORT_SET),
      ),
  );

  it('unpack, cloned, to the sets packed, in order, the empty and the full one as the shared constants', () => {
    fc.assert(
      fc.property(fc.array(portSet, { maxLength: 12 }), (sets) => {
        // Cloned, as the page gets them (uncloned, the packing gives back the very sets it was made from).
        const back = unpackPortSets(structuredClone(packPortSets(sets)));
        expect(unpackPortSets(packPortSets(sets))).toEqual(sets);
        expect(back).toHaveLength(sets.length);
        sets.forEach((set, i) => {
          expect(portSetsEqual(back[i]!, set)).toBe(true);
          if (isPortSetEmpty(set)) expect(back[i]).toBe(EMPTY_PORT_SET);
          if (isPortSetFull(set)) expect(back[i]).toBe(FULL_PORT_SET);
        });
      }),
    );
  });

  it('survive a structured clone as typed arrays', () => {
    const packed = packPortSets([portSetOf('UDP', 53), FULL_PORT_SET, portSetOf('TCP', 8000, 8080)]);
    expect(packed.offsets).toBeInstanceOf(Int32Array);
    const back = unpackPortSets(structuredClone(packed));
    expect(back.map((s) => formatPortSet(s))).toEqual(['UDP 53', 'all ports', 'TCP 8000-8080']);
  });
});
