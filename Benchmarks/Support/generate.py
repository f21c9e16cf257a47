#!/usr/bin/env python3
"""Writes realistic, valid Roundtable exercise files for the benchmarks.

    generate.py exercises FOLDER COUNT [SEED]   COUNT exercises of 5-10 steps with roles
    generate.py workshop FOLDER                 a 3-hour agenda for 8 people and its input script
                                                (500 ideas) as FOLDER/workshop.yaml, FOLDER/input.txt

Same arguments, same files: the benchmark can be compared from run to run.
"""
import os
import random
import sys

WORDS = ("onboarding deploy review pairing backlog incident retro demo customer release "
         "testing docs hiring focus meeting roadmap quality feedback ownership budget").split()
VERBS = "halve double simplify automate share rotate measure trim protect celebrate".split()


def sentence(rng, words=6):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def step_templates(rng, index, earlier_ideas):
    """One step as YAML lines, and whether it produced ideas."""
    sid = f"step-{index}"
    kind = rng.choice(["round", "timebox", "brainstorm", "groups", "vote", "fist", "retro", "score"])
    if kind in ("vote", "score") and not earlier_ideas:
        kind = "brainstorm"
    lines = [f"  - id: {sid}", f"    title: {sentence(rng, 4)}"]
    ideas = False
    if kind == "round":
        lines += ["    handler: round", "    each: participant", f"    duration: {rng.choice([30, 45, 60])}s",
                  f"    prompt: \"{{{{speaker}}}}: {sentence(rng, 5).lower()}?\"",
                  "    config:", "      allow_pass: true"]
    elif kind == "timebox":
        lines += ["    handler: timebox", f"    duration: {rng.choice([5, 8, 10, 15])}m",
                  f"    instructions: \"{{{{facilitator}}}} opens; {{{{scribe}}}} takes notes on {rng.choice(WORDS)}.\"",
                  f"    prompt: {sentence(rng, 7)}?",
                  "    timer: { warn_at: [1m, 10s], on_zero: bell }",
                  "    config: { note_role: scribe, kind: note }"]
    elif kind == "brainstorm":
        lines += ["    handler: brainstorm", f"    duration: {rng.choice([5, 10])}m",
                  f"    prompt: How might we {rng.choice(VERBS)} {rng.choice(WORDS)}?",
                  "    instructions: 'Call ideas out; {{scribe}} types them; \"Name: idea\" signs one.'",
                  f"    config: {{ anonymous: false, per_person: {rng.choice([5, 10, 20])}, min_length: 3 }}"]
        ideas = True
    elif kind == "groups":
        lines += ["    handler: groups", "    groups: 2", f"    duration: {rng.choice([2, 3, 4])}m",
                  f"    prompt: Share your ideas on {rng.choice(WORDS)} in pairs; keep the strongest one.",
                  "    config: { harvest: \"Your pair's strongest idea?\", kind: idea }"]
        ideas = True
    elif kind == "vote":
        lines += ["    handler: dot-vote", f"    input: {rng.choice(earlier_ideas)}", "    duration: 3m",
                  "    prompt: Which ideas should we try first?",
                  "    config: { dots: 3, max_per_item: 2, secret: false, top: 3 }"]
    elif kind == "fist":
        lines += ["    handler: fist-to-five", "    duration: 3m", "    config:",
                  f"      proposal: \"{sentence(rng, 4)}, run by {{{{facilitator}}}}\"", "      threshold: 3",
                  "      revote: true"]
    elif kind == "retro":
        lines += ["    handler: retro-board", "    duration: 10m", "    prompt: Think of the last sprint.",
                  "    instructions: '{{scribe}} types each card as \"column: text\".'",
                  f"    config: {{ preset: {rng.choice(['4ls', 'start-stop-continue'])}, mode: prefix }}"]
    elif kind == "score":
        lines += ["    handler: score", f"    input: {rng.choice(earlier_ideas)}", "    duration: 4m",
                  "    config: { scale: 1-5, method: mean, top: 3 }"]
    return lines, (sid if ideas else None)


def exercise(rng, number):
    eid = f"generated-{number:05d}-{rng.choice(WORDS)}"
    out = [
        "# yaml-language-server: $schema=../roundtable.schema.json",
        f"id: {eid}",
        f"title: {sentence(rng, 3)} {number}",
        f"summary: {sentence(rng, 12)}.",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        f"source: Generated for the Roundtable benchmarks (seeded), file {number}.",
        f"participants: {{ min: 2, max: {rng.choice([8, 10, 12])} }}",
        "roles:",
        "  facilitator: per-exercise",
        "  timekeeper: { rotate: per-step, summary: Calls the time }",
        "  scribe: per-step",
        "steps:",
    ]
    earlier = []
    for index in range(1, rng.randint(5, 10) + 1):
        lines, produced = step_templates(rng, index, earlier)
        out += lines
        if produced:
            earlier.append(produced)
    return eid, "\n".join(out) + "\n"


def write_exercises(folder, count, seed):
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    for number in range(1, count + 1):
        _, text = exercise(rng, number)
        with open(os.path.join(folder, f"exercise-{number:05d}.yaml"), "w") as f:
            f.write(text)


def write_workshop(folder):
    """A 3-hour session for 8 people in three parts with two breaks: a check-in round,
    three brainstorms (500 ideas in all), discussions and a wrap-up. The script types every
    idea and note and ends each step with /next, as a scribe would."""
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(42)
    people = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hana"]
    script = []
    parts = [[], [], []]
    # Check-in: 8 turns of 45 s = 6 minutes.
    parts[0].append(["  - id: check-in", "    handler: round", "    each: participant", "    duration: 45s",
                     "    prompt: \"{{speaker}}: how do you arrive?\""])
    for _ in people:
        script += [f"{sentence(rng, 5)}.", "/next"]
    ideas_left = 500
    for block in range(1, 4):
        part = parts[block - 1]
        count = 167 if block < 3 else ideas_left
        ideas_left -= count
        part.append([f"  - id: ideas-{block}", "    handler: brainstorm", "    duration: 25m",
                     f"    prompt: How might we {rng.choice(VERBS)} {rng.choice(WORDS)}?"])
        script += [f"{people[i % len(people)]}: {sentence(rng, 9)} #{block}-{i}" for i in range(count)] + ["/next"]
        part.append([f"  - id: discuss-{block}", "    handler: timebox", "    duration: 20m",
                     "    prompt: Which ideas stand out, and why?"])
        script += [f"{sentence(rng, 12)}." for _ in range(20)] + ["/next"]
        if block < 3:
            script.append("/next")  # the break after this part
    parts[2].append(["  - id: wrap-up", "    handler: timebox", "    duration: 10m", "    prompt: What do we take away?"])
    script += [f"{sentence(rng, 10)}." for _ in range(8)] + ["/next"]
    for number, part in enumerate(parts, start=1):
        exercise = [f"id: workshop-part-{number}", f"title: Workshop, part {number}", "participants: { min: 2, max: 12 }",
                    "roles:", "  facilitator: per-exercise", "  scribe: per-step", "steps:"]
        exercise += [line for step in part for line in step]
        with open(os.path.join(folder, f"part-{number}.yaml"), "w") as f:
            f.write("\n".join(exercise) + "\n")
    # 6 + 45 + 15 + 45 + 15 + 45 + 10 = 181 minutes.
    agenda = ["title: Three-hour workshop (benchmark)", "timebox: 3h", "participants: [" + ", ".join(people) + "]",
              "agenda:", "  - exercise: ./part-1.yaml", "  - break: 15m", "    title: Coffee",
              "  - exercise: ./part-2.yaml", "  - break: 15m", "    title: Lunch", "  - exercise: ./part-3.yaml"]
    with open(os.path.join(folder, "workshop.yaml"), "w") as f:
        f.write("\n".join(agenda) + "\n")
    with open(os.path.join(folder, "input.txt"), "w") as f:
        f.write("\n".join(script) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "exercises":
        write_exercises(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    elif len(sys.argv) == 3 and sys.argv[1] == "workshop":
        write_workshop(sys.argv[2])
    else:
        sys.exit(__doc__)
