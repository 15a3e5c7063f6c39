import type { ServiceSpecInput } from './spec.js';

/**
 * The five archetypes of the golden tests (and one hybrid), shared by the chain's and the
 * Terraform's tests so both check the same designs.
 */
export const archetypes: Record<string, ServiceSpecInput> = {
  static: { type: 'static', usersMonth: 50_000, budgetUsd: 50, region: 'us-east-1' },
  webWithDb: {
    type: 'web',
    usersMonth: 500_000,
    budgetUsd: 2_000,
    region: 'eu-west-1',
    features: ['db', 'cache', 'uploads'],
  },
  serverlessApi: { type: 'api', usersMonth: 20_000, budgetUsd: 150, region: 'us-west-2', features: ['db'] },
  game: { type: 'game', usersMonth: 100_000, budgetUsd: 2_500, region: 'ap-northeast-2', features: ['realtime', 'db'] },
  aiGpu: { type: 'ai', usersMonth: 5_000, budgetUsd: 800, region: 'us-east-1', features: ['gpu', 'db', 'queue'] },
  // Cloud GPUs for this traffic cost more than GPU_BUDGET_SHARE of the budget, so inference moves to your own GPU.
  aiHybrid: {
    type: 'ai',
    usersMonth: 50_000,
    budgetUsd: 300,
    region: 'us-east-1',
    features: ['gpu', 'db', 'queue', 'uploads'],
  },
};
