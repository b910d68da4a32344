import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { clusterArbitrary, PROBE_PORTS, PROTOCOLS, withoutRefused } from '../testing/arbitraries';
import { clusterToManifests } from './clusterToManifests';
import { parseText } from './parseWorkspace';
import { analyze } from '../evaluate/analyze';
import { portSetHas } from '../match/ports';
import type { Cluster } from '../types';

/** The model without source positions, which depend on the text's layout. */
const withoutRanges = (c: Cluster): unknown =>
  JSON.parse(JSON.stringify(c, (key, value: unknown) => (key === 'range' ? undefined : value)));

const asYaml = (c: Cluster) =>
  clusterToManifests(c)
    .map((m) => stringify(m))
    .join('---\n');
const asJson = (c: Cluster) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterToManifests(c) });

describe('parse -> serialise -> parse', () => {
  it('keeps the model, in YAML and in JSON', () => {
    fc.assert(
      fc.property(clusterArbitrary, (generated) => {
        // Random models may hold what the API server refuses (an except outside its CIDR, In without
        // values): the first read refuses those policies, as the test oracle says, and from then on the
        // model is stable and clean.
        const first = parseText(asYaml(generated), 'a.yaml');
        const model = first.value.cluster;
        expect(model.policies.map((p) => p.name)).toEqual(
          withoutRefused(generated).policies.map((p) => p.name),
        );
        const refused = generated.policies.length - model.policies.length;
        expect(first.diagnostics.filter((d) => d.severity === 'error').length >= refused).toBe(true);
        const second = parseText(asYaml(model), 'b.yaml');
        const again = second.value.cluster;
        expect(withoutRanges(again)).toEqual(withoutRanges(model));
        const codes = new Set(first.diagnostics.map((d) => d.code));
        expect(second.diagnostics.filter((d) => !codes.has(d.code))).toEqual([]);
        const json = parseText(asJson(model), 'c.json').value.cluster;
        expect(withoutRanges(json)).toEqual(withoutRanges(model));
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('means what the generated model means, pod to pod, under both semantics', () => {
    fc.assert(
      fc.property(
        clusterArbitrary,
        fc.constantFrom('current' as const, 'legacy' as const),
        (generated, semantics) => {
          const model = parseText(asYaml(generated), 'a.yaml').value.cluster;
          const pods = generated.endpoints.filter((e) => e.type === 'pod').length;
          const a = analyze(withoutRefused(generated), { semantics });
          const b = analyze(model, { semantics });
          for (let from = 0; from < pods; from++)
            for (let to = 0; to < pods; to++)
              for (const protocol of PROTOCOLS)
                for (const port of PROBE_PORTS)
                  expect(
                    portSetHas(b.allowedPorts(from, to), protocol, port),
                    `${from}->${to} ${protocol}/${port}`,
                  ).toBe(portSetHas(a.allowedPorts(from, to), protocol, port));
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
