// Lessons for the common NetworkPolicy pitfalls, one per pitfall, each with a task. Expected results
// follow the NetworkPolicy API reference; each is also checked by the engine in lessons.test.ts.
import type { Lesson } from '../types';
import { docs, yamlFile } from './files';

const shop = yamlFile('shop-cluster.yaml');
const apply = (path: string) => ({ type: 'apply' as const, yaml: yamlFile(path) });

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
      action: apply('and-vs-or/db-one-peer.yaml'),
      expect: { 'ops-client': 'allowed', 'ops-monitor': 'denied', 'shop-client': 'denied' },
    },
    {
      title: 'Two peers: OR',
      text: 'Add a dash before podSelector and the same lines become two peers. Predict first: who reaches the db now?',
      predict: true,
      action: apply('and-vs-or/db-two-peers.yaml'),
      expect: { 'ops-client': 'allowed', 'ops-monitor': 'allowed', 'shop-client': 'allowed' },
    },
    {
      title: 'Your turn: back to AND',
      text: 'Someone added that dash by mistake. Fix db-and.',
      expect: { 'ops-monitor': 'allowed', 'shop-client': 'allowed' },
      task: {
        goal: 'ops/client → shop/db:5432 allowed; ops/monitor → shop/db and shop/client → shop/db denied.',
        hints: [
          'Each dash under `from:` starts a peer, and a source needs to match only one peer.',
          'Count the dashes, and look at the indentation of the line after the namespaceSelector.',
        ],
        check: { 'ops-client': 'allowed', 'ops-monitor': 'denied', 'shop-client': 'denied' },
        solution: apply('and-vs-or/db-one-peer.yaml'),
      },
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
    { name: 'client-db-22', probe: 'shop/client -> shop/db:22' },
    { name: 'monitor-db', probe: 'ops/monitor -> shop/db:5432' },
    { name: 'outside-db', probe: 'ip:203.0.113.9 -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'from and ports in one rule',
      text: 'One rule: from role=client AND on port 5432.',
      action: apply('stray-dash/db-one-rule.yaml'),
      expect: {
        'client-db': 'allowed',
        'client-db-22': 'denied',
        'monitor-db': 'denied',
        'outside-db': 'denied',
      },
    },
    {
      title: 'One extra dash',
      text: 'Now `- ports:` starts a second rule. A rule with no `from` means every source, inside or outside the cluster. Predict first.',
      predict: true,
      action: apply('stray-dash/db-two-rules.yaml'),
      expect: {
        'client-db': 'allowed',
        'client-db-22': 'allowed',
        'monitor-db': 'allowed',
        'outside-db': 'allowed',
      },
    },
    {
      title: 'Your turn: remove the stray dash',
      text: 'Make the policy say what it meant: the client, and only on the database port.',
      expect: { 'monitor-db': 'allowed' },
      task: {
        goal: 'shop/client → shop/db:5432 allowed; shop/client → shop/db:22, ops/monitor → shop/db:5432 and 203.0.113.9 → shop/db:5432 denied.',
        hints: [
          'A rule admits a connection when its `from` AND its `ports` both match; two rules add up.',
          'In YAML a dash starts a new list item: `ports` must be a key of the same item as `from`.',
        ],
        check: {
          'client-db': 'allowed',
          'client-db-22': 'denied',
          'monitor-db': 'denied',
          'outside-db': 'denied',
        },
        solution: apply('stray-dash/db-one-rule.yaml'),
      },
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
    { name: 'shop-web', probe: 'shop/client -> shop/web:80' },
    { name: 'outside-web', probe: 'ip:198.51.100.4 -> shop/web:80' },
  ],
  steps: [
    {
      title: '`ingress: []`: nothing',
      text: 'Selects every pod, and the list of rules is empty.',
      action: apply('meanings-of-empty/ingress-empty-list.yaml'),
      expect: { 'ops-web': 'denied', 'shop-web': 'denied', 'outside-web': 'denied' },
    },
    {
      title: '`ingress: [{}]`: everything',
      text: 'One rule with no `from` and no `ports`. Predict first: what does it admit?',
      predict: true,
      action: apply('meanings-of-empty/ingress-empty-rule.yaml'),
      expect: { 'ops-web': 'allowed', 'shop-web': 'allowed', 'outside-web': 'allowed' },
    },
    {
      title: 'Your turn: every namespace, nothing from outside',
      text: 'Change policy `p` so that it admits every pod of the cluster, but no address outside it.',
      expect: { 'outside-web': 'allowed' },
      task: {
        goal: 'ops/monitor → shop/web:80 and shop/client → shop/web:80 allowed; 198.51.100.4 → shop/web:80 denied.',
        hints: [
          'A peer that selects pods never matches an outside address.',
          'Which selector reaches beyond the policy namespace, and what does it match when empty?',
        ],
        check: { 'ops-web': 'allowed', 'shop-web': 'allowed', 'outside-web': 'denied' },
        solution: apply('meanings-of-empty/every-namespace.yaml'),
      },
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
    { name: 'ops-monitor', probe: 'ops/monitor -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'role=client, but only in shop',
      text: 'ops/client has the same label, but the peer has no namespaceSelector, so it only looks in shop.',
      action: apply('bare-podselector/db.yaml'),
      expect: { 'shop-client': 'allowed', 'ops-client': 'denied', 'ops-monitor': 'denied' },
    },
    {
      title: 'Your turn: let ops/client in as well',
      text: 'Change the policy so role=client pods of namespace ops are admitted too, without opening the db to the rest of ops.',
      expect: { 'ops-client': 'denied' },
      task: {
        goal: 'ops/client → shop/db:5432 and shop/client → shop/db:5432 allowed; ops/monitor → shop/db:5432 stays denied.',
        hints: [
          'Every namespace carries the label `kubernetes.io/metadata.name` with its name.',
          'A peer may hold a namespaceSelector and a podSelector together.',
        ],
        check: { 'ops-client': 'allowed', 'shop-client': 'allowed', 'ops-monitor': 'denied' },
        solution: apply('bare-podselector/db-with-ops-clients.yaml'),
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
  initial: yamlFile('service-ports/cluster.yaml'),
  probes: [
    { name: 'svc', probe: 'app/client -> svc:app/api:80' },
    { name: 'other-port', probe: 'app/client -> app/api:9090' },
  ],
  steps: [
    {
      title: 'Allowing the Service port does not help',
      text: 'The policy allows TCP 80, the Service port. The Service sends to the pod on its targetPort.',
      action: apply('service-ports/api-service-port.yaml'),
      expect: { svc: 'denied', 'other-port': 'denied' },
    },
    {
      title: 'Your turn: allow the port the pod receives',
      text: 'Fix the policy so the client gets through the Service.',
      expect: { svc: 'denied' },
      task: {
        goal: 'app/client → Service app/api:80 allowed; app/client → app/api:9090 denied.',
        hints: [
          "Look at the Service's targetPort, and at the container ports of the api pod.",
          'A policy port may be a number or the name of a container port.',
        ],
        check: { svc: 'allowed', 'other-port': 'denied' },
        solution: apply('service-ports/api-named-port.yaml'),
      },
    },
  ],
};

export const dnsEgress: Lesson = {
  id: 'dns-egress',
  title: 'Egress isolation breaks DNS',
  summary:
    'Once a pod is isolated for egress, looking up a Service by name needs UDP 53 to the cluster DNS. protocol defaults to TCP, so `port: 53` alone is not enough.',
  source: 'catalogue: DNS egress',
  initial: yamlFile('dns-egress/cluster.yaml'),
  settings: { dns: true },
  probes: [
    { name: 'svc', probe: 'app/client -> svc:app/api:80' },
    { name: 'out', probe: 'app/client -> ip:203.0.113.5:443' },
  ],
  steps: [
    {
      title: 'Open cluster',
      text: 'The client resolves api.app.svc through kube-dns and connects.',
      expect: { svc: 'allowed', out: 'allowed' },
    },
    {
      title: 'Egress allow-list without DNS',
      text: 'The client may now only connect to app=api on 8080. Predict: does the connection through the Service name still work?',
      predict: true,
      action: apply('dns-egress/client-egress.yaml'),
      expect: { svc: 'denied', out: 'denied' },
    },
    {
      title: '`port: 53` defaults to TCP',
      text: 'A second policy allows port 53 to anywhere. A port entry without protocol means TCP, and DNS lookups go over UDP.',
      action: apply('dns-egress/allow-dns-tcp.yaml'),
      expect: { svc: 'denied', out: 'denied' },
    },
    {
      title: 'Your turn: let the lookup through',
      text: 'Fix allow-dns.',
      expect: { svc: 'denied' },
      task: {
        goal: 'app/client → Service app/api:80 allowed (the lookup works); app/client → 203.0.113.5:443 stays denied.',
        hints: [
          'Which protocol does a DNS lookup use, and which one does a port entry get by default?',
          'The cluster DNS runs in kube-system: a bare podSelector does not reach it.',
        ],
        check: { svc: 'allowed', out: 'denied' },
        solution: apply('dns-egress/allow-dns.yaml'),
      },
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
    { name: 'client-db', probe: 'shop/client -> shop/db:5432' },
    { name: 'into-client', probe: 'shop/web -> shop/client:80' },
  ],
  steps: [
    {
      title: '`egress: []` without policyTypes',
      text: 'Defaulted policyTypes is [Ingress]: the client is isolated for ingress only.',
      action: apply('policytypes-defaulting/empty-egress.yaml'),
      expect: { 'client-out': 'allowed', 'client-db': 'allowed', 'into-client': 'denied' },
    },
    {
      title: 'An egress rule without policyTypes',
      text: 'The policy now has an egress rule to app=db, and still no policyTypes. Predict first.',
      predict: true,
      action: apply('policytypes-defaulting/egress-rule.yaml'),
      expect: { 'client-out': 'denied', 'client-db': 'allowed', 'into-client': 'denied' },
    },
    {
      title: 'Your turn: say what you mean',
      text: "The policy was meant to limit the client's egress only. Make it so.",
      expect: { 'into-client': 'denied' },
      task: {
        goal: 'shop/client → shop/db:5432 allowed; shop/client → shop/web:80 denied; shop/web → shop/client:80 allowed again.',
        hints: [
          'Without policyTypes, Ingress is always included.',
          'policyTypes lists the directions the policy isolates.',
        ],
        check: { 'client-db': 'allowed', 'client-out': 'denied', 'into-client': 'allowed' },
        solution: apply('policytypes-defaulting/egress-only.yaml'),
      },
    },
  ],
};

export const bothEnds: Lesson = {
  id: 'both-ends',
  title: 'Both ends must allow',
  summary: 'A connection needs egress allowed at the source and ingress allowed at the destination.',
  source: 'catalogue: egress and ingress both needed',
  initial: shop,
  probes: [
    { name: 'client-db', probe: 'shop/client -> shop/db:5432' },
    { name: 'client-web', probe: 'shop/client -> shop/web:80' },
    { name: 'web-db', probe: 'shop/web -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'Deny all egress in shop',
      text: 'Every pod of shop is isolated for egress.',
      action: apply('both-ends/deny-egress.yaml'),
      expect: { 'client-db': 'denied', 'client-web': 'denied', 'web-db': 'denied' },
    },
    {
      title: 'Allow ingress at the db',
      text: 'The db now admits the client. Predict: can the client connect?',
      predict: true,
      action: apply('both-ends/db-in.yaml'),
      expect: { 'client-db': 'denied' },
    },
    {
      title: 'Your turn: allow egress at the client',
      text: 'Open the other end, and only what is needed.',
      expect: { 'client-db': 'denied' },
      task: {
        goal: 'shop/client → shop/db:5432 allowed; shop/client → shop/web:80 and shop/web → shop/db:5432 stay denied.',
        hints: [
          'The db admits the client already: which side still refuses?',
          'deny-egress stays; policies add up.',
        ],
        check: { 'client-db': 'allowed', 'client-web': 'denied', 'web-db': 'denied' },
        solution: apply('both-ends/client-out.yaml'),
      },
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
  probes: [
    { name: 'monitor-web', probe: 'ops/monitor -> shop/web:80' },
    { name: 'client-web', probe: 'shop/client -> shop/web:80' },
  ],
  steps: [
    {
      title: 'Admit namespaces labelled monitoring=true',
      text: 'The web policy admits pods of namespaces labelled `monitoring: "true"`. No namespace has that label yet.',
      action: apply('namespace-labels/web.yaml'),
      expect: { 'monitor-web': 'denied', 'client-web': 'denied' },
    },
    {
      title: 'Your turn: label the ops namespace',
      text: 'Do what `kubectl label ns ops monitoring=true` would, in the YAML or by clicking the namespace on the graph.',
      expect: { 'monitor-web': 'denied' },
      task: {
        goal: 'ops/monitor → shop/web:80 allowed; shop/client → shop/web:80 stays denied.',
        hints: [
          'namespaceSelector looks at the labels of the Namespace object, not of the pods.',
          'A label value is a string: YAML reads an unquoted true as a boolean.',
        ],
        check: { 'monitor-web': 'allowed', 'client-web': 'denied' },
        solution: { type: 'label', kind: 'Namespace', name: 'ops', labels: { monitoring: 'true' } },
      },
    },
  ],
};

export const ipBlockExcept: Lesson = {
  id: 'ipblock-except',
  title: 'ipBlock and except',
  summary: 'Admit a range of addresses and cut holes in it with except.',
  source: 'catalogue: ipBlock',
  initial: yamlFile('ipblock-except/cluster.yaml'),
  probes: [
    { name: 'office', probe: 'ip:10.20.1.5 -> edge/gateway:443' },
    { name: 'office-22', probe: 'ip:10.20.1.5 -> edge/gateway:22' },
    { name: 'lab', probe: 'ip:10.20.9.5 -> edge/gateway:443' },
    { name: 'internet', probe: 'ip:203.0.113.50 -> edge/gateway:443' },
  ],
  steps: [
    {
      title: 'An open gateway',
      text: 'The gateway in namespace edge listens on 443 and no policy selects it: every address reaches it.',
      expect: { office: 'allowed', lab: 'allowed', internet: 'allowed' },
    },
    {
      title: 'Your turn: the office network, except the lab',
      text: 'The offices use 10.20.0.0/16; the lab, 10.20.9.0/24, must stay out. Write a policy for the gateway.',
      expect: { lab: 'allowed' },
      task: {
        goal: '10.20.1.5 → gateway:443 allowed; 10.20.9.5 → gateway:443, 203.0.113.50 → gateway:443 and 10.20.1.5 → gateway:22 denied.',
        hints: [
          'An ipBlock peer takes a `cidr` and an `except` list of smaller ranges cut out of it.',
          'The port belongs in the same rule as the peer.',
        ],
        check: { office: 'allowed', lab: 'denied', internet: 'denied', 'office-22': 'denied' },
        solution: apply('ipblock-except/gateway.yaml'),
      },
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
    { name: 'outside-web', probe: 'ip:198.51.100.4 -> shop/web:80' },
  ],
  steps: [
    {
      title: 'Deny all ingress to web',
      text: 'A deny-all for app=web.',
      action: apply('additive/web-deny.yaml'),
      expect: { 'client-web': 'denied', 'monitor-web': 'denied', 'outside-web': 'denied' },
    },
    {
      title: 'Another policy allows the client',
      text: 'A second policy selects web too and admits role=client pods. Predict: does web-deny win?',
      predict: true,
      action: apply('additive/web-client.yaml'),
      expect: { 'client-web': 'allowed', 'monitor-web': 'denied', 'outside-web': 'denied' },
    },
    {
      title: 'Your turn: add the monitor',
      text: 'ops/monitor must reach web as well. Leave web-deny where it is.',
      expect: { 'monitor-web': 'denied' },
      task: {
        goal: 'ops/monitor → shop/web:80 and shop/client → shop/web:80 allowed; 198.51.100.4 → shop/web:80 stays denied.',
        hints: [
          'A third policy selecting web adds its rules to the other two.',
          'ops/monitor is not in the policy namespace.',
        ],
        check: { 'monitor-web': 'allowed', 'client-web': 'allowed', 'outside-web': 'denied' },
        solution: apply('additive/web-monitor.yaml'),
      },
    },
  ],
};

export const repliesAllowed: Lesson = {
  id: 'replies',
  title: 'Replies need no rule',
  summary:
    'Policies act on connections: once a connection is allowed, its replies flow back even when the other direction is denied.',
  source: 'catalogue: replies are allowed implicitly',
  initial: docs(shop, yamlFile('replies/deny-all.yaml')),
  probes: [
    { name: 'web-db', probe: 'shop/web -> shop/db:5432' },
    { name: 'db-web', probe: 'shop/db -> shop/web:80' },
  ],
  steps: [
    {
      title: 'Everything in shop denied',
      text: 'deny-all isolates every pod of shop for ingress: neither side can open a connection to the other.',
      expect: { 'web-db': 'denied', 'db-web': 'denied' },
    },
    {
      title: 'Your turn: web may connect to the db',
      text: 'Let web open connections to the db. Do not give the db an egress rule or web an ingress rule for the replies: see whether they are needed.',
      expect: { 'web-db': 'denied' },
      task: {
        goal: 'shop/web → shop/db:5432 allowed; shop/db → shop/web:80 stays denied.',
        hints: ['Only the db needs to admit something.', 'Select the db and name web as the peer.'],
        check: { 'web-db': 'allowed', 'db-web': 'denied' },
        solution: apply('replies/db-from-web.yaml'),
      },
    },
    {
      title: 'The replies flow back',
      text: "web reaches the db, and the db's answers travel back on that connection although the db still cannot open a new connection to web: policies act on connections, not on packets.",
      expect: { 'web-db': 'allowed', 'db-web': 'denied' },
    },
  ],
};

// The cluster-scoped policies of sigs.k8s.io/network-policy-api (issue 21). Expected results follow
// the API's doc comments quoted in src/engine/README.md.

export const adminDeny: Lesson = {
  id: 'admin-deny',
  title: 'An admin Deny beats any NetworkPolicy allow',
  summary:
    'AdminNetworkPolicy rules are evaluated before every NetworkPolicy: a Deny there cannot be opened by a namespace owner, only by an admin rule evaluated before it.',
  source: 'network-policy-api: AdminNetworkPolicy tiers (api-overview)',
  initial: docs(shop, yamlFile('admin-deny/db-open.yaml')),
  probes: [
    { name: 'ops-client-db', probe: 'ops/client -> shop/db:5432' },
    { name: 'monitor-db', probe: 'ops/monitor -> shop/db:5432' },
    { name: 'shop-client-db', probe: 'shop/client -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'The shop team opens the db',
      text: 'db-open, a NetworkPolicy of the shop team, admits every pod of every namespace on 5432.',
      expect: { 'ops-client-db': 'allowed', 'monitor-db': 'allowed', 'shop-client-db': 'allowed' },
    },
    {
      title: 'The cluster admin says no to ops',
      text: 'The cluster admin adds an AdminNetworkPolicy: its subject is every pod of namespaces labelled team=shop, and its ingress rule denies traffic from namespaces labelled team=ops.\n\nThe admin tier is evaluated first; a Deny there is final, and the NetworkPolicy tier is not consulted. Predict first: who still reaches the db?',
      predict: true,
      action: apply('admin-deny/no-ops-to-shop.yaml'),
      expect: { 'ops-client-db': 'denied', 'monitor-db': 'denied', 'shop-client-db': 'allowed' },
    },
    {
      title: 'Your turn: let the monitor in',
      text: 'Monitoring needs ops/monitor to reach the db on 5432. The rest of ops stays out, and the shop team still decides for its own namespace. Select a cell to see which tier decided.',
      expect: { 'monitor-db': 'denied' },
      task: {
        goal: 'ops/monitor → shop/db:5432 allowed; ops/client → shop/db:5432 stays denied; shop/client → shop/db:5432 stays allowed.',
        hints: [
          'A NetworkPolicy is read only when the admin tier has not decided.',
          'Within the admin tier, lower priority numbers are evaluated first, and the first matching rule decides.',
        ],
        check: { 'monitor-db': 'allowed', 'ops-client-db': 'denied', 'shop-client-db': 'allowed' },
        solution: apply('admin-deny/monitor-first.yaml'),
      },
    },
  ],
};

export const adminPass: Lesson = {
  id: 'admin-pass',
  title: 'Pass hands the decision to the namespace owners',
  summary:
    'An admin Pass skips the rest of the admin tier: the NetworkPolicies decide, and where none selects the pod, the baseline tier and then the default (allow).',
  source: 'network-policy-api: the Pass action and the baseline tier (api-overview)',
  initial: docs(shop, yamlFile('admin-pass/start.yaml')),
  probes: [
    { name: 'monitor-db', probe: 'ops/monitor -> shop/db:5432' },
    { name: 'ops-client-db', probe: 'ops/client -> shop/db:5432' },
    { name: 'ops-client-web', probe: 'ops/client -> shop/web:80' },
    { name: 'shop-client-db', probe: 'shop/client -> shop/db:5432' },
  ],
  steps: [
    {
      title: 'A lockdown overrides the shop team',
      text: 'The shop team admits ops/monitor to the db (db-from-monitor), but the admin policy shop-lockdown denies everything from ops first, so the monitor is shut out.',
      expect: {
        'monitor-db': 'denied',
        'ops-client-db': 'denied',
        'ops-client-web': 'denied',
        'shop-client-db': 'denied',
      },
    },
    {
      title: 'Pass: let the namespace owners decide',
      text: 'delegate-ops, at priority 10, is evaluated before the lockdown at 50. Its rule passes traffic from ops: the rest of the admin tier is skipped, and the NetworkPolicy tier decides.\n\nweb has no NetworkPolicy. Predict first: what happens to ops/client → shop/web?',
      predict: true,
      action: apply('admin-pass/delegate.yaml'),
      expect: { 'monitor-db': 'allowed', 'ops-client-db': 'denied', 'ops-client-web': 'allowed' },
    },
    {
      title: 'Your turn: keep the unguarded pods closed',
      text: 'A Pass to a pod that no NetworkPolicy selects falls through to the baseline tier, then to the default, which allows. Keep ops out of such pods, while the shop team keeps the last word where it wrote a NetworkPolicy.',
      expect: { 'ops-client-web': 'allowed' },
      task: {
        goal: 'ops/client → shop/web:80 denied; ops/monitor → shop/db:5432 stays allowed; ops/client → shop/db:5432 stays denied.',
        hints: [
          'The admin tier would decide for the db as well: the monitor must still be passed on.',
          'The baseline tier (BaselineAdminNetworkPolicy, named default) applies only to pods no NetworkPolicy selects.',
        ],
        check: { 'ops-client-web': 'denied', 'monitor-db': 'allowed', 'ops-client-db': 'denied' },
        solution: apply('admin-pass/baseline.yaml'),
      },
    },
  ],
};
