"""Live chat logic that is not Odoo: plain functions, unit-tested on their own.

Models and controllers stay thin and call into these modules.
"""
