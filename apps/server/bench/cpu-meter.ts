// CPU time used by the bench's server processes (Linux /proc), so a scenario can report what one
// request costs each of them: the API node, the worker node and PostgreSQL (postmaster and backends).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const TICK_MS = 10 // USER_HZ is 100 on Linux

interface ProcStat {
  ppid: number
  cpuMs: number
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which may hold spaces: state ppid … utime(12th) stime(13th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS }
  } catch {
    return undefined
  }
}

function postgresCpuMs(postmasterPid: number): number {
  let total = procStat(postmasterPid)?.cpuMs ?? 0
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    const stat = procStat(pid)
    if (stat?.ppid === postmasterPid) total += stat.cpuMs
  }
  return total
}

export type CpuSample = Record<string, number>

export interface CpuMeter {
  sample(): CpuSample
  /** "API 1.2 ms, worker 3.4 ms, PostgreSQL 2.1 ms" per request between two samples. */
  perRequest(from: CpuSample, to: CpuSample, requests: number): string
}

/** `nodes` names the server processes; the cluster's postmaster is read from its postmaster.pid. */
export function createCpuMeter(nodes: Record<string, number | undefined>, clusterDir: string): CpuMeter | undefined {
  if (!existsSync('/proc/self/stat')) return undefined
  const postmasterFile = join(clusterDir, 'postmaster.pid')
  const postmasterPid = () => (existsSync(postmasterFile) ? Number(readFileSync(postmasterFile, 'utf8').split('\n')[0]) : undefined)
  return {
    sample() {
      const sample: CpuSample = {}
      for (const [name, pid] of Object.entries(nodes)) if (pid) sample[name] = procStat(pid)?.cpuMs ?? 0
      const postmaster = postmasterPid()
      if (postmaster) sample.PostgreSQL = postgresCpuMs(postmaster)
      return sample
    },
    perRequest(from, to, requests) {
      return Object.keys(to)
        .map((name) => `${name} ${(((to[name] ?? 0) - (from[name] ?? 0)) / Math.max(1, requests)).toFixed(2)} ms`)
        .join(', ')
    },
  }
}
