import { describe, expect, it } from 'vitest';
import { cents } from '../agents/cost.js';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { costJson, costMarkdown } from './cost.js';

const hybrid = runChain(archetypes.aiHybrid!);

/** The payback worked out by hand from the traffic figure and the price table, with the stated defaults. */
function byHand(
  machineUsd = 3_000,
  watts = 550,
  usdPerKwh = 0.17,
  g5 = PRICES.regions['us-east-1']!['ec2.g5.xlarge']!.usd,
) {
  const hours = hybrid.traffic.gpuHoursMonth;
  const cloud = cents(hours * g5);
  const machines = Math.ceil(hours / 730);
  const kwh = Number(((hours * watts + (machines * 730 - hours) * 60) / 1000).toFixed(2));
  const power = cents(kwh * usdPerKwh);
  const price = machines * machineUsd;
  return { cloud, machines, kwh, power, price, breakEven: Math.ceil(price / (cloud - power)) };
}

describe('COST.md: your own GPU', () => {
  it('prices the hybrid design’s machines against the all-cloud GPUs and says when they pay back', () => {
    expect(hybrid.services.pattern).toBe('hybrid-gpu');
    const hand = byHand();
    expect(hand).toMatchObject({ machines: 4, price: 12_000, cloud: 2_794.45, power: 261.17, breakEven: 5 });
    const roi = JSON.parse(costJson(hybrid, PRICES)).gpuRoi;
    expect(roi).toMatchObject({
      machines: hand.machines,
      hardwareUsd: hand.price,
      cloudGpuUsdMonth: hand.cloud,
      kwhMonth: hand.kwh,
      powerUsdMonth: hand.power,
      savingUsdMonth: cents(hand.cloud - hand.power),
      breakEvenMonth: hand.breakEven,
      assumed: ['machineUsd', 'watts', 'usdPerKwh'],
    });
    const md = costMarkdown(hybrid, PRICES);
    // The headline sits under the title, before the bill.
    expect(md.split('\n').slice(0, 6).join('\n')).toContain(
      '**Own GPU: $12,000.00 of GPU hardware pays for itself in month 5: it saves $2,533.28/month ' +
        '(cloud GPUs $2,794.45 less power $261.17).**',
    );
    const section = md.slice(md.indexOf('## Your own GPU: payback'), md.indexOf('## A 10× spike day'));
    expect(section).toContain('4 × $3,000.00 (assumed) = **$12,000.00**');
    expect(section).toContain('at 550 W (assumed)');
    expect(section).toContain('× $0.17/kWh (assumed) = **$261.17/month**');
    expect(section).toContain('Cloud GPUs instead: **$2,794.45/month**');
    expect(section).toContain('break-even in month **5**');
  });

  it('is absent from plans that do not run a GPU machine of your own', () => {
    for (const name of ['aiGpu', 'webWithDb', 'static']) {
      const plan = runChain(archetypes[name]!);
      expect(costMarkdown(plan, PRICES), name).not.toMatch(/Own GPU|Your own GPU/);
      expect(JSON.parse(costJson(plan, PRICES)), name).not.toHaveProperty('gpuRoi');
    }
  });

  it('takes the machine price, its draw and the power price from the spec', () => {
    const mine = runChain({
      ...archetypes.aiHybrid!,
      gpuMachineUsd: 20_000,
      gpuMachineWatts: 700,
      powerUsdPerKwh: 0.4,
    });
    const hand = byHand(20_000, 700, 0.4);
    const roi = JSON.parse(costJson(mine, PRICES)).gpuRoi;
    expect(roi).toMatchObject({ hardwareUsd: hand.price, powerUsdMonth: hand.power, breakEvenMonth: hand.breakEven });
    expect(roi.assumed).toEqual([]);
    expect(hand.breakEven).toBeGreaterThan(byHand().breakEven);
    expect(costMarkdown(mine, PRICES)).not.toContain('(assumed)');
  });

  it('says the hardware never pays back when power costs as much as the cloud GPUs', () => {
    const dear = runChain({ ...archetypes.aiHybrid!, powerUsdPerKwh: 10 });
    expect(JSON.parse(costJson(dear, PRICES)).gpuRoi.breakEvenMonth).toBeNull();
    expect(costMarkdown(dear, PRICES)).toMatch(/never pays for itself: its power \(\$[\d,.]+\/month\) costs as much/);
  });

  it('prices the cloud GPUs with the table the plan was priced with', () => {
    const table = structuredClone(PRICES);
    table.regions['us-east-1']!['ec2.g5.xlarge']!.usd *= 2;
    const roi = JSON.parse(costJson(runChain(archetypes.aiHybrid!, table), table)).gpuRoi;
    expect(roi.cloudGpuUsdMonth).toBe(
      byHand(3_000, 550, 0.17, table.regions['us-east-1']!['ec2.g5.xlarge']!.usd).cloud,
    );
  });
});
