// A loopback proxy in front of the sandbox that notes when each answer has been handed to the
// socket (epoch ms): "the answer arrived" for the figures that start there.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AnswerClock {
  /** The sandbox's base URL, through the proxy. */
  url: string;
  /** When the last answer finished going out. */
  lastAnswerAt(): number;
  close(): Promise<void>;
}

export async function startAnswerClock(targetUrl: string): Promise<AnswerClock> {
  const target = new URL(targetUrl);
  let last = NaN;
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        outgoing.on('finish', () => (last = performance.timeOrigin + performance.now()));
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    lastAnswerAt: () => last,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
