"""The pages a visitor saw during a session, as mail.channel.visitor_pages
keeps them: a JSON list of {"url", "title", "at"}, the oldest first."""
import json

MAX_PAGES_KEPT = 50  # enough to follow a visit; the column stays small


def read_pages(pages_json):
    """The stored list (a session that saw no page yet holds none)."""
    return json.loads(pages_json or '[]')


def add_page(pages_json, url, title, at, seen=None):
    """The stored list, as JSON, with the page ``url`` seen at ``at`` (server
    time), and whether it is now the visitor's current page (the last one).

    ``seen`` is when the widget loaded that page (the browser's clock, in ms):
    a report cut off by the visitor's next navigation can still reach the
    server after the next page's own, so a page goes in before the pages the
    browser loaded after it. Pages without ``seen`` (older widgets) keep their
    arrival order. The oldest pages beyond MAX_PAGES_KEPT are dropped."""
    pages = read_pages(pages_json)
    entry = {'url': url, 'title': title or '', 'at': at}
    position = len(pages)
    if seen is not None:
        entry['seen'] = seen
        while position and pages[position - 1].get('seen', -1) > seen:
            position -= 1
    pages.insert(position, entry)
    return json.dumps(pages[-MAX_PAGES_KEPT:]), position == len(pages) - 1
