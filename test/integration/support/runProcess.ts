// Runs a program to its end and collects what it printed (for the CLI and `secret-tool`).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { collectChildCoverage, mutationChild } from '../../support/mutationChild';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface ProcessOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  cwd?: string;
}

export function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const started = Date.now();
  const cwd = options.cwd ?? resolve(__dirname, '../../..');
  const launch = mutationChild(command, args, options.env ?? process.env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, launch.args, {
      env: launch.env,
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      collectChildCoverage(command, child.pid, cwd);
      resolvePromise({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}
