// CPU time used by the bench's server processes (Linux /proc), so a scenario can report what one
// trigger costs each of them: the API node, the worker node and PostgreSQL (postmaster, background
// processes and backends), less the backends of the bench's own connections.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const TICK_MS = 10 // USER_HZ is 100 on Linux

interface ProcStat {
  ppid: number
  cpuMs: number
  /** CPU of its children that have exited (PostgreSQL backends a closed connection ended). */
  exitedChildrenCpuMs: number
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which may hold spaces: state ppid … utime stime cutime cstime (12th-15th).
    const ticks = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map((field) => Number(field))
    return {
      ppid: ticks[1] ?? 0,
      cpuMs: ((ticks[11] ?? 0) + (ticks[12] ?? 0)) * TICK_MS,
      exitedChildrenCpuMs: ((ticks[13] ?? 0) + (ticks[14] ?? 0)) * TICK_MS,
    }
  } catch {
    return undefined
  }
}

function postgresCpuMs(postmasterPid: number, countedOut: Set<number>): number {
  const postmaster = procStat(postmasterPid)
  let total = (postmaster?.cpuMs ?? 0) + (postmaster?.exitedChildrenCpuMs ?? 0)
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || countedOut.has(pid)) continue
    const stat = procStat(pid)
    if (stat?.ppid === postmasterPid) total += stat.cpuMs
  }
  return total
}

export type CpuSample = Record<string, number>

export interface CpuMeter {
  sample(): CpuSample
  /** Leaves a backend out of PostgreSQL's CPU from now on (a connection of the bench's own). */
  countOut(backendPid: number): void
}

/** Milliseconds each process used between two samples, divided by `per`. */
export function cpuBetween(from: CpuSample, to: CpuSample, per = 1): CpuSample {
  return Object.fromEntries(Object.keys(to).map((name) => [name, ((to[name] ?? 0) - (from[name] ?? 0)) / Math.max(1, per)]))
}

/** `nodes` names the server processes; the cluster's postmaster is read from its postmaster.pid. */
export function createCpuMeter(nodes: Record<string, number | undefined>, clusterDir: string): CpuMeter | undefined {
  if (!existsSync('/proc/self/stat')) return undefined
  const postmasterFile = join(clusterDir, 'postmaster.pid')
  const postmasterPid = () => (existsSync(postmasterFile) ? Number(readFileSync(postmasterFile, 'utf8').split('\n')[0]) : undefined)
  const countedOut = new Set<number>()
  return {
    sample() {
      const sample: CpuSample = {}
      for (const [name, pid] of Object.entries(nodes)) if (pid) sample[name] = procStat(pid)?.cpuMs ?? 0
      const postmaster = postmasterPid()
      // A counted-out backend must live until the last sample: once exited, its CPU joins the postmaster's children total.
      if (postmaster) sample.PostgreSQL = postgresCpuMs(postmaster, countedOut)
      return sample
    },
    countOut: (backendPid) => countedOut.add(backendPid),
  }
}
