"""Who may see desk members' personal contact details (phone, e-mail).

The people of the desk structure at the desk's region or above see them; partner liaisons (staff of Bawaslu,
Polri, ...) see who sits on the desk, with the contacts masked. Pages and API share this rule.
"""

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role

CONTACT_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR)


def can_see_member_contacts(user, desk) -> bool:
    return access.has_role(user, desk.region.code, *CONTACT_ROLES)
