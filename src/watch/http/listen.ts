import type { FastifyInstance } from 'fastify';
import { UserError } from '../../core/errors.js';

/**
 * Starts listening; the ways a person's choice of address fails become a UserError (exit 2) with
 * what to do, instead of a raw EADDRINUSE reported as a bug in soloops.
 */
export async function listenOrExplain(server: FastifyInstance, at: { host: string; port: number }): Promise<void> {
  try {
    await server.listen(at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(
        `port ${at.port} is in use — is another soloops watch running? Use --port or stop it`,
        '`soloops watch status` shows a daemon of this data folder; `--port 0` picks a free port; ' +
          'watch.port in soloops.yaml sets the default',
        { cause: error },
      );
    if (code === 'EACCES')
      throw new UserError(
        `not allowed to listen on port ${at.port}`,
        'ports below 1024 need privileges: use a port from 1024 up (--port or watch.port)',
        { cause: error },
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UserError(
        `cannot listen on ${at.host}: not an address of this machine`,
        'use 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own addresses (--host or watch.host)',
        { cause: error },
      );
    throw error;
  }
}
