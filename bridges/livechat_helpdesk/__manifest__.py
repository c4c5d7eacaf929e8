{
    'name': 'Live Chat - Helpdesk',
    'version': '11.0.1.0.0',
    'category': 'After-Sales',
    'summary': 'Live chat for Helpdesk teams, and tickets made from chats',
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['livechat', 'helpdesk_mgmt'],
    'data': [
        'data/helpdesk_ticket_channel_data.xml',
        'views/helpdesk_ticket_team_views.xml',
        'views/helpdesk_ticket_views.xml',
    ],
    'auto_install': True,
}
