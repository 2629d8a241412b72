import fs from 'node:fs';
import path from 'node:path';

/**
 * A pid file in DATA_DIR while a server runs on the SQLite database there. SQLite in WAL mode holds no
 * lock while idle, so this is how `restore` (and a second server) know the database is in use.
 */
const lockFile = (dataDir: string) => path.join(dataDir, 'server.pid');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the server running on this data directory, if any (a stale file is ignored). */
export function runningServer(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function claimServerLock(dataDir: string): () => void {
  const other = runningServer(dataDir);
  if (other) throw new Error(`another server (pid ${other}) is running on ${dataDir}`);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(lockFile(dataDir), String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile(dataDir), 'utf8').trim() === String(process.pid))
        fs.rmSync(lockFile(dataDir));
    } catch {
      // already gone
    }
  };
}
