// Linux process lookups for the fault probes: a server found by its data directory, its children, and
// whether a process is still alive (a zombie nobody reaps counts as gone).

import { readdirSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  parent: number;
  state: string;
  commandLine: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name, in parentheses, may itself hold spaces: the fields follow its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const commandLine = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, parent: Number(fields[1]), state: fields[0] ?? '', commandLine };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** The `stepwise serve` process serving `dataDir`. */
export function serverPid(dataDir: string): number | undefined {
  return allProcesses().find((info) => info.commandLine.includes(' serve') && info.commandLine.includes(dataDir))?.pid;
}

/** The child processes of `pid` whose command line holds `marker`. */
export function childrenOf(pid: number, marker: string): number[] {
  return allProcesses()
    .filter((info) => info.parent === pid && info.commandLine.includes(marker))
    .map((info) => info.pid);
}

export function isAlive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z';
}
