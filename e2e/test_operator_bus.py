"""What an operator's long poll listens to, on the real server: the sessions
still open or still in the operator's Discuss, not the ended ones the operator
has put away (controllers/bus.py, models/mail_channel_members.py)."""

import pytest

from conftest import OPERATOR_GROUPS, backend_user

pytestmark = pytest.mark.delivery  # also in the production layout (runtime/run_tests.py)


def new_operator(admin):
    user = backend_user(admin, 'listener', OPERATOR_GROUPS, 'Lia Listener')
    return user['client'], user['id'], user['partner_id']


def test_ended_sessions_put_away_are_not_listened_to(admin):
    client, uid, partner = new_operator(admin)
    sessions = {}
    for name, state, pinned in (('open', 'open', True), ('ended, in Discuss', 'closed', True),
                                ('ended, put away', 'closed', False)):
        session = admin.model('mail.channel', 'create', {
            'name': name, 'channel_type': 'livechat_visitor', 'public': 'private',
            'chat_operator_id': uid, 'channel_partner_ids': [(4, partner)]})
        # written while open: nobody may post in a session that ended
        admin.model('mail.channel', 'message_post', [session], body='note on ' + name,
                    message_type='comment', subtype='mail.mt_comment')
        admin.model('mail.channel', 'write', [session], {'livechat_state': state})
        members = admin.model('mail.channel.partner', 'search',
                              [('channel_id', '=', session), ('partner_id', '=', partner)])
        admin.model('mail.channel.partner', 'write', members, {'is_pinned': pinned})
        sessions[session] = name
    # last 0: the notifications of the bus's last 50 s on the channels listened to
    notifications = client.call('/longpolling/poll', {'channels': [], 'last': 0, 'options': {}})
    heard = {sessions[n['channel'][2]] for n in notifications
             if n['channel'][1:2] == ['mail.channel'] and n['channel'][2] in sessions}
    assert heard == {'open', 'ended, in Discuss'}
