// Lesson probes (`ns/a -> ns/b:80`): parsed, then run against a YAML text as a person would test them
// from a pod, each with its verdict and explanation.
import {
  evaluateConnection,
  formatVerdict,
  parseText,
  resolveRef,
  type Cluster,
  type Protocol,
} from '../engine/index';
import type { LessonSettings, ProbeResult, ProbeSpec } from './types';

export interface ParsedProbe {
  from: string;
  to: string;
  service: boolean;
  port: number | string;
  protocol: Protocol;
}

/** `a -> b:80`, `a -> svc:ns/name:http`, `a -> ip:8.8.8.8:53/UDP`. */
export function parseProbe(text: string): ParsedProbe | { error: string } {
  const m = /^\s*(\S+)\s*->\s*(svc:)?(\S+):([\w-]+)(?:\/(TCP|UDP|SCTP))?\s*$/i.exec(text);
  if (!m)
    return {
      error: `cannot read probe "${text}": write it as "ns/a -> ns/b:80" or "ns/a -> svc:ns/name:80/TCP"`,
    };
  const port = /^\d+$/.test(m[4]!) ? Number(m[4]) : m[4]!;
  return {
    from: m[1]!,
    to: m[3]!,
    service: Boolean(m[2]),
    port,
    protocol: (m[5]?.toUpperCase() ?? 'TCP') as Protocol,
  };
}

function connect(
  cluster: Cluster,
  from: string,
  to: string,
  port: number | string,
  protocol: Protocol,
  settings: LessonSettings,
) {
  const a = resolveRef(cluster, from);
  if (!a.ok) return { error: a.error };
  const b = resolveRef(a.cluster, to);
  if (!b.ok) return { error: b.error };
  const verdict = evaluateConnection(
    b.cluster,
    { from: a.index, to: b.index, port, protocol },
    { semantics: settings.semantics, enforced: settings.enforced },
  );
  return { verdict, cluster: b.cluster };
}

/** Runs probes against a YAML text the way a person would test them from a pod. */
export function runProbes(
  text: string,
  probes: ProbeSpec[],
  settings: LessonSettings,
  expected: Record<string, 'allowed' | 'denied'> = {},
): ProbeResult[] {
  const cluster = parseText(text, 'lesson.yaml').value.cluster;
  return probes.map((spec) => {
    const base = { name: spec.name, probe: spec.probe, expected: expected[spec.name] };
    const finish = (r: Omit<ProbeResult, 'name' | 'probe' | 'expected' | 'ok'>): ProbeResult => ({
      ...base,
      ...r,
      ok: base.expected === undefined || (base.expected === 'allowed') === r.allowed,
    });
    const parsed = parseProbe(spec.probe);
    if ('error' in parsed) return finish({ allowed: false, explanation: parsed.error, error: parsed.error });
    let targets: { ref: string; port: number | string }[] = [{ ref: parsed.to, port: parsed.port }];
    const notes: string[] = [];
    if (parsed.service) {
      const [ns, name] = parsed.to.split('/') as [string, string];
      const service = cluster.services.find((s) => s.namespace === ns && s.name === name);
      if (!service)
        return finish({ allowed: false, explanation: `No Service ${parsed.to}.`, error: 'no such service' });
      // The probe names the Service port; traffic reaches the pods on its targetPort (a container port).
      const sp = service.ports.find((p) => p.port === parsed.port || p.name === parsed.port);
      if (!sp)
        return finish({
          allowed: false,
          explanation: `Service ${parsed.to} has no port ${parsed.port}.`,
          error: 'no such port',
        });
      const selector = service.selector;
      const pods = cluster.endpoints.filter(
        (e) =>
          e.type === 'pod' &&
          e.namespace === ns &&
          selector !== null &&
          Object.entries(selector).every(([k, v]) => e.labels[k] === v),
      );
      if (pods.length === 0)
        return finish({
          allowed: false,
          explanation: `Service ${parsed.to} selects no pod: nothing answers.`,
        });
      targets = pods.map((p) => ({ ref: p.ref, port: sp.targetPort }));
      notes.push(
        `Service ${parsed.to} port ${sp.port} sends to ${pods.map((p) => p.ref).join(', ')} on target port ${sp.targetPort}.`,
      );
      if (settings.dns) {
        const dns = cluster.endpoints.find(
          (e) => e.type === 'pod' && e.namespace === 'kube-system' && e.labels['k8s-app'] === 'kube-dns',
        );
        if (dns) {
          const lookup = connect(cluster, parsed.from, dns.ref, 53, 'UDP', settings);
          if ('error' in lookup)
            return finish({ allowed: false, explanation: lookup.error ?? '', error: lookup.error });
          if (!lookup.verdict.allowed) {
            return finish({
              allowed: false,
              dnsBlocked: true,
              explanation: `DNS lookup of ${name}.${ns}.svc blocked: ${parsed.from} cannot reach ${dns.ref} on UDP 53.\n${formatVerdict(lookup.cluster, lookup.verdict)}`,
            });
          }
          notes.push(`DNS lookup allowed (UDP 53 to ${dns.ref}).`);
        }
      }
    }
    // Through a Service every selected pod must accept the connection (the client may land on any of them).
    let allowed = true;
    let wouldBeAllowed = true;
    for (const t of targets) {
      const r = connect(cluster, parsed.from, t.ref, t.port, parsed.protocol, settings);
      if ('error' in r) return finish({ allowed: false, explanation: r.error ?? '', error: r.error });
      allowed &&= r.verdict.allowed;
      wouldBeAllowed &&= r.verdict.wouldBeAllowed ?? r.verdict.allowed;
      notes.push(formatVerdict(r.cluster, r.verdict));
    }
    return finish({
      allowed,
      explanation: notes.join('\n'),
      ...(settings.enforced ? {} : { wouldBeAllowed }),
    });
  });
}
