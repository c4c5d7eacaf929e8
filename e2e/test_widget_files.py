"""Files in the visitor's real widget (static/src/widget/window.js): sent by the
paperclip, a drop on the window and a paste; the operator's, sent as Odoo's
composer does, shown under their message (an image inline, anything else a
link that downloads it); the channel's limits told before anything is sent."""
import base64
import struct
import zlib

import pytest

from test_widget import make_channel, shot
from widget_pages import session_of, visitor_says, widget

PNG = base64.b64decode(  # 2 x 2 green pixels
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGPQ6w4HIgYIBQAdKgRBwvFrKQAAAABJRU5ErkJggg==')
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


def picture(width, height):
    """A real PNG of a green-to-teal gradient: big enough to be seen in the screenshot."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack(
            '>I', zlib.crc32(kind + data))
    rows = b''.join(b'\0' + bytes(channel for x in range(width) for channel in (
        40, 120 + 100 * x // width, 80 + 120 * y // height)) for y in range(height))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack(
        '>IIBBBBB', width, height, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + \
        chunk(b'IEND', b'')


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="9"/></svg>'


def open_window(page, site, base_url, channel, name):
    page.goto(site.page(name, base_url, channel))
    widget(page).locator('.lc-button').click()
    widget(page).locator('.lc-attach').wait_for()


def session_files(admin, session):
    """The session's attachments as Odoo keeps them: (name, mimetype), oldest first."""
    return [(a['datas_fname'], a['mimetype']) for a in admin.model(
        'ir.attachment', 'search_read',
        [('res_model', '=', 'mail.channel'), ('res_id', '=', session)],
        ['datas_fname', 'mimetype'], order='id')]


def operator_sends_files(admin, session, body, files):
    """As Odoo's composer does: each (name, bytes) uploaded first, then posted
    with the message."""
    attachments = [admin.model('ir.attachment', 'create', {
        'name': name, 'datas_fname': name, 'datas': base64.b64encode(content).decode(),
        'res_model': 'mail.compose.message', 'res_id': 0}) for name, content in files]
    admin.model('mail.channel', 'message_post', [session], body=body, message_type='comment',
                subtype='mail.mt_comment', attachment_ids=attachments)


def hand_over(page, event, target, name, content, mimetype, padding=0):
    """A file dropped or pasted: the event Chromium fires, with a DataTransfer
    holding it (``content`` then ``padding`` zero bytes)."""
    page.evaluate("""([event, target, name, bytes, padding, type]) => {
        const shadow = document.querySelector('livechat-widget').shadowRoot;
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes), new Uint8Array(padding)], name, {type}));
        const init = {bubbles: true, cancelable: true, composed: true};
        shadow.querySelector(target).dispatchEvent(event === 'paste'
            ? new ClipboardEvent('paste', {...init, clipboardData: data})
            : new DragEvent('drop', {...init, dataTransfer: data}));
    }""", [event, target, name, list(content), padding, mimetype])


@pytest.mark.delivery  # also through nginx: a file above its default 1 MB body
def test_the_visitor_sends_files_by_the_paperclip_a_drop_and_a_paste(
        admin, base_url, site, operator_online, page):
    channel = make_channel(admin)
    open_window(page, site, base_url, channel, 'files.html')
    with page.expect_file_chooser() as chooser:
        widget(page).locator('.lc-attach').click()
    chooser.value.set_files({'name': 'leaf.png', 'mimeType': 'image/png', 'buffer': PNG})
    image = widget(page).locator('.lc-mine img')
    image.wait_for()
    assert image.evaluate('image => image.naturalWidth') == 2  # drawn from the fetched bytes
    hand_over(page, 'drop', '.lc-window', 'invoice.pdf', PDF, 'application/pdf', 3 * 1024 * 1024)
    widget(page).locator('.lc-mine .lc-file', has_text='invoice.pdf').wait_for()
    hand_over(page, 'paste', '.lc-composer textarea', 'notes.txt', b'order 42', 'text/plain')
    widget(page).locator('.lc-mine .lc-file', has_text='notes.txt').wait_for()
    assert widget(page).locator('.lc-composer textarea').input_value() == ''  # no text pasted
    session = session_of(admin, channel)
    # only a raster image checked by its bytes keeps an image type, in Odoo too
    assert session_files(admin, session) == [
        ('leaf.png', 'image/png'), ('invoice.pdf', 'application/octet-stream'),
        ('notes.txt', 'application/octet-stream')]
    sizes = admin.model('ir.attachment', 'search_read', [
        ('res_model', '=', 'mail.channel'), ('res_id', '=', session)], ['file_size'], order='id')
    assert sizes[1]['file_size'] == len(PDF) + 3 * 1024 * 1024
    messages = admin.model('mail.message', 'search_read', [
        ('model', '=', 'mail.channel'), ('res_id', '=', session)], ['author_id', 'attachment_ids'])
    assert sum(len(m['attachment_ids']) for m in messages if not m['author_id']) == 3


def test_the_channel_limits_are_told_before_anything_is_sent(
        admin, base_url, site, operator_online, page):
    channel = make_channel(admin, file_max_size=1, file_types='png, pdf')
    uploads = []
    page.on('request', lambda request: uploads.append(request.url)
            if '/livechat/file' in request.url and request.method == 'POST' else None)
    open_window(page, site, base_url, channel, 'files-limits.html')
    assert widget(page).locator('.lc-composer [type=file]').get_attribute('accept') == '.pdf,.png'
    status = widget(page).locator('.lc-status')
    hand_over(page, 'drop', '.lc-window', 'setup.exe', b'MZ\x90\x00', 'application/x-msdownload')
    status.filter(has_text='This chat does not take files of this type.').wait_for()
    hand_over(page, 'drop', '.lc-window', 'scan.pdf', PDF, 'application/pdf', 1024 * 1024)
    status.filter(has_text='The file is larger than 1 MB.').wait_for()
    # what the server refuses by the bytes is told in its words
    hand_over(page, 'drop', '.lc-window', 'photo.png', b'<html>not an image</html>', 'image/png')
    status.filter(has_text='The file is not what its name or type says.').wait_for()
    assert len(uploads) == 1, 'the type and the size are checked before sending'
    assert session_files(admin, session_of(admin, channel)) == []


def test_the_operators_files_show_under_their_message(
        admin, base_url, site, operator_online, page, artifacts):
    channel = make_channel(admin)
    open_window(page, site, base_url, channel, 'files-operator.html')
    visitor_says(page, 'Can you send me the catalogue?')
    operator_sends_files(admin, session_of(admin, channel), 'Here you are', [
        ('tea.png', picture(200, 120)), ('catalogue.pdf', PDF), ('logo.svg', SVG)])
    reply = widget(page).locator('.lc-msg', has_text='Here you are')
    reply.locator('img').wait_for()
    assert reply.locator('img').count() == 1, 'only the raster image inline: not the SVG'
    assert reply.locator('.lc-file').all_inner_texts() == ['', 'catalogue.pdf', 'logo.svg']
    shot(page, artifacts, 'files')
    with page.expect_download() as download:
        reply.locator('.lc-file', has_text='catalogue.pdf').click()
    assert download.value.suggested_filename == 'catalogue.pdf'
    with open(download.value.path(), 'rb') as saved:
        assert saved.read() == PDF
    # a reload: the files come with the history
    page.reload()
    widget(page).locator('.lc-msg', has_text='Here you are').locator('img').wait_for()
