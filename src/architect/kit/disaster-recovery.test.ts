import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { type ChainResult, runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderTerraform } from '../terraform/index.js';
import { planTerraform } from '../terraform/plan.js';
import { disasterRecoveryMarkdown, recoveryObjectives, SCENARIOS } from './disaster-recovery.js';
import type { KitContext } from './kit.js';
import { kitContext } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: hcl2json output, walked by known paths; expect() checks each leaf
type Body = Record<string, any>;

const contextOf = (result: ChainResult): KitContext => kitContext(result, PRICES);

/** ARNs AWS Backup must select for a design: each data store it has, none for a static site. */
function expectedSelection(result: ChainResult): string[] {
  const db = result.services.database?.engine;
  return [
    ...(db === 'rds-postgresql' ? ['${module.db.db_instance_arn}'] : []),
    ...(db === 'dynamodb' ? ['${aws_dynamodb_table.state.arn}'] : []),
    ...(result.spec.features.includes('uploads') ? ['${module.uploads.s3_bucket_arn}'] : []),
  ];
}

describe.each(Object.keys(archetypes))('backups and DISASTER_RECOVERY.md: %s', (key) => {
  const result = runChain(archetypes[key], PRICES);
  const files = renderTerraform(result);
  const markdown = disasterRecoveryMarkdown(contextOf(result));
  const name = planTerraform(result).values.name!;
  const selection = expectedSelection(result);

  it('backs up exactly the data stores the design has, into a KMS-encrypted vault', async () => {
    const main = (await parse('main.tf', files['main.tf'])) as Body;
    const variables = ((await parse('variables.tf', files['variables.tf'])) as Body).variable ?? {};
    if (selection.length === 0) {
      expect(main.resource?.aws_backup_plan).toBeUndefined();
      expect(main.resource?.aws_backup_selection).toBeUndefined();
      expect(variables.backup_retention_days).toBeUndefined();
      return;
    }
    const [vault] = main.resource.aws_backup_vault.main;
    expect(vault.kms_key_arn).toBe('${aws_kms_key.backup.arn}');
    expect(main.resource.aws_kms_key.backup[0].enable_key_rotation).toBe(true);
    const [plan] = main.resource.aws_backup_plan.main;
    const [rule] = plan.rule;
    expect(rule).toMatchObject({ target_vault_name: '${aws_backup_vault.main.name}', schedule: 'cron(0 5 * * ? *)' });
    expect(rule.lifecycle[0].delete_after).toBe('${var.backup_retention_days}');
    // The cross-region copy exists only when a copy vault does, and that vault only with a copy region.
    expect(rule.dynamic.copy_action[0].for_each).toBe('${aws_backup_vault.copy}');
    expect(main.resource.aws_backup_vault.copy[0].count).toBe('${var.backup_copy_region == "" ? 0 : 1}');
    expect(main.resource.aws_backup_vault.copy[0].kms_key_arn).toBe('${aws_kms_key.backup_copy[0].arn}');

    const [chosen] = main.resource.aws_backup_selection.data;
    expect(chosen).toMatchObject({ plan_id: '${aws_backup_plan.main.id}', iam_role_arn: '${aws_iam_role.backup.arn}' });
    expect(chosen.resources).toEqual(selection);
    expect(chosen).not.toHaveProperty('selection_tag');

    // Least privilege: the service may assume the role, and only AWS Backup's managed policies are attached.
    const assume = main.data.aws_iam_policy_document.backup_assume[0].statement[0];
    expect(assume.principals[0]).toMatchObject({ type: 'Service', identifiers: ['backup.amazonaws.com'] });
    const policies = main.resource.aws_iam_role_policy_attachment.backup[0].for_each;
    const s3 = result.spec.features.includes('uploads');
    expect(policies.includes('AWSBackupServiceRolePolicyForS3Backup')).toBe(s3);
    expect(policies).toContain('AWSBackupServiceRolePolicyForBackup');

    expect(variables.backup_retention_days[0]).toMatchObject({ type: '${number}', default: 30 });
    expect(variables.backup_copy_region[0]).toMatchObject({ type: '${string}', default: '' });
    if (result.services.database?.engine === 'rds-postgresql')
      expect(main.module.db[0].backup_retention_period).toBe(30);
  });

  it('covers every scenario, with RPO, RTO, detection and steps', () => {
    for (const heading of [
      'Availability Zone loss',
      'Region loss',
      'Database corruption or deletion',
      'Leaked credentials',
      'Runaway cost',
      'Bad deploy',
      'DDoS',
    ])
      expect(markdown).toMatch(new RegExp(`^## \\d\\. ${heading}`, 'm'));
    expect(markdown.match(/^\*\*RPO\*\* .+\*\*RTO\*\* .+$/gm)).toHaveLength(SCENARIOS.length);
    expect(markdown.match(/^\*\*Detection\*\*$/gm)).toHaveLength(SCENARIOS.length);
    expect(markdown).toContain('## Fire drill (every quarter)');
    expect(markdown).toContain(`budget \`${name}-monthly\``);
    expect(markdown).not.toMatch(/undefined|NaN|\$\{/);
  });

  it('names only alarms, outputs and variables the generated Terraform has', () => {
    const alarmNames = [...markdown.matchAll(/alarm `([^`]+)`/g)].map((m) => m[1]!);
    expect(alarmNames.length).toBeGreaterThan(0);
    for (const alarm of alarmNames)
      expect(files['main.tf'], alarm).toContain(
        `alarm_name          = "\${local.name}-${alarm.slice(name.length + 1)}"`,
      );
    for (const [, output] of markdown.matchAll(/terraform output -raw (\w+)/g))
      expect(files['outputs.tf'], output).toContain(`output "${output}"`);
    for (const [, variable] of markdown.matchAll(/-var (\w+)=/g))
      expect(files['variables.tf'], variable).toContain(`variable "${variable}"`);
  });

  it('gives restore commands with the design’s resource names', () => {
    const db = result.services.database;
    if (db?.engine === 'rds-postgresql') {
      expect(markdown).toContain(`--source-db-instance-identifier ${name} `);
      expect(markdown).toContain(`--db-subnet-group-name ${name} `);
      expect(markdown).toContain("terraform import 'module.db.module.db_instance.aws_db_instance.this[0]'");
    } else expect(markdown).not.toContain('aws rds ');
    if (db?.engine === 'dynamodb') expect(markdown).toContain(`--source-table-name ${name}-state `);
    else expect(markdown).not.toContain('aws dynamodb restore');
    if (selection.length > 0) expect(markdown).toContain(`--backup-vault-name ${name}-backup `);
    else {
      expect(markdown).not.toContain('aws backup ');
      expect(markdown).toContain('The design keeps no data');
    }
    if (result.spec.features.includes('uploads')) expect(markdown).toContain('terraform output -raw uploads_bucket');
  });
});

describe('recovery objectives', () => {
  const multi = runChain(archetypes.webWithDb, PRICES);
  const db = multi.services.database;
  if (db?.engine !== 'rds-postgresql') throw new Error('webWithDb is expected to have RDS');
  const single: ChainResult = { ...multi, services: { ...multi.services, database: { ...db, multiAz: false } } };

  it('differ when the database is Multi-AZ or not', () => {
    expect(db.multiAz).toBe(true);
    const a = recoveryObjectives(contextOf(multi));
    const b = recoveryObjectives(contextOf(single));
    expect(a['az-loss']).toEqual({ rpo: '0 (synchronous standby)', rto: '1–2 min (automatic Multi-AZ failover)' });
    expect(b['az-loss'].rpo).toContain('5 min');
    // 300 GB: 30 min to create the instance, 15 more for 300 GB, 15 for checks and the swap.
    expect(b['az-loss'].rto).toContain('about 60 min');
    expect(disasterRecoveryMarkdown(contextOf(single))).toContain('--use-latest-restorable-time');
    expect(disasterRecoveryMarkdown(contextOf(multi))).toContain('fails over to the standby by itself');
  });

  it('scale the database restore with its size and have no data at risk for a static site', () => {
    const small = recoveryObjectives(contextOf(runChain(archetypes.serverlessApi, PRICES)));
    expect(small['data-loss']).toMatchObject({ rpo: '5 min (point-in-time recovery)', rto: 'database about 46 min' });
    const game = recoveryObjectives(contextOf(runChain(archetypes.game, PRICES)));
    expect(game['az-loss'].rpo).toContain('DynamoDB');
    expect(game['data-loss'].rto).toMatch(/^table about/);
    const site = recoveryObjectives(contextOf(runChain(archetypes.static, PRICES)));
    expect(site['data-loss'].rpo).toContain('repository');
    expect(site['region-loss'].rto).toBe('about 45 min (new stack)');
  });

  it('describe a region loss with and without the cross-region copy', () => {
    const objective = recoveryObjectives(contextOf(multi))['region-loss'];
    expect(objective.rpo).toContain('backup_copy_region');
    expect(objective.rto).toMatch(/^about \d+(\.5)? h with the copy/);
  });
});
