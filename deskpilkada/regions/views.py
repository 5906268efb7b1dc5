"""Region browser: a region's totals, its children with theirs, a village's TPS, and name search.

Every lookup goes through ``Region.objects.visible_to(user)``: a region out of scope is a 404. Roll-ups come
from grouped queries (``subtree_totals``, ``child_totals``), never from loops over rows.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from deskpilkada.accounts import access
from deskpilkada.elections.models import Election, PollingStation

from .models import Region
from .querysets import child_totals, subtree_totals

PAGE_SIZE = 50
EMPTY_TOTALS = {"districts": 0, "villages": 0, "tps": 0, "dpt": 0}


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@login_required
def index(request):
    """``?q=solok``: regions in scope whose name matches; without ``q``: the user's own top regions."""
    query = request.GET.get("q", "").strip()[:100]
    user = request.user
    if query:
        results = (
            Region.objects.visible_to(user)
            .search(query)
            .select_related("parent", "parent__parent", "parent__parent__parent")
        )
        return render(request, "regions/index.html", {"query": query, "page_obj": _page(request, results)})
    codes = access.scope_codes(user)
    top = Region.objects.provinces() if codes is None else Region.objects.filter(code__in=codes)
    top = top.select_related("parent", "parent__parent", "parent__parent__parent").order_by("code")
    return render(request, "regions/index.html", {"query": "", "top_regions": top})


@require_GET
@login_required
def detail(request, code: str):
    user = request.user
    region = get_object_or_404(Region.objects.visible_to(user).select_related("desk"), code=code)
    breadcrumb = [(ancestor, access.covers(user, ancestor.code)) for ancestor in region.ancestors()]
    context = {
        "region": region,
        "breadcrumb": breadcrumb,
        "totals": subtree_totals(region.code),
        "desk": getattr(region, "desk", None),
    }
    if region.is_village:
        stations = PollingStation.objects.visible_to(user).filter(village=region)
        election = Election.objects.current()
        if election is not None:
            stations = stations.filter(election=election)
        context["tps_page"] = _page(request, stations.order_by("number"))
    else:
        per_child = child_totals(region.code)
        children_page = _page(request, region.children.order_by("code"))
        context["children_page"] = children_page
        context["children"] = [(child, per_child.get(child.code, EMPTY_TOTALS)) for child in children_page]
        context["child_level"] = region.level + 1
    return render(request, "regions/detail.html", context)
