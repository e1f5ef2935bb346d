/**
 * Linux /proc readers for the two jobs a process group cannot do alone: the memory watchdog
 * (RSS of the whole tree, workers included) and the sweep that finds processes which left the
 * group (setsid daemons) by the run marker they inherited in their environment.
 */
import { promises as fs } from "node:fs";

interface ProcStat {
  pid: number;
  ppid: number;
}

async function listPids(): Promise<number[]> {
  const names = await fs.readdir("/proc").catch(() => [] as string[]);
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    const text = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(rest[1]) };
  } catch {
    return null; // Gone meanwhile.
  }
}

/** `rootPid` and every process descending from it. */
export async function descendants(rootPid: number): Promise<number[]> {
  const stats = (await Promise.all((await listPids()).map(readStat))).filter((s): s is ProcStat => s !== null);
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const out: number[] = [];
  const queue = [rootPid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident memory of a process tree, in bytes (VmRSS of each member). */
export async function treeRssBytes(rootPid: number): Promise<number> {
  let total = 0;
  for (const pid of await descendants(rootPid)) {
    try {
      const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
      const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // Exited meanwhile.
    }
  }
  return total;
}

/**
 * Kills (SIGKILL) every process whose environment carries `marker=value`, until none is left
 * (a few rounds: one may fork while we look). Processes that cleared their environment are not
 * found; the PID namespace covers those where it is available.
 */
export async function killMarked(marker: string, value: string): Promise<number> {
  const needle = Buffer.from(`${marker}=${value}\0`);
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    let found = 0;
    await Promise.all(
      (await listPids()).map(async (pid) => {
        if (pid === process.pid) return;
        let environ: Buffer;
        try {
          environ = await fs.readFile(`/proc/${pid}/environ`);
        } catch {
          return; // Not ours to read, or gone.
        }
        const at = environ.indexOf(needle);
        if (at === -1 || (at > 0 && environ[at - 1] !== 0)) return;
        try {
          process.kill(pid, "SIGKILL");
          found++;
        } catch {
          // Already gone.
        }
      }),
    );
    killed += found;
    if (found === 0) break;
  }
  return killed;
}

/** SIGKILL to a whole process group; quiet when it is already gone. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // ESRCH: nothing left in the group.
  }
}
