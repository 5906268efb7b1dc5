"""Health check: answers whether the database is reachable, for load balancers and monitoring."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
