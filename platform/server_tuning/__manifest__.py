{
    'name': 'Server Tuning',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'summary': 'Connection pool, listen queue and request set-up of the Odoo server',
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['base'],
    'post_load': 'post_load',
}
