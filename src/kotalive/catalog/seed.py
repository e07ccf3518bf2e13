"""Seed the Kota Tangerang catalog: categories, one menu per row of the services CSV, standards,
announcements. Idempotent: existing rows are kept as Diskominfo may have edited them; only missing
ones are created (and an empty office link is filled once the organisation exists).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kotalive.accounts.models import Organisation
from kotalive.catalog import seed_data as data
from kotalive.catalog.models import Announcement, Category, Menu, ServiceStandard
from kotalive.catalog.seed_standards import STANDARDS
from kotalive.catalog.services import catalog_version_bump

CSV_PATH = Path(__file__).parent / "data" / "kota-tangerang-services.csv"
T = tuple[str, str]

# Offices with a counter at the Public Service Mall (MPP) according to the sources.
MPP_TENANTS = {
    "Disdukcapil",
    "DPMPTSP",
    "Bapenda",
    "Disnaker",
    "Dinsos",
    "BPKD",
    "Perumda Tirta Benteng",
}

COMPLAINTS: T = (
    "LAKSA (menu Lapor di aplikasi ini), Instagram @lapor_laksa, SP4N-LAPOR! (lapor.go.id), atau "
    "unit pengaduan {office}.",
    "LAKSA (the Report menu of this app), Instagram @lapor_laksa, SP4N-LAPOR! (lapor.go.id), or "
    "the complaints desk of {office}.",
)
# Where the steps of a service are not published, the page says so rather than inventing them.
NOT_PUBLISHED_COUNTER: T = (
    "Langkah-langkah layanan ini di Kota Tangerang belum dipublikasikan. Bawa persyaratan ke "
    "tempat yang disebut di bawah (Tempat mengurus hari ini); petugas {office} menjelaskan "
    "langkahnya.",
    "The steps of this service in Kota Tangerang have not been published yet. Bring the "
    "requirements to the place named below (where to go today); the {office} officer explains "
    "the steps.",
)
NOT_PUBLISHED_INFO: T = (
    "Langkah-langkah layanan ini belum dipublikasikan. Untuk ikut serta atau bertanya, hubungi "
    "{office} (lihat Tempat mengurus hari ini) atau kirim pertanyaan melalui LAKSA.",
    "The steps of this service have not been published yet. To take part or ask, contact "
    "{office} (see where to go today) or ask through LAKSA.",
)
NOT_PUBLISHED_MODULE: T = (
    "Layanan ini belum tersedia di KotaLive, dan langkah resminya belum dipublikasikan di sini. "
    "Lihat Tempat mengurus hari ini, atau tanyakan ke {office}.",
    "This service is not in KotaLive yet, and its official steps are not published here. See "
    "where to go today, or ask {office}.",
)
# Sources that name a file or a project note rather than something a resident can look up.
SOURCE_NAMES: dict[str, str] = {
    "seed-paper.txt": (
        "Hastuti, Suherman & Utami (2024), Implementasi E-Government di Kota Tangerang (Studi "
        "Kasus Aplikasi Tangerang LIVE), JMIAP 6(3) https://doi.org/10.24036/jmiap.v6i3.826"
    ),
    # Two menus added from the project's domain notes: LAKSA's source (routing through TLR).
    "DOMAIN.md": "https://linimassa.id/?p=25459",
}


def source_name(source: str) -> str:
    """The source as a resident can look it up (the study by its authors, title and DOI)."""
    for prefix, name in SOURCE_NAMES.items():
        if source.strip().startswith(prefix):
            return name
    return source


ADMINDUK_FREE: T = (
    "Gratis, tidak dipungut biaya (Pasal 79A UU No. 24 Tahun 2013).",
    "Free of charge (Article 79A of Law No. 24/2013).",
)
FREE: T = ("Gratis.", "Free.")

REQ_BY_NEEDS: dict[str, T] = {
    "nik": ("KTP-el dan Kartu Keluarga (KK) pemohon.", "The applicant's e-ID and family card."),
    "login": (
        "Identitas pemohon (KTP-el, atau dokumen badan usaha bagi pelaku usaha).",
        "The applicant's identity (e-ID, or company documents for businesses).",
    ),
    "none": ("Tidak ada persyaratan khusus.", "No special requirements."),
}
REQ_BY_CATEGORY: dict[str, T] = {
    "kependudukan": (
        "Dokumen pendukung sesuai jenis layanan (misalnya surat keterangan dari rumah sakit, "
        "kelurahan atau pengadilan).",
        "Supporting documents for the kind of service (for example a letter from the hospital, "
        "kelurahan or court).",
    ),
    "perizinan": (
        "Dokumen teknis dan legalitas sesuai jenis izin (NIB bila sudah ada).",
        "Technical and legal documents for the kind of permit (the business ID, NIB, if any).",
    ),
    "pajak-retribusi": (
        "Nomor objek pajak, NPWPD atau nomor tagihan, bila ada.",
        "The tax object number, local taxpayer number (NPWPD) or bill number, if any.",
    ),
    "sosial": (
        "Surat pengantar RT/RW dan kelurahan, bila diminta.",
        "A letter from the RT/RW and kelurahan, if asked for.",
    ),
    "kesehatan": ("Kartu JKN/BPJS Kesehatan, bila ada.", "JKN/BPJS health card, if any."),
    "pendidikan": (
        "Dokumen pendidikan terkait (rapor, ijazah), bila diperlukan.",
        "The related school documents (report, diploma), if needed.",
    ),
    "pekerjaan": (
        "Ijazah terakhir dan pas foto, bila diperlukan.",
        "Your latest diploma and a photo, if needed.",
    ),
}
PRODUCT_BY_CATEGORY: dict[str, T] = {
    "kependudukan": ("Dokumen kependudukan sesuai permohonan.", "The requested civil document."),
    "perizinan": ("Izin atau persetujuan sesuai permohonan.", "The requested permit or approval."),
    "pajak-retribusi": (
        "Bukti pembayaran atau ketetapan pajak/retribusi.",
        "A payment receipt or tax/fee assessment.",
    ),
    "pengaduan": ("Tindak lanjut dan jawaban atas laporan.", "Follow-up and a reply."),
    "darurat": ("Penanganan keadaan darurat.", "Emergency response."),
    "informasi": ("Informasi publik.", "Public information."),
}


def _fmt(pair: T, **values: str) -> T:
    return (pair[0].format(**values), pair[1].format(**values))


def _generic_standard(row: dict[str, str], kind: str, *, call: bool = True) -> dict[str, T]:
    """A careful, honest standard for menus without a hand-written one."""
    office = row["office_name"] or row["office_abbrev"]
    csv_cat = row["category"]
    needs = row["needs"] if row["needs"] in REQ_BY_NEEDS else "none"
    req_id, req_en = REQ_BY_NEEDS[needs]
    if needs != "none" and csv_cat in REQ_BY_CATEGORY:
        extra_id, extra_en = REQ_BY_CATEGORY[csv_cat]
        req_id, req_en = f"{req_id} {extra_id}", f"{req_en} {extra_en}"

    if csv_cat == "darurat":
        procedure: T = (
            "Telepon 112 (bebas pulsa, 24 jam), sebutkan kejadian dan lokasi; petugas meneruskan "
            "ke {office}.",
            "Call 112 (toll-free, 24 hours) and say what happened and where; the operator "
            "dispatches {office}.",
        )
        duration: T = ("Segera, 24 jam.", "Immediately, 24 hours.")
    elif csv_cat == "pengaduan":
        procedure = (
            "1. Sampaikan laporan dengan uraian, foto dan lokasi. 2. Laporan diteruskan ke "
            "{office}. 3. Pantau status: Menunggu, Proses, Selesai.",
            "1. Send the report with a description, photo and location. 2. It is forwarded to "
            "{office}. 3. Follow the status: Waiting, In progress, Done.",
        )
        duration = (
            "Bergantung jenis laporan; tanyakan ke {office}.",
            "Depends on the kind of report; ask {office}.",
        )
    elif kind == "module":
        procedure = NOT_PUBLISHED_MODULE
        duration = ("Belum dipublikasikan.", "Not published yet.")
    elif kind == "info":
        procedure = NOT_PUBLISHED_INFO
        duration = ("Tidak berlaku.", "Not applicable.")
    else:
        procedure = NOT_PUBLISHED_COUNTER
        duration = (
            "Mengikuti standar pelayanan {office}; tanyakan perkiraan waktu di loket.",
            "As in the service standard of {office}; ask at the counter for the expected time.",
        )

    if csv_cat == "kependudukan":
        cost = ADMINDUK_FREE
    elif csv_cat in {"darurat", "pengaduan", "informasi"}:
        cost = FREE
    elif csv_cat == "pajak-retribusi":
        cost = (
            "Sesuai ketetapan pajak atau retribusi daerah.",
            "As assessed under the city's tax or fee rules.",
        )
    else:
        cost = (
            "Tanyakan ke {office}; bila ada biaya, besarnya ditetapkan peraturan daerah.",
            "Ask {office}; any fee is set by city regulation.",
        )

    product = PRODUCT_BY_CATEGORY.get(
        csv_cat, ("Layanan sesuai permohonan.", "The requested service.")
    )
    if csv_cat == "darurat" and call:
        where: T = ("Telepon 112 (bebas pulsa, 24 jam).", "Call 112 (toll-free, 24 hours).")
    elif csv_cat == "darurat":
        # Training, aid, posts and shelters are not a phone call; the office answers for them.
        where = (
            "Tanyakan ke {office}, atau lewat LAKSA. Dalam keadaan darurat, telepon 112 (bebas "
            "pulsa, 24 jam).",
            "Ask {office}, or through LAKSA. In an emergency, call 112 (toll-free, 24 hours).",
        )
    elif row["office_abbrev"] == "Kecamatan":
        where = (
            "Kantor kelurahan atau kecamatan tempat tinggal Anda (Pelayanan Administrasi Terpadu "
            "Kecamatan, PATEN).",
            "Your kelurahan or kecamatan office (integrated kecamatan service, PATEN).",
        )
    else:
        mpp = row["office_abbrev"] in MPP_TENANTS
        where = (
            "Kantor {office}"
            + (" atau loketnya di Mal Pelayanan Publik (MPP) Kota Tangerang" if mpp else "")
            + ". Periksa alamat dan jam layanan di tangerangkota.go.id, atau tanyakan melalui "
            "LAKSA.",
            "The {office} office"
            + (" or its counter at the Kota Tangerang Public Service Mall (MPP)" if mpp else "")
            + ". Check the address and opening hours at tangerangkota.go.id, or ask through LAKSA.",
        )
    parts = {
        "requirements": (req_id, req_en),
        "procedure": procedure,
        "duration": duration,
        "cost": cost,
        "product": product,
        "complaints": COMPLAINTS,
        "where_today": where,
    }
    return {k: _fmt(v, office=office) for k, v in parts.items()}


def _slug_for(row: dict[str, str], taken: set[str]) -> str:
    slug = row.get("slug") or data.SLUGS.get(row["service_name_id"], "")
    if not slug:
        base = slugify(row["service_name_id"])
        slug = base if len(base) <= 60 else base[:60].rsplit("-", 1)[0]
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _keywords(row: dict[str, str], category: str) -> T:
    text = f" {row['service_name_id']} {row['service_name_en']} ".lower()
    kw_id: list[str] = [row["office_abbrev"].lower()]
    kw_en: list[str] = []
    for word, extra_id, extra_en in data.SYNONYMS:
        if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text):
            kw_id.append(extra_id)
            kw_en.append(extra_en)
    kw_id.append(category.replace("-", " "))
    return (" ".join(dict.fromkeys(kw_id))[:400], " ".join(dict.fromkeys(kw_en))[:400])


def _description(row: dict[str, str]) -> T:
    office = row["office_name"] or row["office_abbrev"]
    desc_id = f"{row['service_name_id']}. Layanan {office}."
    desc_en = f"{row['service_name_en']}. A service of {office}."
    # Rows sourced as "typical" get a visible caveat on their page (menu.html), not here.
    return desc_id, desc_en


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows + [dict(r) for r in data.EXTRA_ROWS]


def _new_menu(
    row: dict[str, str],
    slug: str,
    index: int,
    categories: dict[str, Category],
    org: Organisation | None,
    featured: dict[str, int],
) -> tuple[Menu, dict[str, T]]:
    cat_slug = data.OFFICE_CATEGORY.get(row["office_abbrev"]) or data.CATEGORY_MAP.get(
        row["category"], "informasi"
    )
    category = categories[cat_slug]
    kind, module_key = data.MODULES.get(slug, ("", ""))
    external_url = data.LINKS.get(slug, "") or data.OFFICIAL_SITES.get(slug, "")
    if not kind:
        if slug in data.LINKS:
            kind = Menu.Kind.LINK
        elif row["needs"] in {"nik", "login"} and row["category"] != "informasi":
            kind = Menu.Kind.FORM
        else:
            kind = Menu.Kind.INFO
    access = data.ACCESS.get(slug) or {
        "nik": Menu.Access.NIK_VERIFIED,
        "login": Menu.Access.SIGNED_IN,
    }.get(row["needs"], Menu.Access.ANYONE)
    desc_id, desc_en = _description(row)
    call_number = data.CALL_NUMBERS.get(slug, "")
    standard = _generic_standard(row, kind, call=bool(call_number))
    override = STANDARDS.get(slug, {})
    if "description" in override:
        desc_id, desc_en = override["description"]
    standard.update({k: v for k, v in override.items() if k != "description"})
    kw_id, kw_en = _keywords(row, cat_slug)
    menu = Menu(
        slug=slug,
        category=category,
        kind=kind,
        module_key=module_key,
        external_url=external_url,
        icon=category.icon,
        name_id=row["service_name_id"][:160],
        name_en=row["service_name_en"][:160],
        description_id=desc_id,
        description_en=desc_en,
        keywords_id=kw_id,
        keywords_en=kw_en,
        access=access,
        office=org,
        office_abbrev=row["office_abbrev"][:40],
        office_name=row["office_name"][:200],
        call_number=call_number,
        walk_in_24h=slug in data.WALK_IN_24H,
        # Only the catalog is built so far: modules and forms are not available online.
        is_available=kind in {Menu.Kind.INFO, Menu.Kind.LINK},
        order=featured.get(slug, 100 + index),
        source=source_name(row["source"])[:400],
    )
    return menu, standard


# What earlier seeds wrote wrongly: a generic procedure that invented steps, "where to go" texts
# that sent residents to the app they are in, a file name as a source, LAKSA's NIK rule.
_OLD_PROCEDURES = (
    "1. Siapkan persyaratan. 2. Ajukan di loket",
    "Baca informasi di halaman ini.",
    "Telepon 112 (bebas pulsa, 24 jam), sebutkan kejadian dan lokasi; petugas meneruskan",
)
_OLD_APP_MENTIONS = ("aplikasi Tangerang LIVE", "di Tangerang LIVE (unggah KTP)")
_OLD_LAKSA_REQUIREMENTS = "Akun terverifikasi; foto dan lokasi kejadian; uraian singkat."


def _refresh(
    menu: Menu,
    row: dict[str, str],
    categories: dict[str, Category],
    org: Organisation | None,
    featured: dict[str, int],
    index: int,
) -> int:
    """Put right, on a catalog seeded before, what the old seed wrote wrongly, where it is still
    exactly what the seed wrote (a value Diskominfo edited since is kept). Returns 1 if changed."""
    fresh, standard = _new_menu(row, menu.slug, index, categories, org, featured)
    changed: list[str] = []
    if menu.source != fresh.source and menu.source.startswith(tuple(SOURCE_NAMES)):
        menu.source = fresh.source
        changed.append("source")
    if menu.slug in data.ACCESS and menu.access == Menu.Access.NIK_VERIFIED:
        menu.access = fresh.access
        changed.append("access")
    if not menu.external_url and fresh.external_url:
        menu.external_url = fresh.external_url
        changed.append("external_url")
    if menu.kind == fresh.kind == Menu.Kind.MODULE and menu.module_key != fresh.module_key:
        menu.module_key = fresh.module_key  # a module built under another name than planned
        changed.append("module_key")
    if changed:
        menu.save(update_fields=[*changed, "updated_at"])
    current = ServiceStandard.objects.filter(menu=menu).first()
    if current is None:
        return int(bool(changed))
    fields: list[str] = []
    for name, (new_id, new_en) in standard.items():
        old_id = getattr(current, f"{name}_id")
        wrong = (
            (name == "procedure" and old_id.startswith(_OLD_PROCEDURES))
            or any(mention in old_id for mention in _OLD_APP_MENTIONS)
            or old_id == _OLD_LAKSA_REQUIREMENTS
        )
        if wrong and old_id != new_id:
            setattr(current, f"{name}_id", new_id)
            setattr(current, f"{name}_en", new_en)
            fields += [f"{name}_id", f"{name}_en"]
    if fields:
        current.save(update_fields=fields)
    return int(bool(changed or fields))


@transaction.atomic
def seed(*, log: Callable[[str], None]) -> None:
    categories: dict[str, Category] = {}
    for order, (slug, name_id, name_en, icon) in enumerate(data.CATEGORIES, start=1):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug,
            defaults={"name_id": name_id, "name_en": name_en, "icon": icon, "order": order * 10},
        )

    org_slugs = {s for s in data.OFFICE_SLUGS.values() if s}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=org_slugs)}
    featured = {slug: i for i, slug in enumerate(data.FEATURED)}
    existing = {m.slug: m for m in Menu.objects.all()}
    taken: set[str] = set()
    refreshed = 0
    new_menus: list[Menu] = []
    new_standards: dict[str, dict[str, T]] = {}
    for index, row in enumerate(_rows()):
        slug = _slug_for(row, taken)
        org = orgs.get(data.OFFICE_SLUGS.get(row["office_abbrev"], ""))
        if slug in existing:
            menu = existing[slug]
            if menu.office_id is None and org is not None:
                menu.office = org
                menu.save(update_fields=["office", "updated_at"])
            refreshed += _refresh(menu, row, categories, org, featured, index)
            continue
        menu, standard = _new_menu(row, slug, index, categories, org, featured)
        new_menus.append(menu)
        new_standards[slug] = standard
    # In bulk: one seed of ~220 menus would otherwise be ~1,000 queries (tests seed often).
    Menu.objects.bulk_create(new_menus)
    ids = dict(Menu.objects.filter(slug__in=new_standards).values_list("slug", "pk"))
    ServiceStandard.objects.bulk_create(
        ServiceStandard(
            menu_id=ids[slug],
            **{f"{field}_id": pair[0] for field, pair in standard.items()},
            **{f"{field}_en": pair[1] for field, pair in standard.items()},
        )
        for slug, standard in new_standards.items()
    )
    created = len(new_menus)

    _seed_announcements()
    catalog_version_bump()
    log(
        f"{Menu.objects.count()} menus ({created} new, {refreshed} put right) in "
        f"{len(categories)} categories"
    )


ANNOUNCEMENTS: list[tuple[str, str, str, str, int]] = [
    (
        "Selamat datang di KotaLive",
        "Welcome to KotaLive",
        "Semua layanan Kota Tangerang kini dapat dicari di satu tempat. Layanan yang belum "
        "tersedia daring menunjukkan persyaratan dan tempat mengurusnya hari ini.",
        "Every Kota Tangerang service can now be found in one place. Services not yet online "
        "show their requirements and where to go today.",
        0,
    ),
    (
        "Darurat? Telepon 112",
        "Emergency? Call 112",
        "Tangerang Siaga 112 melayani 24 jam, bebas pulsa: kebakaran, kecelakaan, bencana, "
        "ambulans gratis dan gangguan keamanan.",
        "Tangerang Siaga 112 answers 24 hours a day, toll-free: fire, accidents, disasters, the "
        "free ambulance and public order.",
        1,
    ),
    (
        "Laporkan masalah kota lewat LAKSA",
        "Report city problems through LAKSA",
        "Jalan rusak, PJU mati, pohon tumbang atau sampah tidak terangkut? Kirim foto dan lokasi "
        "lewat LAKSA; Tangerang Live Room meneruskannya ke dinas terkait.",
        "Damaged road, broken street light, fallen tree or rubbish not collected? Send a photo "
        "and the location through LAKSA; the Tangerang Live Room forwards it to the right office.",
        2,
    ),
]


def _seed_announcements() -> None:
    now = timezone.now()
    for title_id, title_en, body_id, body_en, age in ANNOUNCEMENTS:
        Announcement.objects.get_or_create(
            title_id=title_id,
            defaults={
                "title_en": title_en,
                "body_id": body_id,
                "body_en": body_en,
                "published_at": now - timedelta(days=age),
            },
        )
