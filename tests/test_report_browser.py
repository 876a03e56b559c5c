"""The HTML report in a real browser: headless Chromium, driven by Selenium.

The report of the samples, the seed article (when ../shared is checked out) and a hostile
article opens; its findings are highlighted; hover and keyboard focus show a finding's message,
suggestion and rule; filters and sorting work; each article's Evidence table links to its
claims, and following a link (Enter or a click) moves the focus to the claim in the text; the
hostile article's markup, in its text and in its claims, stays inert text.
A screenshot is saved (to the test's folder, and to $HEALTHLINT_SCREENSHOT when set).

Chromium and chromedriver come from the Debian packages ``chromium`` and ``chromium-driver``
(the README's test command installs them); the test skips, saying why, only when they are
missing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import healthlint.nlp
from healthlint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_28791970a4afaebf.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1050",
)
# A file name and a text that would run script if the report let them become markup.
HOSTILE_NAME = '"><img src=x onerror="window.pwned=\'name\'">.txt'
HOSTILE_TEXT = """\
Hostile <script>window.pwned = 'title'</script> article

This detox is clinically proven <script>window.pwned = 'script'</script> to cure you.
A miracle! "><img src=x onerror="window.pwned = 'img'"> and <svg onload="window.pwned = 'svg'">
</textarea></div></mark><iframe src="javascript:window.pwned='iframe'"></iframe>
Studies show that 90% of adults <script>window.pwned = 'claim'</script> recover with this detox.
"""
HOSTILE_CLAIM = "<script>window.pwned = 'claim'</script>"


def _browser() -> tuple[str, str]:
    """Paths of Chromium and chromedriver, or a skip saying what is missing."""
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    binary = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    driver = shutil.which("chromedriver") or next(
        (p for p in ("/usr/lib/chromium/chromedriver",) if os.path.exists(p)), None
    )
    if binary is None or driver is None:
        pytest.skip(
            "no headless browser: install the Debian packages chromium and "
            "chromium-driver (apt-get install -y chromium chromium-driver)"
        )
    return binary, driver


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for this module, with a fresh profile."""
    binary, driver_path = _browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="healthlint-chromium-")
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def report(nlp, monkeypatch, tmp_path) -> Path:
    """`healthlint report` of the samples, the seed article and a hostile article."""
    monkeypatch.setattr(healthlint.nlp, "load_model", lambda name=None: nlp)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "samples", "samples")
    inputs = ["samples"]
    if SEED.exists():
        shutil.copy(SEED, "seed-article.txt")
        inputs.append("seed-article.txt")
    Path("hostile").mkdir()
    (Path("hostile") / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    inputs.append("hostile")
    result = CliRunner().invoke(
        cli, ["report", *inputs, "-o", "report.html"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "report.html"


def test_report_in_headless_chromium(browser, report, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    script = browser.execute_script

    assert script("return document.readyState") == "complete"
    articles = browser.find_elements(By.CSS_SELECTOR, "section.article")
    assert len(articles) == 4 + SEED.exists() + 1
    # Every article with findings has highlights, and they are coloured.
    for article in articles:
        if article.find_elements(By.CSS_SELECTOR, "li.finding"):
            assert article.find_elements(By.CSS_SELECTOR, ".source mark.hl")
    mark = browser.find_element(By.CSS_SELECTOR, "mark.hl.c-overclaim")
    assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")

    # The hostile article: its markup is text on the page, and none of it ran.
    assert script("return window.pwned") is None
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    assert not browser.find_elements(
        By.CSS_SELECTOR, "#articles img, #articles iframe, #articles svg, textarea"
    )
    hostile = articles[-1]
    assert HOSTILE_NAME in hostile.find_element(By.TAG_NAME, "h2").text
    source_text = hostile.find_element(By.CSS_SELECTOR, ".source").text
    assert "<script>window.pwned = 'script'</script>" in source_text
    assert '"><img src=x onerror="window.pwned = \'img\'">' in source_text
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors  # no blocked script, no failed load, no script error

    # Keyboard focus shows the finding's message, suggestion and rule.
    tip = browser.find_element(By.ID, "tip")
    assert not tip.is_displayed()
    focusable = browser.find_element(By.CSS_SELECTOR, "#a3 mark.hl.c-overclaim[tabindex='0']")
    item = browser.find_element(By.ID, focusable.get_attribute("aria-describedby").split()[0])
    script("arguments[0].focus()", focusable)
    assert tip.is_displayed()
    message = item.find_element(By.CSS_SELECTOR, ".msg").text
    assert message in tip.text and item.find_element(By.TAG_NAME, "code").text in tip.text
    assert "Suggestion:" in tip.text
    script("arguments[0].blur()", focusable)
    assert not tip.is_displayed()
    # And so does hovering.
    ActionChains(browser).move_to_element(focusable).perform()
    assert tip.is_displayed() and message in tip.text

    # Filters: without the overclaim category its highlights go, and its list entries hide.
    box = browser.find_element(By.CSS_SELECTOR, "input[name=category][value=overclaim]")
    script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    assert not browser.find_elements(By.CSS_SELECTOR, "mark.hl.c-overclaim:not(.off)")
    assert browser.find_elements(By.CSS_SELECTOR, "mark.hl:not(.off)")  # the others stay
    assert script(
        "return [...document.querySelectorAll('li.finding[data-category=overclaim]')]"
        ".every(li => getComputedStyle(li).display === 'none')"
    )
    box.click()
    assert browser.find_elements(By.CSS_SELECTOR, "mark.hl.c-overclaim:not(.off)")

    # Sorting the overview by findings, most first; then by the share of claims supported.
    heads = [
        th.text.strip() for th in browser.find_elements(By.CSS_SELECTOR, "table.overview thead th")
    ]

    def column(name: str) -> list[str]:
        return [
            cell.get_attribute("data-value")
            for cell in browser.find_elements(
                By.CSS_SELECTOR, f"table.overview tbody tr > :nth-child({heads.index(name) + 1})"
            )
        ]

    def sort_by(name: str):
        return browser.find_element(
            By.XPATH,
            f"//table[contains(@class,'overview')]//th[normalize-space()='{name}']//button",
        )

    header = sort_by("Findings")
    header.click()
    header.click()
    counts = [int(value) for value in column("Findings")]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(articles)
    sort_by("Claims supported").click()
    shares = [float(value) for value in column("Claims supported")]
    assert shares == sorted(shares) and len(shares) == len(articles)

    # Evidence: every article has its claim table, unsupported claims first.
    _check_evidence(browser, articles)

    # A screenshot of that sample's Evidence table (kept in the test's folder only).
    script(
        "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
        browser.find_element(By.ID, "a3-ev-h"),
    )
    evidence_shot = tmp_path / "report-evidence.png"
    assert browser.save_screenshot(str(evidence_shot))
    assert evidence_shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # A screenshot of the most flagged sample with a finding's tooltip open.
    script(
        "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});"
        "window.scrollBy({top: -8, behavior: 'instant'})",
        browser.find_element(By.ID, "a3"),
    )
    script("arguments[0].focus({preventScroll: true})", focusable)
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("HEALTHLINT_SCREENSHOT"):
        shutil.copy(shot, os.environ["HEALTHLINT_SCREENSHOT"])


def _focused_claim(browser, target: str):
    """The element that has the focus once it is the claim `target` (waits for the link)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(
        lambda b: b.execute_script("return document.activeElement.id") == target
    )
    return browser.switch_to.active_element


def _check_evidence(browser, articles) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    script = browser.execute_script
    for article in articles:
        rows = article.find_elements(By.CSS_SELECTOR, "table.evidence tbody tr")
        assert rows, article.find_element(By.TAG_NAME, "h2").text
        kinds = [row.get_attribute("class").split()[0] for row in rows]
        order = {"unsupported": 0, "supported": 1, "distanced": 2}
        assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)
        summary = article.find_element(By.CSS_SELECTOR, ".claims-summary").text
        assert "check-worthy claim" in summary and "supported" in summary
    assert "✗ no source" in articles[2].find_element(By.CSS_SELECTOR, "table.evidence").text

    # Keyboard: Enter on a row's link moves the focus to the claim, visibly, in the text.
    link = articles[2].find_element(By.CSS_SELECTOR, "table.evidence a.to-claim")
    target = link.get_attribute("hash").removeprefix("#")
    script("arguments[0].scrollIntoView({block: 'center'})", link)
    script("arguments[0].focus()", link)
    link.send_keys(Keys.ENTER)
    claim = _focused_claim(browser, target)
    assert "claim" in claim.get_attribute("class").split()
    assert script(
        "return arguments[0].closest('section.article .source') !== null "
        "&& arguments[0].matches(':target')",
        claim,
    )
    assert claim.value_of_css_property("outline-style") == "solid"
    assert float(claim.value_of_css_property("outline-width").removesuffix("px")) >= 2
    assert script(
        "var r = arguments[0].getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= window.innerHeight",
        claim,
    )

    # A click does the same, and the focused element is the row's sentence, in plain text.
    plain = next(a for a in articles if a.find_element(By.TAG_NAME, "h2").text.endswith(".txt"))
    row = plain.find_elements(By.CSS_SELECTOR, "table.evidence tbody tr")[-1]
    link = row.find_element(By.CSS_SELECTOR, "a.to-claim")
    script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    claim = _focused_claim(browser, link.get_attribute("hash").removeprefix("#"))
    sentence = row.find_element(By.CSS_SELECTOR, "td.sentence").text
    assert claim.text.split() == sentence.split()

    # The hostile article's claim shows its markup as text, and following its link runs none.
    hostile = articles[-1]
    cells = [cell.text for cell in hostile.find_elements(By.CSS_SELECTOR, "td.sentence")]
    assert any(HOSTILE_CLAIM in text for text in cells), cells
    link = hostile.find_element(By.CSS_SELECTOR, "table.evidence a.to-claim")
    script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    _focused_claim(browser, link.get_attribute("hash").removeprefix("#"))
    assert script("return window.pwned") is None
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
