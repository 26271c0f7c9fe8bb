"""axe-core in every browser journey: each page a journey shows, and each htmx swap on it, is checked against
WCAG 2.1 A and AA, and the journey fails with the list of violations.

axe-core comes from node_modules (a development dependency) and is evaluated into the page through the
DevTools protocol, which the page's Content-Security-Policy does not govern: users are never served it and the
policy stays as strict as it is.

How every page gets checked without a journey asking for it: before each action a journey takes (a click, a fill,
a `goto`...) and when it ends, the page the action is about to leave is checked if it has not been yet, i.e. once
per document, and again after each htmx swap or other change of its elements. The page is then in the state the
journey has just waited for (its `expect` has passed), so the check sees what a user would see, and never races a
navigation.
"""

import functools
import json
import os
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

# The rules of WCAG 2.0 and 2.1, levels A and AA (China's GB/T 37668-2019 follows WCAG 2.0 AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

AXE_SOURCE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

# Actions after which the page may have changed, on a page or on a locator. The check runs before each, on the
# page as the journey left it.
PAGE_ACTIONS = (
    "goto",
    "reload",
    "go_back",
    "go_forward",
    "click",
    "dblclick",
    "fill",
    "press",
    "type",
    "check",
    "uncheck",
    "select_option",
    "set_input_files",
    "close",
)
LOCATOR_ACTIONS = (
    "click",
    "dblclick",
    "tap",
    "fill",
    "clear",
    "press",
    "press_sequentially",
    "type",
    "check",
    "uncheck",
    "set_checked",
    "select_option",
    "set_input_files",
    "dispatch_event",
    "drag_to",
)

# Runs in the page. A document is checked once; an htmx swap marks it to be checked again. Pages that are not
# HTML (a PDF, a downloaded file shown by the browser) and the blank page a tab opens on are not the portal's
# markup and are left alone.
CHECK = """
async (tags) => {
  if (location.protocol === 'about:' || document.contentType !== 'text/html' || window.__a11yClean) return null;
  if (document.readyState !== 'complete') {
    await new Promise((resolve) => window.addEventListener('load', resolve, {once: true}));
  }
  // A button under the mouse may be mid-way through its hover transition, which the browser may start a moment
  // after the page loads: colours are read once the page's finite animations have ended (a second at most).
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let round = 0; round < 5; round++) {
    await pause(50);
    const running = document.getAnimations()
      .filter((animation) => animation.playState === 'running' && animation.effect
        && animation.effect.getComputedTiming().iterations !== Infinity)
      .map((animation) => animation.finished.catch(() => null));
    if (running.length === 0) break;
    await Promise.race([Promise.all(running), pause(500)]);
  }
  window.__a11yClean = true;
  if (!window.__a11yListening) {
    window.__a11yListening = true;
    document.addEventListener('htmx:afterSettle', () => { window.__a11yClean = false; });
    // A page's own scripts change it too (an upload's line updated in place): any element added or removed.
    new MutationObserver(() => { window.__a11yClean = false; })
      .observe(document.body, {childList: true, subtree: true});
  }
  const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  const results = await window.axe.run(document, options);
  const violations = results.violations.flatMap((violation) => violation.nodes.map((node) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    target: node.target.join(' '),
    summary: node.failureSummary,
  })));
  return {lang: document.documentElement.lang, violations};
}
"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    url: str
    target: str
    summary: str


class AccessibilityAudit:
    """The violations found on the pages of one test; `check(page)` audits a page if it changed since."""

    def __init__(self, test: str = "") -> None:
        self.test = test
        self.violations: list[Violation] = []
        self.pages_checked = 0
        self.pages: weakref.WeakSet = weakref.WeakSet()
        self._checking = False
        self._source = AXE_SOURCE_PATH.read_text(encoding="utf-8")

    def check(self, page: Page) -> None:
        if self._checking or page.is_closed():
            return
        self.pages.add(page)
        self._checking = True  # the check's own evaluate calls are not actions to check before
        try:
            if not page.evaluate("() => window.__a11yClean === true || typeof window.axe !== 'undefined'"):
                page.evaluate(self._source)
            found = page.evaluate(CHECK, WCAG_TAGS)
        except PlaywrightError as error:
            # The document went away under the check (a navigation the journey started without waiting for it):
            # the next document is checked at the next action.
            if "context was destroyed" in str(error) or "Target page" in str(error) or "navigat" in str(error):
                return
            raise
        finally:
            self._checking = False
        if found is None:
            return
        self.pages_checked += 1
        url = page.url
        if log := os.environ.get("A11Y_LOG"):  # a file collecting the pages checked in a whole run
            with open(log, "a", encoding="utf-8") as file:
                file.write(json.dumps({"checked": url, "lang": found["lang"], "test": self.test}) + "\n")
        for item in found["violations"]:
            violation = Violation(url=url, **item)
            if violation not in self.violations:
                self.violations.append(violation)
                if log := os.environ.get("A11Y_LOG"):  # a file collecting the violations of a whole run
                    with open(log, "a", encoding="utf-8") as file:
                        file.write(json.dumps(asdict(violation)) + "\n")

    def finish(self) -> None:
        for page in list(self.pages):
            if not page.is_closed():
                self.check(page)

    def report(self) -> str:
        """The violations, one entry per rule and element, naming every page it was found on."""
        grouped: dict[tuple, list[Violation]] = {}
        for violation in self.violations:
            grouped.setdefault((violation.rule, violation.target), []).append(violation)
        pages = len({violation.url for violation in self.violations})
        lines = [
            f"{len(self.violations)} accessibility violation(s) (axe-core, {', '.join(WCAG_TAGS)}) "
            f"on {pages} of the {self.pages_checked} page states checked:"
        ]
        for (rule, target), found in grouped.items():
            first = found[0]
            lines.append(f"[{first.impact}] {rule} at {target}")
            lines.append(f"    {first.help}: {' '.join(first.summary.split())}")
            lines.extend(f"    on {violation.url}" for violation in found)
        return "\n".join(lines)


def _checked_before(audit: AccessibilityAudit, method, page_of):
    @functools.wraps(method)
    def action(self, *args, **kwargs):
        audit.check(page_of(self))
        return method(self, *args, **kwargs)

    return action


def install(audit: AccessibilityAudit, monkeypatch) -> None:
    """Check the page before every action a journey takes on a Page or a Locator, for this test."""
    for name in PAGE_ACTIONS:
        monkeypatch.setattr(Page, name, _checked_before(audit, getattr(Page, name), lambda page: page))
    for name in LOCATOR_ACTIONS:
        monkeypatch.setattr(Locator, name, _checked_before(audit, getattr(Locator, name), lambda locator: locator.page))
