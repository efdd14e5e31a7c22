"""Cards in a real browser: hover, focus, tap, Esc, links inside, viewport, file://, axe."""

from __future__ import annotations

import re

import pytest

import browser
import paper

NOTE_PAGE, NOTE = "implications", "37"  # note 37 has a link inside it
MARKER = f'a.footnote-ref[href="#fn:{NOTE}"]'


@pytest.fixture()
def desktop(chromium, origin):
    with browser.watched_page(chromium, origin, **browser.DESKTOP) as (page, traffic):
        yield page, traffic
    assert not traffic.outside, f"requests left the site: {traffic.outside}"
    assert not traffic.console_errors, traffic.console_errors


def note_text(page, label: str) -> str:
    return page.eval_on_selector(
        f'li[id="fn:{label}"]',
        "li => { const c = li.cloneNode(true); c.querySelector('.footnote-backref')?.remove();"
        " return c.textContent.trim(); }")


def card(page):
    return page.locator(".edition-card")


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"]
            and box["y"] + box["height"] <= size["height"])


def test_hover_opens_the_note_and_pointer_can_move_into_it(desktop, origin):
    page, _ = desktop
    page.goto(f"{origin}/{NOTE_PAGE}/")
    marker = page.locator(MARKER)
    marker.scroll_into_view_if_needed()
    marker.hover()
    expect_open(page, NOTE)
    assert marker.get_attribute("aria-expanded") == "true"
    assert card(page).get_attribute("role") == "dialog"
    # Moving from the trigger into the card keeps it open (WCAG 1.4.13: hoverable).
    box = card(page).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(700)
    assert card(page).is_visible()
    assert in_viewport(page, card(page))
    browser.screenshot(page, "card-desktop-hover")
    page.keyboard.press("Escape")
    assert card(page).count() == 0
    assert marker.get_attribute("aria-expanded") == "false"


def expect_open(page, label: str) -> None:
    card(page).wait_for(state="visible", timeout=3000)
    expected = " ".join(note_text(page, label).split())
    shown = " ".join(card(page).inner_text().split())
    assert expected in shown, (expected, shown)


def test_pointer_leaving_closes_after_a_moment(desktop, origin):
    page, _ = desktop
    page.goto(f"{origin}/{NOTE_PAGE}/")
    page.locator(MARKER).hover()
    expect_open(page, NOTE)
    page.mouse.move(5, 5)
    card(page).wait_for(state="detached", timeout=3000)


def test_tab_focus_previews_enter_opens_tab_enters_the_card_and_its_link_works(desktop, origin):
    page, _ = desktop
    page.goto(f"{origin}/{NOTE_PAGE}/")
    page.locator("article h1 a.headerlink").focus()
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('{MARKER}')"):
            break
    else:
        pytest.fail("Tab never reached the note marker")
    expect_open(page, NOTE)
    # Focus previews the card; Enter opens it and moves into it (issue 19); Tab goes on inside.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.edition-card') !== null")
    assert focused, "Tab from the opened card should move to its links"
    for _ in range(5):  # past the citation link, to the note's own URL
        if page.evaluate("document.activeElement.href").startswith("https://www.brookings.edu/"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.edition-card') !== null")
    assert page.evaluate("document.activeElement.href").startswith("https://www.brookings.edu/")
    page.keyboard.press("Escape")
    assert card(page).count() == 0
    assert page.evaluate(f"document.activeElement.matches('{MARKER}')"), "focus returns to the marker"


def test_esc_keeps_a_hovered_card_closed_until_the_trigger_is_engaged_again(desktop, origin):
    page, _ = desktop
    page.goto(f"{origin}/{NOTE_PAGE}/")
    marker = page.locator(MARKER)
    marker.scroll_into_view_if_needed()
    marker.hover()
    expect_open(page, NOTE)
    page.keyboard.press("Escape")
    assert card(page).count() == 0
    # The pointer stays on the trigger, trembling a little: the card stays dismissed (1.4.13).
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 + 1, box["y"] + box["height"] / 2)
    page.wait_for_timeout(600)
    assert card(page).count() == 0
    assert marker.get_attribute("aria-expanded") == "false"
    # Keyboard focus reaching the trigger is a new engagement (issue 12), pointer still on it.
    marker.focus()
    expect_open(page, NOTE)
    assert marker.get_attribute("aria-expanded") == "false"  # a preview, until Enter (issue 19)
    page.keyboard.press("Escape")
    assert card(page).count() == 0
    page.wait_for_timeout(600)
    assert card(page).count() == 0
    # Focus away and back to the same trigger: by blur() and focus(), then by Tab and Shift+Tab.
    marker.blur()
    marker.focus()
    expect_open(page, NOTE)
    assert marker.get_attribute("aria-expanded") == "false"  # a preview, until Enter (issue 19)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate(f"document.activeElement.matches('{MARKER}')")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"document.activeElement.matches('{MARKER}')")
    expect_open(page, NOTE)
    assert marker.get_attribute("aria-expanded") == "false"
    # The pointer leaving and coming back opens it again too.
    page.keyboard.press("Escape")
    marker.blur()
    page.mouse.move(5, 5)
    marker.hover()
    expect_open(page, NOTE)
    assert marker.get_attribute("aria-expanded") == "true"


def test_every_marker_on_every_page_opens_its_own_note(desktop, origin):
    page, _ = desktop
    checked = 0
    for src in paper.PARTS["body"][2]:
        page.goto(f"{origin}/{src.removesuffix('.md')}/")
        labels = page.eval_on_selector_all("article a.footnote-ref", "as => as.map(a => a.textContent)")
        for label in labels:
            page.focus(f'a.footnote-ref[href="#fn:{label}"]')
            expect_open(page, label)
            # the card is named by its title, once (aria-labelledby)
            name = page.evaluate("""() => { const c = document.querySelector('.edition-card');
              const id = c.getAttribute('aria-labelledby');
              return id ? document.getElementById(id).textContent.trim() : c.getAttribute('aria-label'); }""")
            assert name == f"Note {label}", name
            page.keyboard.press("Escape")
            checked += 1
    assert checked == 78


def test_tap_on_a_phone_opens_then_follows(chromium, origin):
    with browser.watched_page(chromium, origin, **browser.PHONE) as (page, traffic):
        page.goto(f"{origin}/{NOTE_PAGE}/")
        marker = page.locator(MARKER)
        marker.scroll_into_view_if_needed()
        marker.tap()
        expect_open(page, NOTE)
        assert "#fn:" not in page.url, "the first tap opens the card, it does not jump"
        assert in_viewport(page, card(page))
        browser.screenshot(page, "card-phone-tap")
        marker.tap()
        page.wait_for_function("location.hash === '#fn:%s'" % NOTE)
    assert not traffic.outside and not traffic.console_errors, traffic


def test_cards_work_from_file_urls_without_network(chromium, offline_site):
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.goto((offline_site / f"{NOTE_PAGE}.html").as_uri())
        page.locator(MARKER).hover()
        expect_open(page, NOTE)
    assert not traffic.outside, traffic.outside
    assert not traffic.console_errors, traffic.console_errors


def test_without_javascript_a_marker_is_a_link_to_the_note(chromium, origin):
    context = chromium.new_context(java_script_enabled=False, **browser.DESKTOP)
    page = context.new_page()
    page.goto(f"{origin}/{NOTE_PAGE}/")
    page.locator(MARKER).click()
    assert page.url.endswith(f"#fn:{NOTE}")
    assert page.locator(".edition-card").count() == 0
    context.close()


def test_print_hides_cards_and_keeps_notes(desktop, origin):
    page, _ = desktop
    page.goto(f"{origin}/{NOTE_PAGE}/")
    page.locator(MARKER).focus()
    page.emulate_media(media="print")
    assert not page.locator(".edition-card").is_visible() if page.locator(".edition-card").count() else True
    assert page.locator(f'li[id="fn:{NOTE}"]').is_visible()


def test_reduced_motion_turns_off_the_animation(chromium, origin):
    context = chromium.new_context(reduced_motion="reduce", **browser.DESKTOP)
    page = context.new_page()
    page.goto(f"{origin}/{NOTE_PAGE}/")
    page.locator(MARKER).focus()
    card(page).wait_for(state="visible")
    assert page.eval_on_selector(".edition-card", "c => getComputedStyle(c).animationName") == "none"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(chromium, origin, scheme):
    from axe_playwright_python.sync_playwright import Axe
    import yaml
    from conftest import ROOT
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    context = chromium.new_context(color_scheme=scheme, **browser.DESKTOP)
    page = context.new_page()
    axe = Axe()
    failures = {}
    for item in config["nav"]:
        src = next(iter(item.values()))
        path = "" if src == "index.md" else src.removesuffix(".md") + "/"
        page.goto(f"{origin}/{path}")
        if scheme == "dark":
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        browser.read_through(page)  # the long lists' entries shown once (see read_through)
        # Open one card, so that the card itself is checked too.
        if page.locator("article a[data-card]").count():
            page.locator("article a[data-card]").first.focus()
            page.keyboard.press("Enter")  # opened, not a preview: its content is in the tree
            card(page).wait_for(state="visible")
            page.wait_for_timeout(300)  # past the fade-in, so contrast is measured as read
        results = axe.run(page)
        if results.violations_count:
            failures[src] = [(v["id"], len(v["nodes"]), v["nodes"][0]["target"])
                             for v in results.response["violations"]]
    context.close()
    assert not failures, failures


def test_a_card_steps_to_the_previous_and_next_use_by_keyboard(desktop, origin):
    """A citation card says where this use stands among the work's uses in the edition
    ("2 of 5") and links the previous and next uses; Tab reaches them, Enter follows."""
    page, _ = desktop
    page.goto(f"{origin}/notes/")
    # A work the notes cite at least three times: its second citation on the Notes page.
    key = page.evaluate("""() => {
        const seen = {};
        for (const a of document.querySelectorAll('article a.citation')) {
            const k = a.dataset.card; seen[k] = (seen[k] || []).concat(a.id);
        }
        return Object.keys(seen).find(k => seen[k].length >= 3);
    }""")
    links = page.locator(f'article a.citation[data-card="{key}"]')
    second = links.nth(1)
    total = page.eval_on_selector(f'template[id="{key}"]',
                                  "t => +t.content.querySelector('.card-uses').dataset.count")
    second.scroll_into_view_if_needed()
    second.focus()
    uses = card(page).locator(".card-uses")
    uses.wait_for(state="visible", timeout=3000)
    assert re.search(rf": 2 of {total}, ← previous, next →\.$", uses.inner_text()), uses.inner_text()
    browser.screenshot(page, "card-uses")
    third_id = links.nth(2).get_attribute("id")
    page.keyboard.press("Enter")  # the previewed card opened, focus in it
    page.keyboard.press("Tab")  # into the card: its first link ...
    for _ in range(8):  # ... on to "next"
        if page.evaluate("document.activeElement.textContent") == "next →":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Next use, 3 of {total}"
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#{third_id}'")
    # The reader goes on from there: the third use has the focus and its card says so.
    page.wait_for_function(f"document.activeElement.id === '{third_id}'")
    uses.wait_for(state="visible", timeout=3000)
    assert re.search(rf": 3 of {total}, ← previous, next →\.$|: 3 of 3, ← previous\.$",
                     uses.inner_text()), uses.inner_text()



# Each use the page's cards know (data-here: "anchor place previous next ..."), with its links.
CARD_LINKS = """() => [...document.querySelectorAll('.edition-card-templates template')].flatMap(t => {
    const p = t.content.querySelector('.card-uses'), f = p ? p.dataset.here.split(' ') : [], out = [];
    for (let i = 0; i + 3 < f.length; i += 4) out.push([t.id, f[i], f[i + 2], f[i + 3]]);
    return out;
})"""


@pytest.mark.parametrize("path", [src.removesuffix(".md") for src in paper.PARTS["body"][2]])
def test_next_stays_on_the_page_where_the_next_use_is_on_it(desktop, origin, site, path):
    """Issue 19: "next →" left for the Notes page when the next use was in a note at this page's
    foot. No card's previous or next link goes to a note on the Notes page that this page holds
    at its foot; and following "next" by keyboard lands on that use, on this page, its card open
    at the next place."""
    from bs4 import BeautifulSoup
    notes = BeautifulSoup((site / "notes" / "index.html").read_text(encoding="utf-8"), "lxml")
    page, _ = desktop
    page.goto(f"{origin}/{path}/")
    feet = set(page.eval_on_selector_all("article .footnote li[id^='fn:']", "ls => ls.map(l => l.id.slice(3))"))
    left = []
    for card_id, here, *links in page.evaluate(CARD_LINKS):
        for link in links:
            if link.startswith("../notes/#"):
                note = notes.find(id=link.split("#")[1]).find_parent("li", id=re.compile("^note-"))
                if note["id"].removeprefix("note-") in feet:
                    left.append((card_id, here, link, note["id"]))
    assert feet and not left, f"{len(left)} links leave for the Notes page: {left[:3]}"
    if path != "overview":
        return
    # As a reader does it: a work cited in two notes at the foot of Overview.
    first, second = page.evaluate("""() => {
        const seen = {};
        for (const a of document.querySelectorAll('article .footnote a.citation[data-card]')) {
            const k = a.dataset.card;
            if (seen[k] && seen[k].closest('li') !== a.closest('li')) return [seen[k].id, a.id];
            seen[k] = seen[k] || a;
        }
    }""")
    trigger = page.locator(f'[id="{first}"]')
    trigger.scroll_into_view_if_needed()
    trigger.focus()
    card(page).wait_for(state="visible")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    for _ in range(12):
        if page.evaluate("document.activeElement.textContent") == "next →":
            break
        page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    place = int(re.match(r"Next use, (\d+) of \d+$", label).group(1))
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#{second}'")
    assert page.url.split("#")[0] == f"{origin}/{path}/", page.url
    page.wait_for_function(f"document.activeElement.id === '{second}'")
    uses_line = card(page).locator(".card-uses")
    uses_line.wait_for(state="visible", timeout=3000)
    assert f": {place} of " in uses_line.inner_text(), uses_line.inner_text()
    browser.screenshot(page, "issue19-next-use-same-page")
