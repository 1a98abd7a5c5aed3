// This process's claim on a port's stack file: taken before anything starts, so that a second
// stack on the same port is refused at once; updated as the stack starts; removed on stop only
// if still ours, so that no stack ever deletes another's.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readStack, type StackRecord } from './stacks.cjs';

export class StackRunning extends Error {}

/** Creates `file` for this process, or throws StackRunning if a live process holds it. */
export async function claimStackFile(file: string, record: Omit<StackRecord, 'pid' | 'state' | 'startedAt'>): Promise<StackRecord> {
  const claimed: StackRecord = { ...record, pid: process.pid, state: 'starting', startedAt: new Date().toISOString() };
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(claimed, null, 2)}\n`);
      closeSync(fd);
      return claimed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw error;
    }
    const holder = readStack(file);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new StackRunning(
        `a local stack already runs on port ${holder.port} (pid ${holder.pid}, since ${holder.startedAt}): stop it first, or start another on a free port, e.g. PORT=${holder.port + 1} npm start`,
      );
    }
    if (holder) {
      // Left by a stack that no longer runs (killed before it could clean up): its port is ours.
      rmSync(file, { force: true });
    } else {
      // Being written by a stack that claimed it a moment ago, or unreadable: look again shortly.
      await sleep(50);
      if (attempt >= 10) rmSync(file, { force: true });
    }
  }
}

/** Rewrites our own stack file (atomically, so readers never see half of it). */
export function updateStackFile(file: string, record: StackRecord): void {
  if (readStack(file)?.pid !== process.pid) throw new Error(`${file} is no longer this process's`);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Removes the stack file if this process still holds it; anyone else's is left alone. */
export function releaseStackFile(file: string): void {
  if (readStack(file)?.pid === process.pid) rmSync(file, { force: true });
}
