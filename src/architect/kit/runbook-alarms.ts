/**
 * What to do when each alarm of the Terraform blocks fires, keyed by its resource name
 * (`aws_cloudwatch_metric_alarm.<key>`). Commands use the shell variables RUNBOOK.md sets first
 * ($NAME, $AWS_REGION, $LB_ARN, $TG_ARN). runbook.test.ts fails when a block declares an alarm
 * that has no entry here, so a new alarm cannot ship without its page.
 */
export interface AlarmGuide {
  /** soloops phones you for it (a critical triage rule) rather than keeping it for the digest. */
  wake: boolean;
  /** Why it wakes you or can wait for the morning. */
  why: string;
  means: string;
  /** Commands and console steps, most telling first. */
  check: string[];
  fixes: string[];
}

const FIRING =
  'aws cloudwatch describe-alarms --alarm-name-prefix "$NAME-" --state-value ALARM --query "MetricAlarms[].AlarmName"';
const ECS_SERVICE =
  'aws ecs describe-services --cluster "$NAME" --services app --query ' +
  '"services[0].{running:runningCount,desired:desiredCount,' +
  'rollout:deployments[0].rolloutState,events:events[:5].message}"';
const ECS_LOGS = 'aws logs tail /aws/ecs/app/app --since 30m --filter-pattern "?ERROR ?Error ?Exception"';
const LAMBDA_LOGS = 'aws logs tail "/aws/lambda/$NAME" --since 30m --filter-pattern "?ERROR ?\\"Task timed out\\""';
const DB =
  'aws rds describe-db-instances --db-instance-identifier "$NAME" --query ' +
  '"DBInstances[0].{class:DBInstanceClass,status:DBInstanceStatus,' +
  'storageGb:AllocatedStorage,maxGb:MaxAllocatedStorage}"';
const DB_EVENTS = 'aws rds describe-events --source-type db-instance --source-identifier "$NAME" --duration 240';
const PERF_INSIGHTS = 'Console: RDS → Databases → `$NAME` → Monitoring → Performance Insights: top SQL by load.';
const GAME_ASG =
  'aws autoscaling describe-auto-scaling-groups --query ' +
  '"AutoScalingGroups[?starts_with(AutoScalingGroupName, ' +
  "'$NAME-game')].{desired:DesiredCapacity,max:MaxSize," +
  'instances:Instances[].[InstanceId,HealthStatus,LifecycleState]}"';
const QUEUE = (queue: string) =>
  'aws sqs get-queue-attributes --queue-url ' +
  `"$(aws sqs get-queue-url --queue-name "$NAME-${queue}" --query QueueUrl --output text)" ` +
  '--attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible';
const ROLLBACK_ECS =
  'A deploy in the last hour: roll back, `aws ecs update-service --cluster "$NAME" --service app ' +
  '--task-definition <previous family:revision>` ' +
  '(`aws ecs list-task-definitions --sort DESC` lists them), then set `container_image` back so the next ' +
  '`terraform apply` keeps it.';

export const ALARM_GUIDES: Readonly<Record<string, AlarmGuide>> = {
  alb_5xx: {
    wake: true,
    why: 'users are getting errors now',
    means:
      'The app behind the load balancer answers 5xx (HTTPCode_Target_5XX_Count counts the containers’ own answers, ' +
      'not the load balancer’s 502/503/504): a bad deploy, crashing tasks, or a database or cache the app ' +
      'cannot reach.',
    check: [
      `\`${FIRING}\`: a database or cache alarm firing too is usually the cause; start there.`,
      `\`${ECS_SERVICE}\`: fewer running than desired, or a rollout in progress, points at the deploy.`,
      `\`${ECS_LOGS}\``,
      '`aws elbv2 describe-target-health --target-group-arn "$TG_ARN"`: unhealthy targets and why.',
    ],
    fixes: [
      ROLLBACK_ECS,
      'Tasks stopped with exit 137 or "OutOfMemory" (`aws ecs describe-tasks --cluster "$NAME" --tasks $(aws ' +
        'ecs list-tasks ' +
        '--cluster "$NAME" --desired-status STOPPED --query "taskArns[:5]" --output text) --query ' +
        '"tasks[].stoppedReason"`): ' +
        'more memory per task (SCALING.md) or fix the leak.',
      'Connection errors to the database or cache in the logs: follow that alarm’s section below.',
    ],
  },
  alb_latency: {
    wake: false,
    why: 'slow is not down: nothing is lost by looking in the morning, and a 5xx alarm wakes you if it gets worse',
    means:
      'One request in a hundred takes over 2 s, for 10 minutes: saturated tasks, a slow query, or a slow dependency.',
    check: [
      `\`${FIRING}\`: CPU or memory alarms of the tasks or the database explain most of it.`,
      PERF_INSIGHTS,
      `\`${ECS_SERVICE}\`: running at the autoscaling maximum?`,
    ],
    fixes: [
      'A slow query: add the index or cache the answer; Performance Insights names the statement.',
      'Tasks at their CPU limit at the autoscaling maximum: raise `max` or the task size (SCALING.md says when).',
      'A slow third-party call: give it a timeout shorter than the users’ patience.',
    ],
  },
  ecs_cpu: {
    wake: false,
    why: 'autoscaling is the first answer; errors, if it comes to that, wake you through the 5xx alarm',
    means: 'The tasks average above 85 % CPU for 15 minutes: autoscaling reached its maximum, or a task is spinning.',
    check: [`\`${ECS_SERVICE}\`: running = the autoscaling maximum means the fleet is full.`, `\`${ECS_LOGS}\``],
    fixes: [
      'Full fleet: raise `max` (or the task CPU) in the plan and `terraform apply`; SCALING.md has the next phase.',
      'One busy loop after a deploy: roll back (see the 5xx alarm).',
    ],
  },
  ecs_memory: {
    wake: false,
    why: 'tasks restart on their own when they run out; errors wake you through the 5xx alarm',
    means: 'The tasks average above 90 % of their memory for 15 minutes: a leak or a task too small; OOM kills follow.',
    check: [
      `\`${ECS_SERVICE}\`: events with "OutOfMemory" or many recent starts.`,
      'Console: ECS → Clusters → `$NAME` → app → Metrics: memory rising steadily since the last deploy is a leak.',
    ],
    fixes: [
      'Raise the task memory (`memory_mb` in the plan) for now; find the leak from a heap profile.',
      ROLLBACK_ECS,
    ],
  },
  api_5xx: {
    wake: true,
    why: 'API callers are getting errors now',
    means:
      'API Gateway answered 5xx more than 10 times in 5 minutes: the function threw, timed out (30 s) or could not ' +
      'start, or was throttled at its reserved concurrency.',
    check: [`\`${FIRING}\`: the Lambda errors and throttles alarms say which.`, `\`${LAMBDA_LOGS}\``],
    fixes: [
      'A deploy in the last hour: `terraform apply` with the previous `lambda_package`.',
      '"Task timed out": a slow dependency; with a database, check its alarms and connections (RDS Proxy, if ' +
        'the plan has one).',
      'Throttles: see the throttles alarm.',
    ],
  },
  lambda_errors: {
    wake: true,
    why: 'requests are failing now',
    means: 'The function failed more than 10 times in 5 minutes (an exception, a timeout or an out-of-memory).',
    check: [
      `\`${LAMBDA_LOGS}\``,
      'Console: Lambda → `$NAME` → Monitor → "View X-Ray traces" (tracing is on): which call fails or stalls.',
    ],
    fixes: [
      'A deploy in the last hour: `terraform apply` with the previous `lambda_package`.',
      '"Runtime exited … signal: killed" or max memory used = memory size: raise `lambda_memory_mb`.',
      'A dependency failing: follow its alarm’s section.',
    ],
  },
  lambda_throttles: {
    wake: false,
    why: 'throttling is the planned ceiling on the bill working; failed requests wake you through the API 5xx alarm',
    means:
      'Requests hit the reserved concurrency: traffic is beyond the spike the plan was sized for, or calls got slower.',
    check: [
      '`aws cloudwatch get-metric-statistics --namespace AWS/Lambda --metric-name ConcurrentExecutions ' +
        '--dimensions Name=FunctionName,Value="$NAME" --statistics Maximum --period 300 ' +
        '--start-time "$(date -u -d -3hours +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`',
      'The function’s Duration in the same window: longer calls hold concurrency longer.',
    ],
    fixes: [
      'Real growth: raise the reserved concurrency (`lambda_max_concurrency` in the plan) and the API ' +
        'throttling with it.',
      'A flood from one client: the API throttling and WAF rate limit are the place, not more concurrency.',
    ],
  },
  db_cpu: {
    wake: false,
    why: 'a busy database slows the app; errors or timeouts wake you through the app’s own alarms',
    means: 'The database CPU stayed above 80 % for 15 minutes: a heavy or new query, or the instance is too small.',
    check: [PERF_INSIGHTS, `\`${DB}\``],
    fixes: [
      'One query dominates: index it, or cache its answer.',
      'Load grew evenly: a larger `db_instance_class` (a few minutes of failover with Multi-AZ, downtime without).',
    ],
  },
  db_storage: {
    wake: false,
    why: 'storage autoscaling grows the volume on its own until the ceiling; that ceiling is a daytime decision',
    means:
      'Less than a tenth of the volume is free. RDS storage autoscaling adds space at this point, up to ' +
      '`max_allocated_storage`; at the ceiling, writes stop when the disk fills.',
    check: [`\`${DB}\`: storageGb equal to maxGb means autoscaling cannot help.`, `\`${DB_EVENTS}\``],
    fixes: [
      'At the ceiling: raise `max_allocated_storage` (the plan’s `db_max_storage_gb`) and apply.',
      'Sudden growth: a table or log that grows without bound (old sessions, audit rows); prune it, then VACUUM.',
    ],
  },
  db_memory: {
    wake: false,
    why: 'it degrades before it fails; if the database stops answering, the app’s error alarms wake you',
    means: 'Under 64 MB of freeable memory: too many connections (each takes memory) or an instance too small.',
    check: [
      'Console: RDS → `$NAME` → Monitoring: DatabaseConnections and SwapUsage beside FreeableMemory.',
      PERF_INSIGHTS,
    ],
    fixes: [
      'Connections climbing with traffic: pool them (RDS Proxy, or a smaller pool per task).',
      'Otherwise a larger `db_instance_class`.',
    ],
  },
  cache_memory: {
    wake: false,
    why: 'evictions make the app slower, not wrong',
    means: 'The cache uses over 80 % of its memory: keys without a TTL, or a working set larger than the node.',
    check: [
      '`aws elasticache describe-replication-groups --replication-group-id "$NAME-cache" ' +
        '--query "ReplicationGroups[0].{status:Status,node:CacheNodeType,members:MemberClusters}"`',
      'Console: ElastiCache → `$NAME-cache` → Metrics: Evictions and CurrItems.',
    ],
    fixes: ['Give keys a TTL.', 'A larger `cache_node_type` in the plan.'],
  },
  game_unhealthy: {
    wake: true,
    why: 'players on that server are cut off',
    means:
      'A game server fails the load balancer’s health check for 3 minutes. The group replaces unhealthy instances ' +
      'itself (health_check_type ELB); an alarm that stays means they keep failing.',
    check: [
      '`aws elbv2 describe-target-health --target-group-arn "$TG_ARN"`: which instance and why.',
      `\`${GAME_ASG}\``,
      '`aws ssm start-session --target <instance-id>` (SSM is attached; no SSH needed): the game process and its logs.',
    ],
    fixes: [
      'A bad build: roll the launch template back and start an instance refresh.',
      'One sick instance: `aws autoscaling terminate-instance-in-auto-scaling-group --instance-id <id> ' +
        '--no-should-decrement-desired-capacity`.',
    ],
  },
  game_cpu: {
    wake: false,
    why: 'the fleet is full, not down; new players may wait, existing ones play on',
    means: 'Game servers average above 85 % CPU for 15 minutes: the group is at its maximum size.',
    check: [`\`${GAME_ASG}\`: desired = max means no room to grow.`],
    fixes: ['Raise `max` (or a larger `instance_type`) in the plan; SCALING.md says when the next phase begins.'],
  },
  jobs_age: {
    wake: true,
    why: 'jobs are not being done: whatever waits on them is stuck',
    means: 'The oldest job has waited over 10 minutes: the workers are down, failing, or too few.',
    check: [
      `\`${QUEUE('jobs')}\`: many visible = nobody is taking them; many not visible = workers take them and stall.`,
      'The workers’ logs (GPU group: `aws ssm start-session` to an instance; a self-hosted worker: its own logs).',
    ],
    fixes: [
      'Workers down: start them (GPU group: `aws autoscaling set-desired-capacity` on the `$NAME-gpu` group).',
      'Workers stalling: a job that never finishes; see the dead-letter alarm after 5 tries.',
      'Simply too few: raise the worker maximum (`gpu_max` in the plan).',
    ],
  },
  jobs_dead: {
    wake: false,
    why: 'the jobs are kept 14 days in the dead-letter queue; nothing is lost by looking in the morning',
    means:
      'A job failed 5 times and was moved to the dead-letter queue. The alarm sends no OK: its group in soloops ' +
      'closes ' +
      'after `watch.resolve_timeout`, and the alarm stays in ALARM until the queue is empty.',
    check: [
      `\`${QUEUE('jobs-dlq')}\``,
      'Read a few without taking them: `aws sqs receive-message --queue-url <dlq url> --max-number-of-messages 5 ' +
        '--visibility-timeout 0`.',
    ],
    fixes: [
      'Fix the worker for that kind of job, then move them back: `aws sqs start-message-move-task --source-arn ' +
        '<dlq arn>`.',
      'Jobs that can never succeed: delete them (`aws sqs purge-queue` on the dead-letter queue).',
    ],
  },
  jobs_waiting: {
    wake: false,
    why: 'it is a scaling signal: it adds a GPU worker and never notifies anyone',
    means: 'Jobs are waiting, so the GPU group grows by one worker (every 5 minutes while jobs wait). ALARM is normal.',
    check: [
      `\`${QUEUE('jobs')}\``,
      '`aws autoscaling describe-scaling-activities --max-items 10`: the lines of the `$NAME-gpu…` group',
    ],
    fixes: [
      'Nothing while jobs flow; if workers never start, the activities name the reason (often no GPU capacity ' +
        'in the AZ).',
    ],
  },
  jobs_idle: {
    wake: false,
    why: 'it is a scaling signal: it scales the GPU workers to zero and never notifies anyone',
    means:
      'No job was sent for 15 minutes, so the GPU group goes to zero: the idle month costs nothing. ALARM is normal.',
    check: ['`aws autoscaling describe-scaling-activities --max-items 10`: the lines of the `$NAME-gpu…` group'],
    fixes: ['Nothing; a first job then waits for a cold start (several minutes for a GPU instance).'],
  },
  cdn_5xx: {
    wake: true,
    why: 'visitors are getting errors now',
    means:
      'More than 5 % of CloudFront responses are 5xx for 10 minutes: the origin (bucket or load balancer) fails or ' +
      'cannot be reached.',
    check: [
      `\`${FIRING}\`: the load balancer’s 5xx alarm firing too means the app; alone, the bucket or CloudFront.`,
      'Console: CloudFront → the distribution commented "$NAME static files" → Monitoring: 5xx by status code.',
      '`curl -sI https://$(terraform output -raw cdn_domain_name)/`: the `x-cache` and status headers.',
    ],
    fixes: [
      '502/504 from an app origin: follow the load balancer alarms.',
      '403/5xx from the bucket after a change to its policy or the origin access control: re-apply the Terraform.',
    ],
  },
  site_down: {
    wake: true,
    why: 'the site does not answer at all',
    means:
      'The Route 53 health check of the site fails from most checkers for 2 minutes. Missing data counts as down, ' +
      'so a deleted health check fires it too.',
    check: [
      '`aws route53 get-health-check-status --health-check-id "$(aws route53 list-health-checks --query ' +
        '"HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName==\'$(terraform output -raw ' +
        'cdn_domain_name)\'].Id" ' +
        '--output text)"`: each checker’s last answer.',
      '`curl -sv "https://$(terraform output -raw cdn_domain_name)/"` (your `health_check_path`) from your machine.',
      `\`${FIRING}\``,
    ],
    fixes: [
      'The app is down behind it: follow the app’s alarms.',
      'The health path changed: set `health_check_path` to one that answers 2xx/3xx and apply.',
      'An expired or wrong certificate: renew it in ACM (us-east-1 for CloudFront).',
    ],
  },
};
