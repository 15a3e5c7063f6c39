import { describe, expect, it } from 'vitest';
import { ExternalError } from '../core/errors.js';
import { describePostgresError } from './postgres.js';
import { parseStoreUrl } from './url.js';

const target = parseStoreUrl('postgres://soloops:s3cret@db.internal:5433/soloops') as Extract<
  ReturnType<typeof parseStoreUrl>,
  { kind: 'postgres' }
>;

/** pg's errors: a server ErrorResponse carries a SQLSTATE `code`; a client-side one only a message. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('describePostgresError: a connection lost to a server going down', () => {
  it.each([
    ['fast shutdown or pg_terminate_backend', pgError('terminating connection due to administrator command', '57P01')],
    ['another backend crashed', pgError('terminating connection because of crash of another server process', '57P02')],
    ['starting up', pgError('the database system is starting up', '57P03')],
    ['the socket closed mid-query', pgError('Connection terminated unexpectedly')],
    [
      'a query on a client whose connection broke',
      pgError('Client has encountered a connection error and is not queryable'),
    ],
  ])('%s: an ExternalError naming the address, not a bug', (_case, error) => {
    const described = describePostgresError(error, target);
    expect(described).toBeInstanceOf(ExternalError);
    expect((described as ExternalError).message).toMatch(/^cannot reach PostgreSQL at db\.internal:5433: /);
    expect((described as ExternalError).hint).toMatch(/is the server running/);
  });

  it('leaves a failing query alone', () => {
    const error = pgError('relation "nope" does not exist', '42P01');
    expect(describePostgresError(error, target)).toBe(error);
  });
});
