"""API v1 URLs."""

urlpatterns: list = []
