// The SQLite side of big triage inserts, on its own thread so the database work of one batch
// overlaps the triage of the next (better-sqlite3 is synchronous, so on the main thread the two
// took turns). Plain JavaScript, not TypeScript: a worker runs outside the bundler, and this file
// must run the same from src/ under the tests and from dist/ (tsup copies it as its own entry).
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';

const { file, busyTimeoutMs } = workerData;
const db = new Sqlite(file, { timeout: busyTimeoutMs });
// The same settings as the main connection (sqlite.ts); page size and WAL are set on the file.
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const prepared = new Map();
const prepare = (sql) => {
  let statement = prepared.get(sql);
  if (!statement) {
    if (prepared.size >= 8) prepared.delete(prepared.keys().next().value);
    prepared.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
};

// Each message is one transaction: BEGIN IMMEDIATE (as the main connection does) and its statements.
const write = db.transaction((statements) => {
  for (const { sql, rows } of statements) prepare(sql).run(rows.flat());
});

parentPort.on('message', ({ id, statements }) => {
  try {
    write.immediate(JSON.parse(statements));
    parentPort.postMessage({ id });
  } catch (error) {
    // An Error crosses threads without its `code`, which the main thread needs to explain it.
    parentPort.postMessage({ id, error: { message: error?.message ?? String(error), code: error?.code } });
  }
});
