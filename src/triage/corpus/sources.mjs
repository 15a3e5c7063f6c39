// The pinned sources of src/triage/corpus/*.ndjson and how each maps its levels onto
// critical / warning / info (SOURCES.md says why). Read by extract.mjs only.
const SEVERITY = { critical: 'critical', warning: 'warning', info: 'info' };

export const SOURCES = [
  {
    id: 'victoriametrics',
    ecosystem: 'prometheus-projects',
    repo: 'VictoriaMetrics/VictoriaMetrics',
    commit: 'b7ef6cc3ed35c607e053a8b7755fc3b896a10eaa',
    licence: 'Apache-2.0',
    kind: 'prometheus',
    paths: ['deployment/docker/rules'],
    include: /\.ya?ml$/,
    exclude: /tests\//,
    map: SEVERITY,
  },
  {
    id: 'tikv',
    ecosystem: 'prometheus-projects',
    repo: 'tikv/tikv',
    commit: '8e964719db0d2088d47a280a1dde3fefa1b31d6b',
    licence: 'Apache-2.0',
    kind: 'prometheus',
    paths: ['metrics/alertmanager'],
    include: /\.rules\.ya?ml$/,
    exclude: /test/,
    levelField: 'level',
    // TiDB's convention: emergency > critical > warning; both upper levels page.
    map: { emergency: 'critical', critical: 'critical', warning: 'warning' },
  },
  {
    id: 'strimzi',
    ecosystem: 'prometheus-projects',
    repo: 'strimzi/strimzi-kafka-operator',
    commit: '8541da1e336bdcda9647aeacfbc2048e57580a52',
    licence: 'Apache-2.0',
    kind: 'prometheus',
    paths: ['packaging/examples/metrics/prometheus-install/prometheus-rules'],
    include: /\.ya?ml$/,
    // Strimzi's `major` is given to "containers down": an outage.
    map: { ...SEVERITY, major: 'critical' },
  },
  {
    id: 'gardener',
    ecosystem: 'prometheus-projects',
    repo: 'gardener/gardener',
    commit: 'b312835d1784c3628983205c05452b2eaa95b645',
    licence: 'Apache-2.0',
    kind: 'prometheus',
    paths: ['pkg/component/observability/monitoring/prometheus'],
    include: /prometheusrules\/.*\.ya?ml$/,
    exclude: /test/,
    // Gardener's `blocker` blocks a shoot cluster's operation: above critical.
    map: { ...SEVERITY, blocker: 'critical' },
  },
  {
    id: 'sapcc',
    ecosystem: 'prometheus-sapcc',
    repo: 'sapcc/helm-charts',
    commit: '14641da523ef6c0eb4fbf82d52697744e7b09101',
    licence: 'Apache-2.0',
    kind: 'prometheus',
    paths: ['common', 'global', 'openstack', 'prometheus-exporters', 'prometheus-rules', 'system'],
    include: /\.alerts$|\/alerts\/.*\.ya?ml$/,
    // Generic Kubernetes, Prometheus, Thanos and etcd rules may derive from the mixins (reserved).
    exclude: /kube|thanos|alertmanager|prometheus\.alerts|node-exporter|etcd|mixin/i,
    map: SEVERITY,
  },
  {
    id: 'sigma',
    ecosystem: 'sigma',
    repo: 'SigmaHQ/sigma',
    commit: '8eaafff1f2845a696050e05e72ba1140ee190698',
    licence: 'DRL-1.1',
    kind: 'sigma',
    paths: ['rules', 'rules-emerging-threats'],
    include: /\.ya?ml$/,
    cap: 1000,
    // Sigma: critical "reviewed immediately", high "prompt review" → wake; medium "reviewed
    // manually on a more frequent basis" → today; low/informational "rarely an incident".
    map: { critical: 'critical', high: 'critical', medium: 'warning', low: 'info', informational: 'info' },
  },
  {
    id: 'falco',
    ecosystem: 'falco',
    repo: 'falcosecurity/rules',
    commit: 'c72713ee2e6330195979124de4f656546ad1e0fd',
    licence: 'Apache-2.0',
    kind: 'falco',
    paths: ['rules'],
    include: /\.ya?ml$/,
    // Falco's syslog-like priorities: error and above are signs of compromise worth a page.
    map: {
      emergency: 'critical',
      alert: 'critical',
      critical: 'critical',
      error: 'critical',
      warning: 'warning',
      notice: 'warning',
      informational: 'info',
      info: 'info',
      debug: 'info',
    },
  },
];
