"""A small region tree for the engine's table tests (the real one is loaded by the evaluation test)."""

from __future__ import annotations

import pytest

from deskpilkada.media.engine.places import Gazetteer

TREE = [
    ("13", "Sumatera Barat", "provinsi"),
    ("13.02", "Kabupaten Solok", "kabupaten"),
    ("13.02.07", "Gunung Talang", "kecamatan"),
    ("13.02.07.2001", "Cupak", "desa"),
    ("13.02.10", "Kubung", "kecamatan"),
    ("13.02.10.2001", "Koto Baru", "desa"),
    ("13.05", "Kabupaten Padang Pariaman", "kabupaten"),
    ("13.07", "Kabupaten Lima Puluh Kota", "kabupaten"),
    ("13.07.03", "Payakumbuh", "kecamatan"),
    ("13.11", "Kabupaten Solok Selatan", "kabupaten"),
    ("13.71", "Kota Padang", "kota"),
    ("13.71.11", "Koto Tangah", "kecamatan"),
    ("13.71.08", "Pauh", "kecamatan"),
    ("13.72", "Kota Solok", "kota"),
    ("13.72.02", "Tanjung Harapan", "kecamatan"),
    ("13.74", "Kota Padang Panjang", "kota"),
    ("13.75", "Kota Bukittinggi", "kota"),
    ("13.75.01", "Guguak Panjang", "kecamatan"),
    ("13.75.01.1001", "Tarok Dipo", "kelurahan"),
    ("13.75.03.1002", "Birugo", "kelurahan"),
    ("13.75.02.1008", "Garegeh", "kelurahan"),
    ("13.76", "Kota Payakumbuh", "kota"),
    ("13.77", "Kota Pariaman", "kota"),
    ("14", "Riau", "provinsi"),
    ("14.71", "Kota Pekanbaru", "kota"),
    ("15", "Jambi", "provinsi"),
    ("15.71", "Kota Jambi", "kota"),
    ("51", "Bali", "provinsi"),
    ("32.76.04", "Pasar Baru", "kecamatan"),
]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(TREE)


@pytest.fixture(autouse=True)
def _fresh_configuration():
    """The calendar and election are cached for a minute per process; each test starts from the database."""
    from deskpilkada.media import inputs

    inputs.forget_config()
    yield
    inputs.forget_config()


@pytest.fixture
def serve():
    """Serve a ``BaseHTTPRequestHandler`` class on 127.0.0.1 in a thread; returns the base address."""
    import http.server
    import threading

    servers = []

    def start(handler) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
