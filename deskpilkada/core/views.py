"""Health check for load balancers, and the home page: the user's regions, today's date and stage."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from deskpilkada.accounts.models import Assignment
from deskpilkada.desks.models import Desk
from deskpilkada.elections.models import Election

from . import clock


@never_cache
@require_GET
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": "reachable",
            "database_vendor": connection.vendor,
            "now": clock.now().isoformat(),
            "exercise_date": (d.isoformat() if (d := clock.exercise_date()) else None),
        }
    )


@require_GET
@login_required
def home(request):
    """Where the day starts: my regions and desks, today's date, H-n and the stages under way."""
    assignments = list(
        Assignment.objects.for_user(request.user).annotate(
            has_desk=Exists(Desk.objects.filter(region=OuterRef("region")))
        )
    )
    # The day is the local day of the user's first region (WIB unless that region lies in WITA/WIT).
    zone_name = assignments[0].region.timezone if assignments else "WIB"
    today = clock.today(zone_name)
    election = Election.objects.current()
    days_to_voting = stages = None
    if election is not None:
        days_to_voting = election.days_to_voting(today)
        stages = list(election.stages_on(today).select_related("parent"))
    return render(
        request,
        "core/home.html",
        {
            "assignments": assignments,
            "today": today,
            "zone_name": zone_name,
            "election": election,
            "days_to_voting": days_to_voting,
            "days_left": -days_to_voting if days_to_voting is not None else None,
            "stages": stages,
        },
    )
