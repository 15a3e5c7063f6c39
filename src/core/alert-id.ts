import { randomFillSync } from 'node:crypto';

const TWO_32 = 2 ** 32;
/** Two hex digits per byte value: Number#toString(16) on values above 2^31 cost a microsecond. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let last = 0;

/**
 * A new alert id: a UUID (version 8, RFC 9562's custom layout) whose first 12 hex digits are a
 * strictly increasing microsecond count, low 32 bits first, followed by 74 random bits.
 *
 * Why this layout: ids are the `alerts` primary key, and random (v4) keys made every insert
 * land on a different B-tree page, which was most of the cost of storing triage results; here
 * consecutive alerts get consecutive keys. UUIDv7 would give that too, but its first 8 hex
 * digits are a timestamp shared by every alert of a run, and `triage feedback` takes an 8-char
 * id prefix. With the count's fast-moving low bits first, the 8-char prefixes of one process are
 * all distinct (they repeat only after 2^32 µs, about 71 minutes), and across processes they
 * collide no more often than random ones.
 */
export function newAlertId(): string {
  // The millisecond clock in microseconds, counted up by one per id within a millisecond.
  const now = Date.now() * 1000;
  last = now > last ? now : last + 1;
  const low = last % TWO_32;
  const high = Math.floor(last / TWO_32);
  // 74 random bits from a pool of random bytes drawn 4 KB at a time: formatting a whole
  // randomUUID() to keep 18 of its characters cost twice as much as this id.
  if (used + RANDOM_PER_ID > random.length) {
    randomFillSync(random);
    used = 0;
  }
  const r = used;
  used += RANDOM_PER_ID;
  return (
    HEX[(low / 0x1000000) & 255]! +
    HEX[(low >>> 16) & 255]! +
    HEX[(low >>> 8) & 255]! +
    HEX[low & 255]! +
    '-' +
    HEX[(high >>> 8) & 255]! +
    HEX[high & 255]! +
    '-8' +
    DIGIT[random[r]! & 15]! +
    HEX[random[r + 1]!]! +
    '-' +
    // The RFC variant digit (8–b), then 14 random bits.
    DIGIT[8 | (random[r + 2]! & 3)]! +
    DIGIT[random[r + 2]! >> 4]! +
    HEX[random[r + 3]!]! +
    '-' +
    HEX[random[r + 4]!]! +
    HEX[random[r + 5]!]! +
    HEX[random[r + 6]!]! +
    HEX[random[r + 7]!]! +
    HEX[random[r + 8]!]! +
    HEX[random[r + 9]!]!
  );
}

/** One hex digit per nibble value. */
const DIGIT = Array.from({ length: 16 }, (_, i) => i.toString(16));
/** Random bytes an id takes (74 of their 80 bits are used). */
const RANDOM_PER_ID = 10;
const random = Buffer.alloc(4096);
let used = random.length;
