import { architecture } from '../agents/architecture.js';
import { cents, cost } from '../agents/cost.js';
import { services } from '../agents/services.js';
import { HOURS_PER_MONTH } from '../agents/traffic.js';
import type { ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { pricedQuantity, quantity, unitPrice, usd } from './table.js';

// Assumptions a person can override (spec fields, CLI flags); COST.md states each one beside its figure.
/** A complete workstation with one consumer RTX 4090 (24 GB): the card is about half of it. */
export const DEFAULT_GPU_MACHINE_USD = 3_000;
/** That machine at the wall while it infers: the 4090's 450 W board power plus CPU, board and PSU losses. */
export const DEFAULT_GPU_MACHINE_WATTS = 550;
/** About the 2024 US residential average; much of Europe pays twice that. */
export const DEFAULT_POWER_USD_PER_KWH = 0.17;
/** The same machine idling between jobs, still polling the queue. Not a flag: it moves the figure little. */
export const GPU_MACHINE_IDLE_WATTS = 60;

/** What running inference on your own GPU machines pays back against cloud GPUs. */
export interface GpuRoi {
  /** One machine per 730 GPU-hours a month: one consumer GPU is assumed to do the work of one g5.xlarge. */
  machines: number;
  machineUsd: number;
  hardwareUsd: number;
  watts: number;
  idleWatts: number;
  usdPerKwh: number;
  gpuHoursMonth: number;
  kwhMonth: number;
  powerUsdMonth: number;
  /** GPU lines of the all-cloud design (g5.xlarge scaling to zero), priced by the same table. */
  cloudGpuUsdMonth: number;
  /** The whole all-cloud design, for comparison with this plan's total. */
  cloudTotalUsdMonth: number;
  savingUsdMonth: number;
  /** The month the hardware has paid for itself; null when power costs as much as the cloud GPUs. */
  breakEvenMonth: number | null;
  /** Which figures are defaults rather than the person's own. */
  assumed: Array<'machineUsd' | 'watts' | 'usdPerKwh'>;
}

/** GPU machines of your own the hybrid design needs for `gpuHoursMonth` of inference: one per 730 busy hours. */
export function gpuMachinesFor(gpuHoursMonth: number): number {
  return Math.max(1, Math.ceil(gpuHoursMonth / HOURS_PER_MONTH));
}

/** What the hybrid design's own GPU machines cost outside AWS; needs no price table. */
export type OwnedGpu = Pick<
  GpuRoi,
  'machines' | 'machineUsd' | 'hardwareUsd' | 'watts' | 'idleWatts' | 'usdPerKwh' | 'gpuHoursMonth' | 'kwhMonth'
> & { powerUsdMonth: number };

/** The hybrid design's own machines, their price and their power; undefined for every other design. */
export function ownedGpu(result: ChainResult): OwnedGpu | undefined {
  const { spec, traffic: load } = result;
  if (result.services.pattern !== 'hybrid-gpu') return undefined;
  const gpuHoursMonth = load.gpuHoursMonth;
  const machines = gpuMachinesFor(gpuHoursMonth);
  const machineUsd = spec.gpuMachineUsd ?? DEFAULT_GPU_MACHINE_USD;
  const watts = spec.gpuMachineWatts ?? DEFAULT_GPU_MACHINE_WATTS;
  const usdPerKwh = spec.powerUsdPerKwh ?? DEFAULT_POWER_USD_PER_KWH;
  // Busy hours at full draw, the rest of each machine's month idle (it stays on to take jobs).
  const idleHours = machines * HOURS_PER_MONTH - gpuHoursMonth;
  const kwhMonth = Number(((gpuHoursMonth * watts + idleHours * GPU_MACHINE_IDLE_WATTS) / 1000).toFixed(2));
  return {
    machines,
    machineUsd,
    hardwareUsd: cents(machines * machineUsd),
    watts,
    idleWatts: GPU_MACHINE_IDLE_WATTS,
    usdPerKwh,
    gpuHoursMonth,
    kwhMonth,
    powerUsdMonth: cents(kwhMonth * usdPerKwh),
  };
}

/** The payback of the hybrid design's own GPU machines; undefined for every other design. */
export function gpuRoi(result: ChainResult, prices: PriceTable): GpuRoi | undefined {
  const { spec, traffic: load } = result;
  if (result.services.pattern !== 'hybrid-gpu') return undefined;
  // The design the chain passed over: the same spec with GPUs on AWS, priced by the same table.
  const cloudArch = architecture(spec, load, { pattern: 'gpu-scale-to-zero', prices });
  const cloud = cost(spec, load, services(spec, load, cloudArch), prices);
  const cloudGpuUsdMonth = cents(
    cloud.lines.filter((l) => l.priceKey.startsWith('ec2.g')).reduce((sum, l) => sum + l.monthlyUsd, 0),
  );
  const owned = ownedGpu(result);
  if (!owned) return undefined;
  const savingUsdMonth = cents(cloudGpuUsdMonth - owned.powerUsdMonth);
  const assumed: GpuRoi['assumed'] = [];
  if (spec.gpuMachineUsd === undefined) assumed.push('machineUsd');
  if (spec.gpuMachineWatts === undefined) assumed.push('watts');
  if (spec.powerUsdPerKwh === undefined) assumed.push('usdPerKwh');
  const { hardwareUsd } = owned;
  return {
    ...owned,
    cloudGpuUsdMonth,
    cloudTotalUsdMonth: cloud.totalUsd,
    savingUsdMonth,
    breakEvenMonth: savingUsdMonth > 0 ? Math.ceil(hardwareUsd / savingUsdMonth) : null,
    assumed,
  };
}

/** The payback in one sentence, shared by COST.md's headline and its section. */
export function gpuRoiHeadline(roi: GpuRoi): string {
  const hardware = `${usd(roi.hardwareUsd)} of GPU hardware`;
  if (roi.breakEvenMonth === null)
    return (
      `${hardware} never pays for itself: its power (${usd(roi.powerUsdMonth)}/month) costs as much as ` +
      `the cloud GPUs it replaces (${usd(roi.cloudGpuUsdMonth)}/month)`
    );
  return (
    `${hardware} pays for itself in month ${roi.breakEvenMonth}: it saves ${usd(roi.savingUsdMonth)}/month ` +
    `(cloud GPUs ${usd(roi.cloudGpuUsdMonth)} less power ${usd(roi.powerUsdMonth)})`
  );
}

/** COST.md's section on the hybrid design's own GPU machines; empty for every other design. */
export function gpuRoiSection(roi: GpuRoi | undefined): string[] {
  if (!roi) return [];
  const mark = (field: GpuRoi['assumed'][number]) => (roi.assumed.includes(field) ? ' (assumed)' : '');
  const hours = quantity(roi.gpuHoursMonth);
  return [
    '',
    '## Your own GPU: payback',
    '',
    'Inference runs on your machine, pulling jobs from SQS; the total above has no GPU line. ' +
      'What the same spec costs with GPUs on AWS instead (g5.xlarge scaling to zero), against what yours costs:',
    '',
    `- GPU work: ${hours} GPU-hours/month → ${roi.machines} machine${roi.machines === 1 ? '' : 's'} ` +
      `(one per ${HOURS_PER_MONTH} h; one consumer GPU is assumed to do the work of one g5.xlarge A10G, ` +
      'and an RTX 4090 usually does more)',
    `- Hardware: ${roi.machines} × ${usd(roi.machineUsd)}${mark('machineUsd')} = **${usd(roi.hardwareUsd)}**` +
      (roi.assumed.includes('machineUsd') ? ' — a complete workstation with one RTX 4090 (24 GB)' : ''),
    `- Power: ${hours} busy hours at ${roi.watts} W${mark('watts')} + the rest of the month idle at ` +
      `${roi.idleWatts} W = ${pricedQuantity(roi.kwhMonth)} kWh × ${unitPrice(roi.usdPerKwh)}/kWh` +
      `${mark('usdPerKwh')} = **${usd(roi.powerUsdMonth)}/month**`,
    `- Cloud GPUs instead: **${usd(roi.cloudGpuUsdMonth)}/month** ` +
      `(the whole all-cloud design: ${usd(roi.cloudTotalUsdMonth)}/month)`,
    `- Saving: ${usd(roi.cloudGpuUsdMonth)} − ${usd(roi.powerUsdMonth)} = **${usd(roi.savingUsdMonth)}/month**; ` +
      (roi.breakEvenMonth === null
        ? 'nothing to pay the hardware back with.'
        : `break-even in month **${roi.breakEvenMonth}** (${usd(roi.hardwareUsd)} ÷ ${usd(roi.savingUsdMonth)}, ` +
          'rounded up).'),
    '',
    'Not counted: your internet connection, spare parts, your time, and resale value. Change the assumed figures ' +
      'with `--gpu-machine-usd`, `--gpu-machine-watts` and `--power-usd-per-kwh` (or the same fields in the spec).',
  ];
}
