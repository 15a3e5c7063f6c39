import type { Digest, DigestGroup } from '../core/digest.js';
import { BugError } from '../core/errors.js';
import type { GroupSummarizer } from './llm-summary.js';

/** How much of the digest Claude wrote. */
export interface LlmSummaryOutcome {
  /** Groups whose summary Claude wrote. */
  written: number;
  /** Groups that kept the deterministic summary (a failure, or not done by the deadline). */
  fellBack: number;
}

/**
 * Replaces the deterministic summaries with Claude's where it answers well, in place. Groups
 * are asked in digest order (what woke the person first), at most `concurrency` at once; once
 * `deadlineMs` has passed the digest is left as it stands, so a slow API never holds the
 * morning digest back, and answers arriving later are dropped rather than changing a digest
 * that may already be rendered. Never throws for the summarizer's sake.
 */
export async function applyLlmSummaries(
  digest: Digest,
  summarizer: GroupSummarizer,
  options: { concurrency: number; deadlineMs: number },
): Promise<LlmSummaryOutcome> {
  const { concurrency, deadlineMs } = options;
  if (!(Number.isInteger(concurrency) && concurrency > 0))
    throw new BugError(`applyLlmSummaries: concurrency must be a positive integer, got ${concurrency}`);

  // One question per type (its ref: a group id, or an alert id for a type without a group).
  // stillFiring normally holds the same objects as services; a copy with the same ref is updated
  // too. A still-firing group without alerts in the window is not in services: it has nothing for
  // the model to add, and keeps the rules' sentence.
  const jobs = new Map<string, { service: string; copies: DigestGroup[] }>();
  for (const { service, groups } of digest.services) {
    for (const group of groups) {
      const job = jobs.get(group.ref);
      if (job) job.copies.push(group);
      else jobs.set(group.ref, { service, copies: [group] });
    }
  }
  for (const group of digest.stillFiring) {
    const job = jobs.get(group.ref);
    if (job && !job.copies.includes(group)) job.copies.push(group);
  }

  const queue = [...jobs.values()];
  const timezone = digest.window.timezone;
  let written = 0;
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));

  // The contract says summarize never throws; a summarizer that does costs only its group.
  const ask = async (group: DigestGroup, service: string) => {
    try {
      return await summarizer.summarize(group, { service, timezone });
    } catch {
      return null;
    }
  };
  const worker = async () => {
    for (let job = queue.shift(); job && !expired; job = queue.shift()) {
      const text = await ask(job.copies[0]!, job.service);
      if (expired || !text) continue;
      for (const group of job.copies) {
        group.summary = text;
        group.summaryBy = 'llm';
      }
      written++;
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker)), deadline]);
  } finally {
    expired = true;
    clearTimeout(timer);
  }
  return { written, fellBack: jobs.size - written };
}
