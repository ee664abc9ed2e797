"""Crash-test writer: append random batches to a SQLite ledger until killed (reference R8).

Usage: ``python crash_writer.py DB_PATH KEY_PATH ORIGIN SEED``

The database must already hold the log for ``ORIGIN``. The writer prints ``ready`` once the log
is open, then one line ``published <size> <root hex>`` per checkpoint, written by the ledger's
``publish`` hook, which runs only after the append transaction has committed. It never stops by
itself: the test kills it with SIGKILL.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from datetime import date

from ioreview.ledger.events import Event, Source
from ioreview.ledger.log import Ledger, StoredCheckpoint
from ioreview.ledger.note import load_signer
from ioreview.storage import open_engine

MAX_BATCH = 50


def crash_event(number: int) -> Event:
    return Event(
        kind="contribution",
        actor="USA",
        body="unesco",
        valid_from=date(2000 + number % 25, 1, 1),
        payload={"amount": f"{number}.00", "currency": "USD", "n": number},
        source=Source(uri=f"https://example.org/crash/{number}"),
    )


def publish(stored: StoredCheckpoint) -> None:
    sys.stdout.write(f"published {stored.size} {stored.root.hex()}\n")
    sys.stdout.flush()


def main(argv: Sequence[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    db, key, origin, seed = argv
    rng = random.Random(int(seed))
    engine = open_engine(f"sqlite:///{db}")
    ledger = Ledger(engine, origin, load_signer(key, origin), publish=publish)
    number = ledger.size()
    print("ready", flush=True)
    while True:
        count = rng.randint(1, MAX_BATCH)
        ledger.append([crash_event(number + i) for i in range(count)])
        number += count


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
