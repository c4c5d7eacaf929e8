"""The visitor widget's texts (static/src/widget/loader.js holds none).

Each is marked with ``_()`` so that Odoo's export of terms
(runtime/i18n_export.sh) puts it in i18n/livechat.pot, and each language's
i18n/<lang>.po translates it; /livechat/init sends them in the visitor's
language, English where a language has no translation."""


def _(text):
    """Marks ``text`` for the export, which looks for calls of ``_``; the
    translation happens per language in :func:`translate_texts`."""
    return text


WIDGET_TEXTS = {
    'open': _('Open chat'),
    'minimize': _('Minimize chat'),
    'end': _('End chat'),
    'send': _('Send'),
    'message': _('Message'),
    'typing': _('%s is typing…'),
    'ended': _('The chat has ended.'),
    'rate': _('How was this chat?'),
    'good': _('Good'),
    'okay': _('Okay'),
    'bad': _('Bad'),
    'comment': _('Comment (optional)'),
    'thanks': _('Thank you for your feedback.'),
    'not_sent': _('Not sent. Please try again.'),
    'away': _('No one is available right now.'),
    'leave_message': _('Leave us a message and we will answer by e-mail.'),
    'name': _('Your name'),
    'email': _('Your e-mail'),
    'offline_sent': _('Thank you, your message was sent.'),
    'try_later': _('Please try again later.'),
    'dismiss': _('Close'),
    'unread': _('unread'),
    'mail_me': _('E-mail me this chat'),
    'mailed': _('The transcript is on its way to your inbox.'),
    'reply_minute': _('Typically replies in a minute'),
    'reply_minutes': _('Typically replies in %s minutes'),
    'phone': _('Your phone number'),
    'start': _('Start the chat'),
    'prechat': _('Before we start, tell us about you.'),
    'seen': _('Seen'),
    'new_message': _('New message'),
    'attach': _('Attach a file'),
    'file_type': _('This chat does not take files of this type.'),
    'too_large': _('The file is larger than %d MB.'),
    'queue': _('Every operator is busy: you are number %s in the queue.'),
}


# what the closed widget shows (button, badge, invitation): sent with /livechat/init;
# all of them come with the window when it first opens (/livechat/window)
BUTTON_TEXTS = ('open', 'unread', 'dismiss')


def translate_texts(translate):
    """The widget's texts through ``translate`` (English text -> the same in
    one language)."""
    return {key: translate(text) for key, text in WIDGET_TEXTS.items()}
