// Starts the real sangsaeng server for browser tests and stops it again.
//
// Binary: $SANGSAENG_BIN, default build/release/src/app/sangsaeng under the repo root.
// Command: <bin> demo --port 0 --data-dir <fresh temp dir> --web-dir <repo>/web/dist
// Ready when it prints "sangsaeng: listening on http://127.0.0.1:<port>" on stdout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const kRepoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const kListeningPattern = /sangsaeng: listening on (http:\/\/127\.0\.0\.1:\d+)/;
const kStartTimeoutMs = 120_000;
const kStopGraceMs = 5_000;
const kOutputKeptChars = 20_000;

function serverBinary() {
  const fromEnv = process.env.SANGSAENG_BIN;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(kRepoRoot, fromEnv);
  return join(kRepoRoot, 'build', 'release', 'src', 'app', 'sangsaeng');
}

/** This process's environment without SANGSAENG_* settings, so the server under test is hermetic. */
function inheritedEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SANGSAENG_')));
}

/**
 * Starts `sangsaeng demo` on an ephemeral port with a fresh data directory. `env` adds
 * variables (e.g. SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN) to the server's environment.
 * Resolves to { baseUrl, stop(), output() } once the server says it is listening; rejects
 * (after killing it) if it exits first or says nothing within kStartTimeoutMs.
 */
export async function startServer({ env = {} } = {}) {
  const bin = serverBinary();
  const webDir = join(kRepoRoot, 'web', 'dist');
  if (!existsSync(bin)) {
    throw new Error(`server binary not found: ${bin} (build it, or set SANGSAENG_BIN)`);
  }
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`${webDir}/index.html not found: run "npm run build" in web/ first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sangsaeng-e2e-data-'));
  const child = spawn(bin, ['demo', '--port', '0', '--data-dir', dataDir, '--web-dir', webDir], {
    cwd: kRepoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inheritedEnv(), ...env },
  });

  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-kOutputKeptChars);
  };
  child.stderr.on('data', keep);

  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), kStopGraceMs);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not report listening within ${kStartTimeoutMs} ms`)),
        kStartTimeoutMs,
      );
      let pending = '';
      child.stdout.on('data', (chunk) => {
        keep(chunk);
        pending += chunk.toString();
        const match = kListeningPattern.exec(pending);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
        if (pending.length > kOutputKeptChars) pending = pending.slice(-1000);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server exited before listening (code ${code}, signal ${signal})`));
      });
    });
    return { baseUrl, stop, output: () => output };
  } catch (error) {
    await stop();
    error.message += `\n--- server output ---\n${output}`;
    throw error;
  }
}
