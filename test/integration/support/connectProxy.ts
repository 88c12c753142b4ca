// A minimal HTTP CONNECT proxy on loopback for proxy tests: tunnels to 127.0.0.1 only and counts
// the tunnels it opened, so a test can tell whether traffic went through it. It can require Basic
// credentials (answering 407 to a missing or wrong Proxy-Authorization), or refuse every tunnel
// with 407.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  tunnels: number;
  /** CONNECT requests answered 407. */
  refusedAuth: number;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Tunnel only with this Basic user and password. */
  credentials?: { user: string; password: string };
  /** Answer every CONNECT with 407, whatever it carries. */
  alwaysRequireAuth?: boolean;
}

const AUTH_REQUIRED = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n';

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const proxy: TestProxy = { url: '', tunnels: 0, refusedAuth: 0, close: async () => {} };
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const server: Server = createServer((_request, response) => {
    response.writeHead(405).end();
  });
  server.on('connect', (request, client: Socket, head) => {
    if (options.alwaysRequireAuth || (expected !== undefined && request.headers['proxy-authorization'] !== expected)) {
      proxy.refusedAuth++;
      client.end(AUTH_REQUIRED);
      return;
    }
    const [host, port] = (request.url ?? '').split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    proxy.tunnels++;
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
