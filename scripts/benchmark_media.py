"""Measure media monitoring: engine throughput, grouping as the store grows, ingest through the database.

    .venv/bin/python scripts/benchmark_media.py                      # all three parts, temporary SQLite
    .venv/bin/python scripts/benchmark_media.py --skip-db             # the engine parts only
    .venv/bin/python scripts/benchmark_media.py --db-only             # only services.ingest through the database
    scripts/with_postgres.sh .venv/bin/python scripts/benchmark_media.py --db-only   # the same on PostgreSQL

1. **Throughput**: ``--articles`` generated pasted-text articles (Indonesian news in a dozen templates, every
   regency and city of West Sumatra and Riau plus others of the country, boilerplate and datelines of several
   outlet styles, about a third of them rewrites of an earlier release by another outlet) through
   ``pipeline.analyse`` and ``StoryIndex.assign`` on one core, end to end; the grouping's pairwise precision and
   recall against the generator's truth is printed as a sanity check.
2. **Grouping as the store grows**: a ``StoryIndex`` filled to ``--store`` items (signatures of generated
   articles over a year of dates and the whole country's regencies), timing 1,000 assignments at each size.
3. **Through the database**, end to end as a desk pastes text: ``services.ingest`` (analyse, store, group from
   database rows, signal, one audit event per item, story and signal; one transaction per article) of
   ``--db-articles`` articles, one by one, on a scratch database (a temporary SQLite file, or ``DATABASE_URL``
   / ``--database-url``) with the West Sumatra and Riau tree and the demo, then again after ``--db-store``
   items were bulk-loaded into the store (a year of news packed into the two provinces, or with
   ``--db-spread national`` over every regency and city of the country), each story with its regions and signals,
   then vacuumed. Prints articles per second and queries per article; ``--statements`` the count and time of
   each kind of SQL statement; ``--profile FILE`` writes a cProfile of both runs (FILE and FILE.full).

A script, not a test: timings depend on the machine. Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
PEOPLE = [
    "Andri Saputra",
    "Yulia Rahmi",
    "Hendra Gunawan",
    "Rina Marlina",
    "Fajar Hidayat",
    "Sri Wahyuni",
    "Budi Santoso",
    "Dewi Kartika",
    "Rahmat Syukri",
    "Indra Jaya",
    "Nurul Fitri",
    "Zulkifli Ahmad",
]
OUTLETS = [
    ("KOMPAS.com", "{PLACE}, KOMPAS.com –"),
    ("ANTARA", "{Place} (ANTARA) -"),
    ("hantaran.co", "{PLACE}, hantaran.co –"),
    ("Padek.co", "{PLACE}, Padek.co –"),
    ("Mjnews.id", "Mjnews.id –"),
    ("Sumbarsatu", "{Place}, Sumbarsatu —"),
    ("Langgam.id", "{PLACE}, Langgam.id –"),
    ("Riaupos.co", "{PLACE}, Riaupos.co –"),
]
BOILERPLATE_TOP = ["Sebarkan artikel ini", "Berita", "Facebook\nTwitter\nWhatsApp", "ADVERTISEMENT"]
BOILERPLATE_BOTTOM = [
    "Baca Juga: KPU Gelar Simulasi Pemungutan Suara",
    "Editor: Redaksi",
    "(rel)",
    "Baca Lainnya :\n- Bupati Buka Festival Budaya\n- Warga Antusias Ikuti Jalan Sehat",
    "Penulis: Tim Liputan",
    "Tags: pilkada, pemilu",
]

# Each template: (category, title, sentences of variant A, sentences of variant B: the rewrite of another outlet).
TEMPLATES = [
    (
        "politik_uang",
        "Bawaslu {Region} Amankan {n} Amplop Berisi Uang",
        [
            "Badan Pengawas Pemilu (Bawaslu) {region} mengamankan {n} amplop berisi uang tunai yang diduga akan dibagikan kepada pemilih, {date}.",  # noqa: E501 - template text
            '"Kami menindaklanjuti laporan warga bersama Sentra Gakkumdu dan dua orang sudah dimintai keterangan," kata Ketua Bawaslu {Region} {person}.',  # noqa: E501 - template text
            "Setiap amplop berisi Rp{m}0 ribu dan ditempeli stiker salah satu pasangan calon.",
            "Pemberi dan penerima politik uang sama-sama dapat dipidana sesuai Pasal 187A UU Nomor 10 Tahun 2016.",
        ],
        [
            "Sebanyak {n} amplop berisi uang ditemukan Bawaslu {region} dalam sebuah mobil, {date}.",
            "Amplop masing-masing berisi Rp{m}0 ribu itu diduga untuk serangan fajar menjelang pencoblosan.",
            '"Kami menindaklanjuti laporan warga bersama Sentra Gakkumdu dan dua orang sudah dimintai keterangan," ujar {person}, Ketua Bawaslu {Region}.',  # noqa: E501 - template text
            "Kasus dugaan politik uang itu kini dikaji Sentra Gakkumdu.",
        ],
    ),
    (
        "data_pemilih",
        "KPU {Region} Tetapkan DPT {n2} Pemilih",
        [
            "Komisi Pemilihan Umum (KPU) {region} menetapkan daftar pemilih tetap (DPT) Pilkada 2024 sebanyak {n2} pemilih dalam rapat pleno terbuka, {date}.",  # noqa: E501 - template text
            "Ketua KPU {Region} {person} mengatakan pemilih tersebar di {t} TPS.",
            '"Penetapan ini hasil pencocokan dan penelitian yang dilakukan pantarlih sejak Juni," katanya.',
            "Warga yang belum terdaftar masih bisa masuk daftar pemilih tambahan.",
        ],
        [
            "DPT Pilkada {region} 2024 resmi ditetapkan sebanyak {n2} pemilih, {date}.",
            '"Penetapan ini hasil pencocokan dan penelitian yang dilakukan pantarlih sejak Juni," ujar {person}, Ketua KPU {Region}.',  # noqa: E501 - template text
            "Pemilih itu akan memberikan suara di {t} TPS pada 27 November mendatang.",
        ],
    ),
    (
        "bencana_cuaca",
        "Banjir Rendam {t} TPS di {Region}",
        [
            "Banjir akibat hujan deras merendam {t} lokasi TPS di {region}, {date}.",
            '"Logistik untuk TPS yang terendam kami tahan di kantor PPK sampai air surut," kata Ketua KPU {Region} {person}.',  # noqa: E501 - template text
            "BPBD mencatat {n} rumah terendam dan warga mengungsi ke tempat yang lebih tinggi.",
        ],
        [
            "Sebanyak {t} TPS di {region} terendam banjir, {date}, sehingga KPU menyiapkan lokasi pengganti.",
            '"Logistik untuk TPS yang terendam kami tahan di kantor PPK sampai air surut," ujar {person}.',
            "Menurut BPBD, {n} rumah terendam dan sebagian warga mengungsi.",
        ],
    ),
    (
        "netralitas_asn",
        "Bawaslu {Region} Proses {k} ASN Tidak Netral",
        [
            "Bawaslu {region} memproses dugaan pelanggaran netralitas {k} aparatur sipil negara yang memberi like dan komentar pada unggahan kampanye pasangan calon, {date}.",  # noqa: E501 - template text
            '"Hasil kajian akan kami teruskan ke Badan Kepegawaian Negara sebagai rekomendasi," kata Ketua Bawaslu {Region} {person}.',  # noqa: E501 - template text
            "Sekda mengingatkan ASN harus netral dalam seluruh tahapan Pilkada 2024.",
        ],
        [
            "{k} ASN di {region} dipanggil Bawaslu karena diduga tidak netral di media sosial, {date}.",
            '"Hasil kajian akan kami teruskan ke Badan Kepegawaian Negara sebagai rekomendasi," ujar {person}.',
            "Pemda sudah menerbitkan surat edaran netralitas ASN sejak awal kampanye.",
        ],
    ),
    (
        "rapat_koordinasi",
        "Pemda {Region} Gelar Rakor Desk Pilkada",
        [
            "Pemerintah {region} menggelar rapat koordinasi Desk Pilkada bersama TNI, Polri, Kejaksaan, KPU dan Bawaslu, {date}.",  # noqa: E501 - template text
            "Sekda {Region} {person} mengatakan desk melaporkan perkembangan setiap tahapan secara berjenjang.",
            '"Kita inventarisasi potensi masalah di setiap kecamatan dan koordinasikan penanganannya," katanya.',
        ],
        [
            "Rakor Desk Pilkada {region} digelar {date} dan dihadiri unsur Forkopimda.",
            '"Kita inventarisasi potensi masalah di setiap kecamatan dan koordinasikan penanganannya," ujar Sekda {person}.',  # noqa: E501 - template text
            "Desk Pilkada melapor setiap hari ke provinsi.",
        ],
    ),
    (
        "konflik_keamanan",
        "Bentrok Pendukung Paslon di {Region}, {k} Orang Luka",
        [
            "Bentrokan antara dua kelompok pendukung pasangan calon pecah di {region}, {date}, dan {k} orang luka.",
            '"Situasi sudah kami kendalikan dan tiga orang diamankan," kata Kapolres {Region} {person}.',
            "Polisi menambah {n} personel pengamanan di titik rawan.",
        ],
        [
            "{k} orang luka dalam kericuhan antarpendukung paslon di {region}, {date}.",
            '"Situasi sudah kami kendalikan dan tiga orang diamankan," ujar {person}.',
            "Sebanyak {n} personel tambahan dikerahkan.",
        ],
    ),
    (
        "logistik",
        "KPU {Region} Distribusikan Logistik ke PPK",
        [
            "KPU {region} mendistribusikan kotak suara, bilik suara dan surat suara untuk {t} TPS ke PPK, {date}.",
            '"Semua logistik harus sudah berada di TPS paling lambat H-1," kata Ketua KPU {Region} {person}.',
            "Distribusi dikawal polisi dan diawasi Bawaslu.",
        ],
        [
            "Logistik pilkada untuk {t} TPS di {region} mulai dikirim, {date}.",
            '"Semua logistik harus sudah berada di TPS paling lambat H-1," ujar {person}.',
            "Pengiriman dikawal personel kepolisian.",
        ],
    ),
    (
        "partisipasi",
        "KPU {Region} Targetkan Partisipasi {p} Persen",
        [
            "KPU {region} menargetkan partisipasi pemilih pada Pilkada 2024 mencapai {p} persen, {date}.",
            "Ketua KPU {Region} {person} mengatakan sosialisasi digelar untuk pemilih pemula di sekolah.",
            '"Kami ingin pemilih datang ke TPS dan tidak golput," katanya.',
        ],
        [
            "Target partisipasi pemilih di {region} dipatok {p} persen, {date}.",
            '"Kami ingin pemilih datang ke TPS dan tidak golput," ujar {person}.',
            "Relawan demokrasi dilibatkan dalam sosialisasi.",
        ],
    ),
]


def regencies(rows) -> list[tuple[str, str]]:
    """(code, name) of every regency/city: West Sumatra and Riau weigh more, as in a West Sumatra deployment."""
    level2 = [(r.code, r.name) for r in rows if r.code.count(".") == 1]
    local = [x for x in level2 if x[0][:2] in ("13", "14")]
    return local * 20 + level2


def date_text(day: dt.date, rng: random.Random) -> str:
    weekday = WEEKDAYS[day.weekday()]
    return rng.choice(
        [
            f"{weekday} ({day.day}/{day.month})",
            f"{weekday} ({day.day}/{day.month}/{day.year})",
            f"{weekday}, {day.day} {MONTHS[day.month - 1]} {day.year}",
        ]
    )


def generate(count: int, places: list[tuple[str, str]], rng: random.Random, *, start=dt.date(2024, 9, 1), days=120):
    """(text, story key, region code, day, figures) for ``count`` articles; about a third rewrite an earlier one."""
    releases: list[dict] = []
    out = []
    for i in range(count):
        if releases and rng.random() < 0.35:
            facts = rng.choice(releases[-300:])
            variant = 1
        else:
            code, name = rng.choice(places)
            category, title, a, b = rng.choice(TEMPLATES)
            facts = {
                "key": i,
                "code": code,
                "name": name,
                "template": (category, title, a, b),
                "day": start + dt.timedelta(days=rng.randrange(days)),
                "person": rng.choice(PEOPLE),
                "n": rng.randrange(50, 900),
                "n2": f"{rng.randrange(20, 900)}.{rng.randrange(100, 999)}",
                "t": rng.randrange(10, 1500),
                "k": rng.randrange(2, 9),
                "m": rng.randrange(5, 30),
                "p": rng.randrange(70, 85),
            }
            releases.append(facts)
            variant = 0
        category, title, a, b = facts["template"]
        sentences = list(a if variant == 0 else b)
        if variant == 1 and len(sentences) > 2 and rng.random() < 0.5:
            sentences.pop(rng.randrange(1, len(sentences)))
        bare = facts["name"].replace("Kabupaten ", "").replace("Kota ", "")
        values = {
            "region": facts["name"],
            "Region": bare,
            "date": date_text(facts["day"], rng),
            "person": facts["person"],
            **{k: facts[k] for k in ("n", "n2", "t", "k", "m", "p")},
        }
        outlet, dateline = rng.choice(OUTLETS)
        lead = dateline.format(PLACE=bare.upper(), Place=bare) + " " + sentences[0].format(**values)
        body = [s.format(**values) for s in sentences[1:]]
        parts = [rng.choice(BOILERPLATE_TOP)] if rng.random() < 0.5 else []
        parts += [title.format(**values), lead, *body]
        if rng.random() < 0.6:
            parts.append(rng.choice(BOILERPLATE_BOTTOM))
        out.append(("\n\n".join(parts), facts["key"], facts["code"], facts["day"], outlet))
    return out


def pairs(groups: dict) -> set:
    by: dict = {}
    for item, group in groups.items():
        by.setdefault(group, []).append(item)
    return {frozenset(p) for members in by.values() for p in itertools.combinations(members, 2)}


def part_throughput(articles, gazetteer, lexicon) -> dict:
    from deskpilkada.media.engine import pipeline
    from deskpilkada.media.engine.stories import StoryIndex

    index = StoryIndex()
    found = {}
    started = time.perf_counter()
    for i, (text, _, _, _, outlet) in enumerate(articles):
        result = pipeline.analyse(text, gazetteer=gazetteer, lexicon=lexicon, context_years=(2024,))
        if result.ok:
            found[i] = index.assign(result.features(i, outlet=outlet)).story
    seconds = time.perf_counter() - started
    truth, got = pairs({i: a[1] for i, a in enumerate(articles)}), pairs(found)
    precision = len(truth & got) / len(got) if got else 0.0
    recall = len(truth & got) / len(truth) if truth else 0.0
    return {
        "n": len(articles),
        "seconds": seconds,
        "rate": len(articles) / seconds,
        "precision": precision,
        "recall": recall,
    }


def part_store(store: int, places, rng) -> list[tuple[int, float, float, int]]:
    from deskpilkada.media.engine import stories

    index = stories.StoryIndex()
    articles = generate(store + 1000, places, rng, start=dt.date(2024, 1, 1), days=365)
    articles.sort(key=lambda a: a[3])  # the store fills in date order, as news arrives
    features = [
        stories.Features(i, a[2], a[3], frozenset(), stories.signature(a[0]), outlet=a[4])
        for i, a in enumerate(articles)
    ]
    checkpoints = sorted({min(store, c) for c in (10_000, 50_000, store)})
    results, filled = [], 0
    probe = features[store:]
    for checkpoint in checkpoints:
        while filled < checkpoint:
            index.assign(features[filled])
            filled += 1
        timings = []
        for f in probe:
            copy = stories.Features(("probe", checkpoint, f.key), f.region, f.day, f.figures, f.signature)
            t = time.perf_counter()
            index.assign(copy)
            timings.append(time.perf_counter() - t)
        timings.sort()
        results.append(
            (checkpoint, statistics.median(timings) * 1000, timings[int(len(timings) * 0.95)] * 1000, index.lsh_size)
        )
    return results


def timed_ingest(
    services, articles, user, source: str, profile: str | None, statements: bool = False
) -> tuple[float, float]:
    """Ingest the articles one by one as a desk would paste them: (articles per second, queries per article);
    with ``profile``, a cProfile of the run is written there."""
    from django.db import connection

    counted = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            counted.append((statement_kind(sql), time.perf_counter() - started))

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        for text, *_ in articles:
            services.ingest(text, by=user, source=source)
        rate = len(articles) / (time.perf_counter() - started)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    if statements:
        totals: dict[str, list[float]] = {}
        for kind, seconds in counted:
            totals.setdefault(kind, []).append(seconds)
        print(f"statements of {len(articles)} articles ({source}): kind, count per article, ms per article")
        for kind, times in sorted(totals.items(), key=lambda kv: -sum(kv[1])):
            print(f"  {kind:<60} {len(times) / len(articles):5.2f} {1000 * sum(times) / len(articles):7.3f}")
    return rate, len(counted) / len(articles)


def statement_kind(sql: str) -> str:
    """The verb and table of a statement, for ``--statements``."""
    words = sql.replace('"', "").split()
    verb = words[0].upper() if words else "?"
    table = next((w for i, w in enumerate(words) if words[i - 1].upper() in ("FROM", "INTO", "UPDATE")), "")
    return f"{verb} {table}" + (" FOR UPDATE" if "FOR UPDATE" in sql else "") + (" UNION" if "UNION" in sql else "")


def part_database(args, rng, places) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from deskpilkada.accounts.models import User
    from deskpilkada.desks.models import Desk
    from deskpilkada.media import services
    from deskpilkada.media.engine import stories
    from deskpilkada.media.models import Item, Signal, Story, StoryRegion
    from deskpilkada.regions.models import Region

    call_command("migrate", verbosity=0)
    if Region.objects.exists():
        sys.exit("The database is not empty: give a scratch database.")
    call_command("import_regions", province=["13", "14"], verbosity=0)
    call_command("load_demo", "--no-media", verbosity=0)
    user = User.objects.get(username="sekretariat-sumbar")
    local = [p for p in places if p[0][:2] in ("13", "14")]
    if args.db_spread == "national":
        # Every regency and city of the country (no districts or villages outside the two provinces: the store's
        # items are placed at regency level), so the store is spread as a national year of news would be.
        from deskpilkada.regions.services import import_regions, lokal_rows

        import_regions([r for r in lokal_rows() if r.code.count(".") <= 1 and r.code[:2] not in ("13", "14")])
        filler_places = sorted(set(places))  # unweighted: each regency and city once
    else:
        filler_places = local  # a year of news packed into the two provinces' 31 regencies and cities
    fresh = generate(args.db_articles, local, rng, start=dt.date(2024, 10, 1), days=60)
    services.ingest(fresh[0][0] + "\n(warm-up)", by=user, source="warm-up")  # builds the per-process caches
    empty_rate, per_item = timed_ingest(services, fresh, user, "bench", args.profile, args.statements)

    # Fill the store: bulk rows of a year's news over the two provinces' regencies and cities, one story each.
    region_ids = dict(Region.objects.filter(level=2).values_list("code", "pk"))
    desk_ids = dict(Desk.objects.values_list("region__code", "pk"))
    filler = generate(args.db_store, filler_places, rng, start=dt.date(2024, 1, 1), days=365)
    now = dt.datetime(2024, 11, 20, 3, 0, tzinfo=dt.UTC)
    batch = 5000
    for offset in range(0, len(filler), batch):
        chunk = filler[offset : offset + batch]
        with transaction.atomic():
            made = Story.objects.bulk_create(
                Story(
                    title=f"bench {offset + i}",
                    main_region_id=region_ids.get(a[2]),
                    day=a[3],
                    first_seen_at=now,
                    created_at=now,
                    updated_at=now,
                    item_count=1,
                )
                for i, a in enumerate(chunk)
            )
            Item.objects.bulk_create(
                Item(
                    raw=a[0],
                    format="text",
                    source=a[4],
                    channel="command",
                    received_at=now,
                    fingerprint=services.fingerprint(a[0], f"bench:{offset + i}"),
                    status="ok",
                    title=f"bench {offset + i}",
                    published=a[3],
                    event_date=a[3],
                    main_region_id=region_ids.get(a[2]),
                    category="data_pemilih",
                    kind="routine",
                    analysis={"figures": []},
                    signature=stories.signature_bytes(stories.signature(a[0])),
                    anchors=[],
                    story=s,
                )
                for i, (a, s) in enumerate(zip(chunk, made, strict=True))
            )
            # Each filler story placed in its regency and signalled to its desk, as ingest would have done.
            StoryRegion.objects.bulk_create(
                StoryRegion(story=s, region_id=s.main_region_id, role="subject") for s in made if s.main_region_id
            )
            Signal.objects.bulk_create(
                Signal(story=s, desk_id=desk_ids[a[2]], created_at=now)
                for a, s in zip(chunk, made, strict=True)
                if a[2] in desk_ids
            )
    # What autovacuum does after such a load (and would otherwise do during the timing, on the other core).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (Item._meta.db_table, Story._meta.db_table):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    more = generate(args.db_articles, local, rng, start=dt.date(2024, 10, 1), days=60)
    full_rate, _queries = timed_ingest(
        services, more, user, "bench 2", args.profile and args.profile + ".full", args.statements
    )
    return {
        "empty_rate": empty_rate,
        "full_rate": full_rate,
        "store": Item.objects.count(),
        "queries": per_item,
        "vendor": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--store", type=int, default=100_000)
    parser.add_argument("--db-articles", type=int, default=1_000)
    parser.add_argument("--db-store", type=int, default=100_000, help="items bulk-loaded before the second run")
    parser.add_argument(
        "--db-spread",
        choices=("packed", "national"),
        default="packed",
        help="the loaded items over the two provinces' regencies (packed) or over every regency of the country",
    )
    parser.add_argument("--database-url", help="a scratch database (default: a temporary SQLite file)")
    parser.add_argument("--skip-db", action="store_true")
    parser.add_argument("--db-only", action="store_true", help="only part 3: services.ingest through the database")
    parser.add_argument("--profile", help="write a cProfile of the empty-store ingest to this file")
    parser.add_argument("--statements", action="store_true", help="print the time of each kind of SQL statement")
    parser.add_argument("--seed", type=int, default=20241127)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="deskpilkada-bench-media-"))
    os.environ.setdefault("DESK_VAR_DIR", str(workdir))
    os.environ.setdefault("DATABASE_URL", args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deskpilkada.settings")
    os.environ["DESK_EXERCISE_DATE"] = "2024-11-20"
    import django

    django.setup()
    from deskpilkada.media.inputs import lokal_gazetteer, shipped_lexicon
    from deskpilkada.regions.services import lokal_rows

    rng = random.Random(args.seed)
    t = time.perf_counter()
    gazetteer = lokal_gazetteer()
    print(f"gazetteer of the whole tree: {gazetteer.size:,} names in {time.perf_counter() - t:.2f} s", flush=True)
    places = regencies(lokal_rows())
    if not args.db_only:
        articles = generate(args.articles, places, rng)
        result = part_throughput(articles, gazetteer, shipped_lexicon())
        print(
            f"throughput: {result['n']:,} articles in {result['seconds']:.1f} s = {result['rate']:.0f} articles/s "
            f"(analyse + group, one core); grouping pairs precision {result['precision']:.3f} recall {result['recall']:.3f}",  # noqa: E501 - template text
            flush=True,
        )
        for size, median, p95, lsh in part_store(args.store, places, rng):
            print(
                f"store {size:>7,} items: assign median {median:.2f} ms, p95 {p95:.2f} ms, LSH holds {lsh:,}",
                flush=True,
            )
    if not args.skip_db:
        db = part_database(args, rng, places)
        print(
            f"database ingest ({db['vendor']}, services.ingest with audit): {db['empty_rate']:.0f} articles/s "
            f"on an empty store ({db['queries']:.1f} queries per article), "
            f"{db['full_rate']:.0f} articles/s with {db['store']:,} items stored ({args.db_spread})",
            flush=True,
        )


if __name__ == "__main__":
    main()
