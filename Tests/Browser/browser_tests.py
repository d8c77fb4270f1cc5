"""Browser tests of the host console and the marketplace page, in Debian's headless chromium through chromedriver
(W3C WebDriver, driven by Selenium). Started by Tests/Browser/run.sh, which starts `packctl serve` on a fresh data
folder with three keys and builds the marketplace; see docs/console.md.

Environment: CONSOLE_URL, MARKETPLACE_DIR, SCREENSHOTS, KEY_ALICE (tenant acme, submit and approve), KEY_CAROL (tenant acme,
approve), KEY_BOB (tenant beta, every role), AXE_JS (path of axe.min.js).
Prints one line per test and a closing 'N passed, N failed'; exits 1 when any failed.
"""
import json
import os
import pathlib
import sys
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ["CONSOLE_URL"].rstrip("/")
SITE = pathlib.Path(os.environ["MARKETPLACE_DIR"])
SHOTS = pathlib.Path(os.environ["SCREENSHOTS"])
AXE = pathlib.Path(os.environ["AXE_JS"]).read_text()
KEYS = {name: os.environ["KEY_" + name.upper()] for name in ["alice", "carol", "bob"]}
WAIT = 60  # seconds; generous, the machine is loaded


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def wait(driver, condition, seconds=WAIT):
    return WebDriverWait(driver, seconds, poll_frequency=0.25).until(condition)


def accessible(driver, name):
    """Runs axe-core in the page; fails on any serious or critical violation."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    violations = [v for v in json.loads(result) if v.get("impact") in ("serious", "critical")]
    (SHOTS / f"{name}.axe.json").write_text(json.dumps(json.loads(result), indent=2))
    assert not violations, f"{name}: axe found " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v.get('nodes', [])][:3]}"
        for v in violations)


def shot(driver, name):
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def api(method, path, key, tenant, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + "/api/v1" + path, data=data, method=method,
                                     headers={"X-API-Key": key, "X-Tenant-ID": tenant,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.loads(response.read() or b"null")


def sign_in(driver, key, tenant):
    driver.get(URL + "/")
    field = wait(driver, EC.visibility_of_element_located((By.ID, "sign-in-key")))
    field.send_keys(key)
    driver.find_element(By.ID, "sign-in-tenant").send_keys(tenant)
    driver.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
    wait(driver, EC.visibility_of_element_located((By.ID, "nav")))
    storage = driver.execute_script(
        "return JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage), document.cookie])")
    assert key not in storage, "the key must not be kept in browser storage or a script-readable cookie"
    assert key not in driver.current_url


def test_sign_in_page_is_accessible(driver):
    driver.get(URL + "/")
    wait(driver, EC.visibility_of_element_located((By.ID, "sign-in-key")))
    shot(driver, "console-sign-in")
    accessible(driver, "console-sign-in")


def test_approve_as_another_principal_and_watch_the_run_finish(driver):
    run = api("POST", "/workflows/hello.greet-and-sign/runs", KEYS["alice"], "acme", {"name": "Ada"})["run_id"]
    # carol approves what alice asked for.
    sign_in(driver, KEYS["carol"], "acme")
    driver.get(URL + "/#/approvals")
    card = wait(driver, EC.visibility_of_element_located(
        (By.XPATH, f"//article[.//a[text()='{run}']]")))
    assert "alice" in card.text, card.text
    shot(driver, "console-approvals")
    accessible(driver, "console-approvals")
    reason = card.find_element(By.CSS_SELECTOR, "input[type=text]")
    reason.send_keys("greeting reviewed")
    card.find_element(By.XPATH, ".//button[text()='Approve']").click()
    wait(driver, EC.invisibility_of_element_located((By.XPATH, f"//article[.//a[text()='{run}']]")))
    driver.get(URL + f"/#/runs/{run}")
    wait(driver, lambda d: "succeeded" in d.find_element(By.ID, "run-status").text)
    svg = driver.find_element(By.CSS_SELECTOR, "svg.dag")
    assert svg.find_elements(By.CSS_SELECTOR, "g[data-step='sign']"), "the DAG shows the sign step"
    assert "job.hello.guestbook.sign" in driver.find_element(By.ID, "page").text
    shot(driver, "console-run")
    accessible(driver, "console-run")
    driver.get(URL + "/#/runs")
    wait(driver, EC.visibility_of_element_located((By.XPATH, f"//a[text()='{run}']")))
    Select(driver.find_element(By.NAME, "status")).select_by_value("succeeded")
    driver.find_element(By.XPATH, "//form//button[text()='Filter']").click()
    wait(driver, lambda d: "status=succeeded" in d.current_url)
    wait(driver, EC.visibility_of_element_located((By.XPATH, f"//a[text()='{run}']")))
    shot(driver, "console-runs")
    accessible(driver, "console-runs")


def test_the_requester_cannot_approve_their_own_run(driver):
    run = api("POST", "/workflows/hello.greet-and-sign/runs", KEYS["alice"], "acme", {"name": "Bo"})["run_id"]
    sign_in(driver, KEYS["alice"], "acme")
    driver.get(URL + "/#/approvals")
    card = wait(driver, EC.visibility_of_element_located((By.XPATH, f"//article[.//a[text()='{run}']]")))
    card.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("mine")
    card.find_element(By.XPATH, ".//button[text()='Approve']").click()
    wait(driver, lambda d: "cannot grant it" in card.find_element(By.CSS_SELECTOR, "p.error").text)
    shot(driver, "console-self-approval-refused")


def test_another_tenant_sees_none_of_it(driver):
    sign_in(driver, KEYS["bob"], "beta")
    driver.get(URL + "/#/approvals")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "page"), "Nothing is waiting"))
    assert not driver.find_elements(By.CSS_SELECTOR, "article[data-approval]")
    driver.get(URL + "/#/runs")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "page"), "No run matches"))
    driver.get(URL + "/#/audit")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "page"), "records of tenant beta"))
    assert "acme" not in driver.find_element(By.ID, "page").text
    shot(driver, "console-audit")
    accessible(driver, "console-audit")
    driver.get(URL + "/#/packs")
    wait(driver, EC.visibility_of_element_located((By.XPATH, "//a[text()='hello']")))
    shot(driver, "console-packs")
    accessible(driver, "console-packs")
    driver.get(URL + "/#/packs/hello")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "page"), "Policy simulations"))
    wait(driver, lambda d: "pass" in d.find_element(By.ID, "page").text)
    shot(driver, "console-pack")
    accessible(driver, "console-pack")


def test_image_artifacts_show_as_pictures(driver):
    # A 2x2 red PNG stored as an artifact of tenant beta, named in a job's input.
    png = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="
    pointer = api("POST", "/artifacts", KEYS["bob"], "beta",
                  {"content_base64": png, "content_type": "image/png"})["artifact_ptr"]
    run = api("POST", "/workflows/hello.greet/runs", KEYS["bob"], "beta", {"name": pointer})["run_id"]
    sign_in(driver, KEYS["bob"], "beta")
    driver.get(URL + f"/#/runs/{run}")
    wait(driver, lambda d: "succeeded" in d.find_element(By.ID, "run-status").text)
    image = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "img.artifact")))
    wait(driver, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 2)
    assert pointer in image.get_attribute("alt")
    shot(driver, "console-run-artifact")
    accessible(driver, "console-run-artifact")


def test_a_runs_report_shows_as_text(driver):
    # A tenant workflow whose artifact step stores a Markdown report with markup in it: shown as text, never as HTML.
    api("POST", "/workflows", KEYS["bob"], "beta", {
        "id": "beta.report", "steps": {"report": {"type": "artifact", "input": {
            "name": "notes.md", "content": "# Notes for ${input.name}\n\n<b id='injected'>not bold</b>"}}}})
    run = api("POST", "/workflows/beta.report/runs", KEYS["bob"], "beta", {"name": "Ada"})["run_id"]
    sign_in(driver, KEYS["bob"], "beta")
    driver.get(URL + f"/#/runs/{run}")
    wait(driver, lambda d: "succeeded" in d.find_element(By.ID, "run-status").text)
    report = wait(driver, EC.visibility_of_element_located((By.XPATH, "//h2[text()='Reports']/following::pre[1]")))
    assert report.text.startswith("# Notes for Ada"), report.text
    assert "<b id='injected'>" in report.text
    assert not driver.find_elements(By.ID, "injected"), "an artifact's text must never become markup"
    assert "notes.md" in driver.find_element(By.XPATH, "//h2[text()='Reports']/following::summary[1]").text
    shot(driver, "console-run-report")
    accessible(driver, "console-run-report")


def test_marketplace_lists_filters_and_opens_a_pack(driver):
    packs = sorted(p.name for p in (SITE / "packs").iterdir() if (p / "index.html").exists())
    catalog = json.loads((SITE / "catalog.json").read_text())
    assert packs == sorted({entry["id"] for entry in catalog["packs"]}), packs
    driver.get((SITE / "index.html").as_uri())
    cards = driver.find_elements(By.CSS_SELECTOR, "#cards > li")
    assert sorted(c.get_attribute("data-pack") for c in cards) == packs
    shot(driver, "marketplace")
    accessible(driver, "marketplace")
    driver.find_element(By.ID, "search").send_keys("guestbook")
    wait(driver, lambda d: [c.get_attribute("data-pack") for c in cards if c.is_displayed()] == ["hello"])
    driver.find_element(By.ID, "search").clear()
    driver.find_element(By.ID, "search").send_keys(" ")
    Select(driver.find_element(By.ID, "risk")).select_by_value("approval")
    wait(driver, lambda d: all(("approval" in c.get_attribute("data-risk")) == c.is_displayed() for c in cards))
    Select(driver.find_element(By.ID, "risk")).select_by_value("")
    wait(driver, lambda d: all(c.is_displayed() for c in cards))
    driver.find_element(By.CSS_SELECTOR, "#cards > li[data-pack='hello'] h2 a").click()
    wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "packctl install --catalog"))
    assert "job.hello.guestbook.sign" in driver.find_element(By.TAG_NAME, "main").text
    shot(driver, "marketplace-hello")
    accessible(driver, "marketplace-hello")


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    tests = [test_sign_in_page_is_accessible, test_approve_as_another_principal_and_watch_the_run_finish,
             test_the_requester_cannot_approve_their_own_run, test_another_tenant_sees_none_of_it,
             test_image_artifacts_show_as_pictures, test_a_runs_report_shows_as_text,
             test_marketplace_lists_filters_and_opens_a_pack]
    passed = failed = 0
    for test in tests:
        driver = browser()
        try:
            test(driver)
            passed += 1
            print(f"PASS {test.__name__}", flush=True)
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"FAIL {test.__name__}", flush=True)
            traceback.print_exc()
            try:
                shot(driver, "FAILED-" + test.__name__)
            except Exception:  # noqa: BLE001
                pass
        finally:
            driver.quit()
    print(f"screenshots: {SHOTS}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
