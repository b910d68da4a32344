import { describe, expect, it } from 'vitest';
import jsyaml from 'js-yaml';
import { generateCluster, toJson, toKubectlYaml } from './generate';

describe('the benchmark generator', () => {
  const options = { pods: 200, policies: 40, namespaces: 10, mix: 'default-deny-apps' as const, seed: 7 };
  it('is deterministic for a seed', () => {
    expect(toKubectlYaml(generateCluster(options))).toBe(toKubectlYaml(generateCluster(options)));
    expect(toKubectlYaml(generateCluster({ ...options, seed: 8 }))).not.toBe(
      toKubectlYaml(generateCluster(options)),
    );
  });
  it('writes a kubectl List with the requested counts, as YAML and JSON', () => {
    const items = generateCluster(options);
    const yaml = jsyaml.load(toKubectlYaml(items)) as { kind: string; items: { kind: string }[] };
    const json = JSON.parse(toJson(items)) as typeof yaml;
    for (const doc of [yaml, json]) {
      expect(doc.kind).toBe('List');
      expect(doc.items.filter((i) => i.kind === 'Pod')).toHaveLength(200);
      expect(doc.items.filter((i) => i.kind === 'NetworkPolicy')).toHaveLength(40);
      expect(doc.items.filter((i) => i.kind === 'Namespace')).toHaveLength(10);
    }
  });
  it('adds admin and baseline policies with the requested number of rules, all valid', async () => {
    const { parseText } = await import('../src/engine/index');
    const items = generateCluster({ ...options, mix: 'admin-tiers', adminRules: 200 });
    const parsed = parseText(toKubectlYaml(items), 'cluster.yaml');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const admin = parsed.value.cluster.adminPolicies!;
    expect(admin.reduce((n, p) => n + p.ingress.length + p.egress.length, 0)).toBe(200);
    expect(new Set(admin.map((p) => p.kind))).toEqual(
      new Set(['AdminNetworkPolicy', 'ClusterNetworkPolicy', 'BaselineAdminNetworkPolicy']),
    );
  });
});
