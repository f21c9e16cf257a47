#!/usr/bin/env python3
"""Six headless Chromium pages join a live `roundtable run --join` as six people, write ideas
and vote; the report must hold every contribution, hostile text must render as text and run
nothing. Loopback only; every wait is bounded.

Usage: browser-test.py ROUNDTABLE_BINARY [--screenshot PATH]
"""
import os, re, subprocess, sys, tempfile, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
PEOPLE = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay"]
HOSTILE = "<img src=x onerror=alert(1)> <script>window.pwned=1</script>"


def glob_journal(work):
    import glob
    return glob.glob(os.path.join(work, "sessions", "*", "journal.jsonl"))[0]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def browser(width=390, height=844):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking",
                 f"--window-size={width},{height}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    return driver


def wait(driver, condition, what, seconds=15):
    try:
        return WebDriverWait(driver, seconds).until(condition)
    except Exception:
        fail(f"timed out waiting for {what}")


def send(driver, text, person):
    entry = wait(driver, lambda d: d.find_element(By.ID, "entry") if d.find_element(By.ID, "entry").is_displayed() else None, f"{person}'s input")
    before = driver.find_element(By.ID, "send-status").text
    entry.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#form button").click()
    wait(driver, lambda d: d.find_element(By.ID, "send-status").text == "Saved ✓"
         and (before != "Saved ✓" or text in d.find_element(By.ID, "mine").text), f"{person}'s acknowledgement of {text!r}")


def ballot(index):
    """The items (by number, in order) the person at `index` puts one dot each on."""
    return sorted({index % 6 + 1, (index + 1) % 6 + 1})


def vote(driver, numbers, person):
    """Places dots with the page's + buttons (the budget shown counts down), then sends them."""
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "button.plus"), f"{person}'s dot buttons")
    for number in numbers:
        driver.find_element(By.CSS_SELECTOR, f'button.plus[data-item="{number}"]').click()
    left = driver.find_element(By.ID, "dots-left").text
    if not left.startswith(f"{2 - len(numbers)} of 2"):
        fail(f"{person}'s page shows {left!r} after {len(numbers)} dots")
    # The budget holds: one more dot than allowed is not placed.
    driver.find_element(By.CSS_SELECTOR, 'button.plus[data-item="3"]').click()
    if driver.find_element(By.ID, "dots-left").text != left:
        fail(f"{person}'s page let a dot over the budget through")
    driver.find_element(By.ID, "send").click()  # the page shows "Sending…" at once, then the acknowledgement
    wait(driver, lambda d: d.find_element(By.ID, "send-status").text == "Saved ✓", f"{person}'s acknowledgement of the dots")


def card(driver, column, text, person):
    """Picks the column in the page's column list, writes the card and sends it."""
    from selenium.webdriver.support.ui import Select
    wait(driver, lambda d: d.find_elements(By.ID, "column"), f"{person}'s column list")
    Select(driver.find_element(By.ID, "column")).select_by_visible_text(column)
    driver.find_element(By.ID, "entry").send_keys(text)
    driver.find_element(By.ID, "send").click()
    wait(driver, lambda d: d.find_element(By.ID, "send-status").text == "Saved ✓" and text in d.find_element(By.ID, "mine").text,
         f"{person}'s acknowledgement of the card")


def main():
    binary = sys.argv[1]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    work = tempfile.mkdtemp(prefix="join-browser-")
    print("work:", work)
    report = os.path.join(work, "report.md")
    # The facilitator's commands go through a FIFO: a named pipe streams its lines while the
    # session runs (standard input would be read to its end first, as a script).
    commands = os.path.join(work, "commands")
    os.mkfifo(commands)
    session = subprocess.Popen(
        [binary, "run", os.path.join(HERE, "workshop.yaml"), "-p", ",".join(PEOPLE), "--input", commands,
         "--sessions-dir", os.path.join(work, "sessions"), "--report", report, "--join", "--no-color"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    drivers = []
    try:
        address = None
        deadline = time.time() + 20
        while time.time() < deadline and address is None:
            line = session.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+/[A-Z0-9]+)", line)
            if match:
                address = match.group(1)
        if not address:
            fail("no join address printed")
        print("join address:", address)
        # Opens once the session reads its input (the outer timeout bounds the wait).
        facilitator = open(commands, "w", buffering=1, encoding="utf-8")

        for person in PEOPLE:
            driver = browser()
            drivers.append(driver)
            driver.get(address)
            button = wait(driver, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "button.name") if b.text == person), None), f"{person}'s name")
            button.click()
            wait(driver, lambda d: d.find_element(By.ID, "who").text == "You are " + person, f"{person} joined")

        # The board: each page picks a column from the list and writes a card.
        columns = ["Start", "Stop", "Continue"]
        cards = {person: (columns[index % 3], f"{person}'s card for {columns[index % 3]}") for index, person in enumerate(PEOPLE)}
        for person, driver in zip(PEOPLE, drivers):
            wait(driver, lambda d: d.find_element(By.ID, "step").text == "Start, stop, continue", f"{person} sees the board")
            card(driver, cards[person][0], cards[person][1], person)
        facilitator.write("/next\n")
        for person, driver in zip(PEOPLE, drivers):
            wait(driver, lambda d: d.find_element(By.ID, "step").text == "Write your ideas", f"{person} sees the ideas step")

        ideas = {person: [f"{person}'s idea about calmer releases"] for person in PEOPLE}
        ideas["Ana"].append(HOSTILE)
        for person, driver in zip(PEOPLE, drivers):
            for idea in ideas[person]:
                send(driver, idea, person)
        # Hostile text shows as text on its author's page, and ran nothing.
        ana = drivers[0]
        if HOSTILE not in ana.find_element(By.ID, "mine").text:
            fail("the hostile idea is not shown as text")
        if ana.find_elements(By.CSS_SELECTOR, "#mine img, #mine script") or ana.execute_script("return window.pwned === 1"):
            fail("the hostile idea was turned into markup")
        if screenshot:
            os.makedirs(os.path.dirname(screenshot), exist_ok=True)
            ana.save_screenshot(screenshot)
            print("screenshot:", screenshot)

        facilitator.write("/next\n")
        # Everyone votes from their page: the items come from the ideas.
        for index, (person, driver) in enumerate(zip(PEOPLE, drivers)):
            wait(driver, lambda d: d.find_element(By.ID, "step").text == "Place your dots", f"{person} sees the vote")
            vote(driver, ballot(index), person)
        for driver in drivers:
            for alert_check in [lambda: driver.switch_to.alert]:
                try:
                    alert_check()
                    fail("an alert opened: the hostile idea ran script")
                except Exception:
                    pass
        facilitator.write("/next\n")
        facilitator.close()
        session.wait(timeout=30)
    finally:
        for driver in drivers:
            driver.quit()
        if session.poll() is None:
            session.kill()

    text = open(report, encoding="utf-8").read()
    # Each card is in the report under the column its author picked on the page.
    import json as _json
    journal_cards = [_json.loads(line) for line in open(glob_journal(work), encoding="utf-8") if '"contribution"' in line]
    for person, (column, card_text) in cards.items():
        if (person, f"{column}: {card_text}") not in [(r.get("device"), r.get("text")) for r in journal_cards]:
            fail(f"{person}'s card did not arrive as '{column}: {card_text}'")
        lines = re.sub(r"\\(.)", r"\1", text).split("\n")
        where = next((i for i, line in enumerate(lines) if card_text in line), None)
        # Under its column: on a line tagged with it, or below a heading or row naming it.
        if where is None or not any(column in line for line in lines[max(0, where - 12):where + 1]):
            fail(f"{person}'s card is not in the report under {column}")
    plain = re.sub(r"\\(.)", r"\1", text)  # the report escapes Markdown
    missing = [idea for person in PEOPLE for idea in ideas[person] if idea not in plain]
    if missing:
        fail(f"ideas missing from the report: {missing}")
    # The votes are a ranked table: | Rank | Item | Dots | Votes | Voters |, pipes in items escaped.
    votes = text.split("#### Place your dots")[1].split("\n#")[0]
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in votes.splitlines() if re.match(r"^\| \d+=? \|", line)]
    dots = sum(int(row[2].strip()) for row in rows)
    if dots != 2 * len(PEOPLE):
        fail(f"the report counts {dots} dots, not {2 * len(PEOPLE)}")
    # Every contribution, with its author, is in the session's journal exactly once.
    import glob, json
    journal = glob.glob(os.path.join(work, "sessions", "*", "journal.jsonl"))[0]
    sent = [json.loads(line) for line in open(journal, encoding="utf-8") if '"contribution"' in line]
    pairs = [(record.get("device"), record.get("text")) for record in sent]
    expected = [(person, idea) for person in PEOPLE for idea in ideas[person]]
    expected += [(person, " ".join(str(n) for n in ballot(index))) for index, person in enumerate(PEOPLE)]
    for pair in expected:
        if pairs.count(pair) != 1:
            fail(f"{pair} is in the journal {pairs.count(pair)} times")
    unsigned = [person for person in PEOPLE if not re.search(rf"{person}'s idea about calmer releases[^\n]*\b{person}\b(?!')", plain)]
    if unsigned:
        fail("the report does not name the authors of these device ideas: " + ", ".join(unsigned))
    print("ok: six pages joined, put 6 cards in the columns they picked, wrote", sum(len(v) for v in ideas.values()), "ideas and voted with the dot buttons; hostile text stayed text")


if __name__ == "__main__":
    main()
