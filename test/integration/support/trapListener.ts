// A loopback HTTP listener that must never be contacted: the address a hostile or moved server
// redirects to. It counts every TCP connection (TLS attempts included) and every body it receives,
// and answers like a successful WHMCS, so that a client that followed the redirect would succeed
// and the test would see it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TrapListener {
  port: number;
  connections: number;
  bodies: string[];
  close(): Promise<void>;
}

export async function startTrapListener(): Promise<TrapListener> {
  const sockets = new Set<Socket>();
  const trap: TrapListener = { port: 0, connections: 0, bodies: [], close: async () => {} };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      trap.bodies.push(body);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"result":"success","totalresults":0,"clients":[]}');
    });
  });
  server.on('connection', (socket: Socket) => {
    trap.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  trap.port = (server.address() as AddressInfo).port;
  trap.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return trap;
}
