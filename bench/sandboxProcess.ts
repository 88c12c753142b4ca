// A sandbox WHMCS in its own process, so that its work does not share the benchmark's event loop.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { SANDBOX_API_CREDENTIAL } from '../sandbox/demoCredentials';

export interface SandboxProcess {
  url: string;
  apiUrl: string;
  apiCredential: { identifier: string; secret: string };
  connections(): Promise<number>;
  close(): Promise<void>;
}

export async function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../sandbox/main.ts'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = / at (http:\/\/127\.0\.0\.1:\d+\/whmcs)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return {
    url,
    apiUrl: `${url}/includes/api.php`,
    apiCredential: SANDBOX_API_CREDENTIAL,
    // A fresh socket per call (agent: false), so each call adds exactly one connection itself.
    connections: () =>
      new Promise<number>((resolveCount, reject) => {
        get(`${url}/__sandbox/stats`, { agent: false }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolveCount((JSON.parse(body) as { connections: number }).connections));
        }).on('error', reject);
      }),
    close: () =>
      new Promise<void>((resolveClose) => {
        child.once('exit', () => resolveClose());
        child.kill('SIGTERM');
      }),
  };
}
