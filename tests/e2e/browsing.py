"""What the browser tests share: the desktop viewport and the page's console errors."""

from playwright.sync_api import Page, ViewportSize

DESKTOP: ViewportSize = {"width": 1100, "height": 900}


def console_errors(page: Page) -> list[str]:
    """The page's console errors from now on (a list the page keeps filling)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors
