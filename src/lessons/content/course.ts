// The course scenarios (fixtures/course: the course's own manifests and README), as lessons. The YAML is the course's own;
// every exercise the course asks the student to perform is a task.
import type { Lesson } from '../types';
import workshopCluster from '../../../fixtures/course/004-ns1-workshop/cluster.yaml?raw';
import denyAll from '../../../fixtures/course/004-ns1-workshop/deny-all-by-default-network-policy.yaml?raw';
import allowPolicy from '../../../fixtures/course/004-ns1-workshop/allow-network-policy.yaml?raw';
import webApiDbCluster from '../../../fixtures/course/002-web-api-db/cluster.yaml?raw';
import webApiDbPolicy from '../../../fixtures/course/002-web-api-db/fixed/network-policy.yaml?raw';
import crashCluster from '../../../fixtures/course/001-crash-course/cluster.yaml?raw';
import crashPolicies from '../../../fixtures/course/001-crash-course/policies.yaml?raw';
import legacyPolicy from '../../../fixtures/course/003-legacy-default-deny/test-network-policy.yaml?raw';
import { docs, yamlFile } from './files';
import { splitDocuments } from '../../engine/index';

const splitDocs = splitDocuments;

export const workshop: Lesson = {
  id: 'ns1-workshop',
  title: 'Deny by default, then allow by label',
  summary:
    'The ns-1 workshop: http-echo and busybox, a deny-all policy, and an allow rule that only works once the client has the right label.',
  source: 'course 004: Defining a Network Policy',
  initial: workshopCluster,
  probes: [
    { name: 'post', probe: 'ns-1/busybox -> ns-1/http-echo:80' },
    { name: 'via-service', probe: 'ns-1/busybox -> svc:ns-1/http-echo:80' },
    { name: 'reverse', probe: 'ns-1/http-echo -> ns-1/busybox:80' },
    { name: 'stranger', probe: 'ip:203.0.113.7 -> ns-1/http-echo:80' },
  ],
  steps: [
    {
      title: 'No policy: everything is allowed',
      text: 'Namespace ns-1 runs http-echo (port 80) and busybox. No NetworkPolicy selects either pod, so neither is isolated: busybox can POST to http-echo, directly or through the http-echo Service, and so can anyone else.',
      expect: { post: 'allowed', 'via-service': 'allowed', reverse: 'allowed', stranger: 'allowed' },
    },
    {
      title: 'Create deny-all-by-default',
      text: 'The workshop now creates `deny-all-by-default`: a NetworkPolicy in ns-1 that selects every pod and has no rules. Write it in the editor (a new document after `---`), or build it with the edit tools.',
      expect: { post: 'allowed', reverse: 'allowed' },
      task: {
        goal: 'No pod of ns-1 accepts any connection: busybox → http-echo denied (directly and through the Service), http-echo → busybox denied.',
        hints: [
          'A policy isolates the pods its `spec.podSelector` selects. Which selector selects every pod of the namespace?',
          'A selected pod accepts only what some rule admits. How many rules do you need to admit nothing?',
        ],
        check: { post: 'denied', 'via-service': 'denied', reverse: 'denied' },
        solution: { type: 'apply', yaml: denyAll },
      },
    },
    {
      title: 'Replace it with the allow policy',
      text: 'The workshop deletes deny-all-by-default and creates `allow` instead: for every pod labelled `app: http-echo`, allow access from pods labelled `app: busybox`. Do both: delete the deny-all document and write the allow policy.',
      expect: { post: 'denied', reverse: 'denied' },
      task: {
        goal: 'http-echo → busybox allowed again (nothing isolates busybox any more), and an address outside the cluster (203.0.113.7) → http-echo denied.',
        hints: [
          'Policies add up: as long as deny-all-by-default exists, busybox stays isolated.',
          'The allow policy selects pods by `app: http-echo` and has one ingress rule with one `podSelector` peer.',
        ],
        check: { reverse: 'allowed', stranger: 'denied' },
        solution: {
          type: 'sequence',
          actions: [
            { type: 'delete', kind: 'NetworkPolicy', namespace: 'ns-1', name: 'deny-all-by-default' },
            { type: 'apply', yaml: allowPolicy },
          ],
        },
      },
    },
    {
      title: 'Predict: does the POST work now?',
      text: 'The allow policy is in place and deny-all-by-default is gone. Before looking: can busybox POST to http-echo now?',
      predict: true,
      expect: { post: 'denied', 'via-service': 'denied', reverse: 'allowed' },
    },
    {
      title: 'Why does it still fail? Label busybox',
      text: 'The rule admits only pods labelled `app: busybox`, and busybox only has `run: busybox`. The workshop labels it (`kubectl label po --selector=run=busybox app=busybox`): do the same in the YAML, or with the label tool on the graph.',
      expect: { post: 'denied', reverse: 'allowed' },
      task: {
        goal: 'busybox → http-echo allowed, directly and through the Service, while an address outside the cluster (203.0.113.7) stays denied.',
        hints: [
          'Compare the labels the allow rule asks for with the labels busybox has.',
          'Labels live under `metadata.labels` of the Pod.',
        ],
        check: { post: 'allowed', 'via-service': 'allowed', stranger: 'denied' },
        solution: {
          type: 'label',
          kind: 'Pod',
          namespace: 'ns-1',
          name: 'busybox',
          labels: { app: 'busybox' },
        },
      },
    },
  ],
};

export const webApiDb: Lesson = {
  id: 'web-api-db',
  title: 'Web, API and database',
  summary:
    'Only the API may talk to the database on 3306; then let only web reach the API on 5000, and limit what each may send.',
  source: 'course 002: Network Policies (Web / API / Database)',
  initial: webApiDbCluster,
  probes: [
    { name: 'api-db', probe: 'default/api -> default/db:3306' },
    { name: 'web-db', probe: 'default/web -> default/db:3306' },
    { name: 'user-db', probe: 'ip:203.0.113.10 -> default/db:3306' },
    { name: 'web-api', probe: 'default/web -> default/api:5000' },
    { name: 'web-api-80', probe: 'default/web -> default/api:80' },
    { name: 'db-api', probe: 'default/db -> default/api:5000' },
    { name: 'user-web', probe: 'ip:203.0.113.10 -> default/web:80' },
    { name: 'web-out', probe: 'default/web -> ip:198.51.100.20:443' },
    { name: 'api-out', probe: 'default/api -> ip:198.51.100.20:443' },
  ],
  steps: [
    {
      title: 'All-allow by default',
      text: 'Three pods: web (80), api (5000) and db (3306). Without policies every pod can talk to every other, and anyone can reach the database.',
      expect: { 'api-db': 'allowed', 'web-db': 'allowed', 'user-db': 'allowed', 'web-api': 'allowed' },
    },
    {
      title: 'The course policy: the database accepts only the API',
      text: 'The course protects the database with a policy that selects `role: db` and admits pods labelled `name: api-pod` on TCP 3306. As printed in the course it has `policyTypes: - Ingress:` with a stray colon, which makes the item a mapping instead of a string: the API server refuses the whole policy, so the database would stay open to everyone (netpol-lab reports the error and does not apply the policy either). Write it without that mistake.',
      expect: { 'api-db': 'allowed', 'web-db': 'allowed' },
      task: {
        goal: 'api → db:3306 allowed; web → db:3306 and an outside user (203.0.113.10) → db:3306 denied; web → api:5000 still allowed.',
        hints: [
          'Look at the labels of the three pods: which one does the database policy select, and which one does it admit?',
          'One ingress rule can hold both the `from` peers and the `ports`.',
        ],
        check: { 'api-db': 'allowed', 'web-db': 'denied', 'user-db': 'denied', 'web-api': 'allowed' },
        solution: { type: 'apply', yaml: webApiDbPolicy },
      },
    },
    {
      title: 'Predict: do replies need a rule?',
      text: 'The database now admits only the API. The API sends a query and the database answers it: that answer needs no egress rule on the database, since policies act on connections. Before looking: can the database open a new connection to the API on 5000?',
      predict: true,
      expect: { 'api-db': 'allowed', 'db-api': 'allowed', 'web-db': 'denied' },
    },
    {
      title: 'Your turn: isolate the API, then let web in on 5000',
      text: 'In the course table the API accepts only port 5000, from the web server. Add a policy for the API.',
      expect: { 'db-api': 'allowed', 'web-api-80': 'allowed' },
      task: {
        goal: 'web → api:5000 allowed; web → api:80 and db → api:5000 denied; api → db:3306 still allowed.',
        hints: [
          'The API pod carries `name: api-pod`, the web pod `name: web-pod`.',
          'A port and a peer in the same rule must both match.',
        ],
        check: { 'web-api': 'allowed', 'web-api-80': 'denied', 'db-api': 'denied', 'api-db': 'allowed' },
        solution: { type: 'apply', yaml: yamlFile('web-api-db/api-from-web.yaml') },
      },
    },
    {
      title: 'Egress: web sends only to the API, the API only to the database',
      text: 'The course table also limits what each server sends: web egress 5000 (to the API), API egress 3306 (to the database). Isolate web and the API for egress and allow just that.',
      expect: { 'web-out': 'allowed', 'api-out': 'allowed' },
      task: {
        goal: 'web → api:5000, api → db:3306 and an outside user → web:80 allowed; web → 198.51.100.20:443 and api → 198.51.100.20:443 denied.',
        hints: [
          'A pod is isolated for egress only when a policy lists `Egress` in its policyTypes (or has egress rules).',
          'An egress rule names destinations under `to:` and ports under `ports:`.',
        ],
        check: {
          'web-api': 'allowed',
          'api-db': 'allowed',
          'user-web': 'allowed',
          'web-out': 'denied',
          'api-out': 'denied',
        },
        solution: { type: 'apply', yaml: yamlFile('web-api-db/egress.yaml') },
      },
    },
  ],
};

export const crashCourse: Lesson = {
  id: 'crash-course',
  title: 'Crash course: deny, namespaces, AND and OR',
  summary:
    'The four examples of the crash course: deny all to app=web, allow from kube-system, prometheus to longhorn-manager on 9500, grafana with allow-all egress.',
  source: 'course 001: Network Policies crash course',
  initial: crashCluster,
  probes: [
    { name: 'dns-web', probe: 'kube-system/coredns -> default/web:80' },
    { name: 'shop-web', probe: 'default/shop -> default/web:80' },
    { name: 'dns-shop', probe: 'kube-system/coredns -> default/shop:8080' },
    { name: 'prom-longhorn', probe: 'monitoring/prometheus-k8s -> longhorn-system/longhorn-manager:9500' },
    {
      name: 'prom-longhorn-9501',
      probe: 'monitoring/prometheus-k8s -> longhorn-system/longhorn-manager:9501',
    },
    { name: 'alert-longhorn', probe: 'monitoring/alertmanager -> longhorn-system/longhorn-manager:9500' },
    { name: 'dns-longhorn', probe: 'kube-system/coredns -> longhorn-system/longhorn-manager:9500' },
    { name: 'dns-grafana', probe: 'kube-system/coredns -> monitoring/grafana:3000' },
    { name: 'alert-grafana', probe: 'monitoring/alertmanager -> monitoring/grafana:3000' },
    { name: 'grafana-out', probe: 'monitoring/grafana -> ip:8.8.8.8:443' },
  ],
  steps: [
    {
      title: 'Deny all traffic to app=web',
      text: 'The first example, `web-deny-all`, restricts ingress to the pods labelled `app: web` in `default`: it selects them and admits nothing. Write it.',
      expect: { 'dns-web': 'allowed', 'shop-web': 'allowed', 'dns-shop': 'allowed' },
      task: {
        goal: 'coredns → web:80 and shop → web:80 denied, while the other pods of default stay open (coredns → shop:8080 allowed).',
        hints: [
          'Select the web pods by their label, not every pod of the namespace.',
          'An empty list of ingress rules admits nothing.',
        ],
        check: { 'dns-web': 'denied', 'shop-web': 'denied', 'dns-shop': 'allowed' },
        solution: { type: 'apply', yaml: splitDocs(crashPolicies)[0]! },
      },
    },
    {
      title: 'Allow ingress from kube-system',
      text: 'A second policy selects every pod of `default` and admits pods of the namespace named kube-system (by the label `kubernetes.io/metadata.name`, which every namespace has). web-deny-all is still there. Predict before you look.',
      predict: true,
      action: { type: 'apply', yaml: splitDocs(crashPolicies)[1]! },
      expect: { 'dns-web': 'allowed', 'shop-web': 'denied' },
    },
    {
      title: 'Prometheus to longhorn-manager on 9500: one peer, AND',
      text: 'Prometheus (in monitoring) scrapes longhorn-manager (in longhorn-system) on TCP 9500. The policy lives in longhorn-system, selects `app: longhorn-manager`, and admits only pods labelled `app.kubernetes.io/name: prometheus` in the namespace monitoring. Write it.',
      expect: { 'alert-longhorn': 'allowed', 'dns-longhorn': 'allowed' },
      task: {
        goal: 'prometheus → longhorn-manager:9500 allowed; prometheus → longhorn-manager:9501, alertmanager → longhorn-manager:9500 and coredns (kube-system) → longhorn-manager:9500 denied.',
        hints: [
          'A source must be in monitoring and have the prometheus label: should that be one peer or two?',
          'Limit the port in the same rule as the peer.',
        ],
        check: {
          'prom-longhorn': 'allowed',
          'prom-longhorn-9501': 'denied',
          'alert-longhorn': 'denied',
          'dns-longhorn': 'denied',
        },
        solution: { type: 'apply', yaml: splitDocs(crashPolicies)[2]! },
      },
    },
    {
      title: 'Grafana: two peers (OR) and allow-all egress',
      text: 'The grafana policy has two peers in one `from`: prometheus pods of monitoring, OR any pod of kube-system, on 3000; and `egress: - {}`, one empty rule. Predict: can alertmanager reach grafana? coredns? Can grafana reach 8.8.8.8?',
      predict: true,
      action: { type: 'apply', yaml: splitDocs(crashPolicies)[3]! },
      expect: { 'dns-grafana': 'allowed', 'alert-grafana': 'denied', 'grafana-out': 'allowed' },
    },
  ],
};

export const legacyDefaultDeny: Lesson = {
  id: 'legacy-default-deny',
  title: 'The early DefaultDeny annotation (1.5-1.6) and its v1 translation',
  summary:
    'Before networking.k8s.io/v1, isolation was a namespace annotation. See what it did, and write the v1 equivalent.',
  source: 'course 003: early extensions/v1beta1 NetworkPolicy docs',
  // The course's cluster before the learner annotates the namespace (fixtures/course has it annotated).
  initial: yamlFile('legacy-default-deny/cluster.yaml'),
  settings: { semantics: 'legacy' },
  probes: [
    { name: 'frontend-redis', probe: 'default/frontend -> default/redis:6379' },
    { name: 'worker-redis', probe: 'myproject/worker -> default/redis:6379' },
    { name: 'backend-redis', probe: 'default/backend -> default/redis:6379' },
    { name: 'redis-frontend', probe: 'default/redis -> default/frontend:80' },
  ],
  steps: [
    {
      title: 'Before isolation: everything is allowed',
      text: 'This lesson runs with the 1.5-1.6 beta semantics (see Semantics above). Isolation was then configured per namespace, and namespace `default` has none: every pod accepts every connection.',
      expect: {
        'frontend-redis': 'allowed',
        'worker-redis': 'allowed',
        'backend-redis': 'allowed',
        'redis-frontend': 'allowed',
      },
    },
    {
      title: 'Turn on DefaultDeny',
      text: 'The course enables ingress isolation with an annotation on the Namespace: `kubectl annotate ns <namespace> "net.beta.kubernetes.io/network-policy={\\"ingress\\": {\\"isolation\\": \\"DefaultDeny\\"}}"`. Do the same for namespace default in the YAML (under `metadata.annotations`).',
      expect: { 'frontend-redis': 'allowed', 'redis-frontend': 'allowed' },
      task: {
        goal: 'Every pod of default isolated for ingress: frontend → redis, myproject/worker → redis, backend → redis and redis → frontend denied.',
        hints: [
          'The annotation value is a JSON document, so it needs quoting (or a `|` block) in YAML.',
          'Only ingress isolation existed in those versions.',
        ],
        check: {
          'frontend-redis': 'denied',
          'worker-redis': 'denied',
          'backend-redis': 'denied',
          'redis-frontend': 'denied',
        },
        solution: { type: 'apply', yaml: yamlFile('legacy-default-deny/namespace-default-deny.yaml') },
      },
    },
    {
      title: 'POST the extensions/v1beta1 policy',
      text: "The course's minimal policy `test-network-policy` (apiVersion extensions/v1beta1) applies to the pods labelled `role: db` in default, and admits tcp/6379 from any pod of default labelled `role: frontend`, and from any pod in a namespace labelled `project: myproject`. Write it.",
      expect: { 'frontend-redis': 'denied', 'worker-redis': 'denied' },
      task: {
        goal: 'frontend → redis:6379 and myproject/worker → redis:6379 allowed; backend → redis:6379 and redis → frontend denied.',
        hints: [
          'Two kinds of sources are admitted, either one is enough: how many peers is that?',
          'The course wrote the protocol in lower case (`tcp`), as 2017 examples did.',
        ],
        check: {
          'frontend-redis': 'allowed',
          'worker-redis': 'allowed',
          'backend-redis': 'denied',
          'redis-frontend': 'denied',
        },
        solution: { type: 'apply', yaml: legacyPolicy },
      },
    },
    {
      title: 'Today: the annotation does nothing',
      text: 'Switch to the current semantics. The annotation is ignored (netpol-lab warns about it), so only role=db is isolated, by the policy. Predict what changes.',
      predict: true,
      action: { type: 'setting', semantics: 'current' },
      expect: {
        'frontend-redis': 'allowed',
        'worker-redis': 'allowed',
        'backend-redis': 'denied',
        'redis-frontend': 'allowed',
      },
    },
    {
      title: 'Translate DefaultDeny to v1',
      text: 'Write the networking.k8s.io/v1 equivalent of the annotation, so that every pod of default is isolated for ingress again.',
      expect: { 'redis-frontend': 'allowed' },
      task: {
        goal: 'redis → frontend denied, while frontend → redis and myproject/worker → redis stay allowed and backend → redis denied.',
        hints: [
          'The annotation isolated every pod of the namespace, for ingress only.',
          'A policy with no rules admits nothing; which podSelector selects every pod?',
        ],
        check: {
          'redis-frontend': 'denied',
          'frontend-redis': 'allowed',
          'worker-redis': 'allowed',
          'backend-redis': 'denied',
        },
        solution: { type: 'apply', yaml: yamlFile('legacy-default-deny/default-deny-ingress.yaml') },
      },
    },
  ],
};

export const networkPlugin: Lesson = {
  id: 'network-plugin',
  title: 'A policy does nothing without a plugin that enforces it',
  summary:
    'Calico, Cilium, Weave Net, kube-router, Romana and Antrea enforce NetworkPolicy; Flannel alone does not.',
  source: 'course 002 (plugins) and course 004 (implementations)',
  initial: docs(workshopCluster, denyAll),
  settings: { enforced: false },
  probes: [{ name: 'post', probe: 'ns-1/busybox -> ns-1/http-echo:80' }],
  steps: [
    {
      title: 'Flannel: the policy exists, traffic flows',
      text: 'deny-all-by-default is in the cluster, but the cluster runs Flannel, which does not enforce NetworkPolicy: the API server accepts the policy and nothing acts on it. The connection is allowed, and netpol-lab marks it "would be denied".',
      expect: { post: 'allowed' },
    },
    {
      title: 'Make the policy count',
      text: 'The course lists kube-router, Calico, Romana and Weave Net as plugins that enforce policies (Cilium and Antrea do too). Make deny-all-by-default take effect.',
      expect: { post: 'allowed' },
      task: {
        goal: 'busybox → http-echo:80 denied.',
        hints: [
          'The YAML is not the problem: more policies would be ignored just the same.',
          'Look at the settings above the graph.',
        ],
        check: { post: 'denied' },
        solution: { type: 'setting', enforced: true },
      },
    },
  ],
};
