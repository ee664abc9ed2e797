"""The pages in Chromium: each loads without script errors, the walk from the portfolio to a
body and its directive works, the verify button verifies, and hostile text stays text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from support.web import (
    HOSTILE_ACRONYM,
    HOSTILE_DIRECTIVE,
    HOSTILE_ID,
    HOSTILE_NAME,
    HOSTILE_NOTE,
    ServerProcess,
)

pytestmark = pytest.mark.browser


def shoot(page: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 1000, path


def api(server: ServerProcess, resource: str) -> list[dict[str, Any]]:
    found = httpx.get(f"{server.url}api/v1/{resource}", params={"limit": 500}).json()["data"]
    assert found, resource
    return list(found)


def directive_ids(server: ServerProcess) -> list[str]:
    return [d["id"] for d in api(server, "directives")]


def test_every_page_loads(page: Any, live_server: ServerProcess, tmp_path: Path) -> None:
    urls = ["/", "/bodies", "/bodies?memo=true&status=member", "/bodies?q=climate",
            "/bodies/unesco", "/bodies/unesco?on=2020-01-01", "/ledger", "/directives",
            "/reviews", "/lenses", "/predictions"]  # fmt: skip
    urls += [f"/directives/{d}" for d in directive_ids(live_server)]
    urls += [f"/reviews/{r['id']}" for r in api(live_server, "reviews")]
    urls += [f"/lenses/{lens['id']}" for lens in api(live_server, "lenses")]
    for number, url in enumerate(urls):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("h1").first.inner_text().strip(), url
        assert page.locator("link[rel=stylesheet]").count() == 1
        shoot(page, tmp_path, f"page-{number}")
    assert page.page_errors == [] and page.dialogs == []


def test_walk_from_portfolio_to_body_to_review_to_directive(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    expect(page.locator("#by-kind")).to_contain_text("igo")
    expect(page.locator("#ledger-size")).to_contain_text("events")
    first = page.locator("#memorandum a.body-link").first
    name = first.inner_text()
    first.click()
    expect(page.locator("#body-name")).to_contain_text(name)
    expect(page.locator("#timeline")).to_contain_text("withdrawal_directed")
    expect(page.locator("#timeline")).to_contain_text("determination")
    shoot(page, tmp_path, "body")
    page.locator("#timeline a.review-link").first.click()
    expect(page.locator("#review-title")).to_be_visible()
    expect(page.locator("#results")).to_contain_text(name)
    shoot(page, tmp_path, "review")
    row = page.locator("#results tr", has=page.get_by_role("link", name=name, exact=True))
    row.locator("a.directive-link").click()
    expect(page.locator("#directive-title")).to_be_visible()
    expect(page.locator("#items")).to_contain_text(name)
    shoot(page, tmp_path, "directive")
    page.locator("#items a.body-link").nth(1).click()
    expect(page.locator("#registry")).to_contain_text("name")
    assert page.page_errors == []


def test_status_on_a_chosen_date(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto("/bodies/who")
    page.fill("input[name=on]", "2024-06-01")
    page.click("#status-on button")
    expect(page.locator("#chosen-status")).to_be_visible()
    expect(page.locator("#status-on")).to_contain_text("on 2024-06-01")
    assert "on=2024-06-01" in page.url


def test_verify_button_checks_the_ledger_in_the_browser(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto("/ledger")
    expect(page.locator("#checkpoint-note")).to_contain_text("\u2014 ")
    page.click("#verify-button")
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-state", "ok", timeout=60_000)
    assert result.inner_text().startswith("ok: size ")
    steps = page.locator("#verify-steps li")
    assert steps.count() == 6
    assert [steps.nth(i).get_attribute("data-state") for i in range(6)] == ["ok"] * 6
    expect(steps.nth(1)).to_contain_text("Ed25519 signature verifies")
    shoot(page, tmp_path, "verified")
    # A second run finds the checkpoint this browser remembered.
    page.click("#verify-button")
    expect(steps.nth(4)).to_contain_text("extends size", timeout=60_000)
    assert page.page_errors == []


def test_receipt_links_download_receipts(page: Any) -> None:
    page.goto("/ledger")
    link = page.locator("a.receipt").first
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert Path(path).read_text(encoding="utf-8").startswith("c2sp.org/tlog-proof@v1\n")


@pytest.mark.parametrize(
    "url",
    [f"/bodies/{HOSTILE_ID}", "/bodies?q=script", "/ledger", f"/directives/{HOSTILE_DIRECTIVE}"],
)
def test_hostile_text_renders_as_text(page: Any, url: str) -> None:
    page.goto(url)
    text = page.locator("main").inner_text()
    assert HOSTILE_NAME in text
    if url.startswith("/bodies/"):
        assert page.locator("#body-name").inner_text().startswith(HOSTILE_NAME)
        assert HOSTILE_ACRONYM in text and HOSTILE_NOTE in text
    # No injected element: the page's own scripts only, no <img>, no script URLs in links.
    own = 1 if url == "/ledger" else 0
    assert page.locator("script").count() == own
    assert page.locator("main img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.dialogs == [] and page.page_errors == []
