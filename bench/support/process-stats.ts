import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// What the benchmarks read of the processes they start (Linux /proc) and the ports they give them.

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** CPU time (user + system) the process has used so far, in ms (/proc/<pid>/stat, 10 ms ticks). */
export function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": utime and stime are fields 14 and 15 (1-based), indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of the process in MiB: `VmHWM` is the peak so far, `VmRSS` the current. */
export function memoryMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
