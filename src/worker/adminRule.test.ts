import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  analyze,
  applyEdit,
  applyReplacement,
  evaluateConnection,
  parseText,
  resolveRef,
} from '../engine/index';
import { adminRuleName, adminRuleYaml, suggestedPriority } from '../state/adminRulePreview';
import { previewAdminRule } from './adminRule';
import { EngineService } from './engineService';

// web and api in namespace front, db in back; back's NetworkPolicy admits front on 5432.
const TEXT = `# the shop
apiVersion: v1
kind: Namespace
metadata: {name: front}
---
apiVersion: v1
kind: Namespace
metadata: {name: back}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: front}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: front}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: back}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-front, namespace: back}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: front}}}], ports: [{port: 5432}]}]
`;

const before = () => {
  const cluster = parseText(TEXT).value.cluster;
  return { cluster, analysis: analyze(cluster) };
};

function allowed(text: string, from: string, to: string, port: number) {
  const cluster = parseText(text).value.cluster;
  const a = resolveRef(cluster, from);
  const b = resolveRef(cluster, to);
  if (!a.ok || !b.ok) throw new Error('ref');
  return evaluateConnection(cluster, { from: a.index, to: b.index, port, protocol: 'TCP' }).allowed;
}

describe('previewAdminRule', () => {
  it('a Deny from front to back closes exactly what the NetworkPolicy allowed, as a new document', () => {
    const p = previewAdminRule(TEXT, before(), {
      fromNamespace: 'front',
      toNamespace: 'back',
      action: 'Deny',
      priority: 10,
    });
    expect(p.error).toBeUndefined();
    expect(p.closed).toEqual(['front/web → back/db (TCP 5432)', 'front/api → back/db (TCP 5432)']);
    expect(p.closedCount).toBe(2);
    expect(p.opened).toEqual([]);
    const after = applyEdit(TEXT, p.edit).value.text;
    // Appended: the text before it, comment included, is kept byte for byte.
    expect(after.startsWith(TEXT)).toBe(true);
    expect(parseText(after).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(allowed(TEXT, 'front/web', 'back/db', 5432)).toBe(true);
    expect(allowed(after, 'front/web', 'back/db', 5432)).toBe(false);
    expect(parseText(after).value.cluster.adminPolicies).toEqual([
      expect.objectContaining({ kind: 'AdminNetworkPolicy', name: 'deny-front-to-back', priority: 10 }),
    ]);
  });

  it('a Deny on one port closes only that port; a Pass with no admin rule below it changes nothing', () => {
    const onePort = previewAdminRule(TEXT, before(), {
      fromNamespace: 'front',
      toNamespace: 'back',
      action: 'Deny',
      priority: 10,
      port: 80,
    });
    expect(onePort.closedCount).toBe(0);
    const pass = previewAdminRule(TEXT, before(), {
      fromNamespace: 'front',
      toNamespace: 'back',
      action: 'Pass',
      priority: 10,
    });
    expect([pass.closedCount, pass.openedCount, pass.error]).toEqual([0, 0, undefined]);
  });

  it('a Pass before an admin Deny hands the pair back to the NetworkPolicy, which opens it again', () => {
    const deny = previewAdminRule(TEXT, before(), {
      fromNamespace: 'front',
      toNamespace: 'back',
      action: 'Deny',
      priority: 50,
    });
    const text = applyEdit(TEXT, deny.edit).value.text;
    const cluster = parseText(text).value.cluster;
    expect(suggestedPriority(cluster)).toBe(49);
    const pass = previewAdminRule(
      text,
      { cluster, analysis: analyze(cluster) },
      { fromNamespace: 'front', toNamespace: 'back', action: 'Pass', priority: suggestedPriority(cluster) },
    );
    expect(pass.opened).toEqual(['front/web → back/db (TCP 5432)', 'front/api → back/db (TCP 5432)']);
    expect(pass.closed).toEqual([]);
  });

  it('refuses a priority or port the API would refuse, and never reuses a policy name', () => {
    const b = before();
    const plan = { fromNamespace: 'front', toNamespace: 'back', action: 'Deny' as const, priority: 1001 };
    expect(previewAdminRule(TEXT, b, plan).error).toMatch(/0 to 1000/);
    expect(previewAdminRule(TEXT, b, { ...plan, priority: 1, port: 70000 }).error).toMatch(/1 to 65535/);
    const text = applyEdit(TEXT, previewAdminRule(TEXT, b, { ...plan, priority: 1 }).edit).value.text;
    expect(adminRuleName({ ...plan, priority: 1 }, parseText(text).value.cluster)).toBe(
      'deny-front-to-back-2',
    );
    expect(adminRuleName({ ...plan, name: ' My Rule! ' }, b.cluster)).toBe('my-rule');
  });

  it('writes names from YAML as data: a hostile namespace name stays one quoted value', () => {
    const yaml = adminRuleYaml(
      { fromNamespace: 'a: b\n- x', toNamespace: 'back', action: 'Deny', priority: 1 },
      before().cluster,
    );
    expect(yaml).not.toMatch(/^- x/m);
    const doc = parse(yaml) as { spec: { ingress: { from: unknown[] }[] } };
    expect(doc.spec.ingress[0]!.from).toEqual([
      { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'a: b\n- x' } } },
    ]);
  });

  it('suggests 100 in a cluster without admin policies', () => {
    expect(suggestedPriority(before().cluster)).toBe(100);
  });
});

describe('the adminRule request', () => {
  it('answers in the engine service what the pure preview gives, with the workspace options', () => {
    const plan = { fromNamespace: 'front', toNamespace: 'back', action: 'Deny' as const, priority: 10 };
    const answer = new EngineService().handle({ type: 'adminRule', id: 1, text: TEXT, options: {}, plan });
    expect(answer.result).toEqual(previewAdminRule(TEXT, before(), plan));
    expect(answer.result.closedCount).toBe(2);
    // Its replacement is the edit: the page applies it without reading the text again.
    expect(applyReplacement(TEXT, answer.result.replacement!)).toBe(
      applyEdit(TEXT, answer.result.edit).value.text,
    );
  });
});
