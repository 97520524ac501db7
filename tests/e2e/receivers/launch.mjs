// Starting a loopback receiver as a child process and reading the ports line it prints: shared
// by the receivers' self-test and the e2e harness.
import { spawn } from 'node:child_process';

/**
 * Starts the receiver `script` (a path) with `args`; resolves with its child and the one JSON
 * line it prints once it listens, or rejects after `startMs` or if it exits first.
 */
export function launch(script, args, startMs) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${startMs} ms:\n${stderr}`));
    }, startMs);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve({ child, exited, info: JSON.parse(stdout.slice(0, end)), stderr: () => stderr, stdout: () => stdout });
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before starting:\n${stderr}`));
    });
  });
}
