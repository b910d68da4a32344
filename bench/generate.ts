// A seeded synthetic cluster generator shaped like `kubectl get -o yaml` output, for benchmarks.
import jsyaml from 'js-yaml';

export type PolicyMix = 'default-deny-apps' | 'many-label-sets' | 'more-policies-than-pods';

export interface GenerateOptions {
  pods: number;
  policies: number;
  namespaces: number;
  mix: PolicyMix;
  seed: number;
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
  return items;
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
