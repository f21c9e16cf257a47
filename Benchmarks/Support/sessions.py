#!/usr/bin/env python3
"""Writes past session journals for the session-history benchmark.

    sessions.py team FOLDER COUNT NAMES         COUNT finished sessions of the team NAMES
                                                (comma-separated), each of 8 steps with
                                                rotating roles, typed lines and heartbeats
    sessions.py large FOLDER MEGABYTES NAMES    one journal of about MEGABYTES MB for the team
                                                NAMES: a day-long session typing all the time

Journals are valid: the same records `roundtable run` writes, ids dated 2024 so that the
sessions a benchmark run starts (dated today) can be told apart. Same arguments, same files.
"""
import json
import os
import random
import sys

WORDS = ("onboarding deploy review pairing backlog incident retro demo customer release "
         "testing docs hiring focus meeting roadmap quality feedback ownership budget").split()
ROLES = ["facilitator", "timekeeper", "scribe"]


def header(sid, names, started):
    return {"type": "session", "session": {
        "version": 1, "id": sid, "title": "Sprint retrospective", "name": "sprint-retrospective-60",
        "document": "builtin:agendas/sprint-retrospective-60.yaml", "library": [],
        "participants": [{"name": n, "attributes": {}} for n in names], "seed": 0, "params": {}, "speed": 1,
        "started": started, "fingerprint": "2:0", "history": {"counts": {}}, "carried": [], "rehearsal": False}}


def line(record):
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def team(folder, count, names):
    rng = random.Random(count)
    for index in range(count):
        day, minute = divmod(index, 1440)
        sid = f"2024{1 + day // 28:02d}{1 + day % 28:02d}-{minute // 60:02d}{minute % 60:02d}00-retro-{index}"
        os.makedirs(os.path.join(folder, sid), exist_ok=True)
        with open(os.path.join(folder, sid, "journal.jsonl"), "w") as out:
            out.write(line(header(sid, names, f"2024-01-01T09:{index % 60:02d}:00Z")))
            t = 0
            for step in range(8):
                holders = rng.sample(names, len(ROLES))
                out.write(line({"type": "step", "step": step, "t": t, "roles": [[r, p] for r, p in zip(ROLES, holders)]}))
                for _ in range(6):
                    t += rng.randint(5, 60) * 1_000_000_000
                    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8)))
                    out.write(line({"type": "line", "t": t, "text": text}))
                t += 5_000_000_000
                out.write(line({"type": "heartbeat", "t": t}))
            out.write(line({"type": "finished", "completed": True, "t": t}))


def large(folder, megabytes, names):
    rng = random.Random(megabytes)
    sid = "20240101-090000-marathon"
    os.makedirs(os.path.join(folder, sid), exist_ok=True)
    limit = megabytes * 1_000_000
    with open(os.path.join(folder, sid, "journal.jsonl"), "w") as out:
        written = out.write(line(header(sid, names, "2024-01-01T09:00:00Z")))
        t = 0
        step = 0
        while written < limit:
            if t % 600_000_000_000 < 1_000_000_000:
                written += out.write(line({"type": "step", "step": step, "t": t,
                                           "roles": [[r, p] for r, p in zip(ROLES, rng.sample(names, len(ROLES)))]}))
                step += 1
            t += 1_000_000_000
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
            written += out.write(line({"type": "line", "t": t, "text": text}))


if __name__ == "__main__":
    kind, folder, amount, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
    os.makedirs(folder, exist_ok=True)
    {"team": team, "large": large}[kind](folder, amount, names)
