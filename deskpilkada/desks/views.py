"""Desk pages: the desks a user can see, and one desk with its members in the order of its decree.

Desks are looked up through ``Desk.objects.visible_to(user)`` (out of scope or none = 404). Members' phone
numbers and e-mail addresses follow deskpilkada.desks.privacy.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Desk, DeskMember
from .privacy import can_see_member_contacts


@require_GET
@login_required
def index(request):
    desks = Desk.objects.visible_to(request.user).with_region().order_by("region__code")
    return render(request, "desks/index.html", {"desks": desks})


@require_GET
@login_required
def detail(request, code: str):
    user = request.user
    desk = get_object_or_404(Desk.objects.visible_to(user).with_region(), region__code=code)
    members = DeskMember.objects.filter(desk=desk).in_structure_order()
    child_desks = Desk.objects.none()
    if desk.region.level == 1:
        child_desks = (
            Desk.objects.visible_to(user).with_region().filter(region__parent=desk.region).order_by("region__code")
        )
    return render(
        request,
        "desks/detail.html",
        {
            "desk": desk,
            "members": members,
            "show_contacts": can_see_member_contacts(user, desk),
            "child_desks": child_desks,
        },
    )
