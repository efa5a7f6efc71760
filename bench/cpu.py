#!/usr/bin/env python3
"""CPU time of the processes a bus benchmark runs on, to tell where the machine's cores went per message.

  bench/cpu.py snapshot [HUB_PID]   prints JSON {"hub": s, "broker": s, "postgres": s}: CPU seconds (user + system)
                                    used so far by the hub's process, RabbitMQ's (beam.smp, erl_child_setup, epmd)
                                    and PostgreSQL's (every process named postgres). Take one before and one after a
                                    run; the difference is the run's CPU (processes that exit in between are missed,
                                    so only long-lived ones are counted this way).
  bench/cpu.py run FILE -- CMD...   runs CMD (its output passes through) and writes the CPU seconds it and its
                                    children used to FILE; exits with CMD's status.
  bench/cpu.py diff BEFORE AFTER    prints JSON of AFTER - BEFORE (two snapshot outputs).
"""
import json
import os
import resource
import subprocess
import sys

TICK = os.sysconf("SC_CLK_TCK")
GROUPS = {"broker": {"beam.smp", "erl_child_setup", "epmd", "inet_gethost"}, "postgres": {"postgres"}}


def cpu_seconds(pid):
    """utime + stime of a process (all its threads), or 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return 0.0
    # the command name is in parentheses and may hold spaces: fields are counted after its closing one
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def command_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def snapshot(hub_pid):
    result = {"hub": cpu_seconds(hub_pid) if hub_pid else 0.0}
    result.update({group: 0.0 for group in GROUPS})
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        name = command_name(entry)
        for group, names in GROUPS.items():
            if name in names:
                result[group] += cpu_seconds(entry)
    return result


def main(argv):
    if len(argv) >= 1 and argv[0] == "snapshot":
        print(json.dumps(snapshot(argv[1] if len(argv) > 1 else None)))
    elif len(argv) >= 3 and argv[0] == "run" and argv[2] == "--":
        status = subprocess.call(argv[3:])
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(argv[1], "w") as f:
            f.write(f"{usage.ru_utime + usage.ru_stime:.3f}\n")
        return status
    elif len(argv) == 3 and argv[0] == "diff":
        before, after = json.loads(argv[1]), json.loads(argv[2])
        print(json.dumps({k: round(after[k] - before.get(k, 0.0), 3) for k in after}))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
