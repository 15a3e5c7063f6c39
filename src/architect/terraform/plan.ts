import { AI_EXPENSIVE_ROUTE_PATHS, hasDeletionProtection, RDS_MAX_STORAGE_GB } from '../agents/services.js';
import type { ChainResult } from '../chain.js';
import { hasFeature } from '../spec.js';

/** One partial to render: `templates/terraform/blocks/<block>.tf.tmpl`, with values of its own. */
export interface BlockUse {
  block: string;
  values?: Record<string, string>;
}

/** Which partials a design needs and the values the chain decided for their placeholders. */
export interface TerraformPlan {
  blocks: BlockUse[];
  values: Record<string, string>;
}

// The per-client limits themselves are Terraform variables (templates/terraform/variables/rate-limits.tf.tmpl):
// 100 requests a minute per IP overall, 10 on expensive routes (AI_EXPENSIVE_ROUTE_PATHS, priced in services.ts).
/** API Gateway burst bucket as a multiple of the steady rate: a page load fans out into several calls. */
export const API_BURST_FACTOR = 2;
/** RDS storage autoscaling ceiling as a multiple of the provisioned size. */
export const DB_STORAGE_GROWTH = 4;
/** Days the database keeps point-in-time recovery and AWS Backup keeps each daily copy (variable default). */
export const BACKUP_RETENTION_DAYS = 30;

// Only pages served to a browser upload across origins (a presigned PUT from the CloudFront page);
// API, game and AI clients are not browsers and need no CORS rule.
/** Service types whose uploads come from a browser page and so need a CORS rule on the uploads bucket. */
export const BROWSER_UPLOADS: ReadonlySet<ChainResult['spec']['type']> = new Set(['web', 'static']);

const hcl = (value: boolean | number): string => String(value);

/** Decides the partials and placeholder values for one chain result; pure. */
export function planTerraform(result: ChainResult): TerraformPlan {
  const { spec, services: svc, architecture: arch, traffic } = result;
  const compute = svc.compute;
  const lambda = compute.kind === 'lambda' ? compute : undefined;
  const rds = svc.database?.engine === 'rds-postgresql' ? svc.database : undefined;
  const dynamodb = svc.database?.engine === 'dynamodb';
  // The GPU group and every data store live in subnets; Lambda joins them only to reach the database.
  const vpc =
    compute.kind === 'fargate' ||
    compute.kind === 'ec2' ||
    svc.gpu !== undefined ||
    rds !== undefined ||
    svc.cache !== undefined ||
    (lambda?.inVpc ?? false);
  const blocks: BlockUse[] = [{ block: 'essentials' }, { block: 'cdn' }, { block: 'edge' }];
  const waf = (name: string, scope: string, provider: string): BlockUse => ({
    block: 'waf',
    values: { waf_name: name, waf_scope: scope, waf_provider: provider },
  });
  // The per-client limit variables, declared once for the WAFs and the HTTP API's throttles.
  if (svc.waf || lambda) blocks.push({ block: 'rate-limits' });
  if (svc.waf) blocks.push(waf('edge', 'CLOUDFRONT', 'aws.us_east_1'));
  if (vpc) blocks.push({ block: 'vpc' });
  if (compute.kind === 'fargate')
    blocks.push(
      { block: 'alb' },
      { block: 'ecs' },
      ...(svc.waf ? [waf('alb', 'REGIONAL', 'aws'), { block: 'alb-waf' }] : []),
    );
  if (compute.kind === 'ec2') blocks.push({ block: 'asg' });
  if (lambda) blocks.push({ block: 'lambda' }, { block: 'api' });
  if (rds) blocks.push({ block: 'rds' });
  const proxy = rds !== undefined && arch.rdsProxy;
  if (proxy) blocks.push({ block: 'rds-proxy' });
  if (dynamodb) blocks.push({ block: 'dynamodb' });
  if (svc.cache) blocks.push({ block: 'cache' });
  if (svc.queue) blocks.push({ block: 'queue' }, ...(lambda ? [{ block: 'lambda-queue' }] : []));
  if (svc.network.interfaceEndpoints.includes('sqs')) blocks.push({ block: 'endpoint-sqs' });
  if (svc.gpu) blocks.push({ block: 'gpu' });
  if (svc.pattern === 'hybrid-gpu') blocks.push({ block: 'hybrid' });
  if (hasDeletionProtection(svc)) blocks.push({ block: 'deletion-protection' });
  if (hasFeature(spec, 'uploads'))
    blocks.push({ block: 'uploads' }, ...(BROWSER_UPLOADS.has(spec.type) ? [{ block: 'uploads-cors' }] : []));
  // Every data store gets daily AWS Backup copies; a static site has none (its files are rebuilt from the repository).
  const backedUp = [
    ...(rds ? ['module.db.db_instance_arn'] : []),
    ...(dynamodb ? ['aws_dynamodb_table.state.arn'] : []),
    ...(hasFeature(spec, 'uploads') ? ['module.uploads.s3_bucket_arn'] : []),
  ];
  const backupPolicies = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'];
  if (hasFeature(spec, 'uploads'))
    backupPolicies.push('AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore');
  if (backedUp.length > 0) {
    const policies = backupPolicies.map((p) => `"${p}"`).join(', ');
    blocks.push({ block: 'backup', values: { backup_resources: backedUp.join(', '), backup_policies: policies } });
  }
  blocks.push({ block: 'ci-oidc' });

  const apiRate = Math.max(1, Math.ceil(traffic.spikeRps));
  const values: Record<string, string> = {
    region: spec.region,
    name: `soloops-${spec.type}`,
    budget_usd: String(spec.budgetUsd),
    pattern: svc.pattern,
    edge_web_acl: svc.waf ? 'aws_wafv2_web_acl.edge.arn' : 'null',
    expensive_route_paths: `[${(spec.type === 'ai' ? AI_EXPENSIVE_ROUTE_PATHS : []).map((p) => `"${p}"`).join(', ')}]`,
    // Subnets span at least two AZs even for a lean design: RDS and ElastiCache subnet groups require it.
    azs: String(Math.max(2, svc.network.azs)),
    nat: hcl(svc.network.natGateways > 0),
    // From here on the sizes are the defaults of inputs (templates/terraform/variables/*) that main.tf reads as
    // var.*: two designs differing only in traffic render the same main.tf, and SCALING.md moves them by -var.
    min: String(arch.autoscaling.min),
    max: String(arch.autoscaling.max),
    cpu: compute.kind === 'fargate' ? String(compute.vcpu * 1024) : '0',
    memory_mb: compute.kind === 'fargate' ? String(compute.memoryGb * 1024) : '0',
    instance_type: compute.kind === 'ec2' ? compute.instanceType : '',
    lambda_memory_mb: lambda ? String(lambda.memoryGb * 1024) : '0',
    lambda_max_concurrency: lambda ? String(lambda.maxConcurrency) : '0',
    lambda_in_vpc: hcl(lambda?.inVpc ?? false),
    lambda_subnets: lambda?.inVpc ? 'module.vpc.private_subnets' : 'null',
    lambda_security_groups: lambda?.inVpc ? '[aws_security_group.app.id]' : 'null',
    api_rate_limit: String(apiRate),
    api_burst_factor: String(API_BURST_FACTOR),
    // HTTP API throttles are for all clients together: the per-client limits times the planned clients.
    api_clients_at_peak: String(spec.peakConcurrent),
    api_clients_at_spike: String(Math.ceil(spec.peakConcurrent * spec.spike)),
    db_instance_class: rds?.instanceClass ?? '',
    db_storage_gb: String(rds?.storageGb ?? 0),
    // At RDS's largest volume there is nothing to grow into: 0 turns storage autoscaling off.
    db_max_storage_gb: String(
      (rds?.storageGb ?? 0) >= RDS_MAX_STORAGE_GB
        ? 0
        : Math.min(RDS_MAX_STORAGE_GB, (rds?.storageGb ?? 0) * DB_STORAGE_GROWTH),
    ),
    db_multi_az: hcl(rds?.multiAz ?? false),
    // RDS's own point-in-time window and AWS Backup's daily copies are kept as long (RDS allows 35 days at most).
    backup_retention_days: String(BACKUP_RETENTION_DAYS),
    // The app connects through the proxy when there is one; the proxy's endpoint has no port.
    db_endpoint: proxy ? '"${aws_db_proxy.db.endpoint}:5432"' : 'module.db.db_instance_endpoint',
    db_endpoint_description: proxy ? 'PostgreSQL host:port the app connects to: RDS Proxy.' : 'PostgreSQL host:port.',
    // The free-storage alarm's threshold as main.tf computes it from var.db_storage_gb (a tenth of the volume,
    // in bytes as CloudWatch reports it), for reports that show the default.
    db_free_storage_bytes: String(Math.round(((rds?.storageGb ?? 0) * 1024 ** 3) / 10)),
    cache_node_type: svc.cache?.nodeType ?? '',
    cache_nodes: String(svc.cache?.nodes ?? 0),
    cache_failover: hcl((svc.cache?.nodes ?? 0) > 1),
    gpu_instance_type: svc.gpu?.instanceType ?? '',
    gpu_max: String(svc.gpu?.max ?? 0),
  };
  return { blocks, values };
}
