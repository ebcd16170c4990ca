"""Screenshots of the pages that first-time users stumbled on, in two languages, for the docs.

Run against the demo (``make run`` in another terminal), then look at the PNGs in this folder:

    .venv/bin/python docs/screens/capture.py [http://127.0.0.1:8000]

Signs in as the demo innovator (``ncc_portal/data/demo/users.yaml``) and uses Debian's Chromium.
"""

import sys
from pathlib import Path

import yaml
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PASSWORD = yaml.safe_load((ROOT / "ncc_portal/data/demo/users.yaml").read_text())["password"]

# (file name, address, what to do before the picture, viewport width)
SCREENS = [
    ("home-next-steps-{lang}.png", "/{lang}/", None, 1280),
    ("account-menu-{lang}.png", "/{lang}/accounts/profile/", None, 1280),
    ("account-menu-phone-{lang}.png", "/{lang}/accounts/profile/", None, 375),
    ("error-summary-{lang}.png", "/{lang}/organisations/new/", "submit", 1280),
    ("region-picker-{lang}.png", "/{lang}/initiatives/new/", "regions", 1280),
    ("mentoring-{lang}.png", "/{lang}/mentoring/", None, 1280),
    ("advice-{lang}.png", "/{lang}/advice/", None, 1280),
]


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for language in ["et", "de"]:
            for name, path, action, width in SCREENS:
                context = browser.new_context(
                    base_url=BASE, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                page.goto(f"/{language}/accounts/login/")
                page.fill("input[name=login]", "innovator@ncc-demo.example")
                page.fill("input[name=password]", PASSWORD)
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
                page.goto(path.format(lang=language))
                if action == "submit":
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_selector("[data-error-summary]")
                elif action == "regions":
                    page.select_option("select[name=country]", "EE")
                    page.fill("[data-region-search]", "eesti")
                    page.locator("[data-region-picker]").scroll_into_view_if_needed()
                target = HERE / name.format(lang=language)
                page.screenshot(path=target)
                # Small files: 64 colours are plenty for pages of text.
                Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
