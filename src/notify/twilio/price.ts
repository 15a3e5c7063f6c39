// Prices need no SDK: the ladder prices a finished call from here without loading Twilio.

/** A call's price: Twilio bills each started minute, so 61 s costs two; 0 s (never answered) costs nothing. */
export function priceOfCall(durationSeconds: number, pricePerMinute: number): number {
  return durationSeconds > 0 ? roundUsd(Math.ceil(durationSeconds / 60) * pricePerMinute) : 0;
}

/** Sub-cent prices multiplied pick up float noise (0.028000000000000004); a micro-dollar is plenty. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
