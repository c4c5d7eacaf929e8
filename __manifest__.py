{
    'name': 'Live Chat',
    'version': '11.0.1.1.0',
    'category': 'Website',
    'sequence': 210,
    'summary': 'Chat in real time with the visitors of your websites',
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['mail', 'bus', 'website'],
    'external_dependencies': {'python': ['re2']},  # google-re2: rule URL matching
    'data': [
        'security/livechat_security.xml',
        'security/ir.model.access.csv',
        'data/livechat_channel_data.xml',
        'data/livechat_message_subtype.xml',
        'views/livechat_menus.xml',
        'data/livechat_cron_data.xml',
        'views/livechat_support_templates.xml',
        'security/livechat_rules.xml',
        'views/livechat_channel_views.xml',
        'views/livechat_channel_rule_views.xml',
        'views/livechat_operator_views.xml',
        'views/res_config_settings_views.xml',
        'views/livechat_templates.xml',
        'data/livechat_session_cron.xml',
        'wizard/livechat_transcript_wizard_views.xml',
        'views/livechat_session_views.xml',
        'report/livechat_report_views.xml',
        'views/livechat_canned_response_views.xml',
        'data/livechat_block_data.xml',
        'views/livechat_block_views.xml',
    ],
    'qweb': [
        'static/src/xml/operator_chat.xml',
    ],
    'demo': [
        'data/livechat_canned_response_demo.xml',
    ],
    # the public JSON API (controllers/cors.py), served faster by
    # platform/server_tuning when loaded
    'public_json_api': {'paths': ['/livechat/'], 'except': ['/livechat/operator/']},
    'uninstall_hook': 'uninstall_hook',
    'application': True,
}
