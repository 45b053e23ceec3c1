"""Look at the built site as a reader does: headless Chromium opens pages from the files (no server), searches, and
saves screenshots. Needs Playwright and a Chromium (neither is a project dependency).

    mkdocs build && python tools/site_screenshots.py OUT_DIR [--chromium /usr/bin/chromium] [--jpeg]

Writes OUT_DIR/site_page.png (05_diffusion, the top), site_search.png (the search box with a query typed) and
site_api.png (the end of 10_clip: its API and the previous/next links), and prints how many results the search
found and how many code boxes still scroll sideways.
"""
import argparse
from pathlib import Path
from playwright.sync_api import sync_playwright

SITE = Path(__file__).resolve().parents[1] / 'docs'

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('out'); p.add_argument('--chromium', default='/usr/bin/chromium')
    p.add_argument('--jpeg', action='store_true', help='keep JPEGs (quality 55) instead of PNGs, as in bench/site/')
    a = p.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=a.chromium, args=['--no-sandbox'])
        pg = b.new_page(viewport={'width': 1280, 'height': 900})
        pg.goto((SITE / '05_diffusion.html').as_uri()); pg.wait_for_timeout(1500)
        pg.screenshot(path=out / 'site_page.png')
        pg.fill('input.md-search__input', 'classifier-free guidance'); pg.wait_for_timeout(3000)
        pg.screenshot(path=out / 'site_search.png')
        print('search results shown:', pg.locator('.md-search-result__item').count())
        pg.goto((SITE / '10_clip.html').as_uri()); pg.wait_for_timeout(1000)
        pg.evaluate('window.scrollTo(0, document.body.scrollHeight)'); pg.wait_for_timeout(500)
        pg.screenshot(path=out / 'site_api.png')
        wide = pg.evaluate("Array.from(document.querySelectorAll('.jupyter-wrapper pre')).filter(e => e.scrollWidth > e.clientWidth + 1).length")
        print('code boxes that scroll sideways on 10_clip:', wide, 'of', pg.evaluate("document.querySelectorAll('.jupyter-wrapper pre').length"))
        b.close()
    if a.jpeg:
        from PIL import Image
        for png in [out / f'site_{n}.png' for n in ('page', 'search', 'api')]:
            Image.open(png).convert('RGB').save(png.with_suffix('.jpg'), quality=55, optimize=True); png.unlink()

if __name__ == '__main__': main()
