#!/usr/bin/env python3
"""Three headless Chromium pages score on labelled scales in a live `roundtable run --join`:
a secret ROTI picked from a list that shows each point's words, then cards passed around and
scored with labelled buttons. Each page must show the words and send the bare point (or `-`
to abstain); the journal and the report must hold them. Loopback only; every wait is bounded.

Usage: labels-browser-test.py ROUNDTABLE_BINARY
"""
import glob, json, os, re, subprocess, sys, tempfile, time
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module
base = import_module("browser-test")
browser, wait, fail, send = base.browser, base.wait, base.fail, base.send

HERE = os.path.dirname(os.path.abspath(__file__))
PEOPLE = ["Ana", "Ben", "Chen"]
ROTI_LABELS = ["0 · waste of time", "1 · useful but not worth it", "2 · break even", "3 · good return", "4 · excellent", "abstain"]
PASS_LABELS = ["1 · not for us", "2", "3", "4", "5 · do it now", "abstain"]


def saved(driver, person, what):
    wait(driver, lambda d: d.find_element(By.ID, "send-status").text == "Saved ✓", f"{person}'s acknowledgement of {what}")


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="join-labels-")
    print("work:", work)
    report = os.path.join(work, "report.md")
    commands = os.path.join(work, "commands")
    os.mkfifo(commands)
    session = subprocess.Popen(
        [binary, "run", os.path.join(HERE, "labels-workshop.yaml"), "-p", ",".join(PEOPLE), "--input", commands,
         "--sessions-dir", os.path.join(work, "sessions"), "--report", report, "--join", "--no-color", "--seed", "3"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    drivers = []
    try:
        address = None
        deadline = time.time() + 20
        while time.time() < deadline and address is None:
            match = re.search(r"(http://127\.0\.0\.1:\d+/[A-Z0-9]+)", session.stdout.readline())
            if match:
                address = match.group(1)
        if not address:
            fail("no join address printed")
        facilitator = open(commands, "w", buffering=1, encoding="utf-8")
        for person in PEOPLE:
            driver = browser()
            drivers.append(driver)
            driver.get(address)
            button = wait(driver, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "button.name") if b.text == person), None), f"{person}'s name")
            button.click()
            wait(driver, lambda d: d.find_element(By.ID, "who").text == "You are " + person, f"{person} joined")

        # ROTI: the list shows the words of each point; the page sends the point, or - to abstain.
        picks = {"Ana": "3 · good return", "Ben": "abstain", "Chen": "4 · excellent"}
        for person, driver in zip(PEOPLE, drivers):
            wait(driver, lambda d: d.find_elements(By.ID, "score-1"), f"{person}'s ROTI list")
            shown = [option.text for option in Select(driver.find_element(By.ID, "score-1")).options][1:]
            if shown != ROTI_LABELS:
                fail(f"{person}'s ROTI list shows {shown}")
            Select(driver.find_element(By.ID, "score-1")).select_by_visible_text(picks[person])
            driver.find_element(By.ID, "send").click()
            saved(driver, person, "the ROTI score")
        facilitator.write("/next\n")

        for person, driver in zip(PEOPLE, drivers):
            wait(driver, lambda d: d.find_element(By.ID, "step").text == "One bold idea", f"{person} sees the ideas step")
            send(driver, f"{person}'s bold idea", person)
        facilitator.write("/next\n")

        # Two rounds of labelled buttons; each click sends the point at once.
        clicks = {"Ana": ["5 · do it now", "2"], "Ben": ["1 · not for us", "abstain"], "Chen": ["4", "5 · do it now"]}
        for round in range(2):
            for person, driver in zip(PEOPLE, drivers):
                wait(driver, lambda d: f"Round {round + 1} of 2" in d.find_element(By.ID, "view").text, f"{person} sees round {round + 1}")
                buttons = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#widgets button.choice"), f"{person}'s buttons")
                if [b.text for b in buttons] != PASS_LABELS:
                    fail(f"{person}'s buttons read {[b.text for b in buttons]}")
                next(b for b in buttons if b.text == clicks[person][round]).click()
                saved(driver, person, f"the score of round {round + 1}")
        for driver in drivers:
            wait(driver, lambda d: "Ranking by the sum" in d.find_element(By.ID, "view").text, "the ranking on the pages")
        facilitator.write("/next\n")
        facilitator.close()
        session.wait(timeout=30)
    finally:
        for driver in drivers:
            driver.quit()
        if session.poll() is None:
            session.kill()

    journal = glob.glob(os.path.join(work, "sessions", "*", "journal.jsonl"))[0]
    records = [json.loads(line) for line in open(journal, encoding="utf-8") if '"contribution"' in line]
    sent = [(record.get("device"), record.get("text")) for record in records]
    expected = [("Ana", "3"), ("Ben", "-"), ("Chen", "4"), ("Ana", "5"), ("Ben", "1"), ("Chen", "4"), ("Ana", "2"), ("Ben", "-"), ("Chen", "5")]
    for pair in expected:
        if pair not in sent:
            fail(f"{pair} is not in the journal: {sent}")
    text = re.sub(r"\\(.)", r"\1", open(report, encoding="utf-8").read())
    if "| This meeting | 3.5 | 3.5 | 2 | 1 |" not in text:
        fail("the report lacks the ROTI's mean, median, scores and abstention")
    if "3 · good return | 1" not in text:
        fail("the report's histogram does not use the words of the scale")
    if "Cards ranked by their sums" not in text:
        fail("the report lacks the ranking of the passed cards")
    print("ok: three pages scored from labelled lists and buttons; the points, abstentions and words reached the journal and the report")


if __name__ == "__main__":
    main()
