// Lessons from the catalogue in ../shared/lessons.md, one per pitfall. Expected results follow the
// NetworkPolicy API reference; each is also checked by the engine in lessons.test.ts.
import type { Lesson } from '../types';
import { docs, kubeDns, namespace, pod, service } from './k8s';

const np = (name: string, ns: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec.replace(/^/gm, '  ').replace(/\s+$/, '')}\n`;

const shop = docs(
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  pod('shop', 'web', { app: 'web' }, [{ port: 80, name: 'http' }]),
  pod('shop', 'db', { app: 'db' }, [{ port: 5432 }]),
  pod('shop', 'client', { role: 'client' }),
  pod('ops', 'client', { role: 'client' }),
  pod('ops', 'monitor', { app: 'monitor' }),
);

export const andVsOr: Lesson = {
  id: 'and-vs-or',
  title: 'AND vs OR: one peer or two',
  summary:
    'namespaceSelector and podSelector in one peer must both match; in two peers either one is enough.',
  source: 'catalogue: AND vs OR',
  initial: shop,
  probes: [
    { name: 'ops-client', probe: 'ops/client -> shop/db:5432' },
    { name: 'ops-monitor', probe: 'ops/monitor -> shop/db:5432' },
    { name: 'shop-client', probe: 'shop/client -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'One peer: AND',
      text: 'The db accepts pods labelled role=client in namespaces labelled team=ops: both selectors are in the same list item.',
      action: {
        type: 'apply',
        yaml: np(
          'db-and',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels: {team: ops}\n        podSelector:\n          matchLabels: {role: client}',
        ),
      },
      expect: { 'ops-client': 'allowed', 'ops-monitor': 'denied', 'shop-client': 'denied' },
    },
    {
      title: 'Two peers: OR',
      text: 'Add a dash before podSelector and the same lines become two peers: any pod of team=ops, OR role=client pods of the policy namespace. Predict first.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'db-and',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels: {team: ops}\n      - podSelector:\n          matchLabels: {role: client}',
        ),
      },
      expect: { 'ops-client': 'allowed', 'ops-monitor': 'allowed', 'shop-client': 'allowed' },
    },
  ],
};

export const strayDash: Lesson = {
  id: 'stray-dash',
  title: 'The stray dash that splits a rule',
  summary:
    'A `-` before `ports:` makes it a second rule with no `from`: that rule admits everyone on that port.',
  source: 'catalogue: the stray dash (Cilium "one extra dash")',
  initial: shop,
  probes: [
    { name: 'client-db', probe: 'shop/client -> shop/db:5432' },
    { name: 'monitor-db', probe: 'ops/monitor -> shop/db:5432' },
    { name: 'outside-db', probe: 'ip:203.0.113.9 -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'from and ports in one rule',
      text: 'One rule: from role=client AND on port 5432.',
      action: {
        type: 'apply',
        yaml: np(
          'db',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}\n    ports:\n      - port: 5432',
        ),
      },
      expect: { 'client-db': 'allowed', 'monitor-db': 'denied', 'outside-db': 'denied' },
    },
    {
      title: 'One extra dash',
      text: 'Now `- ports:` starts a second rule. The second rule has no `from`, which means every source, inside or outside the cluster.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'db',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}\n  - ports:\n      - port: 5432',
        ),
      },
      expect: { 'client-db': 'allowed', 'monitor-db': 'allowed', 'outside-db': 'allowed' },
    },
  ],
};

export const emptyMeanings: Lesson = {
  id: 'meanings-of-empty',
  title: 'The meanings of {}',
  summary:
    '`podSelector: {}` selects all pods of the namespace; `ingress: [{}]` admits everything; `ingress: []` admits nothing; `namespaceSelector: {}` means every namespace but not outside addresses.',
  source: 'catalogue: the three meanings of {}',
  initial: shop,
  probes: [
    { name: 'ops-web', probe: 'ops/monitor -> shop/web:80' },
    { name: 'outside-web', probe: 'ip:198.51.100.4 -> shop/web:80' },
  ],
  steps: [
    {
      title: '`ingress: []`: nothing',
      text: 'Selects every pod, and the list of rules is empty.',
      action: { type: 'apply', yaml: np('p', 'shop', 'podSelector: {}\ningress: []') },
      expect: { 'ops-web': 'denied', 'outside-web': 'denied' },
    },
    {
      title: '`ingress: [{}]`: everything',
      text: 'One rule with no from and no ports matches every source and port, even outside the cluster.',
      predict: true,
      action: { type: 'apply', yaml: np('p', 'shop', 'podSelector: {}\ningress:\n  - {}') },
      expect: { 'ops-web': 'allowed', 'outside-web': 'allowed' },
    },
    {
      title: '`namespaceSelector: {}`: every namespace, no outside',
      text: 'An empty namespaceSelector selects all pods in all namespaces, but not addresses outside the cluster.',
      action: {
        type: 'apply',
        yaml: np('p', 'shop', 'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector: {}'),
      },
      expect: { 'ops-web': 'allowed', 'outside-web': 'denied' },
    },
  ],
};

export const bareSelectorNamespace: Lesson = {
  id: 'bare-podselector',
  title: 'A bare podSelector stays in its namespace',
  summary: 'podSelector alone in a peer only matches pods in the policy namespace, whatever their labels.',
  source: 'catalogue L06 (and the KodeKloud note it corrects)',
  initial: shop,
  probes: [
    { name: 'shop-client', probe: 'shop/client -> shop/db:5432' },
    { name: 'ops-client', probe: 'ops/client -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'role=client, but only in shop',
      text: 'ops/client has the same label, but the peer has no namespaceSelector, so it only looks in shop.',
      action: {
        type: 'apply',
        yaml: np(
          'db',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}',
        ),
      },
      expect: { 'shop-client': 'allowed', 'ops-client': 'denied' },
    },
    {
      title: 'Your turn: let ops/client in as well',
      text: 'Add a peer so role=client pods of namespace ops are admitted too, without admitting ops/monitor.',
      task: {
        goal: 'ops/client → shop/db:5432 allowed; ops/monitor stays denied.',
        hints: [
          'In the same peer: namespaceSelector (kubernetes.io/metadata.name: ops) and podSelector (role: client).',
        ],
        check: { 'ops-client': 'allowed' },
        solution: {
          type: 'apply',
          yaml: np(
            'db',
            'shop',
            'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}\n      - namespaceSelector:\n          matchLabels: {kubernetes.io/metadata.name: ops}\n        podSelector:\n          matchLabels: {role: client}',
          ),
        },
      },
    },
  ],
};

export const servicePorts: Lesson = {
  id: 'service-ports',
  title: 'Policies use container ports, not Service ports',
  summary:
    'A Service on port 80 sending to targetPort 8080: the policy must allow 8080. Named ports resolve on the destination pod.',
  source: 'catalogue: ports vs Service ports, named ports',
  initial: docs(
    namespace('app'),
    pod('app', 'api', { app: 'api' }, [{ port: 8080, name: 'http' }]),
    service('app', 'api', { app: 'api' }, [{ port: 80, targetPort: 8080 }]),
    pod('app', 'client', { role: 'client' }),
  ),
  probes: [{ name: 'svc', probe: 'app/client -> svc:app/api:80' }],
  steps: [
    {
      title: 'Allowing the Service port does not help',
      text: 'The policy allows TCP 80, the Service port. Traffic reaches the pod on 8080, so it is denied.',
      action: {
        type: 'apply',
        yaml: np(
          'api',
          'app',
          'podSelector:\n  matchLabels: {app: api}\ningress:\n  - ports:\n      - port: 80',
        ),
      },
      expect: { svc: 'denied' },
    },
    {
      title: 'Use the named port',
      text: '`port: http` resolves to the container port named http on the destination pod: 8080.',
      action: {
        type: 'apply',
        yaml: np(
          'api',
          'app',
          'podSelector:\n  matchLabels: {app: api}\ningress:\n  - ports:\n      - port: http',
        ),
      },
      expect: { svc: 'allowed' },
    },
  ],
};

export const dnsEgress: Lesson = {
  id: 'dns-egress',
  title: 'Egress isolation breaks DNS',
  summary:
    'Once a pod is isolated for egress, looking up a Service by name needs UDP 53 to the cluster DNS. protocol defaults to TCP, so `port: 53` alone is not enough.',
  source: 'catalogue: DNS egress',
  initial: docs(
    kubeDns(),
    namespace('app'),
    pod('app', 'api', { app: 'api' }, [{ port: 8080 }]),
    service('app', 'api', { app: 'api' }, [{ port: 80, targetPort: 8080 }]),
    pod('app', 'client', { role: 'client' }),
  ),
  settings: { dns: true },
  probes: [{ name: 'svc', probe: 'app/client -> svc:app/api:80' }],
  steps: [
    {
      title: 'Open cluster',
      text: 'The client resolves api.app.svc through kube-dns and connects.',
      expect: { svc: 'allowed' },
    },
    {
      title: 'Egress allow-list without DNS',
      text: 'The client may only connect to app=api on 8080. The lookup of the name is now blocked.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'client-egress',
          'app',
          'podSelector:\n  matchLabels: {role: client}\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels: {app: api}\n    ports:\n      - port: 8080',
        ),
      },
      expect: { svc: 'denied' },
    },
    {
      title: '`port: 53` defaults to TCP',
      text: 'DNS is UDP: a port entry without protocol means TCP 53, so the lookup still fails.',
      action: {
        type: 'apply',
        yaml: np(
          'allow-dns',
          'app',
          'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports:\n      - port: 53',
        ),
      },
      expect: { svc: 'denied' },
    },
    {
      title: 'Allow UDP 53',
      text: 'With protocol UDP the lookup works and the connection goes through.',
      action: {
        type: 'apply',
        yaml: np(
          'allow-dns',
          'app',
          'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports:\n      - port: 53\n        protocol: UDP\n      - port: 53\n        protocol: TCP',
        ),
      },
      expect: { svc: 'allowed' },
    },
  ],
};

export const policyTypesDefaulting: Lesson = {
  id: 'policytypes-defaulting',
  title: 'How policyTypes defaults',
  summary:
    'Without policyTypes, Ingress is always included and Egress only when there are egress rules: `egress: []` isolates nothing, and an egress-only policy also isolates ingress.',
  source: 'catalogue: policyTypes defaulting',
  initial: shop,
  probes: [
    { name: 'client-out', probe: 'shop/client -> shop/web:80' },
    { name: 'into-client', probe: 'shop/web -> shop/client:80' },
  ],
  steps: [
    {
      title: '`egress: []` without policyTypes',
      text: 'Defaulted policyTypes is [Ingress]: the client is isolated for ingress only.',
      action: {
        type: 'apply',
        yaml: np('client', 'shop', 'podSelector:\n  matchLabels: {role: client}\negress: []'),
      },
      expect: { 'client-out': 'allowed', 'into-client': 'denied' },
    },
    {
      title: 'An egress rule without policyTypes',
      text: 'With a non-empty egress the default becomes [Ingress, Egress]: egress limited to app=db, and ingress denied although the policy says nothing about it.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'client',
          'shop',
          'podSelector:\n  matchLabels: {role: client}\negress:\n  - to:\n      - podSelector:\n          matchLabels: {app: db}',
        ),
      },
      expect: { 'client-out': 'denied', 'into-client': 'denied' },
    },
    {
      title: 'Say what you mean',
      text: '`policyTypes: [Egress]` makes it egress-only.',
      action: {
        type: 'apply',
        yaml: np(
          'client',
          'shop',
          'podSelector:\n  matchLabels: {role: client}\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels: {app: db}',
        ),
      },
      expect: { 'client-out': 'denied', 'into-client': 'allowed' },
    },
  ],
};

export const bothEnds: Lesson = {
  id: 'both-ends',
  title: 'Both ends must allow',
  summary: 'A connection needs egress allowed at the source and ingress allowed at the destination.',
  source: 'catalogue: egress and ingress both needed',
  initial: shop,
  probes: [{ name: 'client-db', probe: 'shop/client -> shop/db:5432' }],
  steps: [
    {
      title: 'Deny all egress in shop',
      text: 'Every pod of shop is isolated for egress.',
      action: { type: 'apply', yaml: np('deny-egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]') },
      expect: { 'client-db': 'denied' },
    },
    {
      title: 'Allow ingress at the db',
      text: 'The db admits the client, but the client may still not send.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'db-in',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\npolicyTypes: [Ingress]\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}',
        ),
      },
      expect: { 'client-db': 'denied' },
    },
    {
      title: 'Allow egress at the client',
      text: 'Now both ends allow it.',
      action: {
        type: 'apply',
        yaml: np(
          'client-out',
          'shop',
          'podSelector:\n  matchLabels: {role: client}\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels: {app: db}\n    ports:\n      - port: 5432',
        ),
      },
      expect: { 'client-db': 'allowed' },
    },
  ],
};

export const namespaceLabels: Lesson = {
  id: 'namespace-labels',
  title: 'Namespace labels decide namespaceSelector',
  summary:
    'namespaceSelector matches the labels of the Namespace object; every namespace has kubernetes.io/metadata.name.',
  source: 'catalogue: namespace labels',
  initial: shop,
  probes: [{ name: 'monitor-web', probe: 'ops/monitor -> shop/web:80' }],
  steps: [
    {
      title: 'Admit namespaces labelled monitoring=true',
      text: 'No namespace has that label yet.',
      action: {
        type: 'apply',
        yaml: np(
          'web',
          'shop',
          'podSelector:\n  matchLabels: {app: web}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels: {monitoring: "true"}',
        ),
      },
      expect: { 'monitor-web': 'denied' },
    },
    {
      title: 'Label the ops namespace',
      text: '`kubectl label ns ops monitoring=true`: every pod of ops is admitted.',
      task: {
        goal: 'ops/monitor → shop/web:80 allowed, by labelling the namespace.',
        hints: ['Add `monitoring: "true"` to metadata.labels of Namespace ops.'],
        check: { 'monitor-web': 'allowed' },
        solution: { type: 'label', kind: 'Namespace', name: 'ops', labels: { monitoring: 'true' } },
      },
      action: { type: 'label', kind: 'Namespace', name: 'ops', labels: { monitoring: 'true' } },
      expect: { 'monitor-web': 'allowed' },
    },
  ],
};

export const ipBlockExcept: Lesson = {
  id: 'ipblock-except',
  title: 'ipBlock and except',
  summary: 'Admit a range of addresses and cut holes in it with except.',
  source: 'catalogue: ipBlock',
  initial: docs(namespace('edge'), pod('edge', 'gateway', { app: 'gateway' }, [{ port: 443 }])),
  probes: [
    { name: 'office', probe: 'ip:10.20.1.5 -> edge/gateway:443' },
    { name: 'lab', probe: 'ip:10.20.9.5 -> edge/gateway:443' },
    { name: 'internet', probe: 'ip:203.0.113.50 -> edge/gateway:443' },
  ],
  steps: [
    {
      title: '10.20.0.0/16 except the lab',
      text: 'The gateway admits 10.20.0.0/16 but not 10.20.9.0/24.',
      action: {
        type: 'apply',
        yaml: np(
          'gateway',
          'edge',
          'podSelector:\n  matchLabels: {app: gateway}\ningress:\n  - from:\n      - ipBlock:\n          cidr: 10.20.0.0/16\n          except: [10.20.9.0/24]\n    ports:\n      - port: 443',
        ),
      },
      expect: { office: 'allowed', lab: 'denied', internet: 'denied' },
    },
  ],
};

export const additive: Lesson = {
  id: 'additive',
  title: 'Policies add up, they never deny',
  summary: 'There are no deny rules: a pod selected by several policies accepts the union of their rules.',
  source: 'catalogue: policies are additive',
  initial: shop,
  probes: [
    { name: 'client-web', probe: 'shop/client -> shop/web:80' },
    { name: 'monitor-web', probe: 'ops/monitor -> shop/web:80' },
  ],
  steps: [
    {
      title: 'Deny all ingress to web',
      text: 'A deny-all for app=web.',
      action: {
        type: 'apply',
        yaml: np('web-deny', 'shop', 'podSelector:\n  matchLabels: {app: web}\ningress: []'),
      },
      expect: { 'client-web': 'denied', 'monitor-web': 'denied' },
    },
    {
      title: 'Another policy allows the client',
      text: 'web-deny does not win: the second policy adds an allow.',
      predict: true,
      action: {
        type: 'apply',
        yaml: np(
          'web-client',
          'shop',
          'podSelector:\n  matchLabels: {app: web}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {role: client}',
        ),
      },
      expect: { 'client-web': 'allowed', 'monitor-web': 'denied' },
    },
  ],
};

export const repliesAllowed: Lesson = {
  id: 'replies',
  title: 'Replies need no rule',
  summary:
    'Policies act on connections: once a connection is allowed, its replies flow back even when the other direction is denied.',
  source: 'catalogue: replies are allowed implicitly',
  initial: docs(shop, np('deny-all', 'shop', 'podSelector: {}\ningress: []')),
  probes: [
    { name: 'web-db', probe: 'shop/web -> shop/db:5432' },
    { name: 'db-web', probe: 'shop/db -> shop/web:80' },
  ],
  steps: [
    {
      title: 'Everything in shop denied',
      text: 'Neither side can open a connection to the other.',
      expect: { 'web-db': 'denied', 'db-web': 'denied' },
    },
    {
      title: 'Allow web → db',
      text: 'web may now connect to db. The replies from db reach web on that connection; db still cannot open a new connection to web.',
      action: {
        type: 'apply',
        yaml: np(
          'db-from-web',
          'shop',
          'podSelector:\n  matchLabels: {app: db}\ningress:\n  - from:\n      - podSelector:\n          matchLabels: {app: web}',
        ),
      },
      expect: { 'web-db': 'allowed', 'db-web': 'denied' },
    },
  ],
};
