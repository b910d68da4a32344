// The course scenarios (../shared/course), as lessons. The YAML is the course's own, from fixtures/course.
import type { Lesson } from '../types';
import workshopCluster from '../../../fixtures/course/004-ns1-workshop/cluster.yaml?raw';
import denyAll from '../../../fixtures/course/004-ns1-workshop/deny-all-by-default-network-policy.yaml?raw';
import allowPolicy from '../../../fixtures/course/004-ns1-workshop/allow-network-policy.yaml?raw';
import webApiDbCluster from '../../../fixtures/course/002-web-api-db/cluster.yaml?raw';
import webApiDbPolicy from '../../../fixtures/course/002-web-api-db/fixed/network-policy.yaml?raw';
import crashCluster from '../../../fixtures/course/001-crash-course/cluster.yaml?raw';
import crashPolicies from '../../../fixtures/course/001-crash-course/policies.yaml?raw';
import legacyCluster from '../../../fixtures/course/003-legacy-default-deny/cluster.yaml?raw';
import legacyPolicy from '../../../fixtures/course/003-legacy-default-deny/test-network-policy.yaml?raw';
import { docs } from './k8s';
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
  ],
  steps: [
    {
      title: 'No policy: everything is allowed',
      text: 'Namespace ns-1 runs http-echo (port 80) and busybox. No NetworkPolicy selects either pod, so neither is isolated: busybox can POST to http-echo, directly or through the http-echo Service.',
      expect: { post: 'allowed', 'via-service': 'allowed', reverse: 'allowed' },
    },
    {
      title: 'Create deny-all-by-default',
      text: 'The workshop now creates a policy that selects every pod (`podSelector: {}`) and has no rules. Predict: can busybox still reach http-echo? Can http-echo reach busybox?',
      predict: true,
      action: { type: 'apply', yaml: denyAll },
      expect: { post: 'denied', 'via-service': 'denied', reverse: 'denied' },
    },
    {
      title: 'Replace it with the allow policy',
      text: 'Delete deny-all-by-default and create `allow`: pods labelled app=http-echo accept traffic from pods labelled app=busybox. Predict: does the POST work now?',
      predict: true,
      action: {
        type: 'sequence',
        actions: [
          { type: 'delete', kind: 'NetworkPolicy', namespace: 'ns-1', name: 'deny-all-by-default' },
          { type: 'apply', yaml: allowPolicy },
        ],
      },
      expect: { post: 'denied', 'via-service': 'denied', reverse: 'allowed' },
    },
    {
      title: 'Why does it still fail? Label busybox',
      text: 'busybox only has run=busybox: the rule admits app=busybox. Label it the way the workshop does (`kubectl label po busybox app=busybox`).',
      task: {
        goal: 'Make ns-1/busybox -> ns-1/http-echo:80 allowed without changing the policy.',
        hints: [
          'The allow rule selects sources by the label app=busybox.',
          'Add `app: busybox` to the labels of the busybox pod.',
        ],
        check: { post: 'allowed' },
        solution: {
          type: 'label',
          kind: 'Pod',
          namespace: 'ns-1',
          name: 'busybox',
          labels: { app: 'busybox' },
        },
      },
      action: { type: 'label', kind: 'Pod', namespace: 'ns-1', name: 'busybox', labels: { app: 'busybox' } },
      expect: { post: 'allowed', 'via-service': 'allowed', reverse: 'allowed' },
    },
  ],
};

export const webApiDb: Lesson = {
  id: 'web-api-db',
  title: 'Web, API and database',
  summary:
    'Only the API may talk to the database on 3306; then lock down the rest and open web → API on 5000.',
  source: 'course 002: Network Policies (Web / API / Database)',
  initial: webApiDbCluster,
  probes: [
    { name: 'api-db', probe: 'default/api -> default/db:3306' },
    { name: 'web-db', probe: 'default/web -> default/db:3306' },
    { name: 'web-api', probe: 'default/web -> default/api:5000' },
    { name: 'user-web', probe: 'ip:203.0.113.10 -> default/web:80' },
    { name: 'db-api', probe: 'default/db -> default/api:5000' },
  ],
  steps: [
    {
      title: 'All-allow by default',
      text: 'Three pods: web (80), api (5000) and db (3306). Without policies every pod can talk to every other.',
      expect: { 'api-db': 'allowed', 'web-db': 'allowed', 'web-api': 'allowed', 'user-web': 'allowed' },
    },
    {
      title: 'The course policy: the database accepts only the API',
      text: 'The course writes `policyTypes: - Ingress:` with a stray colon, which makes the item a mapping: the API server would reject it. Here it is fixed. The policy selects role=db and admits name=api-pod on TCP 3306.',
      action: { type: 'apply', yaml: webApiDbPolicy },
      expect: { 'api-db': 'allowed', 'web-db': 'denied', 'web-api': 'allowed', 'user-web': 'allowed' },
    },
    {
      title: 'Your turn: isolate the API, then let web in on 5000',
      text: 'Add a policy that isolates the API for ingress and admits only the web pod on TCP 5000.',
      task: {
        goal: 'web → api:5000 allowed, db → api:5000 denied.',
        hints: [
          'Select the API with podSelector matchLabels name: api-pod.',
          'One ingress rule: from podSelector name: web-pod, ports 5000/TCP.',
        ],
        check: { 'web-api': 'allowed', 'db-api': 'denied' },
        solution: {
          type: 'apply',
          yaml: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api-from-web\n  namespace: default\nspec:\n  podSelector:\n    matchLabels:\n      name: api-pod\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              name: web-pod\n      ports:\n        - protocol: TCP\n          port: 5000\n`,
        },
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
    { name: 'prom-longhorn', probe: 'monitoring/prometheus-k8s -> longhorn-system/longhorn-manager:9500' },
    { name: 'alert-longhorn', probe: 'monitoring/alertmanager -> longhorn-system/longhorn-manager:9500' },
    { name: 'dns-grafana', probe: 'kube-system/coredns -> monitoring/grafana:3000' },
    { name: 'alert-grafana', probe: 'monitoring/alertmanager -> monitoring/grafana:3000' },
    { name: 'grafana-out', probe: 'monitoring/grafana -> ip:8.8.8.8:443' },
  ],
  steps: [
    {
      title: 'Deny all traffic to app=web',
      text: '`web-deny-all` selects app=web with `ingress: []`: no rule admits anything.',
      action: { type: 'apply', yaml: splitDocs(crashPolicies)[0]! },
      expect: { 'dns-web': 'denied', 'shop-web': 'denied' },
    },
    {
      title: 'Allow ingress from kube-system',
      text: 'A second policy selects every pod of `default` and admits pods of the namespace named kube-system. Policies are additive: web is now reachable from kube-system although web-deny-all is still there. Predict before you step.',
      predict: true,
      action: { type: 'apply', yaml: splitDocs(crashPolicies)[1]! },
      expect: { 'dns-web': 'allowed', 'shop-web': 'denied' },
    },
    {
      title: 'Prometheus to longhorn-manager on 9500: one peer, AND',
      text: 'namespaceSelector and podSelector in the SAME peer: pods labelled prometheus in the monitoring namespace, and only on TCP 9500.',
      action: { type: 'apply', yaml: splitDocs(crashPolicies)[2]! },
      expect: { 'prom-longhorn': 'allowed', 'alert-longhorn': 'denied' },
    },
    {
      title: 'Grafana: two peers (OR) and allow-all egress',
      text: 'Two peers in one `from`: prometheus pods of monitoring, OR any pod of kube-system, on 3000. `egress: - {}` is one empty rule: it allows all egress.',
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
  initial: legacyCluster,
  settings: { semantics: 'legacy' },
  probes: [
    { name: 'frontend-redis', probe: 'default/frontend -> default/redis:6379' },
    { name: 'worker-redis', probe: 'myproject/worker -> default/redis:6379' },
    { name: 'backend-redis', probe: 'default/backend -> default/redis:6379' },
    { name: 'redis-frontend', probe: 'default/redis -> default/frontend:80' },
  ],
  steps: [
    {
      title: 'DefaultDeny isolates every pod of the namespace',
      text: 'Under the 1.5-1.6 beta semantics the annotation `net.beta.kubernetes.io/network-policy: {"ingress": {"isolation": "DefaultDeny"}}` isolates every pod of `default` for ingress, with no policy at all.',
      expect: {
        'frontend-redis': 'denied',
        'worker-redis': 'denied',
        'backend-redis': 'denied',
        'redis-frontend': 'denied',
      },
    },
    {
      title: 'The extensions/v1beta1 policy',
      text: 'The course policy admits role=frontend pods of the same namespace OR pods of namespaces labelled project=myproject, on tcp/6379.',
      action: { type: 'apply', yaml: legacyPolicy },
      expect: {
        'frontend-redis': 'allowed',
        'worker-redis': 'allowed',
        'backend-redis': 'denied',
        'redis-frontend': 'denied',
      },
    },
    {
      title: 'Today: the annotation does nothing',
      text: 'Switch to the current semantics. The annotation is ignored (netpol-lab warns about it), so only role=db is isolated, by the policy: frontend is reachable again.',
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
      text: 'The v1 equivalent of the annotation is a policy selecting every pod with no ingress rules.',
      action: {
        type: 'apply',
        yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: default\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n',
      },
      expect: {
        'frontend-redis': 'allowed',
        'worker-redis': 'allowed',
        'backend-redis': 'denied',
        'redis-frontend': 'denied',
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
      text: 'deny-all-by-default is in the cluster, but the cluster runs Flannel, which does not enforce NetworkPolicy. The connection is allowed, and netpol-lab marks it "would be denied".',
      expect: { post: 'allowed' },
    },
    {
      title: 'Switch to Calico',
      text: 'With a plugin that enforces policies, the same YAML blocks the connection.',
      action: { type: 'setting', enforced: true },
      expect: { post: 'denied' },
    },
  ],
};
