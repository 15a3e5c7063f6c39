// The reference for triage throughput: a bare Node loop that only JSON.parses each line of the file.
import fs from 'node:fs';
import readline from 'node:readline';

let parsed = 0;
for await (const line of readline.createInterface({
  input: fs.createReadStream(process.argv[2]),
  crlfDelay: Infinity,
})) {
  try {
    JSON.parse(line);
  } catch {
    // text lines are not JSON; the loop only measures parsing
  }
  parsed++;
}
if (parsed === 0) process.exit(1);
