{
    'name': 'Live Chat - CRM',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'summary': 'Leads made from live chats with /lead',
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['livechat', 'crm'],
    'data': [
        'data/utm_source_data.xml',
        'views/crm_lead_views.xml',
        'views/livechat_session_views.xml',
    ],
    'auto_install': True,
}
