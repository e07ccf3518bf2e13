"""Seed LAKSA: categories with their offices and service levels, settings, fixed holidays, reply
templates; in the dev profile also demo cases in every state. Idempotent: existing rows are kept
(Diskominfo may have edited them) and demo cases are made only while there are none.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from kotalive.accounts.models import Organisation, User
from kotalive.catalog.services import module_menus_open
from kotalive.complaints.models import Category, Complaint, Holiday, ReplyTemplate, ServiceSettings
from kotalive.core.images import CleanPhoto
from kotalive.regions.models import Kelurahan

# slug, name id, name en, icon, Open311 group, office slug, triage hours, resolve days, keywords.
# Offices and service levels are the seed's proposal; Diskominfo changes them in the back office.
CATEGORIES: list[tuple[str, str, str, str, str, str, int, int, str]] = [
    ("jalan-rusak", "Jalan rusak / berlubang", "Damaged road or pothole", "road",
     "infrastruktur", "dpupr", 4, 10, "jalan lubang aspal road pothole"),
    ("saluran-tersumbat", "Saluran air tersumbat", "Blocked drain", "drain",
     "infrastruktur", "dpupr", 4, 5, "got selokan drainase drain gutter"),
    ("lampu-jalan", "Lampu penerangan jalan (PJU) mati", "Street light out", "light",
     "infrastruktur", "disperkimtan", 4, 3, "pju lampu gelap street light dark"),
    ("lalu-lintas", "Rambu atau lampu lalu lintas rusak", "Broken traffic sign or signal",
     "traffic", "transportasi", "dishub", 4, 3, "rambu traffic light apill sign signal"),
    ("pohon-tumbang", "Pohon tumbang atau rawan tumbang", "Fallen or unsafe tree", "tree",
     "lingkungan", "dlh", 2, 2, "pohon dahan tree branch"),
    ("sampah", "Sampah menumpuk / tidak diangkut", "Uncollected garbage", "trash",
     "lingkungan", "dlh", 4, 3, "sampah tps garbage rubbish waste"),
    ("banjir", "Banjir atau genangan", "Flooding", "flood",
     "kebencanaan", "bpbd", 1, 2, "banjir genangan air flood water"),
    ("ular-tawon", "Ular atau sarang tawon", "Snake or wasp nest", "animal",
     "kebencanaan", "damkar", 1, 1, "ular tawon lebah snake wasp bee"),
    ("orang-terlantar", "Orang terlantar", "Neglected person", "person",
     "sosial", "dinsos", 2, 3, "terlantar gelandangan odgj homeless neglected"),
    ("ketertiban", "Gangguan ketertiban umum", "Public order", "order",
     "ketertiban", "satpol-pp", 4, 5, "pkl parkir liar bising order vendor parking"),
    ("air-pdam", "Air PDAM mati atau bocor", "Water supply cut or leaking", "water",
     "utilitas", "pdam-tirta-benteng", 4, 3, "pdam air bocor water leak"),
    ("adminduk", "Pertanyaan layanan kependudukan", "Civil registry question", "id-card",
     "layanan", "disdukcapil", 4, 5, "ktp kk akta adminduk id card"),
    ("lainnya", "Lainnya", "Something else", "report",
     "lainnya", "diskominfo", 4, 10, "lain other"),
]  # fmt: skip

# Fixed-date national holidays only: the moving ones (Idul Fitri, Idul Adha, Nyepi, Waisak, ...)
# and collective leave are set each year from the joint ministerial decree (SKB) in the admin.
FIXED_HOLIDAYS = [
    ((1, 1), "Tahun Baru Masehi"),
    ((5, 1), "Hari Buruh Internasional"),
    ((6, 1), "Hari Lahir Pancasila"),
    ((8, 17), "Hari Kemerdekaan Republik Indonesia"),
    ((12, 25), "Hari Raya Natal"),
]

TEMPLATES = [
    (
        "Terima kasih, sedang ditindaklanjuti",
        "Terima kasih atas laporan Anda. Petugas kami sedang menindaklanjutinya.",
        "Thank you for your report. Our officers are following it up.",
    ),
    (
        "Mohon lokasi lebih jelas",
        "Mohon tambahkan patokan lokasi (nama jalan, nomor rumah atau bangunan terdekat).",
        "Please add a landmark (street name, house number or a nearby building).",
    ),
    (
        "Di luar kewenangan Pemkot",
        "Lokasi ini bukan kewenangan Pemerintah Kota Tangerang; laporan kami teruskan ke instansi "
        "yang berwenang.",
        "This is not the city government's responsibility; we forwarded the report to the "
        "responsible agency.",
    ),
]

DEMO_TEXTS = {
    "jalan-rusak": "Jalan berlubang cukup dalam, membahayakan pengendara motor saat malam.",
    "saluran-tersumbat": "Saluran air depan rumah tersumbat sampah, air meluap saat hujan.",
    "lampu-jalan": "Lampu PJU mati sudah seminggu, jalan gelap dan rawan.",
    "lalu-lintas": "Lampu lalu lintas di perempatan berkedip kuning terus sejak pagi.",
    "pohon-tumbang": "Pohon besar miring ke arah jalan, akarnya sudah terangkat.",
    "sampah": "Sampah di TPS belum diangkut tiga hari, bau dan mengundang lalat.",
    "banjir": "Genangan setinggi lutut setelah hujan deras, motor mogok.",
    "ular-tawon": "Ada sarang tawon besar di pohon dekat sekolah dasar.",
    "orang-terlantar": "Seorang bapak tua tidur di halte berhari-hari, tampak sakit.",
    "ketertiban": "Parkir liar memakan badan jalan di depan pasar setiap sore.",
    "air-pdam": "Air PDAM tidak mengalir sejak kemarin pagi di gang kami.",
    "adminduk": "Bagaimana cara mengurus KK yang hilang? Mohon informasinya.",
    "lainnya": "Usul: tambah tempat sampah terpilah di taman kota.",
}


def _categories(log: Callable[[str], None]) -> None:
    offices = {o.slug: o for o in Organisation.objects.all()}
    made = 0
    for order, (slug, name_id, name_en, icon, group, office, triage, resolve, words) in enumerate(
        CATEGORIES
    ):
        if office not in offices:
            log(f"skipped category {slug}: organisation {office} missing")
            continue
        _, created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "icon": icon,
                "group": group,
                "office": offices[office],
                "triage_hours": triage,
                "resolve_days": resolve,
                "keywords": words,
                "order": order,
            },
        )
        made += created
    log(f"{Category.objects.count()} categories ({made} new)")


def _holidays() -> None:
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        for (month, day), name in FIXED_HOLIDAYS:
            Holiday.objects.get_or_create(date=date(year, month, day), defaults={"name": name})


def _templates() -> None:
    for title, body_id, body_en in TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            title=title, office=None, defaults={"body_id": body_id, "body_en": body_en}
        )


def _open_the_menus() -> None:
    """LAKSA is built: its catalog menus open the module instead of "not online yet"."""
    module_menus_open(module_key="complaints")


def _demo_photo(seed: int) -> CleanPhoto:
    rng = random.Random(seed)  # noqa: S311 - demo pictures, not security
    image = Image.new("RGB", (640, 480), (rng.randint(90, 160),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        draw.ellipse((x, y, x + rng.randint(30, 120), y + rng.randint(20, 80)), fill=(60, 50, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return CleanPhoto(content=out.getvalue(), extension="jpg", width=640, height=480)


def _demo_cases(log: Callable[[str], None]) -> None:
    # The notes the services write for the public (passed to an office, checked...) keep their
    # source and are shown in each reader's language; their stored text, and the demo officers'
    # own notes, are in the city's language whatever language the shell has.
    with translation.override(settings.LANGUAGE_CODE):
        _demo_cases_in_city_language(log)


def _demo_cases_in_city_language(log: Callable[[str], None]) -> None:
    from kotalive.complaints import services

    if Complaint.objects.exists():
        return
    tlr = User.objects.filter(username="tlr").first()
    officers = {u.username: u for u in User.objects.filter(username__in=["dpupr", "dlh"])}
    # Dev-only demo reporters (numbers from the 0812-0000-09xx block, not real subscribers).
    residents = [
        User.objects.get_or_create(
            phone=f"+62812000009{n:02d}",
            defaults={"kind": User.Kind.RESIDENT, "display_name": f"Warga Demo {n}"},
        )[0]
        for n in range(1, 6)
    ]
    if tlr is None or not residents:
        log("no demo cases: the demo staff or residents are missing")
        return
    rng = random.Random(2026)  # noqa: S311 - demo data
    kelurahan = list(Kelurahan.objects.exclude(centroid_lat=None))
    categories = list(Category.objects.filter(is_active=True))
    made = 0
    for n in range(36):
        category = categories[n % len(categories)]
        place = rng.choice(kelurahan)
        reporter = residents[n % len(residents)]
        case = services.complaint_submit(
            actor=reporter,
            category=category,
            description=DEMO_TEXTS.get(category.slug, "Mohon ditindaklanjuti."),
            lat=place.centroid_lat,
            lon=place.centroid_lon,
            photos=[_demo_photo(n)] if n % 3 else [],
            show_name=n % 4 != 0,
        )
        made += 1
        step = n % 6  # 0 new, 1 triaged, 2 assigned, 3 in progress, 4 resolved, 5 closed
        if step >= 1:
            services.complaint_triage(actor=tlr, complaint=case)
        if step >= 2:
            services.complaint_assign(actor=tlr, complaint=case)
        officer = officers.get(category.office.slug) or tlr
        if step >= 3:
            services.complaint_start(
                actor=officer, complaint=case, note="Tim sudah dijadwalkan.", note_public=True
            )
        if step >= 4:
            services.complaint_resolve(
                actor=officer,
                complaint=case,
                note="Sudah ditangani, terima kasih atas laporannya.",
                evidence=[_demo_photo(1000 + n)],
            )
        if step >= 5 and case.reporter is not None:
            services.complaint_confirm(actor=case.reporter, complaint=case)
            services.complaint_rate(actor=case.reporter, complaint=case, rating=4 + n % 2)
    log(f"{made} demo LAKSA cases")


def seed(*, log: Callable[[str], None]) -> None:
    with transaction.atomic():
        ServiceSettings.objects.get_or_create(pk=1)
        _categories(log)
        _holidays()
        _templates()
        _open_the_menus()
    if settings.PROD:
        return
    with transaction.atomic():
        _demo_cases(log)
