"""What a visitor downloads before the chat button shows (the loader and the init JSON),
and when the window first opens (its style and markup, and its forms' module).

Usage: python e2e/widget_weight.py [base url] [channel id] [page url]
Prints raw and transferred (gzip when the server compresses) bytes of each request.
"""
import gzip
import json
import sys
import urllib.parse
import urllib.request


def transfer(url):
    """(raw bytes, bytes on the wire, gzipped size) of one GET by a gzip-capable client."""
    request = urllib.request.Request(url, headers={'Accept-Encoding': 'gzip'})
    with urllib.request.urlopen(request, timeout=30) as response:
        wire = response.read()
        zipped = response.headers.get('Content-Encoding') == 'gzip'
    raw = gzip.decompress(wire) if zipped else wire
    return {'url': url, 'raw': len(raw), 'wire': len(wire), 'gzip': len(gzip.compress(raw, 9))}


def measure(base_url, channel_id, page_url='https://example.com/'):
    """Before the button."""
    return [
        transfer('%s/livechat/loader/%d.js' % (base_url, channel_id)),
        transfer('%s/livechat/init?%s' % (base_url, urllib.parse.urlencode(
            {'channel': channel_id, 'url': page_url}))),
    ]


def measure_window(base_url):
    """On first opening the window."""
    return [transfer('%s/livechat/window?lang=en_US' % base_url),
            transfer('%s/livechat/window.js' % base_url)]


if __name__ == '__main__':
    base = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:8069'
    channel = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rows = measure(base, channel, *sys.argv[3:4])
    for row in rows + measure_window(base):
        print('%(raw)7d B raw %(wire)7d B on the wire %(gzip)7d B gzipped  %(url)s' % row)
    print(json.dumps({'requests': len(rows), 'raw': sum(r['raw'] for r in rows),
                      'wire': sum(r['wire'] for r in rows),
                      'gzip': sum(r['gzip'] for r in rows)}))
