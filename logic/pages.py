"""The pages a visitor saw during a session, as mail.channel.visitor_pages
keeps them: a JSON list of {"url", "title", "at"}, the oldest first."""
import json

MAX_PAGES_KEPT = 50  # enough to follow a visit; the column stays small


def read_pages(pages_json):
    """The stored list (a session that saw no page yet holds none)."""
    return json.loads(pages_json or '[]')


def add_page(pages_json, url, title, at):
    """The stored list, as JSON, with the page ``url`` seen at ``at`` last;
    the oldest pages beyond MAX_PAGES_KEPT are dropped."""
    pages = read_pages(pages_json)
    pages.append({'url': url, 'title': title or '', 'at': at})
    return json.dumps(pages[-MAX_PAGES_KEPT:])
