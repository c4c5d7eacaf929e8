{
    'name': 'Server Tuning',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'summary': 'Connection pool, listen queue and request set-up of the Odoo server',
    'description': """
Process-wide changes to Odoo 11's server, for every database it serves: the
long polling process waits for a database connection instead of failing, the
listening sockets take a burst of connections, and the public JSON routes that
addons declare in their manifest get plain JSON and a remembered database.
Load it as a server-wide module: --load=web,server_tuning.
""",
    'author': 'Live Chat for Odoo',
    'license': 'LGPL-3',
    'depends': ['base'],
    'post_load': 'post_load',
    'installable': True,
}
