"""Who a change is recorded against outside a staff request."""

from auditlog.context import set_extra_data


def system_actor(source):
    """Record changes made inside this block as done by the system (no user), naming what made them, e.g.
    `with system_actor("manage.py seed_site"):`. The admin shows them as "system (manage.py seed_site)"."""
    return set_extra_data({"actor": None, "additional_data": {"source": source}})
