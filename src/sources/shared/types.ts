import type { NormalizedAlert, SourceName } from '../../core/alert.js';

/** What a parser needs besides the payload: the time it arrived and a way to mint ids. */
export interface ParseContext {
  receivedAt: Date;
  newId(): string;
}

/**
 * One alert source (src/sources/<source>/). `detect` is cheap and only looks at shape; `parse`
 * turns one payload into zero or more alerts (zero: e.g. an SNS SubscriptionConfirmation) and
 * throws UserError when the payload is malformed for this source. `Name` is the literal name, so
 * the registry can tell at compile time which names of SOURCES have no source.
 */
export interface AlertSource<Name extends SourceName = SourceName> {
  name: Name;
  detect(payload: unknown): boolean;
  parse(payload: unknown, context: ParseContext): NormalizedAlert[];
}
