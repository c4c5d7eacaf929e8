{
    'name': 'Bus Speed-up',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'summary': "Odoo's bus and every long poll's channel lookup, lighter",
    'description': """
For every module that sends on Odoo's bus or polls it: a poll reads its
notifications in one query, a notification is written with one INSERT and
announced through a connection each process keeps, old rows are collected
after the commit; and a user's channels are found by membership first.
The same answers as Odoo's own, its tests compare them.
""",
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['bus', 'mail'],
    'installable': True,
}
