"""A readable "Browser on System" from a User-Agent header, for the operator."""
import re

# order matters: several browsers name others in their user agent
_BROWSERS = [
    ('Edge', r'Edg(?:e|A|iOS)?/([\d]+)'),
    ('Opera', r'(?:OPR|Opera)/([\d]+)'),
    ('Samsung Internet', r'SamsungBrowser/([\d]+)'),
    ('Firefox', r'(?:Firefox|FxiOS)/([\d]+)'),
    ('Chrome', r'(?:Chrome|CriOS)/([\d]+)'),
    ('Safari', r'Version/([\d]+)[\d.]* (?:Mobile/\S+ )?Safari/'),
]
_SYSTEMS = [
    ('Android', r'Android'),
    ('iOS', r'iPhone|iPad|iPod'),
    ('Windows', r'Windows'),
    ('macOS', r'Mac OS X|Macintosh'),
    ('ChromeOS', r'CrOS'),
    ('Linux', r'Linux'),
]


def describe(user_agent):
    """'Firefox 120 on Windows', 'Safari 17 on iOS', or '' when unknown."""
    user_agent = user_agent or ''
    browser = next(('%s %s' % (name, match.group(1)) for name, pattern in _BROWSERS
                    for match in [re.search(pattern, user_agent)] if match), '')
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), '')
    if browser and system:
        return '%s on %s' % (browser, system)
    return browser or system
