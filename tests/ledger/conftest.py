"""Ledger fixtures: a signed log on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from ioreview.ledger.log import Ledger
from ioreview.ledger.note import Signer, generate_signer
from support.events import ORIGIN


@pytest.fixture(scope="session")
def signer() -> Signer:
    return generate_signer(ORIGIN)


@pytest.fixture
def ledger(engine: Engine, signer: Signer) -> Iterator[Ledger]:
    log = Ledger(engine, ORIGIN, signer)
    log.create()
    yield log
