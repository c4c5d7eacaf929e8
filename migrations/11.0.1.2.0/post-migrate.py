"""11.0.1.2.0: sessions that ended before outcomes existed get one, from what
is stored: forwarded (the assignment trail), else answered or no answer (the
first answer's time). The bridges' tickets and leads are not looked at: an
upgraded database says "answered" for those chats."""


def set_outcomes(cr):
    cr.execute("""
        UPDATE mail_channel c
           SET livechat_outcome = CASE
                   WHEN EXISTS (SELECT 1 FROM livechat_assignment a
                                 WHERE a.session_id = c.id AND a.reason = 'forwarded')
                        THEN 'forwarded'
                   WHEN c.livechat_first_answer_at IS NOT NULL THEN 'answered'
                   ELSE 'no_answer' END
         WHERE c.channel_type = 'livechat_visitor' AND c.livechat_state = 'closed'
           AND c.livechat_outcome IS NULL""")
    return cr.rowcount


def migrate(cr, version):
    set_outcomes(cr)
