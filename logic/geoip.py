"""Country of an IP address from a MaxMind database (``geoip_database`` in the
Odoo configuration file). No database, no country: country rules never match."""
import functools
import ipaddress
import os


@functools.lru_cache(maxsize=4)
def _reader(path, mtime):
    import geoip2.database
    return geoip2.database.Reader(path)


def country_code(ip, database_path):
    if not ip or not database_path or not os.path.isfile(database_path):
        return None
    try:
        ipaddress.ip_address(ip)
        reader = _reader(database_path, os.path.getmtime(database_path))
        return reader.country(ip).country.iso_code
    except Exception:  # unknown address, private range, unreadable database
        return None
