"""Hand-written service standards for the menus residents use most (facts from the services CSV,
DOMAIN.md and national rules). Fields not given here fall back to the generic standard in seed.py.

Each value is (Indonesian, English).
"""

from __future__ import annotations

from typing import Final

T = tuple[str, str]

_ADMINDUK_FREE: Final[T] = (
    "Gratis, tidak dipungut biaya (Pasal 79A UU No. 24 Tahun 2013 tentang Administrasi "
    "Kependudukan).",
    "Free of charge (Article 79A of Law No. 24/2013 on Population Administration).",
)
_DUKCAPIL_TODAY: Final[T] = (
    "Daring melalui Sobat Dukcapil (sobatdukcapil.tangerangkota.go.id), atau datang ke kantor "
    "Disdukcapil Kota Tangerang, gerai adminduk di kantor kecamatan, Mal Pelayanan Publik (MPP), "
    "atau booth di Tangcity Mall dan Mal Icon Walk (jam booth berbeda dari kantor).",
    "Online through Sobat Dukcapil (sobatdukcapil.tangerangkota.go.id), or in person at the "
    "Disdukcapil office, the civil-registry counters in kecamatan offices, the Public Service Mall "
    "(MPP), or the booths at Tangcity Mall and Mal Icon Walk (booth hours differ from the office).",
)
_DUKCAPIL_TIME: Final[T] = (
    "Sesuai standar pelayanan Disdukcapil (Keputusan Kepala Dinas 800/KEP.20-Dukcapil/2021); "
    "tanyakan perkiraan waktu di loket.",
    "As in Disdukcapil's published service standard (decree 800/KEP.20-Dukcapil/2021); ask at the "
    "counter for the expected time.",
)

STANDARDS: Final[dict[str, dict[str, T]]] = {
    "akta-kelahiran-online": {
        "description": (
            "Mengurus kutipan akta kelahiran anak tanpa antre. Di Tangerang LIVE, akta kelahiran "
            "daring adalah salah satu menu administrasi kependudukan.",
            "Get a child's birth certificate without queueing. The online birth certificate is one "
            "of Tangerang LIVE's civil-registry menus.",
        ),
        "requirements": (
            "Surat keterangan kelahiran dari rumah sakit, puskesmas atau bidan; Kartu Keluarga "
            "(KK) dan KTP-el orang tua; buku nikah atau akta perkawinan orang tua, atau Surat "
            "Pernyataan Tanggung Jawab Mutlak (SPTJM) bila tidak ada.",
            "Birth letter from the hospital, puskesmas or midwife; the parents' family card (KK) "
            "and e-ID; the parents' marriage book or certificate, or a signed statement of "
            "responsibility (SPTJM) if there is none.",
        ),
        "procedure": (
            "1. Siapkan dokumen dalam bentuk pindaian. 2. Ajukan permohonan melalui Sobat Dukcapil "
            "atau loket. 3. Petugas memverifikasi data. 4. Akta diterbitkan dan dapat dicetak "
            "sendiri (kertas HVS) atau diambil di loket.",
            "1. Scan the documents. 2. Apply through Sobat Dukcapil or at a counter. 3. An officer "
            "checks the data. 4. The certificate is issued and can be printed yourself (plain "
            "paper) or collected at the counter.",
        ),
        "duration": _DUKCAPIL_TIME,
        "cost": _ADMINDUK_FREE,
        "product": (
            "Kutipan akta kelahiran dan KK yang diperbarui.",
            "Birth certificate and an updated family card.",
        ),
        "where_today": (
            _DUKCAPIL_TODAY[0] + " Bayi yang lahir di salah satu dari 35 rumah sakit mitra dapat "
            "dibuatkan akta langsung di rumah sakit.",
            _DUKCAPIL_TODAY[1] + " Babies born in one of the 35 partner hospitals can get the "
            "certificate at the hospital.",
        ),
    },
    "cek-status-kk-ktp": {
        "description": (
            "Mengecek apakah KK atau KTP-el Anda sudah selesai diproses. Salah satu dari tiga menu "
            "Tangerang LIVE yang paling banyak dikunjungi.",
            "Check whether your family card or e-ID is ready. One of the three most visited "
            "Tangerang LIVE menus.",
        ),
        "requirements": (
            "NIK dan nomor KK pemohon.",
            "The applicant's NIK and family-card number.",
        ),
        "procedure": (
            "Masukkan NIK dan nomor KK; status permohonan ditampilkan.",
            "Enter your NIK and family-card number; the status of the request is shown.",
        ),
        "duration": ("Seketika.", "Immediate."),
        "cost": _ADMINDUK_FREE,
        "product": ("Informasi status dokumen.", "Document status information."),
        "where_today": _DUKCAPIL_TODAY,
    },
    "ktp-el-baru": {
        "requirements": (
            "Berusia 17 tahun, sudah kawin atau pernah kawin; terdaftar dalam Kartu Keluarga (KK).",
            "Aged 17, or married or previously married; listed on a family card (KK).",
        ),
        "procedure": (
            "1. Datang untuk perekaman biometrik (foto, sidik jari, iris, tanda tangan). "
            "2. Data diverifikasi. 3. KTP-el dicetak dan diserahkan.",
            "1. Come for biometric capture (photo, fingerprints, iris, signature). 2. The data is "
            "verified. 3. The e-ID is printed and handed over.",
        ),
        "duration": _DUKCAPIL_TIME,
        "cost": _ADMINDUK_FREE,
        "product": ("KTP-el.", "Electronic ID card (KTP-el)."),
        "where_today": _DUKCAPIL_TODAY,
    },
    "ktp-el-hilang-rusak": {
        "requirements": (
            "Kartu Keluarga (KK); surat keterangan kehilangan dari kepolisian bila hilang, atau "
            "KTP-el yang rusak.",
            "Family card (KK); a police loss report if lost, or the damaged e-ID.",
        ),
        "cost": _ADMINDUK_FREE,
        "duration": _DUKCAPIL_TIME,
        "product": ("KTP-el pengganti.", "Replacement e-ID."),
        "where_today": _DUKCAPIL_TODAY,
    },
    "kartu-identitas-anak": {
        "requirements": (
            "Untuk anak di bawah 17 tahun: akta kelahiran anak, KK dan KTP-el orang tua; pas foto "
            "anak bila berusia 5 tahun ke atas.",
            "For children under 17: the child's birth certificate, the parents' family card and "
            "e-ID; a photo of the child if aged 5 or older.",
        ),
        "cost": _ADMINDUK_FREE,
        "duration": _DUKCAPIL_TIME,
        "product": ("Kartu Identitas Anak (KIA).", "Child identity card (KIA)."),
        "where_today": _DUKCAPIL_TODAY,
    },
    "akta-kematian": {
        "requirements": (
            "Surat keterangan kematian dari rumah sakit atau kelurahan; KK dan KTP-el almarhum; "
            "KTP-el pelapor.",
            "Death letter from the hospital or kelurahan; the family card and e-ID of the "
            "deceased; the reporting person's e-ID.",
        ),
        "cost": _ADMINDUK_FREE,
        "duration": _DUKCAPIL_TIME,
        "product": (
            "Kutipan akta kematian dan KK yang diperbarui.",
            "Death certificate and an updated family card.",
        ),
        "where_today": (
            _DUKCAPIL_TODAY[0] + " Dapat juga diurus di rumah sakit mitra Sobat Dukcapil.",
            _DUKCAPIL_TODAY[1] + " Also possible at Sobat Dukcapil partner hospitals.",
        ),
    },
    "surat-pindah-keluar": {
        "requirements": (
            "KK dan KTP-el; alamat tujuan pindah.",
            "Family card and e-ID; the destination address.",
        ),
        "cost": _ADMINDUK_FREE,
        "duration": _DUKCAPIL_TIME,
        "product": (
            "Surat Keterangan Pindah WNI (SKPWNI).",
            "Moving certificate for citizens (SKPWNI).",
        ),
        "where_today": _DUKCAPIL_TODAY,
    },
    "pendatang-sobat-dukcapil": {
        "requirements": (
            "SKPWNI (surat pindah) dari daerah asal, KK dan KTP-el lama.",
            "The SKPWNI moving letter from your home region, your old family card and e-ID.",
        ),
        "cost": _ADMINDUK_FREE,
        "duration": _DUKCAPIL_TIME,
        "product": (
            "KK dan KTP-el beralamat Kota Tangerang.",
            "Family card and e-ID with a Kota Tangerang address.",
        ),
        "where_today": _DUKCAPIL_TODAY,
    },
    "laksa": {
        "description": (
            "LAKSA (Layanan Aspirasi Kotak Saran Anda): laporkan jalan rusak, PJU mati, pohon "
            "tumbang, ular atau sarang tawon, banjir, sampah dan masalah kota lainnya dengan foto "
            "dan lokasi.",
            "LAKSA: report damaged roads, broken street lights, fallen trees, snakes or wasp "
            "nests, flooding, rubbish and other city problems with a photo and the location.",
        ),
        # What the report form enforces (complaints: sign-in, a location, a few words; photos
        # optional, up to 5). No NIK is asked for, so the menu does not say so.
        "requirements": (
            "Masuk dengan nomor ponsel (kode SMS); lokasi kejadian (titik di peta, atau kelurahan "
            "dan alamat); uraian singkat. Foto tidak wajib (paling banyak 5) tetapi membantu "
            "petugas.",
            "Sign in with your phone number (an SMS code); where it is (a pin on the map, or the "
            "kelurahan and address); a few words on what happened. Photos are optional (up to 5) "
            "but help the officers.",
        ),
        "procedure": (
            "1. Masuk, buka Lapor, pilih jenis masalah, tandai lokasi dan tulis uraian (tambahkan "
            "foto bila ada). 2. Tangerang Live Room (TLR) meneruskan laporan ke dinas yang "
            "bertanggung jawab. 3. Dinas menindaklanjuti. 4. Pantau status: Menunggu, Proses, "
            "Selesai.",
            "1. Sign in, open Report, choose the kind of problem, mark the place and write what "
            "happened (add photos if you have them). 2. The Tangerang Live Room (TLR) forwards it "
            "to the responsible city office. 3. The office acts on it. 4. Follow the status: "
            "Waiting, In progress, Done.",
        ),
        "duration": (
            "Bergantung jenis laporan; status dapat dipantau. Pada 2024, 95,89 % dari 14.012 "
            "laporan diselesaikan.",
            "Depends on the kind of report; the status can be followed. In 2024, 95.89 % of "
            "14,012 reports were closed.",
        ),
        "cost": ("Gratis.", "Free."),
        "product": ("Tindak lanjut dan jawaban atas laporan.", "Follow-up and a reply."),
        "complaints": (
            "Bila tindak lanjut tidak memuaskan: SP4N-LAPOR! (lapor.go.id) atau Instagram "
            "@lapor_laksa.",
            "If the follow-up is not satisfactory: SP4N-LAPOR! (lapor.go.id) or Instagram "
            "@lapor_laksa.",
        ),
        "where_today": (
            "Menu Lapor di aplikasi ini, Instagram @lapor_laksa, atau SP4N-LAPOR! (lapor.go.id). "
            "Keadaan darurat: telepon 112.",
            "The Report menu of this app, Instagram @lapor_laksa, or SP4N-LAPOR! (lapor.go.id). "
            "Emergencies: call 112.",
        ),
    },
    "siaga-112": {
        "description": (
            "Saluran darurat bebas pulsa 24 jam untuk kebakaran, kecelakaan, bencana, kesehatan "
            "dan gangguan keamanan.",
            "Free 24-hour emergency line for fire, accidents, disasters, medical emergencies and "
            "public order.",
        ),
        "requirements": ("Tidak ada. Siapa pun dapat menelepon.", "None. Anyone can call."),
        "procedure": (
            "1. Telepon 112 (bebas pulsa, 24 jam, dari ponsel atau telepon rumah); tidak perlu "
            "masuk atau mendaftar. 2. Sebutkan kejadian dan lokasi yang jelas. 3. Petugas "
            "meneruskan ke unit terdekat (damkar, ambulans, BPBD, Satpol PP, kepolisian); biarkan "
            "ponsel tetap aktif.",
            "1. Call 112 (toll-free, 24 hours, from a mobile or landline); no sign-in or "
            "registration needed. 2. Say what happened and where, clearly. 3. The operator "
            "dispatches the nearest unit (fire, ambulance, disaster agency, public order, police); "
            "keep your phone on.",
        ),
        "duration": ("Segera, 24 jam sehari.", "Immediately, 24 hours a day."),
        "cost": ("Gratis, bebas pulsa.", "Free, toll-free."),
        "product": ("Penanganan keadaan darurat.", "Emergency response."),
        "where_today": (
            "Telepon 112 dari ponsel atau telepon rumah (bebas pulsa, 24 jam). Layanan dikelola "
            "UPT Pengelola Ruang Kendali Kota, Diskominfo.",
            "Call 112 from any phone (toll-free, 24 hours). Run by the city control-room unit of "
            "Diskominfo.",
        ),
    },
    "ambulans-gratis": {
        "description": (
            "Ambulans gratis untuk warga: satu ambulans di puskesmas setiap kecamatan, ditambah "
            "unit Smart 119. Layanan 112 yang paling banyak diminta pada 2024.",
            "Free ambulance for residents: one at a puskesmas in every kecamatan, plus Smart 119 "
            "units. The most requested 112 service in 2024.",
        ),
        "requirements": ("Tidak ada.", "None."),
        "procedure": (
            "1. Telepon 112 (bebas pulsa, 24 jam); tidak perlu masuk atau mendaftar. 2. Katakan "
            "Anda membutuhkan ambulans, jelaskan kondisi pasien dan alamat jemput yang jelas. "
            "3. Biarkan ponsel tetap aktif: petugas dapat menelepon balik. Ambulans terdekat "
            "(puskesmas kecamatan atau unit Smart 119) dikirim.",
            "1. Call 112 (toll-free, 24 hours); no sign-in or registration needed. 2. Say you need "
            "an ambulance, describe the patient and give a clear pick-up address. 3. Keep your "
            "phone on: the operator may call back. The nearest ambulance (the kecamatan's "
            "puskesmas or a Smart 119 unit) is sent.",
        ),
        "duration": ("Segera, 24 jam.", "Immediately, 24 hours."),
        "cost": ("Gratis.", "Free."),
        "product": (
            "Pengantaran pasien ke fasilitas kesehatan.",
            "Transport of the patient to a health facility.",
        ),
        "where_today": ("Telepon 112 (bebas pulsa, 24 jam).", "Call 112 (toll-free, 24 hours)."),
    },
    "pbb-p2": {
        "description": (
            "Bayar Pajak Bumi dan Bangunan Perdesaan dan Perkotaan (PBB-P2) dengan nomor objek "
            "pajak (NOP).",
            "Pay the land and building tax (PBB-P2) with the tax object number (NOP).",
        ),
        "requirements": (
            "Nomor Objek Pajak (NOP, 18 digit) yang tertera pada SPPT.",
            "The 18-digit tax object number (NOP) printed on the tax assessment (SPPT).",
        ),
        "procedure": (
            "1. Masukkan NOP dan tahun pajak. 2. Periksa tagihan. 3. Bayar melalui kanal "
            "pembayaran yang tersedia. 4. Simpan bukti bayar.",
            "1. Enter the NOP and tax year. 2. Check the bill. 3. Pay through an available "
            "channel. 4. Keep the receipt.",
        ),
        "duration": (
            "Seketika setelah pembayaran diterima.",
            "Immediately once the payment is received.",
        ),
        "cost": (
            "Sesuai SPPT. Tarif menurut NJOP (Perda No. 10/2023): sampai Rp150 juta 0 % (bukan "
            "bangunan komersial), di atas Rp150 juta s.d. Rp1 miliar 0,1 %, di atas Rp1 miliar "
            "s.d. Rp2 miliar 0,15 %, di atas Rp2 miliar 0,2 %. Keterlambatan dikenai denda sesuai "
            "peraturan.",
            "As on the SPPT. Rates by NJOP (Perda 10/2023): up to Rp150 million 0 % (not "
            "commercial buildings), over Rp150 million to Rp1 billion 0.1 %, over Rp1 billion to "
            "Rp2 billion 0.15 %, over Rp2 billion 0.2 %. Late payment carries a penalty set by "
            "regulation.",
        ),
        "product": ("Bukti pembayaran PBB-P2.", "PBB-P2 payment receipt."),
        "where_today": (
            "Loket Bapenda di UPT Barat, UPT Timur dan Mal Pelayanan Publik, atau layanan keliling "
            "Bang Baja dan Nong Dara (jadwal di Instagram @bapenda_tangerangkota).",
            "Bapenda counters at UPT West, UPT East and the Public Service Mall, or the Bang Baja "
            "and Nong Dara mobile service (schedule on Instagram @bapenda_tangerangkota).",
        ),
    },
    "bphtb": {
        "requirements": (
            "Data transaksi (akta jual beli atau dasar perolehan lain), NOP objek, identitas "
            "pembeli; diajukan oleh PPAT/notaris atau pembeli.",
            "The transaction record (deed of sale or other basis), the object's NOP, the buyer's "
            "identity; filed by the notary (PPAT) or the buyer.",
        ),
        "procedure": (
            "1. PPAT atau pembeli melaporkan transaksi. 2. Bapenda memverifikasi nilai. "
            "3. Bea dibayar. 4. Bukti bayar digunakan untuk proses balik nama.",
            "1. The notary or buyer files the transaction. 2. Bapenda verifies the value. 3. The "
            "duty is paid. 4. The receipt is used for the title transfer.",
        ),
        "cost": (
            "5 % × (NPOP − NPOPTKP). NPOP adalah nilai transaksi atau NJOP bila lebih tinggi; "
            "NPOPTKP ditetapkan daerah (contoh: Rp80 juta; Rp300 juta untuk waris).",
            "5 % × (NPOP − NPOPTKP). NPOP is the transaction value, or the NJOP when higher; the "
            "NPOPTKP allowance is set by the city (e.g. Rp80 million; Rp300 million for "
            "inheritance).",
        ),
        "product": ("Bukti pembayaran BPHTB yang tervalidasi.", "Validated BPHTB receipt."),
        "where_today": (
            "Loket Bapenda di UPT Barat, UPT Timur dan Mal Pelayanan Publik.",
            "Bapenda counters at UPT West, UPT East and the Public Service Mall.",
        ),
    },
    "tagihan-air-pdam": {
        "requirements": (
            "Nomor pelanggan Perumda Tirta Benteng.",
            "Your Tirta Benteng customer number.",
        ),
        "cost": (
            "Sesuai pemakaian. Tarif rumah tangga per m³: 0–5 m³ Rp2.775; 6–20 m³ Rp4.250; "
            "21–40 m³ Rp5.750; di atas 40 m³ Rp6.500, ditambah biaya tetap.",
            "By use. Household tariff per m³: 0–5 m³ Rp2,775; 6–20 m³ Rp4,250; 21–40 m³ Rp5,750; "
            "over 40 m³ Rp6,500, plus a fixed charge.",
        ),
        "duration": ("Seketika setelah pembayaran diterima.", "Immediately once paid."),
        "product": ("Bukti pembayaran rekening air.", "Water bill receipt."),
        "where_today": (
            "Kantor Perumda Tirta Benteng, atau loket PDAM di Mal Pelayanan Publik.",
            "The Perumda Tirta Benteng office, or its counter at the Public Service Mall.",
        ),
    },
    "lowongan-kerja": {
        "description": (
            "Daftar lowongan kerja dari perusahaan di Kota Tangerang. Pemegang KTP Kota Tangerang "
            "mendapat jalur lamaran khusus.",
            "Job vacancies from employers in Kota Tangerang. Holders of a Kota Tangerang ID card "
            "get a dedicated application channel.",
        ),
        "requirements": ("Tidak ada untuk melihat lowongan.", "None to browse vacancies."),
        "cost": ("Gratis.", "Free."),
        "product": ("Informasi lowongan kerja.", "Job vacancy information."),
        "where_today": (
            "Situs disnaker.tangerangkota.go.id, atau kantor Disnaker.",
            "The site disnaker.tangerangkota.go.id, or the Disnaker office.",
        ),
    },
    "tangerang-cakap-kerja": {
        "description": (
            "Portal kerja Kota Tangerang: lowongan, pelatihan, dan pendaftaran job fair. Menu "
            "Tangerang LIVE yang paling banyak dikunjungi.",
            "The city job portal: vacancies, training and job-fair registration. The most visited "
            "Tangerang LIVE menu.",
        ),
        "cost": ("Gratis.", "Free."),
        "where_today": (
            "Situs disnaker.tangerangkota.go.id, atau kantor Disnaker.",
            "The site disnaker.tangerangkota.go.id, or the Disnaker office.",
        ),
    },
    "kartu-kuning-ak1": {
        "requirements": (
            "KTP-el, ijazah terakhir, dan pas foto terbaru.",
            "e-ID, your latest diploma and a recent photo.",
        ),
        "procedure": (
            "1. Daftar sebagai pencari kerja. 2. Serahkan dokumen. 3. Petugas memverifikasi. "
            "4. Kartu AK/1 diterbitkan.",
            "1. Register as a job seeker. 2. Hand in the documents. 3. An officer checks them. "
            "4. The AK/1 card is issued.",
        ),
        "cost": ("Gratis.", "Free."),
        "product": ("Kartu tanda pencari kerja (AK/1, kartu kuning).", "Job-seeker card (AK/1)."),
        "where_today": (
            "Kantor Disnaker Kota Tangerang, loket Disnaker di Mal Pelayanan Publik, atau saat "
            "job fair.",
            "The Disnaker office, its counter at the Public Service Mall, or at job fairs.",
        ),
    },
    "ketersediaan-kamar-rs": {
        "requirements": ("Tidak ada.", "None."),
        "procedure": (
            "Informasi kamar (Simpati RS) belum tersedia di KotaLive, dan tidak ada loket untuk "
            "memesan kamar. 1. Tanyakan langsung ke rumah sakit tujuan (IGD atau pendaftaran "
            "rawat inap) apakah ada tempat tidur kosong. 2. Bila pasien gawat, jangan menunggu "
            "informasi kamar: telepon 112 atau bawa ke IGD terdekat.",
            "Bed information (Simpati RS) is not in KotaLive yet, and there is no counter to book "
            "a bed. 1. Ask the hospital you want (its emergency unit or inpatient registration) "
            "whether a bed is free. 2. If the patient is in danger, do not wait for bed "
            "information: call 112 or go to the nearest emergency unit.",
        ),
        "duration": ("Tidak berlaku.", "Not applicable."),
        "cost": ("Gratis.", "Free."),
        "product": ("Informasi tempat tidur kosong per rumah sakit.", "Free beds per hospital."),
        "where_today": (
            "Rumah sakit tujuan (IGD atau pendaftaran rawat inap), misalnya RSUD Kota Tangerang; "
            "dalam keadaan darurat telepon 112.",
            "The hospital you want (emergency unit or inpatient registration), for example RSUD "
            "Kota Tangerang; in an emergency call 112.",
        ),
    },
    "ppid": {
        "requirements": (
            "KTP-el pemohon; rincian informasi yang diminta dan tujuannya.",
            "The requester's e-ID; what information is requested and why.",
        ),
        "procedure": (
            "1. Ajukan permohonan. 2. PPID mencatat dan meneruskan ke OPD pemilik informasi. "
            "3. Jawaban diberikan; bila ditolak, dapat mengajukan keberatan.",
            "1. Submit the request. 2. The PPID logs it and forwards it to the office that holds "
            "the information. 3. You get an answer; a refusal can be objected to.",
        ),
        "duration": (
            "Paling lambat 10 hari kerja, dapat diperpanjang 7 hari kerja (UU No. 14/2008).",
            "At most 10 working days, extendable by 7 working days (Law No. 14/2008).",
        ),
        "cost": ("Gratis; biaya salinan dokumen bila ada.", "Free; copying costs may apply."),
        "product": ("Informasi publik yang diminta.", "The requested public information."),
        "where_today": (
            "Aplikasi PPID (unggah KTP), atau chatbot Halo PPID.",
            "The PPID app (upload your ID), or the Halo PPID chatbot.",
        ),
    },
    "pbg": {
        "requirements": (
            "Keterangan Rencana Kota (KRK), dokumen teknis bangunan, bukti kepemilikan tanah, "
            "identitas pemohon.",
            "City plan statement (KRK), building technical documents, land title, the applicant's "
            "identity.",
        ),
        "duration": (
            "Rumah tinggal sederhana dengan prototipe siap pakai: 10 jam (5 jam di Disperkimtan, "
            "5 jam di DPMPTSP, dihitung sejak ketetapan retribusi). Lainnya: sesuai standar "
            "DPMPTSP.",
            "Simple houses using a ready-made prototype: 10 hours (5 at Disperkimtan, 5 at "
            "DPMPTSP, from the retribution notice). Others: per DPMPTSP's standard.",
        ),
        "cost": ("Retribusi PBG sesuai peraturan daerah.", "PBG retribution as set by city law."),
        "product": ("Persetujuan Bangunan Gedung (PBG).", "Building approval (PBG)."),
        "where_today": (
            "Sistem nasional SIMBG dan kantor DPMPTSP Kota Tangerang atau Mal Pelayanan Publik.",
            "The national SIMBG system and the DPMPTSP office or the Public Service Mall.",
        ),
    },
    "uji-kir": {
        "requirements": (
            "Kendaraan yang diuji, STNK, dan buku/kartu uji bagi uji berkala.",
            "The vehicle, its registration (STNK), and the test book/card for periodic tests.",
        ),
        "procedure": (
            "1. Daftar (bisa melalui aplikasi e-KIR Tangerang Ayo). 2. Kendaraan diuji. 3. Bila "
            "lulus, bukti lulus uji diterbitkan; bila tidak lulus, ada waktu 14 hari untuk "
            "memperbaiki.",
            "1. Book (also through the e-KIR Tangerang Ayo app). 2. The vehicle is tested. 3. If "
            "it passes, a pass is issued; if not, there are 14 days to fix it.",
        ),
        "duration": ("Uji berkala setiap 6 bulan.", "Periodic test every 6 months."),
        "cost": ("Retribusi sesuai peraturan daerah.", "Retribution as set by city law."),
        "product": ("Bukti lulus uji kendaraan.", "Roadworthiness pass."),
        "where_today": ("UPT PKB Dishub Kota Tangerang.", "Dishub's vehicle-testing unit."),
    },
    "pemakaman-tpu-selapajang": {
        "requirements": (
            "KTP-el dan KK almarhum, KTP-el penanggung jawab, surat pengantar RT, surat kematian "
            "dari rumah sakit atau kelurahan.",
            "e-ID and family card of the deceased, the responsible person's e-ID, an RT letter, a "
            "death letter from the hospital or kelurahan.",
        ),
        "procedure": (
            "Lapor ke pengelola TPU paling lambat 2 jam sebelum pemakaman; pemakaman malam "
            "pukul 18.00–20.00.",
            "Tell the cemetery office at least 2 hours before the burial; night burials "
            "18:00–20:00.",
        ),
        "cost": ("Retribusi pemakaman sesuai Perda No. 2/2017.", "Cemetery fee per Perda 2/2017."),
        "where_today": (
            "Pengelola TPU Selapajang Jaya (Disperkimtan).",
            "The Selapajang Jaya cemetery office (Disperkimtan).",
        ),
    },
    "vaksin-rabies-gratis": {
        "requirements": (
            "KTP atau surat domisili; hewan (kucing, anjing, musang, monyet) berusia minimal "
            "4 bulan; maksimal 2 hewan per KTP.",
            "ID card or domicile letter; the animal (cat, dog, civet, monkey) aged at least "
            "4 months; at most 2 animals per ID card.",
        ),
        "cost": ("Gratis.", "Free."),
        "product": ("Vaksinasi rabies hewan.", "Rabies vaccination of the animal."),
        "where_today": (
            "Puskesmas Hewan DKP, atau jadwal keliling di 13 kecamatan (tanyakan DKP).",
            "The DKP animal clinic, or the rotating schedule across the 13 kecamatan (ask DKP).",
        ),
    },
    "lapor-pju-mati": {
        "requirements": ("Lokasi lampu yang mati.", "Where the broken light is."),
        "cost": ("Gratis.", "Free."),
        "where_today": (
            "WhatsApp Dishub 0811-1500-293, Instagram @tangerangkota, telepon 112, atau LAKSA.",
            "Dishub WhatsApp 0811-1500-293, Instagram @tangerangkota, call 112, or LAKSA.",
        ),
    },
    "puskesmas": {
        "requirements": (
            "KTP-el atau KK; kartu JKN/BPJS Kesehatan bila ada. Warga ber-KTP Kota Tangerang "
            "dijamin program UHC.",
            "e-ID or family card; JKN/BPJS health card if any. Residents with a Kota Tangerang "
            "ID card are covered by the city's UHC programme.",
        ),
        "duration": (
            "Jam layanan Senin–Jumat dan Sabtu pagi; 19 puskesmas memiliki UGD 24 jam.",
            "Open Monday–Friday and Saturday morning; 19 puskesmas have a 24-hour emergency unit.",
        ),
        "where_today": ("Puskesmas terdekat.", "The nearest puskesmas."),
    },
    "usulan-dtks": {
        "requirements": (
            "Surat pengantar RT/RW, KK dan KTP-el.",
            "A letter from the RT/RW, family card and e-ID.",
        ),
        "procedure": (
            "1. Ajukan ke kelurahan dengan pengantar RT/RW. 2. Data diverifikasi oleh Pekerja "
            "Sosial Masyarakat (PSM). 3. Operator kelurahan memasukkan data ke SIKS-NG dengan "
            "berita acara yang ditandatangani lurah.",
            "1. Apply at the kelurahan with the RT/RW letter. 2. A community social worker (PSM) "
            "verifies. 3. The kelurahan operator enters the data into SIKS-NG with minutes signed "
            "by the lurah.",
        ),
        "cost": ("Gratis.", "Free."),
        "where_today": ("Kantor kelurahan tempat tinggal.", "Your kelurahan office."),
    },
    "sktm-kelurahan": {
        "requirements": (
            "Surat pengantar RT/RW, KTP-el dan KK.",
            "A letter from the RT/RW, e-ID and family card.",
        ),
        "cost": ("Gratis.", "Free."),
        "product": ("Surat Keterangan Tidak Mampu.", "Certificate of low income."),
        "where_today": ("Kantor kelurahan tempat tinggal.", "Your kelurahan office."),
    },
    "surat-domisili": {
        "requirements": (
            "Surat pengantar RT/RW, KTP-el dan KK.",
            "A letter from the RT/RW, e-ID and family card.",
        ),
        "cost": ("Gratis.", "Free."),
        "product": ("Surat keterangan domisili.", "Domicile certificate."),
        "where_today": ("Kantor kelurahan tempat tinggal.", "Your kelurahan office."),
    },
    "bus-tayo": {
        "description": (
            "Bus Rapid Transit Tayo, 4 koridor: Poris Plawad–Jatake, Poris Plawad–Cibodas, "
            "Ciledug–Tangcity, Cadas–Bandara Soekarno-Hatta (gerbang M1).",
            "Tayo bus rapid transit, 4 corridors: Poris Plawad–Jatake, Poris Plawad–Cibodas, "
            "Ciledug–Tangcity, Cadas–Soekarno-Hatta airport (gate M1).",
        ),
        "requirements": ("Alat pembayaran QRIS.", "A QRIS payment app."),
        "duration": ("Beroperasi 05.00–19.00 setiap hari.", "Runs 05:00–19:00 daily."),
        "cost": ("Rp2.000 sekali jalan, nontunai (QRIS).", "Rp2,000 a ride, cashless (QRIS)."),
        "where_today": ("Halte Bus Tayo di setiap koridor.", "Tayo stops along each corridor."),
    },
    "si-benteng": {
        "description": (
            "Angkot pengumpan Si Benteng (12 kursi), 9 rute, menghubungkan permukiman dengan "
            "koridor Bus Tayo.",
            "Si Benteng feeder minibuses (12 seats), 9 routes, linking neighbourhoods with the "
            "Tayo corridors.",
        ),
        "duration": ("Beroperasi 05.00–19.00 setiap hari.", "Runs 05:00–19:00 daily."),
        "cost": ("Rp2.000 sekali jalan, nontunai (QRIS).", "Rp2,000 a ride, cashless (QRIS)."),
        "where_today": ("Titik naik di sepanjang rute.", "Stops along the routes."),
    },
    "pemadam-kebakaran": {
        "requirements": ("Tidak ada.", "None."),
        "procedure": ("Telepon 112, sebutkan lokasi kebakaran.", "Call 112 and give the location."),
        "duration": ("Segera, 24 jam.", "Immediately, 24 hours."),
        "cost": ("Gratis.", "Free."),
        "where_today": ("Telepon 112 (bebas pulsa, 24 jam).", "Call 112 (toll-free, 24 hours)."),
    },
    "ppdb-smp": {
        "requirements": (
            "KK, akta kelahiran, rapor/ijazah SD, dan dokumen sesuai jalur (afirmasi, "
            "perpindahan orang tua, zonasi/domisili, prestasi, kebutuhan khusus).",
            "Family card, birth certificate, primary-school report/diploma, and documents for the "
            "chosen track (affirmation, parent transfer, zoning/domicile, achievement, special "
            "needs).",
        ),
        "cost": ("Gratis.", "Free."),
        "where_today": (
            "Situs ppdb.tangerangkota.go.id; help desk PPDB Dindik untuk bantuan.",
            "The site ppdb.tangerangkota.go.id; Dindik's admission help desk for help.",
        ),
    },
    "kartu-perpustakaan": {
        "requirements": ("Kartu identitas (KTP/KIA/kartu pelajar).", "An identity card."),
        "product": (
            "Kartu anggota; meminjam maksimal 2 buku selama 1 minggu.",
            "Membership card; borrow up to 2 books for 1 week.",
        ),
        "where_today": (
            "Perpustakaan Daerah Kota Tangerang (DPAD) atau perpustakaan keliling.",
            "The city library (DPAD) or the mobile library.",
        ),
    },
}

_PUSKESMAS_UGD = (
    "Cipondoh, Petir, Panunggangan, Kunciran, Karawaci Baru, Cibodasari, Jatiuwung, Manis Jaya, "
    "Kedaung Wetan, Periuk Jaya, Tanah Tinggi, Cikokol, Sukasari, Batuceper, Poris Gaga Lama, "
    "Ciledug, Paninggilan, Larangan Utara, Pondok Bahar"
)

# Menus whose service is not "bring the documents to a counter": their real steps, from the notes
# of the services CSV. Where the steps are not known, seed.py's generic text says so.
PROCEDURES: Final[dict[str, T]] = {
    "instalasi-gawat-darurat-24-jam": (
        "1. Datang langsung ke IGD RSUD Kota Tangerang, 24 jam, tanpa janji. 2. Bawa KTP-el atau "
        "KK dan kartu JKN/BPJS bila ada; pasien gawat ditangani lebih dulu. 3. Butuh ambulans? "
        "Telepon 112.",
        "1. Go straight to the RSUD Kota Tangerang emergency unit, 24 hours, no appointment. "
        "2. Bring an e-ID or family card and a JKN/BPJS card if you have one; a patient in danger "
        "is treated first. 3. Need an ambulance? Call 112.",
    ),
    "ugd-24-jam-di-19-puskesmas": (
        "1. Datang langsung ke puskesmas dengan UGD 24 jam: " + _PUSKESMAS_UGD + ". 2. Bawa KTP-el "
        "atau KK dan kartu JKN/BPJS bila ada. 3. Butuh ambulans? Telepon 112.",
        "1. Go straight to a puskesmas with a 24-hour emergency unit: " + _PUSKESMAS_UGD + ". "
        "2. Bring an e-ID or family card and a JKN/BPJS card if you have one. 3. Need an "
        "ambulance? Call 112.",
    ),
    "hotline-piket-bencana-24-jam": (
        "Telepon 112 atau piket Mako BPBD 021-5582144 (24 jam; nomor dapat berubah), sebutkan "
        "kejadian dan lokasi.",
        "Call 112 or the BPBD duty desk on 021-5582144 (24 hours; the number may change) and say "
        "what happened and where.",
    ),
    "posko-bencana-upt-dan-pos-wilayah": (
        "Datangi posko terdekat: UPT Ciledug, Cibodas, Batuceper atau Periuk; Pos Benda, Pinang "
        "atau Keroncong. Keadaan darurat: telepon 112.",
        "Go to the nearest post: UPT Ciledug, Cibodas, Batuceper or Periuk; Pos Benda, Pinang or "
        "Keroncong. Emergencies: call 112.",
    ),
    "pengaduan-ketertiban-umum-via-whatsapp-call-center": (
        "Kirim pesan atau telepon WhatsApp Satpol PP 0812-1200-4664 atau 0812-1200-9669 (nomor "
        "dapat berubah), Instagram @polpp.tangerang, atau lapor lewat LAKSA (menu Lapor) dengan "
        "lokasi dan foto.",
        "Message or call Satpol PP on WhatsApp 0812-1200-4664 or 0812-1200-9669 (the numbers may "
        "change), Instagram @polpp.tangerang, or report through LAKSA (the Report menu) with the "
        "place and a photo.",
    ),
    "kanal-pengaduan-whatsapp-instagram-lapor_laksa-dan-sp4n": (
        "Pilih satu kanal: LAKSA (menu Lapor di aplikasi ini), Instagram @lapor_laksa, atau "
        "SP4N-LAPOR! di lapor.go.id. Sebutkan masalahnya, lokasi, dan foto bila ada.",
        "Choose one channel: LAKSA (the Report menu of this app), Instagram @lapor_laksa, or "
        "SP4N-LAPOR! at lapor.go.id. Say what the problem is and where, with a photo if you have "
        "one.",
    ),
    "pengaduan-sampah-tidak-terangkut": (
        "1. Lapor lewat LAKSA (menu Lapor) dengan lokasi dan foto sampah yang tidak terangkut. "
        "2. Laporan diteruskan ke DLH. 3. Pantau status: Menunggu, Proses, Selesai.",
        "1. Report it through LAKSA (the Report menu) with the place and a photo of the rubbish "
        "left behind. 2. It is forwarded to DLH. 3. Follow the status: Waiting, In progress, "
        "Done.",
    ),
    "lapor-pju-mati": (
        "Kirim lokasi lampu yang mati lewat WhatsApp Dishub 0811-1500-293 (nomor dapat berubah) "
        "atau LAKSA (menu Lapor); regu PJU Dishub memperbaikinya.",
        "Send where the broken light is by WhatsApp to Dishub on 0811-1500-293 (the number may "
        "change) or through LAKSA (the Report menu); Dishub's street-light crew repairs it.",
    ),
    "perizinan-online": (
        "1. Ajukan permohonan di perizinanonline.tangerangkota.go.id dan unggah dokumennya. "
        "2. Bawa dokumen asli ke DPMPTSP atau Mal Pelayanan Publik bila diminta. 3. Pantau "
        "permohonan di situs.",
        "1. Apply at perizinanonline.tangerangkota.go.id and upload the documents. 2. Bring the "
        "originals to DPMPTSP or the Public Service Mall when asked. 3. Follow the application "
        "on the site.",
    ),
    "ppdb-smp": (
        "1. Daftar hanya melalui ppdb.tangerangkota.go.id pada jadwal yang diumumkan Dindik. "
        "2. Pilih satu jalur: kebutuhan khusus, perpindahan orang tua, afirmasi, zonasi, atau "
        "prestasi. 3. Unggah dokumen jalur itu. 4. Lihat pengumuman di situs yang sama.",
        "1. Register only at ppdb.tangerangkota.go.id, on the dates Dindik announces. 2. Choose "
        "one track: special needs, parent transfer, affirmation, zoning, or achievement. "
        "3. Upload that track's documents. 4. See the results on the same site.",
    ),
    "help-desk-ppdb": (
        "Hubungi saluran WhatsApp help desk PPDB yang diumumkan Dindik pada masa pendaftaran, "
        "atau datang ke kantor Dindik.",
        "Use the PPDB help desk WhatsApp line Dindik announces for the admission period, or go to "
        "the Dindik office.",
    ),
    "lowongan-kerja": (
        "1. Buka disnaker.tangerangkota.go.id dan cari lowongan. 2. Lamar sesuai petunjuk di "
        "lowongan; pemegang KTP Kota Tangerang memakai jalur lamaran khusus.",
        "1. Open disnaker.tangerangkota.go.id and look for vacancies. 2. Apply as each vacancy "
        "says; holders of a Kota Tangerang ID card use the dedicated channel.",
    ),
    "tangerang-cakap-kerja": (
        "Lowongan, pelatihan dan pendaftaran job fair virtual ada di disnaker.tangerangkota.go.id; "
        "langkah pendaftarannya tertera di situs itu. Tanpa internet: kantor Disnaker.",
        "Vacancies, training and virtual job-fair registration are at "
        "disnaker.tangerangkota.go.id; the site gives the registration steps. Without internet: "
        "the Disnaker office.",
    ),
    "bus-tayo": (
        "1. Naik di halte Bus Tayo pada koridornya. 2. Bayar Rp2.000 dengan QRIS; tunai tidak "
        "diterima. 3. Turun di halte tujuan; angkot Si Benteng melanjutkan ke permukiman.",
        "1. Board at a Tayo stop on its corridor. 2. Pay Rp2,000 by QRIS; cash is not accepted. "
        "3. Get off at your stop; the Si Benteng minibuses go on into the neighbourhoods.",
    ),
    "si-benteng": (
        "Naik di titik sepanjang rute dan bayar Rp2.000 dengan QRIS; tunai tidak diterima.",
        "Board at a stop along the route and pay Rp2,000 by QRIS; cash is not accepted.",
    ),
    "lacak-laporan-laksa": (
        "1. Masuk dengan nomor ponsel. 2. Buka Laporan saya. 3. Pilih laporan untuk melihat "
        "status dan riwayatnya.",
        "1. Sign in with your phone number. 2. Open My reports. 3. Choose a report to see its "
        "status and history.",
    ),
    "berita-kota": (
        "Baca berita resmi Pemerintah Kota Tangerang di tangerangkota.go.id.",
        "Read the city government's official news at tangerangkota.go.id.",
    ),
    "tagihan-air-pdam": (
        "1. Siapkan nomor pelanggan. 2. Bayar di kantor Perumda Tirta Benteng atau loket PDAM di "
        "Mal Pelayanan Publik. 3. Simpan bukti bayar.",
        "1. Have your customer number ready. 2. Pay at the Perumda Tirta Benteng office or its "
        "counter at the Public Service Mall. 3. Keep the receipt.",
    ),
    "puspaga-konsultasi-keluarga": (
        "Datang ke Puspaga di Gedung Cisadane lantai 2, atau hubungi saluran WhatsApp yang "
        "diumumkan DP3AP2KB. Konsultasi gratis.",
        "Go to Puspaga on the 2nd floor of Gedung Cisadane, or use the WhatsApp line DP3AP2KB "
        "publishes. Counselling is free.",
    ),
    "pengaduan-dan-pendampingan-korban-kekerasan-upt-ppa": (
        "1. Dalam bahaya: telepon 112. 2. Hubungi UPT PPA DP3AP2KB, atau lapor lewat LAKSA. "
        "3. Korban mendapat pendampingan hukum, medis dan psikologis; identitasnya dirahasiakan.",
        "1. In danger: call 112. 2. Contact DP3AP2KB's UPT PPA, or report through LAKSA. 3. The "
        "victim gets legal, medical and psychological support; their identity is kept private.",
    ),
    "sosialisasi-dan-simulasi-pencegahan-kebakaran": (
        "Langkah mengajukan sosialisasi atau simulasi belum dipublikasikan; tanyakan ke Dinas "
        "Pemadam Kebakaran. Bila terjadi kebakaran: telepon 112.",
        "How to ask for a talk or a drill has not been published yet; ask the fire service "
        "(Damkar). If there is a fire: call 112.",
    ),
    "bantuan-logistik-dan-permakanan-korban-bencana": (
        "Dinsos mengantar bantuan makanan dan logistik kepada korban saat bencana seperti banjir; "
        "langkah memintanya belum dipublikasikan. Dalam keadaan darurat telepon 112, atau "
        "tanyakan ke Dinsos dan kelurahan.",
        "Dinsos delivers food and supplies to victims during disasters such as floods; how to ask "
        "for them has not been published yet. In an emergency call 112, or ask Dinsos and your "
        "kelurahan.",
    ),
    "tagana-taruna-siaga-bencana-bantuan-korban-kebakaran": (
        "Langkah meminta bantuan Tagana belum dipublikasikan. Dalam keadaan darurat telepon 112, "
        "atau tanyakan ke Dinsos.",
        "How to ask for Tagana's help has not been published yet. In an emergency call 112, or "
        "ask Dinsos.",
    ),
    "perpustakaan-keliling": (
        "Datangi mobil perpustakaan keliling saat singgah di sekolah, taman atau kelurahan "
        "(Senin–Jumat 08.00–16.00, Sabtu 08.00–12.00).",
        "Visit the mobile library when it stops at schools, parks or kelurahan offices "
        "(Monday–Friday 08:00–16:00, Saturday 08:00–12:00).",
    ),
}
for _slug, _procedure in PROCEDURES.items():
    STANDARDS.setdefault(_slug, {})["procedure"] = _procedure

# Where to go for the emergency rooms: they are walked into, not called (the seed's generic text
# for the emergency category says "call 112").
WHERE_TODAY: Final[dict[str, T]] = {
    "ugd-24-jam-di-19-puskesmas": (
        "Puskesmas dengan UGD 24 jam: " + _PUSKESMAS_UGD + ". Butuh ambulans? Telepon 112.",
        "A puskesmas with a 24-hour emergency unit: " + _PUSKESMAS_UGD + ". Need an ambulance? "
        "Call 112.",
    ),
    "instalasi-gawat-darurat-24-jam": (
        "IGD RSUD Kota Tangerang, 24 jam. Butuh ambulans? Telepon 112.",
        "The RSUD Kota Tangerang emergency room, 24 hours. Need an ambulance? Call 112.",
    ),
}
for _slug, _where in WHERE_TODAY.items():
    STANDARDS.setdefault(_slug, {})["where_today"] = _where
