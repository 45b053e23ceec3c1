"""Screenshots of the app's four tabs, each after its button was clicked and its result came back, for `59_app`.

Needs a browser and a driver that the project does not depend on:

    apt-get install chromium && pip install playwright     # Debian's Chromium, driven by Playwright (no browser download)
    python tools/app_screenshots.py                         # writes nbs/images/app_{generate,vary,interpolate,edit}.jpg

It serves the shipped model (or --model DIR) on a free local port, opens the page in headless Chromium, and for
each tab: opens it, sets the prompt where it has one, clicks its button, waits for the result, and saves the tab.
"""
import argparse, os, time
from pathlib import Path
from PIL import Image

PROMPT = 'a big green heart on the right and a pink dog'   # in the world, and two words that are not

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--model', default=None); ap.add_argument('--out', default='nbs/images'); ap.add_argument('--chromium', default='/usr/bin/chromium')
    ap.add_argument('--width', type=int, default=1100)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from unclip_nb.app import serve, TABS
    from unclip_nb.pipeline import UnCLIP
    demo = serve(UnCLIP.from_pretrained(a.model) if a.model else UnCLIP.load_default())
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, headless=True, args=flags)
            page = browser.new_page(viewport=dict(width=a.width, height=900))
            page.goto(demo.local_url); page.get_by_role('tab', name='Text to image').wait_for(timeout=60_000)   # the page is drawn
            for key, (title, _) in TABS.items():
                t0 = time.time()
                page.get_by_role('tab', name=title).click()
                panel = page.locator(f'#tab-{key}')
                if key == 'generate': panel.get_by_label('prompt').fill(PROMPT)
                panel.locator('button.primary').first.click()
                panel.locator('.grid-wrap img, .gallery img, [data-testid="gallery"] img').first.wait_for(timeout=300_000)
                page.wait_for_timeout(1500)   # the gallery's images finish loading
                png = out / f'app_{key}.png'
                page.screenshot(path=str(png), full_page=True)
                jpg = png.with_suffix('.jpg'); shrink(Image.open(png)).save(jpg, quality=70, optimize=True); png.unlink()
                print(f'{jpg}: {title} in {time.time() - t0:.0f} s, {jpg.stat().st_size // 1024} KB')
            browser.close()
    finally: demo.close()

def shrink(im, width: int = 900):
    "The screenshot in RGB, at most `width` px wide (the docs page shows it narrower still)."
    im = im.convert('RGB')
    return im.resize((width, round(im.height * width / im.width)), Image.LANCZOS) if im.width > width else im

if __name__ == '__main__': main()
