export { detectFormat, parseLine, USAGE_FORMATS, type UsageFormat } from './formats.js';
export { type BadLine, type ReadOutcome, readAccessLog } from './read.js';
