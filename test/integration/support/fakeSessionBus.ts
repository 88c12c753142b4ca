// A unix socket that stands in for the D-Bus session bus and counts who connects to it: a process
// started with DBUS_SESSION_BUS_ADDRESS pointing here touches no real keychain, and a test can
// tell whether it tried to (the Secret Service is reached over this bus).
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeSessionBus {
  /** The value for DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  connections: number;
  close(): Promise<void>;
}

export async function startFakeSessionBus(): Promise<FakeSessionBus> {
  const dir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-bus-'));
  const path = join(dir, 'bus');
  const sockets = new Set<Socket>();
  const bus: FakeSessionBus = { address: `unix:path=${path}`, connections: 0, close: async () => {} };
  const server: Server = createServer((socket) => {
    bus.connections++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  bus.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };
  return bus;
}
