"""Area "records": a vault of 5,000 invented cases: unlock-to-list, My actions, search
per keystroke (Python and Qt proxies, the program's case list page) and the list's
peak memory."""

from __future__ import annotations

import gc
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Involvement,
    Nation,
    Person,
    Professional,
    Sector,
    Task,
)
from tac_desktop.core.services.cases import list_cases
from tac_desktop.core.text import fold_for_search
from tac_desktop.core.vault import KdfParams, Vault

from common import (
    CHAIR,
    HERE,
    MB,
    PASSPHRASE,
    Reps,
    Row,
    Section,
    Target,
    gui_environment,
    last_line,
    median,
    progress,
)

SEARCH_WORDS = ("zoe", "lukasz")


# -- section "case records": 4. 5,000 cases ----------------------------------------------

CASES = 5_000
FIRST_NAMES = (
    "Zoë", "Zoe", "Łukasz", "Lukas", "Małgorzata", "Wojciech", "Agnieszka", "Żaneta",
    "Ayşe", "Çağla", "Gülşen", "İlkay", "Oğuzhan", "Şebnem", "Yusuf", "Fatima", "Omar",
    "Layla", "Khadija", "Hamza", "ليلى", "يوسف", "Chloé", "Renée", "Søren", "Aoife",
    "Siân", "Nnamdi", "Priya", "Jörg", "Mia", "Tom",
)  # fmt: skip
LAST_NAMES = (
    "Whitbury", "Ashcombe", "Pellowen", "Brzęczykowa", "Żmudzieńska", "Kałużnik",
    "Wójtowicz-Lark", "Yıldıztepe", "Karaçalıoğlu", "Öztürkmenli", "Şahinkaya-Dorn",
    "Al-Hadrawi", "Bin Qasimar", "El-Zorbani", "الحدراوي", "Núñez-Orbe", "Ó Fearnáin",
    "Müllerstone", "Dąbrowiec", "Thistlebay",
)  # fmt: skip
RELATIVES = ("mother", "father", "sister", "brother", "grandmother", "stepfather", "aunt")
AGENCIES = (
    ("Northgate Academy", Sector.EDUCATION),
    ("Riverside Primary", Sector.EDUCATION),
    ("Riverside CAMHS", Sector.HEALTH),
    ("Eastfield Health Visiting", Sector.HEALTH),
    ("Testshire Children's Services", Sector.CHILDRENS_SOCIAL_CARE),
    ("Testshire Youth Justice", Sector.YOUTH_JUSTICE),
    ("Homes for Nowhere", Sector.HOUSING),
    ("Brightside Family Charity", Sector.VOLUNTARY),
)
LEAD_ROLES = ("school", "health visitor", "family support", "social worker", "youth worker")


TASKS_PER_CASE = 10


def _task_records(
    rng: random.Random,
    today: date,
    professionals: list[dict[str, Any]],
    agencies: list[dict[str, Any]],
    stamps: dict[str, Any],
) -> list[dict[str, Any]]:
    """Ten tasks a case, due from 120 days ago to 120 days ahead, a third of them closed."""
    agency_names = {a["id"]: a["name"] for a in agencies}
    statuses = ["not_started", "in_progress", "not_done", "done", "no_longer_needed", "done"]
    rows = []
    for case_id in range(1, CASES + 1):
        for _ in range(TASKS_PER_CASE):
            professional = rng.choice(professionals)
            rows.append(
                {
                    "case_id": case_id,
                    "description": "Invented benchmark task",
                    "agency_id": professional["agency_id"],
                    "agency_name": agency_names[professional["agency_id"]],
                    "professional_id": professional["id"],
                    "owner_name": professional["name"],
                    "due_on": today + timedelta(days=rng.randrange(-120, 121)),
                    "status": rng.choice(statuses),
                    **stamps,
                }
            )
    return rows


def case_records(rng: random.Random, today: date) -> dict[str, list[dict[str, Any]]]:
    """Invented agencies, professionals, cases, people (subject + 3) and lead links."""
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    agencies = [
        {"id": number, "name": name, "sector": sector, **stamps}
        for number, (name, sector) in enumerate(AGENCIES, start=1)
    ]
    professionals = [
        {
            "id": number,
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "role": rng.choice(LEAD_ROLES),
            "agency_id": rng.randrange(1, len(AGENCIES) + 1),
            "phone": f"01632 96{number:04d}",
            "secure_email": f"worker{number}@agency.example",
            **stamps,
        }
        for number in range(1, 41)
    ]
    cases, people, subjects, involvements = [], [], [], []
    person_id = 0
    for case_id in range(1, CASES + 1):
        closed = rng.random() < 0.1
        opened = today - timedelta(days=rng.randrange(30, 1100))
        cases.append(
            {
                "id": case_id,
                "reference": f"BEN-{case_id:05d}",
                "status": CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                "opened_on": opened,
                "closed_on": opened + timedelta(days=20) if closed else None,
                "nation": rng.choice(list(Nation)),
                "summary": "Invented benchmark family; nobody here is real.",
                "subject_id": None,
                **stamps,
            }
        )
        family = rng.choice(LAST_NAMES)
        for place in range(4):
            person_id += 1
            first = rng.choice(FIRST_NAMES)
            age = rng.randrange(0, 18) if place == 0 else rng.randrange(1, 80)
            name = f"{first} {family}"
            preferred = first[:3] if rng.random() < 0.2 else ""
            people.append(
                {
                    "id": person_id,
                    "case_id": case_id,
                    "name": name,
                    "preferred_name": preferred,
                    # bulk inserts skip the mapper event that keeps this up to date
                    "search_key": " ".join(fold_for_search(n) for n in (name, preferred) if n),
                    "date_of_birth": today - timedelta(days=int(age * 365.25) + rng.randrange(365)),
                    "relationship_to_subject": "subject" if place == 0 else rng.choice(RELATIVES),
                    "parental_responsibility": place == 1,
                    "language": "English",
                    **stamps,
                }
            )
            if place == 0:
                subjects.append({"id": case_id, "subject_id": person_id})
        involvements.append(
            {
                "case_id": case_id,
                "professional_id": rng.randrange(1, len(professionals) + 1),
                "role_on_case": rng.choice(LEAD_ROLES),
                "is_lead": True,
                **stamps,
            }
        )
    return {
        "agencies": agencies,
        "professionals": professionals,
        "cases": cases,
        "people": people,
        "subjects": subjects,
        "involvements": involvements,
        "tasks": _task_records(rng, today, professionals, agencies, stamps),
    }


def _raw_my_actions(vault: Vault) -> float:
    """The rows My actions needs, through the bare DB-API cursor: the floor for the page."""
    horizon = (date.today() + timedelta(days=7)).isoformat()
    with vault.unit_of_work() as session:
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        start = time.perf_counter()
        cursor.execute(
            "SELECT t.id, t.case_id, c.reference, t.meeting_id, t.description, t.agency_name,"
            " t.owner_name, t.for_need, t.due_on, t.status, t.outcome"
            " FROM tasks t JOIN cases c ON c.id = t.case_id"
            " WHERE c.status = 'open' AND t.status IN ('not_started', 'in_progress', 'not_done')"
            " AND t.due_on <= ? ORDER BY t.due_on, t.id",
            (horizon,),
        ).fetchall()
        return time.perf_counter() - start


def build_case_vault(work: Path) -> tuple[Path, bytes, float]:
    """A vault with 5,000 cases, bulk-inserted with the ORM in one transaction."""
    path = work / "cases.tacvault"
    start = time.perf_counter()
    records = case_records(random.Random(2026), date.today())
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams()) as vault:
        key = vault.data_key
        # ORM bulk statements bypass the unit-of-work, so no audit entries are written.
        with vault.unit_of_work() as session:
            session.execute(insert(Agency), records["agencies"])
            session.execute(insert(Professional), records["professionals"])
            session.execute(insert(Case), records["cases"])
            session.execute(insert(Person), records["people"])
            session.execute(update(Case), records["subjects"])
            session.execute(insert(Involvement), records["involvements"])
            session.execute(insert(Task), records["tasks"])
    return path, key, time.perf_counter() - start


def keystrokes(words: Sequence[str]) -> Iterator[str]:
    for word in words:
        for length in range(1, len(word) + 1):
            yield word[:length]


def qt_child(mode: str, request: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "qt_child.py"), mode],
        input=json.dumps(request),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout.strip().splitlines()
    if done.returncode != 0 or not output:
        raise RuntimeError(f"qt_child.py {mode} failed: {last_line(done.stderr)}")
    result: dict[str, Any] = json.loads(output[-1])
    return result


def bench_case_records(section: Section, work: Path, reps: Reps) -> None:
    progress(f"building a vault of {CASES:,} invented cases")
    path, key, build_seconds = build_case_vault(work)
    section.rows.append(Row(f"build {CASES:,}-case vault (bulk ORM insert)", "s", build_seconds))

    progress(f"unlock-to-list: Vault.open + list_cases, {reps.unlock_list} times")
    with Vault.open(path, data_key=key) as vault:  # warm-up
        rows = list_cases(vault)
    assert len(rows) == CASES, f"expected {CASES} cases, listed {len(rows)}"
    opens, lists = [], []
    for _ in range(reps.unlock_list):
        gc.collect()
        start = time.perf_counter()
        vault = Vault.open(path, data_key=key)
        opened = time.perf_counter()
        rows = list_cases(vault)
        listed = time.perf_counter()
        vault.close()
        opens.append(opened - start)
        lists.append(listed - opened)
    totals = [a + b for a, b in zip(opens, lists, strict=True)]
    section.rows.append(
        Row(
            "unlock-to-list: open + list_cases, after KDF",
            "ms",
            median(totals),
            target=Target("max", 0.150),
        )
    )
    section.rows.append(Row("  info: of which Vault.open", "ms", median(opens)))

    progress(f"My actions over {CASES:,} cases and {CASES * TASKS_PER_CASE:,} tasks")
    from tac_desktop.core.services.tasks import actions_overview, my_actions

    with Vault.open(path, data_key=key) as vault:
        found = my_actions(vault)  # warm
        service, whole, raw = [], [], []
        for _ in range(reps.unlock_list):
            gc.collect()
            start = time.perf_counter()
            actions_overview(vault)
            my_actions(vault, limit=200)
            service.append(time.perf_counter() - start)
            start = time.perf_counter()
            found = my_actions(vault)
            whole.append(time.perf_counter() - start)
            raw.append(_raw_my_actions(vault))
    try:
        page = qt_child(
            "mine",
            {"vault": str(path), "key": key.hex(), "reps": reps.unlock_list},
            gui_environment(work),
        )
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        page = {}
        section.notes.append(f"the My actions page could not be measured: {error}")
    section.rows.append(
        Row(
            f"My actions page: {CASES * TASKS_PER_CASE:,} tasks, refresh to painted",
            "ms",
            median(page["mine"]) if page.get("mine") else None,
            median(raw),
            Target("max", 0.150),
        )
    )
    section.rows.append(
        Row("  info: of which counts + first 200 rows", "ms", median(service), median(raw))
    )
    section.rows.append(Row("  info: every row, my_actions()", "ms", median(whole), median(raw)))
    section.notes.append(
        f"My actions: open tasks overdue or due within 7 days across all open cases "
        f"({len(found):,} of {CASES * TASKS_PER_CASE:,} tasks here: due dates spread over "
        "120 days either side of today, a third closed), with their updates and challenges. "
        "Page: the program's MyActionsPage in a fresh process, refresh() then processEvents() "
        "until painted; it counts with one grouped query and reads 200 rows at a time. "
        "Baseline: the same SELECT of every task row on the raw sqlcipher3 cursor, no ORM, "
        "no objects."
    )
    section.rows.append(Row("  info: of which list_cases", "ms", median(lists)))

    progress("search per keystroke")
    per_key: list[float] = []
    slowest: list[float] = []
    found: dict[str, int] = {}
    for _ in range(reps.search):
        times = []
        gc.collect()
        for typed in keystrokes(SEARCH_WORDS):
            start = time.perf_counter()
            query = fold_for_search(typed)
            matches = [row for row in rows if query in row.search_key]
            times.append(time.perf_counter() - start)
            found[typed] = len(matches)
        per_key += times
        slowest.append(max(times))
    keystroke_target = Target("max", 0.030)
    section.rows.append(
        Row(
            "keystroke: Python filter, median",
            "ms",
            median(per_key),
            target=keystroke_target,
        )
    )
    section.rows.append(
        Row(
            "keystroke: Python filter, slowest",
            "ms",
            median(slowest),
            target=keystroke_target,
        )
    )

    progress("list window in a fresh process: peak RSS and QSortFilterProxyModel typing")
    env = gui_environment(work)
    request = {"vault": str(path), "key": key.hex(), "words": SEARCH_WORDS, "reps": reps.qt_search}
    listed = qt_child("list", request, env)
    bare = qt_child("bare", {}, env)
    try:
        progress("the program's own case list page in a fresh process")
        program = qt_child("app", request, env)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        program = {}
        section.notes.append(f"the program's case list page could not be measured: {error}")
    strokes = sum(len(word) for word in SEARCH_WORDS)
    for label, name, results in (
        ("proxy filter role", "proxy_role", listed),
        ("proxy filterAcceptsRow", "proxy_custom", listed),
        ("program's CaseListPage", "app_page", program),
    ):
        times = results.get(name, [])
        runs = [times[i : i + strokes] for i in range(0, len(times), strokes)]
        for statistic, value in (
            ("median", median(times) if times else None),
            ("slowest", median([max(run) for run in runs]) if runs else None),
        ):
            section.rows.append(
                Row(f"keystroke: {label}, {statistic}", "ms", value, target=keystroke_target)
            )
    section.rows.append(
        Row(
            f"peak RSS: {listed['rows']:,}-row list shown",
            "MB",
            listed["peak_rss"],
            bare["peak_rss"],
            Target("max", 250 * MB),
        )
    )
    section.rows.append(
        Row(
            "  info: peak RSS, program's CaseListPage",
            "MB",
            program.get("peak_rss"),
            bare["peak_rss"],
        )
    )
    section.notes.append(
        f"{CASES:,} cases, {CASES * 4:,} people, one lead professional each; the unlock-to-"
        "list figures exclude the KDF (add the KDF row above for a passphrase unlock)."
    )
    section.notes.append(
        "search: typing "
        + " then ".join(f"'{w}' ({found[w]:,} matching cases)" for w in SEARCH_WORDS)
        + f" letter by letter. Python filter: `folded query in row.search_key` over the "
        f"rows, {reps.search} runs in this process. Proxy rows: a QSortFilterProxyModel "
        "between the shown QTableView and the table model, filtering on a search-key role "
        "with setFilterFixedString, or in a Python filterAcceptsRow; timed to the end of "
        f"the repaint, {reps.qt_search} runs in the list process. CaseListPage: the "
        "program's own list page (tac_desktop.gui.cases.case_list, sorted by reference), one "
        "key press per letter into its search box, in its own process. 'slowest' = the "
        "slowest keystroke of each run, median over runs."
    )
    section.notes.append(
        "peak RSS: high-water mark (Linux VmHWM; ru_maxrss elsewhere) of a fresh process "
        "that opened the vault, listed the cases and showed them in a QTableView; baseline "
        "= the same view over an empty model, no vault. 1 MB = 10^6 bytes."
    )
