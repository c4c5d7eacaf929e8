"""Files in a chat: which kinds a channel takes, what the bytes really are.
Plain functions, no ORM."""

DEFAULT_TYPES = 'png,jpg,jpeg,gif,webp,pdf,txt,csv,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,zip'
DEFAULT_MAX_MB = 10
OCTET = 'application/octet-stream'

# the raster images served inline, by their first bytes
IMAGES = {'png': 'image/png', 'jpeg': 'image/jpeg', 'gif': 'image/gif', 'webp': 'image/webp'}
# what an extension's bytes must be (other extensions a channel allows: not checked)
EXPECTED = {
    'png': 'png', 'jpg': 'jpeg', 'jpeg': 'jpeg', 'gif': 'gif', 'webp': 'webp', 'pdf': 'pdf',
    'zip': 'zip', 'docx': 'zip', 'xlsx': 'zip', 'pptx': 'zip', 'odt': 'zip', 'ods': 'zip',
    'odp': 'zip', 'doc': 'ole', 'xls': 'ole', 'ppt': 'ole', 'txt': 'text', 'csv': 'text',
}


def kind_of(data):
    """What the bytes are: 'png', 'jpeg', 'gif', 'webp', 'pdf', 'zip', 'ole', 'text' or None."""
    if data.startswith(b'\x89PNG\r\n\x1a\n'):
        return 'png'
    if data.startswith(b'\xff\xd8\xff'):
        return 'jpeg'
    if data[:6] in (b'GIF87a', b'GIF89a'):
        return 'gif'
    if data[:4] == b'RIFF' and data[8:12] == b'WEBP':
        return 'webp'
    if data.startswith(b'%PDF-'):
        return 'pdf'
    if data.startswith(b'PK\x03\x04'):
        return 'zip'
    if data.startswith(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'):
        return 'ole'
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        return None
    return 'text' if '\x00' not in text else None


def allowed_types(setting):
    """The extensions of a channel's setting ("png, .PDF"), lowercased, without dots."""
    return {part.strip().lstrip('.').lower() for part in (setting or '').split(',')} - {''}


def extension(name):
    return name.rsplit('.', 1)[1].lower() if '.' in name else ''


def verdict(name, declared, data, allowed):
    """(error code or None, stored mimetype): the mimetype is the image's real
    one for a checked raster image, else application/octet-stream, so that
    no viewer renders a visitor's HTML or SVG."""
    ext = extension(name)
    if ext not in allowed:
        return 'type_not_allowed', None
    kind = kind_of(data)
    expected = EXPECTED.get(ext)
    declared_image = (declared or '').lower().startswith('image/')
    if (expected and kind != expected) or (declared_image and kind not in IMAGES):
        return 'type_mismatch', None
    return None, IMAGES.get(kind, OCTET) if expected in IMAGES else OCTET
