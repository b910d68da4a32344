import { describe, expect, it } from 'vitest';
import { parseText } from '../../engine/index';
import { newObjectYaml } from './objectYaml';

describe('newObjectYaml', () => {
  it('writes a namespace with labels that the engine reads back', () => {
    const r = newObjectYaml({ kind: 'Namespace', name: 'shop', labels: 'team=blue env=prod' });
    if (!('yaml' in r)) throw new Error(r.error);
    const ns = parseText(r.yaml).value.cluster.namespaces[0]!;
    expect(ns).toMatchObject({ name: 'shop', declared: true, labels: { team: 'blue', env: 'prod' } });
  });

  it('writes a pod with a named container port', () => {
    const r = newObjectYaml({ kind: 'Pod', namespace: 'shop', name: 'web', labels: 'app=web', port: '8080' });
    if (!('yaml' in r)) throw new Error(r.error);
    const ep = parseText(r.yaml).value.cluster.endpoints[0]!;
    expect(ep).toMatchObject({ ref: 'shop/web', labels: { app: 'web' } });
    expect(ep.type === 'pod' && ep.ports.map((p) => p.containerPort)).toEqual([8080]);
  });

  it('writes an isolating policy with explicit policyTypes and an empty selector when no labels', () => {
    const r = newObjectYaml({
      kind: 'NetworkPolicy',
      namespace: 'shop',
      name: 'lock',
      labels: '',
      ingress: true,
      egress: true,
    });
    if (!('yaml' in r)) throw new Error(r.error);
    expect(r.yaml).toContain('podSelector: {}');
    const p = parseText(r.yaml).value.cluster.policies[0]!;
    expect(p.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('refuses bad names, ports and label syntax with a message', () => {
    expect(newObjectYaml({ kind: 'Namespace', name: 'Shop_1', labels: '' })).toHaveProperty('error');
    expect(newObjectYaml({ kind: 'Pod', namespace: 'a', name: 'p', labels: '', port: '70000' })).toEqual({
      error: '"70000" is not a port between 1 and 65535',
    });
    expect(
      newObjectYaml({ kind: 'Pod', namespace: 'a', name: 'p', labels: 'app-', port: '' }),
    ).toHaveProperty('error');
    expect(
      newObjectYaml({
        kind: 'NetworkPolicy',
        namespace: 'a',
        name: 'p',
        labels: '',
        ingress: false,
        egress: false,
      }),
    ).toEqual({ error: 'Tick Ingress, Egress or both' });
  });
});
