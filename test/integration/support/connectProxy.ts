// A minimal HTTP CONNECT proxy on loopback for proxy tests: tunnels to 127.0.0.1 only and counts
// the connections and tunnels it saw, so a test can tell whether traffic went through it. A host
// map lets a test use a real-looking host name (e.g. billing.example.test:80) without any network:
// the tunnel for that name goes to a loopback port instead. It can require Basic credentials
// (answering 407 to a missing or wrong Proxy-Authorization), or refuse every tunnel with 407.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  /** TCP connections accepted, whatever they asked for. */
  connections: number;
  tunnels: number;
  /** The CONNECT targets asked for, in order (e.g. "billing.example.test:80"). */
  targets: string[];
  /** CONNECT requests answered 407. */
  refusedAuth: number;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** "host:port" -> the loopback port its tunnel goes to. */
  hostMap?: Record<string, number>;
  /** Tunnel only with this Basic user and password. */
  credentials?: { user: string; password: string };
  /** Answer every CONNECT with 407, whatever it carries. */
  alwaysRequireAuth?: boolean;
}

const AUTH_REQUIRED = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n';

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const proxy: TestProxy = { url: '', connections: 0, tunnels: 0, targets: [], refusedAuth: 0, close: async () => {} };
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const server: Server = createServer((_request, response) => {
    response.writeHead(405).end();
  });
  server.on('connection', () => proxy.connections++);
  server.on('connect', (request, client: Socket, head) => {
    const target = request.url ?? '';
    proxy.targets.push(target);
    if (options.alwaysRequireAuth || (expected !== undefined && request.headers['proxy-authorization'] !== expected)) {
      proxy.refusedAuth++;
      client.end(AUTH_REQUIRED);
      return;
    }
    const mapped = options.hostMap?.[target.toLowerCase()];
    const [host, port] = mapped === undefined ? target.split(':') : ['127.0.0.1', String(mapped)];
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
