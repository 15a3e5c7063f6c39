import type { NormalizedAlert, SourceName } from '../core/alert.js';

/** What a parser needs besides the payload: the time it arrived and a way to mint ids. */
export interface ParseContext {
  receivedAt: Date;
  newId(): string;
}

/**
 * One alert source (one file per source under src/sources/). `detect` is cheap and only looks
 * at shape; `parse` turns one payload into zero or more alerts (zero: e.g. an SNS
 * SubscriptionConfirmation) and throws UserError when the payload is malformed for this source.
 */
export interface AlertSource {
  name: SourceName;
  detect(payload: unknown): boolean;
  parse(payload: unknown, context: ParseContext): NormalizedAlert[];
}
