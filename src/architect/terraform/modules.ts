// Exact pins, not ranges: a module's minor release can change a default (encryption, public access),
// and the point of generated Terraform is that the plan a person reviews today is the plan applied
// next month. Bump them here, deliberately; templates take them as {{module_<key>}}.
/** Registry modules the templates use, by the key in their `{{module_<key>}}` placeholder. */
export const MODULES = {
  vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.13.0' },
  alb: { source: 'terraform-aws-modules/alb/aws', version: '9.11.0' },
  autoscaling: { source: 'terraform-aws-modules/autoscaling/aws', version: '7.7.0' },
  ecs: { source: 'terraform-aws-modules/ecs/aws', version: '5.11.4' },
  rds: { source: 'terraform-aws-modules/rds/aws', version: '6.10.0' },
  elasticache: { source: 'terraform-aws-modules/elasticache/aws', version: '1.2.0' },
  s3: { source: 'terraform-aws-modules/s3-bucket/aws', version: '4.1.2' },
  cloudfront: { source: 'terraform-aws-modules/cloudfront/aws', version: '3.4.1' },
  lambda: { source: 'terraform-aws-modules/lambda/aws', version: '7.14.0' },
} as const;
export type ModuleKey = keyof typeof MODULES;

/** Terraform CLI range: 1.5 brought `check` blocks and import blocks the modules above rely on. */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0, < 2.0.0';
/** AWS provider: the 5.x line the pinned modules are tested against; 6.x renames arguments. */
export const AWS_PROVIDER_VERSION = '~> 5.70';

/** `{{module_<key>}}` values: the exact version string of each module. */
export function moduleValues(): Record<string, string> {
  return Object.fromEntries(Object.entries(MODULES).map(([key, m]) => [`module_${key}`, m.version]));
}

/** The modules a set of templates pins, in table order, for the comment listing them in versions.tf. */
export function modulesUsedBy(templates: string[]): ModuleKey[] {
  const text = templates.join('\n');
  return (Object.keys(MODULES) as ModuleKey[]).filter((key) => text.includes(`{{module_${key}}}`));
}
