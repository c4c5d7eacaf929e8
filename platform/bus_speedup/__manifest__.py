{
    'name': 'Bus Speed-up',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'summary': "Odoo's bus and every long poll's channel lookup, lighter",
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['bus', 'mail'],
}
