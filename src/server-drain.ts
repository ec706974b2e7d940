import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long a kept-alive connection must have been idle to be closed while draining. A client that
 * just got an answer may already be sending its next request on the same connection; closing it in
 * that instant would reset a request the server never read. Connections idle for longer are closed
 * at once; the others when they reach this age, unless a request came, which then closes them.
 */
const IDLE_GRACE_MS = 200;

/**
 * A graceful stop for an HTTP/1.1 server whose clients keep connections alive. Once draining, the
 * server accepts no new connection, closes the idle ones, and every response still to be sent (the
 * in-flight ones included) carries `Connection: close`, so each busy connection ends after its
 * current exchange instead of being served until a timeout resets it. Call at start.
 */
export function createServerDrain(server: Server): { drain(): Promise<void> } {
  const connections = new Map<Socket, { busy: number; idleSince: number }>();
  const unsent = new Set<ServerResponse>();
  let draining = false;

  /** Closes the connection if it stayed idle; timers run before pending reads, so look once they are read. */
  const closeIfStillIdle = (socket: Socket) =>
    setImmediate(() => {
      const state = connections.get(socket);
      if (state && state.busy === 0) socket.destroy();
    });
  const closeWhenIdleLongEnough = (socket: Socket) => {
    const state = connections.get(socket);
    if (!state || state.busy > 0) return;
    const wait = state.idleSince + IDLE_GRACE_MS - Date.now();
    if (wait <= 0) closeIfStillIdle(socket);
    else setTimeout(() => closeWhenIdleLongEnough(socket), wait).unref();
  };

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, idleSince: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req, res: ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
    unsent.add(res);
    const state = connections.get(req.socket);
    if (state) state.busy += 1;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      unsent.delete(res);
      if (!state) return;
      state.busy -= 1;
      state.idleSince = Date.now();
    };
    res.once('finish', finished);
    res.once('close', finished);
  });

  return {
    drain() {
      draining = true;
      for (const res of unsent) if (!res.headersSent) res.setHeader('connection', 'close');
      for (const socket of connections.keys()) closeWhenIdleLongEnough(socket);
      // net's close, not http's: http's would also destroy every idle connection at this instant.
      return new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    },
  };
}
