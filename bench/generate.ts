// A seeded synthetic cluster generator shaped like `kubectl get -o yaml` output, for benchmarks.
import jsyaml from 'js-yaml';

/** `admin-tiers`: the default-deny-apps cluster plus admin and baseline policies (`adminRules` rules). */
export type PolicyMix = 'default-deny-apps' | 'many-label-sets' | 'more-policies-than-pods' | 'admin-tiers';

export interface GenerateOptions {
  pods: number;
  policies: number;
  namespaces: number;
  mix: PolicyMix;
  seed: number;
  /** Rules of AdminNetworkPolicy, ClusterNetworkPolicy and BaselineAdminNetworkPolicy objects, in all. */
  adminRules?: number;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Obj = Record<string, unknown>;

function noise(random: () => number, i: number): Obj {
  return {
    uid: `${Math.floor(random() * 1e8).toString(16)}-${i.toString(16).padStart(4, '0')}-4a1b-9c2d-${Math.floor(random() * 1e12).toString(16)}`,
    resourceVersion: String(100000 + i),
    creationTimestamp: '2026-11-01T10:00:00Z',
    managedFields: [
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-11-01T10:00:00Z',
        fieldsType: 'FieldsV1',
      },
    ],
  };
}

export function generateCluster(o: GenerateOptions): Obj[] {
  const random = rng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const items: Obj[] = [];
  const nsNames = Array.from({ length: o.namespaces }, (_, i) =>
    i === 0 ? 'monitoring' : i === 1 ? 'kube-system' : `team-${i}`,
  );
  nsNames.forEach((name, i) => {
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'kubernetes.io/metadata.name': name,
          team: name === 'monitoring' ? 'monitoring' : `t${i % 9}`,
          env: pick(['prod', 'staging', 'dev']),
        },
        ...noise(random, i),
      },
    });
  });
  const appsPerNs = Math.max(1, Math.round(o.pods / o.namespaces / 4));
  for (let i = 0; i < o.pods; i++) {
    const ns = nsNames[i % o.namespaces]!;
    const app =
      ns === 'kube-system'
        ? 'kube-dns'
        : ns === 'monitoring' && i % 3 === 0
          ? 'prometheus'
          : `app-${Math.floor(i / o.namespaces) % appsPerNs}`;
    const labels: Record<string, string> =
      ns === 'kube-system'
        ? { 'k8s-app': 'kube-dns' }
        : { app, tier: pick(['web', 'api', 'db']), 'pod-template-hash': `h${app.length}${appsPerNs}` };
    if (o.mix === 'many-label-sets') labels['instance'] = `i-${i}`;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const image = `registry.example/${app}:1.${i % 7}`;
    // What `kubectl get pods -o yaml` prints for a Deployment's pod (about 3 kB each, so 10,000 pods make about 30 MB): the engine
    // reads a few fields, but it has to get through all of them.
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${i}`,
        namespace: ns,
        labels,
        annotations: {
          'kubectl.kubernetes.io/restartedAt': '2026-11-01T09:58:00Z',
          'prometheus.io/scrape': 'true',
        },
        generateName: `${app}-7d9c5b-`,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${app}-7d9c5b`,
            uid: `rs-${i % 97}`,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        ...noise(random, i),
      },
      spec: {
        containers: [
          {
            name: 'main',
            image,
            imagePullPolicy: 'IfNotPresent',
            ports: [
              { name: 'http', containerPort: 8080, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
              ...(ns === 'kube-system' ? [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] : []),
            ],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            ],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            readinessProbe: {
              httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
              periodSeconds: 10,
              timeoutSeconds: 1,
              successThreshold: 1,
              failureThreshold: 3,
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
            },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        nodeName: `node-${i % 50}`,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
      },
      status: {
        phase: 'Running',
        conditions: ['Ready', 'PodScheduled'].map((type) => ({
          type,
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-11-01T10:00:05Z',
        })),
        containerStatuses: [
          {
            name: 'main',
            image,
            imageID: `registry.example/${app}@sha256:${Math.floor(random() * 1e15)
              .toString(16)
              .padStart(16, '0')}`,
            containerID: `containerd://${Math.floor(random() * 1e15)
              .toString(16)
              .padStart(16, '0')}`,
            ready: true,
            restartCount: 0,
            started: true,
            state: { running: { startedAt: '2026-11-01T10:00:03Z' } },
          },
        ],
        hostIP: `192.168.0.${i % 50}`,
        podIP: ip,
        podIPs: [{ ip }],
        qosClass: 'Burstable',
        startTime: '2026-11-01T10:00:00Z',
      },
    });
  }
  for (let p = 0; p < o.policies; p++) {
    const nsIndex = p % o.namespaces;
    const ns = nsNames[nsIndex]!;
    const app = `app-${Math.floor(p / o.namespaces) % appsPerNs}`;
    let spec: Obj;
    if (p < o.namespaces && ns === 'kube-system') {
      // The cluster DNS answers everyone.
      spec = {
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
      };
    } else if (p < o.namespaces && nsIndex % 2 === 1) {
      spec = { podSelector: {}, policyTypes: ['Ingress'] };
    } else if (p < o.namespaces) {
      spec = {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [{ protocol: 'UDP', port: 53 }],
          },
        ],
      };
    } else {
      const kind = p % 5;
      if (kind === 0) {
        spec = {
          podSelector: { matchLabels: { app } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: 'monitoring' } },
                  podSelector: { matchLabels: { app: 'prometheus' } },
                },
              ],
              ports: [{ port: 'metrics' }],
            },
          ],
        };
      } else if (kind === 1) {
        spec = {
          podSelector: { matchLabels: { app } },
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { tier: 'web' } } }],
              ports: [{ port: 'http' }, { port: 8000, endPort: 8100 }],
            },
          ],
        };
      } else if (kind === 2) {
        spec = {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'db'] }] },
          policyTypes: ['Egress'],
          egress: [
            { to: [{ podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 5432 }] },
            { to: [{ ipBlock: { cidr: `10.${p % 4}.0.0/16`, except: [`10.${p % 4}.${p % 200}.0/24`] } }] },
          ],
        };
      } else if (kind === 3) {
        spec = {
          podSelector: { matchLabels: { app, tier: 'web' } },
          ingress: [
            { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] },
          ],
        };
      } else {
        spec = {
          podSelector: { matchLabels: { app } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: pick(['prod', 'staging']) } } }] }],
        };
      }
    }
    items.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np-${p}`, namespace: ns, ...noise(random, p) },
      spec,
    });
  }
  if (o.adminRules) items.push(...adminPolicies(o.adminRules, o.namespaces));
  return items;
}

/**
 * What a platform team writes above and below the namespaces' NetworkPolicies: per team, an
 * AdminNetworkPolicy (v1alpha1) or an admin-tier ClusterNetworkPolicy (v1alpha2) of five rules (deny the
 * database port from staging, accept the monitoring scrape on the named port, pass the team's own
 * traffic to its NetworkPolicies, deny SSH to a private range, accept DNS), distinct priorities; the last
 * rules go to a baseline ClusterNetworkPolicy and the BaselineAdminNetworkPolicy.
 */
function adminPolicies(ruleCount: number, namespaces: number): Obj[] {
  const out: Obj[] = [];
  const ns = (labels: Record<string, string>) => ({ namespaces: { matchLabels: labels } });
  const v1Port = (protocol: string, port: number) => ({ portNumber: { protocol, port } });
  let left = ruleCount;
  for (let p = 0; left > 10; p++) {
    const team = `t${p % 9}`;
    const cnp = p % 2 === 1;
    const rules = {
      ingress: [
        { name: 'deny-db-from-staging', action: 'Deny', from: [ns({ env: 'staging' })], port: ['TCP', 5432] },
        {
          name: 'scrape',
          action: cnp ? 'Accept' : 'Allow',
          from: [ns({ team: 'monitoring' })],
          named: 'metrics',
        },
        { name: 'own-team', action: 'Pass', from: [ns({ team })] },
      ],
      egress: [
        { name: 'no-ssh', action: 'Deny', to: [{ networks: [`10.${p % 4}.0.0/16`] }], port: ['TCP', 22] },
        {
          name: 'dns',
          action: cnp ? 'Accept' : 'Allow',
          to: [ns({ 'kubernetes.io/metadata.name': 'kube-system' })],
          port: ['UDP', 53],
        },
      ],
    };
    const v1 = (r: { port?: (string | number)[]; named?: string }) =>
      r.port
        ? [v1Port(r.port[0] as string, r.port[1] as number)]
        : r.named
          ? [{ namedPort: r.named }]
          : undefined;
    const v2 = (r: { port?: (string | number)[]; named?: string }) =>
      r.port
        ? [{ [(r.port[0] as string).toLowerCase()]: { destinationPort: { number: r.port[1] } } }]
        : r.named
          ? [{ destinationNamedPort: r.named }]
          : undefined;
    const shape = (list: typeof rules.ingress | typeof rules.egress, key: 'from' | 'to') =>
      list.map((r) => {
        const { port: _p, named: _n, ...rest } = r as Record<string, unknown>;
        const ports = cnp ? v2(r) : v1(r);
        return {
          ...rest,
          [key]: (r as Record<string, unknown>)[key],
          ...(ports ? { [cnp ? 'protocols' : 'ports']: ports } : {}),
        };
      });
    left -= 5;
    out.push({
      apiVersion: cnp ? 'policy.networking.k8s.io/v1alpha2' : 'policy.networking.k8s.io/v1alpha1',
      kind: cnp ? 'ClusterNetworkPolicy' : 'AdminNetworkPolicy',
      metadata: { name: `team-${p}` },
      spec: {
        ...(cnp ? { tier: 'Admin' } : {}),
        priority: 10 + p,
        subject: ns({ team }),
        ingress: shape(rules.ingress, 'from'),
        egress: shape(rules.egress, 'to'),
      },
    });
  }
  // The remaining rules (at most 10): a baseline ClusterNetworkPolicy and the BaselineAdminNetworkPolicy.
  const baselineRules = (n: number, accept: string) =>
    Array.from({ length: n }, (_, i) => ({
      name: `baseline-${i}`,
      action: i === 0 ? 'Deny' : accept,
      from: [ns({ team: `t${(i + namespaces) % 9}` })],
    }));
  const half = Math.floor(left / 2);
  out.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'baseline-teams' },
    spec: {
      tier: 'Baseline',
      priority: 10,
      subject: { namespaces: {} },
      ingress: baselineRules(half, 'Pass'),
    },
  });
  out.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: { namespaces: {} }, ingress: baselineRules(left - half, 'Allow') },
  });
  return out;
}

export function toKubectlYaml(items: Obj[]): string {
  return jsyaml.dump(
    { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items },
    { noRefs: true, lineWidth: -1 },
  );
}

export function toJson(items: Obj[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
}
