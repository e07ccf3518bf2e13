"""Kota Tangerang catalog data that is not in the services CSV: categories, offices, overrides.

The menus themselves come from `data/kota-tangerang-services.csv` (one menu per row, source column
kept). This module maps rows to categories, kinds and modules, adds search synonyms, and holds the
hand-written service standards of the most used menus. Everything else gets a careful generic
standard built in `seed.py`; facts we do not know are written as "ask the office", never invented.
"""

from __future__ import annotations

from typing import Final

# slug, name_id, name_en, icon
CATEGORIES: Final[list[tuple[str, str, str, str]]] = [
    ("darurat", "Darurat 112", "Emergency 112", "siren"),
    ("pengaduan", "Pengaduan (LAKSA)", "Complaints (LAKSA)", "megaphone"),
    ("kependudukan", "Kependudukan", "Civil registry", "idcard"),
    ("kesehatan", "Kesehatan", "Health", "heart"),
    ("pekerjaan", "Ketenagakerjaan", "Jobs and manpower", "briefcase"),
    ("pajak-retribusi", "Pajak & Retribusi", "Taxes and fees", "receipt"),
    ("perizinan", "Perizinan", "Permits", "stamp"),
    ("sosial", "Sosial", "Social welfare", "hands"),
    ("pendidikan", "Pendidikan & Perpustakaan", "Education and library", "book"),
    ("transportasi", "Transportasi", "Transport", "bus"),
    ("air", "Air Bersih (PDAM)", "Water (PDAM)", "drop"),
    ("pasar", "Pasar & UMKM", "Markets and small business", "cart"),
    ("infrastruktur", "Jalan, PJU & Drainase", "Roads, street lights and drains", "road"),
    ("lingkungan", "Lingkungan & Sampah", "Environment and waste", "leaf"),
    ("pariwisata", "Pariwisata, Budaya & Olahraga", "Tourism, culture and sport", "map"),
    ("informasi", "Informasi & Berita", "Information and news", "info"),
    ("kelurahan-kecamatan", "Kelurahan & Kecamatan", "Kelurahan and kecamatan", "building"),
]

# CSV category -> catalog category (office overrides below win).
CATEGORY_MAP: Final[dict[str, str]] = {
    "darurat": "darurat",
    "pengaduan": "pengaduan",
    "kependudukan": "kependudukan",
    "kesehatan": "kesehatan",
    "pekerjaan": "pekerjaan",
    "pajak-retribusi": "pajak-retribusi",
    "perizinan": "perizinan",
    "sosial": "sosial",
    "pendidikan": "pendidikan",
    "transportasi": "transportasi",
    "ekonomi-pasar": "pasar",
    "infrastruktur": "infrastruktur",
    "lingkungan": "lingkungan",
    "pariwisata": "pariwisata",
    "informasi": "informasi",
}
OFFICE_CATEGORY: Final[dict[str, str]] = {
    "Perumda Tirta Benteng": "air",
    "Kecamatan": "kelurahan-kecamatan",
}

# Office abbreviation -> organisation slug the accounts seed is expected to use (looked up only
# if present), and the office's public name when the CSV does not give a better one.
OFFICE_SLUGS: Final[dict[str, str]] = {
    "Disdukcapil": "disdukcapil",
    "DPMPTSP": "dpmptsp",
    "Bapenda": "bapenda",
    "Dinkes": "dinkes",
    "RSUD": "rsud-kota-tangerang",
    "Disnaker": "disnaker",
    "Dinsos": "dinsos",
    "Dindik": "dindik",
    "DPAD": "dpad",
    "Disbudpar": "disbudpar",
    "Diskominfo": "diskominfo",
    "BPBD": "bpbd",
    "Damkar": "damkar",
    "Satpol PP": "satpol-pp",
    "DLH": "dlh",
    "DPUPR": "dpupr",
    "Disperkimtan": "disperkimtan",
    "Dishub": "dishub",
    "DP3AP2KB": "dp3ap2kb",
    "Disperindagkop UKM": "disperindagkop-ukm",
    "DKP": "dkp",
    "Dispora": "dispora",
    "Kecamatan": "",
    "Perumda Tirta Benteng": "pdam-tirta-benteng",
    "Perumda Pasar": "perumda-pasar",
    "PT TNG": "pt-tng",
    "Bappeda": "bappeda",
    "BPKD": "bpkd",
    "Kesbangpol": "kesbangpol",
    "Inspektorat": "inspektorat",
    "Pemkot": "",
}

# Short, stable slugs for the menus people look for most (CSV service_name_id -> slug).
SLUGS: Final[dict[str, str]] = {
    "Penerbitan akta kelahiran secara online": "akta-kelahiran-online",
    "Cek status KK dan KTP-el": "cek-status-kk-ktp",
    "Penerbitan KTP-el baru (pemula usia 17 tahun)": "ktp-el-baru",
    "Penggantian KTP-el hilang atau rusak": "ktp-el-hilang-rusak",
    "Penerbitan Kartu Identitas Anak (KIA)": "kartu-identitas-anak",
    "Penerbitan akta kematian": "akta-kematian",
    "Surat keterangan pindah keluar (SKPWNI)": "surat-pindah-keluar",
    "Pendaftaran KK dan KTP-el bagi pendatang (Sobat Dukcapil)": "pendatang-sobat-dukcapil",
    "LAKSA (Layanan Aspirasi Kotak Saran Anda)": "laksa",
    "Tangerang Siaga 112": "siaga-112",
    "Ambulans gratis": "ambulans-gratis",
    "Pembayaran PBB-P2 online": "pbb-p2",
    "Pembayaran BPHTB online": "bphtb",
    "Pembayaran tagihan air": "tagihan-air-pdam",
    "Pasang baru sambungan air": "pasang-baru-air",
    "Tangerang Cakap Kerja": "tangerang-cakap-kerja",
    "Informasi lowongan kerja (disnaker.tangerangkota.go.id)": "lowongan-kerja",
    "Pembuatan kartu kuning (AK/1)": "kartu-kuning-ak1",
    "Job fair virtual": "job-fair-virtual",
    "Informasi ketersediaan kamar rumah sakit (Simpati RS)": "ketersediaan-kamar-rs",
    "Segar (pantau harga bahan pokok di pasar)": "segar-harga-bahan-pokok",
    "E-Plesiran (informasi destinasi wisata)": "e-plesiran",
    "E-Paper (Koran Benteng, majalah LIVE, Buletin Jumat)": "e-paper",
    "Berita dan informasi Kota Tangerang": "berita-kota",
    "Sewa GOR dan stadion mini via Tim Sport": "tim-sport",
    "Permohonan informasi publik (PPID)": "ppid",
    "Bus Tayo (BRT) 4 koridor": "bus-tayo",
    "Angkot Si Benteng": "si-benteng",
    "Perizinan online (perizinanonline.tangerangkota.go.id)": "perizinan-online",
    "Pendaftaran peserta didik baru SMP (online)": "ppdb-smp",
    "Surat keterangan tidak mampu (SKTM)": "sktm-kelurahan",
    "Surat keterangan domisili": "surat-domisili",
    "Pengaduan PJU mati": "lapor-pju-mati",
    "Pelayanan kesehatan di puskesmas": "puskesmas",
    "Usulan pendaftaran DTKS": "usulan-dtks",
    "Persetujuan Bangunan Gedung (PBG)": "pbg",
    "Pengujian kendaraan bermotor (uji KIR)": "uji-kir",
    "Pelayanan pemakaman di TPU Selapajang Jaya": "pemakaman-tpu-selapajang",
    "Vaksinasi rabies gratis": "vaksin-rabies-gratis",
    "Kartu anggota Perpustakaan Daerah": "kartu-perpustakaan",
    "Pemadaman kebakaran": "pemadam-kebakaran",
}

# slug -> (kind, module key). Modules are not built in this release: is_available stays False.
MODULES: Final[dict[str, tuple[str, str]]] = {
    "laksa": ("module", "complaints"),
    "siaga-112": ("module", "emergency"),
    "ambulans-gratis": ("module", "emergency"),
    "akta-kelahiran-online": ("module", "civil_registry"),
    "cek-status-kk-ktp": ("module", "civil_registration"),
    "pbb-p2": ("module", "revenue"),
    "bphtb": ("module", "revenue"),
    "tagihan-air-pdam": ("module", "revenue"),
    "tangerang-cakap-kerja": ("module", "jobs"),
    "lowongan-kerja": ("module", "jobs"),
    "kartu-kuning-ak1": ("module", "jobs"),
    "job-fair-virtual": ("module", "jobs"),
    "ketersediaan-kamar-rs": ("module", "health"),
    "segar-harga-bahan-pokok": ("module", "market"),
    "e-plesiran": ("module", "places"),
    "e-paper": ("module", "publications"),
    "berita-kota": ("module", "publications"),
    "tim-sport": ("module", "places"),
    "bus-tayo": ("module", "transit"),
    "si-benteng": ("module", "transit"),
    "informasi-transportasi-umum-di-tangerang-live": ("module", "transit"),
    "belanja-kebutuhan-pokok-dari-rumah-via-tangerang-live": ("module", "market"),
    "aplikasi-tas-loker": ("module", "jobs"),
    "pencaker-pencari-kerja-di-tangerang-live": ("module", "jobs"),
    "lokasi-halte-dan-atm": ("module", "places"),
    "agenda-acara-kota": ("module", "events"),
    "lacak-laporan-laksa": ("module", "complaints"),
}

# Menus that are honest external links to a working official site named in the sources.
LINKS: Final[dict[str, str]] = {
    "perizinan-online": "https://perizinanonline.tangerangkota.go.id/",
    "ppdb-smp": "https://ppdb.tangerangkota.go.id/",
}

# Menus whose service runs on another official site named in the sources: their page links there
# (the menu keeps its kind; "where to go today" names the site too).
_SOBAT_DUKCAPIL = "https://sobatdukcapil.tangerangkota.go.id/"
_PERIZINAN = "https://perizinanonline.tangerangkota.go.id/"
_DISNAKER = "https://disnaker.tangerangkota.go.id/"
OFFICIAL_SITES: Final[dict[str, str]] = {
    "pendatang-sobat-dukcapil": _SOBAT_DUKCAPIL,
    "pendaftaran-penduduk-nonpermanen-sobat-dukcapil-versi-2": _SOBAT_DUKCAPIL,
    "akta-kelahiran-online": _SOBAT_DUKCAPIL,
    "izin-penyelenggaraan-reklame": _PERIZINAN,
    "izin-perpanjangan-petak-makam": _PERIZINAN,
    "izin-praktik-tenaga-kesehatan-dan-ahli-profesi": _PERIZINAN,
    "pbg": "https://simbg.pu.go.id/",
    "lowongan-kerja": _DISNAKER,
    "tangerang-cakap-kerja": _DISNAKER,
    "kanal-pengaduan-whatsapp-instagram-lapor_laksa-dan-sp4n": "https://www.lapor.go.id/",
    "berita-kota": "https://tangerangkota.go.id/",
}

# Menus whose service is a phone call, and the number (from the CSV notes): their card says "call"
# and names it. The rest of the emergency category is not a call: walk-in emergency rooms, fire
# training, aid to victims, disaster posts and shelters.
CALL_NUMBERS: Final[dict[str, str]] = {
    "siaga-112": "112",  # "Toll-free 24 h; fire, medical, crime, accidents, disasters"
    "ambulans-gratis": "112",  # "requested via 112"
    "pemadam-kebakaran": "112",  # "24 h; call 112"
    "penyelamatan-saat-banjir-dan-bencana": "112",  # rescue crews sent by the 112 line
    "penanganan-hewan-liar": "112",  # "Second most frequent 112 category"
    "penanganan-pohon-tumbang-dan-puting-beliung": "112",  # a disaster response, sent by 112
    "hotline-piket-bencana-24-jam": "021-5582144",  # "Mako BPBD 021-5582144; also via 112"
}

# Menus served in person at any hour, without an appointment: the emergency rooms.
WALK_IN_24H: Final[frozenset[str]] = frozenset(
    {"ugd-24-jam-di-19-puskesmas", "instalasi-gawat-darurat-24-jam"}
)

# Who may use a menu where the CSV's "needs" column says otherwise than the module enforces.
# LAKSA asks residents to sign in (phone and SMS code), not for a verified NIK (complaints views).
ACCESS: Final[dict[str, str]] = {
    "laksa": "signed_in",
}

# Menus shown first (popular falls back to this order before anyone has used the catalog).
FEATURED: Final[list[str]] = [
    "laksa",
    "siaga-112",
    "ambulans-gratis",
    "tangerang-cakap-kerja",
    "cek-status-kk-ktp",
    "pbb-p2",
    "akta-kelahiran-online",
    "ketersediaan-kamar-rs",
    "lowongan-kerja",
    "tagihan-air-pdam",
    "segar-harga-bahan-pokok",
    "bus-tayo",
]

# Search synonyms: when a menu's names contain the left word, its keywords get the right words.
SYNONYMS: Final[list[tuple[str, str, str]]] = [
    # (word in name, extra Indonesian keywords, extra English keywords)
    ("akta", "akte", "certificate"),
    ("kelahiran", "lahir kelahiran", "birth born baby"),
    ("kematian", "meninggal wafat", "death"),
    ("ktp", "ktp ektp e-ktp kartu tanda penduduk", "id card identity card e-id"),
    ("kk", "kartu keluarga kk", "family card"),
    ("kia", "kartu anak", "child id"),
    ("pbb", "pajak bumi bangunan sppt", "property tax land tax"),
    ("bphtb", "pajak jual beli tanah", "property transfer duty"),
    ("pajak", "pajak", "tax"),
    ("lowongan", "loker lowongan kerja", "job vacancy jobs"),
    ("kerja", "loker kerja pekerjaan", "job work employment"),
    ("ambulans", "ambulan ambulance", "ambulance"),
    ("pju", "lampu jalan penerangan", "street light"),
    ("sampah", "sampah kebersihan", "garbage rubbish trash waste"),
    ("banjir", "banjir genangan", "flood"),
    ("kebakaran", "api damkar pemadam", "fire brigade"),
    ("air", "pdam air bersih", "water"),
    ("izin", "izin perizinan", "permit licence license"),
    ("perizinan", "izin", "permit licence license"),
    ("sekolah", "sekolah", "school"),
    ("ppdb", "sekolah pendaftaran siswa spmb", "school admission enrolment"),
    ("rumah sakit", "rs rumah sakit", "hospital"),
    ("puskesmas", "klinik dokter berobat", "clinic doctor primary care"),
    ("bus", "bis angkutan", "bus transport"),
    ("angkot", "angkutan kota", "minibus transport"),
    ("pengaduan", "lapor keluhan aduan", "complaint report"),
    ("laksa", "lapor aduan keluhan pengaduan", "complaint report"),
    ("112", "darurat gawat", "emergency"),
    ("darurat", "gawat 112", "emergency"),
    ("bencana", "bencana", "disaster"),
    # Residents name the animal and where it is: "ular masuk rumah", "tawon di rumah".
    ("hewan liar", "ular biawak tawon lebah masuk rumah", "snake monitor lizard wasp bee house"),
    ("pasar", "pasar belanja", "market shopping"),
    ("harga", "harga sembako", "price"),
    ("wisata", "wisata jalan-jalan", "tourism travel"),
    ("perpustakaan", "buku pustaka", "library books"),
    ("nikah", "menikah kawin", "marriage wedding"),
    ("perkawinan", "nikah menikah kawin", "marriage wedding"),
    ("vaksin", "imunisasi suntik", "vaccine vaccination"),
    ("bantuan", "bansos", "aid assistance welfare"),
    ("dtks", "bansos data miskin", "welfare register"),
    ("berita", "kabar", "news"),
    ("pelatihan", "kursus", "training course"),
    ("pindah", "pindah domisili", "moving relocation"),
    ("pemakaman", "makam kuburan kubur", "burial cemetery grave funeral"),
    ("makam", "kuburan kubur pemakaman", "cemetery grave"),
    ("jaminan kesehatan", "bpjs kis jkn berobat gratis", "health insurance"),
    ("jkn", "bpjs kis", "health insurance"),
    ("pbg", "imb izin mendirikan bangunan", "building permit"),
    ("rumah sakit", "rsud", "hospital"),
    ("ktp-el", "ktp ektp", "id card"),
]

# A few menus the city runs that are not rows of the CSV (DOMAIN.md and the paper name them).
# Fields: office, office name, name_id, name_en, csv category, audience, needs, notes, source
EXTRA_ROWS: Final[list[dict[str, str]]] = [
    {
        "office_abbrev": "Diskominfo",
        "office_name": "Dinas Komunikasi dan Informatika",
        "service_name_id": "Lokasi halte dan ATM",
        "service_name_en": "Bus stop and ATM locations",
        "category": "transportasi",
        "audience": "visitor",
        "needs": "none",
        "notes": "E-Plesiran shows public places such as bus stops and ATMs",
        "source": "seed-paper.txt (Tangerang LIVE study)",  # named properly by seed.source_name
        "slug": "lokasi-halte-dan-atm",
    },
    {
        "office_abbrev": "Diskominfo",
        "office_name": "Dinas Komunikasi dan Informatika",
        "service_name_id": "Agenda acara Kota Tangerang",
        "service_name_en": "City events calendar",
        "category": "informasi",
        "audience": "resident",
        "needs": "none",
        "notes": "Information about the city and its events is a Tangerang LIVE feature",
        "source": "seed-paper.txt (Tangerang LIVE study)",
        "slug": "agenda-acara-kota",
    },
    {
        "office_abbrev": "Diskominfo",
        "office_name": "Dinas Komunikasi dan Informatika",
        "service_name_id": "Lacak status laporan LAKSA",
        "service_name_en": "Track a LAKSA report",
        "category": "pengaduan",
        "audience": "resident",
        "needs": "login",
        "notes": "Statuses shown to residents: Menunggu, Proses, Selesai",
        "source": "DOMAIN.md",
        "slug": "lacak-laporan-laksa",
    },
    {
        "office_abbrev": "Diskominfo",
        "office_name": "Dinas Komunikasi dan Informatika",
        "service_name_id": "Tangerang Live Room (TLR)",
        "service_name_en": "Tangerang Live Room (TLR) command centre",
        "category": "informasi",
        "audience": "resident",
        "needs": "none",
        "notes": "Receives LAKSA, 112 and social-media reports, forwards them to the responsible "
        "office, follows up; also watches city CCTV",
        "source": "DOMAIN.md",
        "slug": "tangerang-live-room",
    },
]
