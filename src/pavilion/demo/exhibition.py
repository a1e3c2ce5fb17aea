"""The demo's exhibition at ITU Virtual Digital World 2020: halls, national pavilions of real member
countries, corporate pavilions of fictional companies, 60+ booths of fictional exhibitors with
products, and logos, booth and product pictures and banners drawn here with Pillow (no third-party images). The first
booth's video is the live demo's stage video shipped with the project, with its English and French
captions uploaded as WebVTT files (as its staff would), so that a booth in the 3D hall plays one with
captions on its screen.

Every exhibitor and company name is invented ("Example" in each one says so). Booth and product
texts are in English, Vietnamese, French and (products) Arabic; the Vietnamese and Arabic texts are
real words, so that searching in those languages can be tried on the demo.
"""

from __future__ import annotations

import hashlib
import io
import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from pavilion.accounts.models import User
from pavilion.core.uploads import store_captions, stored_captions_name
from pavilion.demo.branding import banner_png, colour_of
from pavilion.demo.live_content import STAGE_CAPTIONS, STAGE_VIDEO
from pavilion.directory.models import Organisation
from pavilion.events.models import Event
from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothImage,
    BoothStatus,
    BoothVideo,
    Hall,
    Pavilion,
    Product,
    ProductImage,
)
from pavilion.exhibition.search import deferred_indexing
from pavilion.exhibition.services import CAPTIONS_FOLDER

EVENT = "itu-digital-world-2020"
EXHIBITOR = "exhibitor@pavilion.example.org"
#: Booths were reviewed before the event; fixed times keep reloading idempotent.
SUBMITTED_AT = datetime(2020, 10, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
REVIEWED_AT = datetime(2020, 10, 8, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))

HALLS: list[dict[str, Any]] = [
    {
        "slug": "connectivity",
        "name": {
            "en": "Connectivity: 5G and broadband",
            "fr": "Connectivité : 5G et large bande",
            "es": "Conectividad: 5G y banda ancha",
            "ru": "Связь: 5G и широкополосный доступ",
            "zh-hans": "连接：5G与宽带",
            "ar": "الاتصال: الجيل الخامس والنطاق العريض",
            "vi": "Kết nối: 5G và băng rộng",
        },
    },
    {
        "slug": "trust",
        "name": {
            "en": "Trust: cybersecurity and cloud",
            "fr": "Confiance : cybersécurité et nuage",
            "es": "Confianza: ciberseguridad y nube",
            "ru": "Доверие: кибербезопасность и облако",
            "zh-hans": "信任：网络安全与云",
            "ar": "الثقة: الأمن السيبراني والحوسبة السحابية",
            "vi": "Tin cậy: an ninh mạng và điện toán đám mây",
        },
    },
    {
        "slug": "society",
        "name": {
            "en": "Digital society: e-government and skills",
            "fr": "Société numérique : administration en ligne et compétences",
            "es": "Sociedad digital: gobierno electrónico y competencias",
            "ru": "Цифровое общество: электронное правительство и навыки",
            "zh-hans": "数字社会：电子政务与技能",
            "ar": "المجتمع الرقمي: الحكومة الإلكترونية والمهارات",
            "vi": "Xã hội số: chính phủ điện tử và kỹ năng số",
        },
    },
]

#: National pavilions: country code, hall, size. Their names come from the country list.
NATIONAL: list[tuple[str, str, str]] = [
    ("VN", "connectivity", "large"),
    ("TH", "connectivity", "medium"),
    ("KZ", "connectivity", "medium"),
    ("TM", "society", "small"),
    ("RU", "trust", "medium"),
    ("CN", "connectivity", "large"),
    ("SA", "society", "medium"),
    ("BR", "society", "medium"),
    ("FR", "trust", "medium"),
    ("KE", "society", "small"),
]

#: Words exhibitors of each country are named after (places, rivers, mountains), fictional brands all.
NATIONAL_BRANDS: dict[str, list[str]] = {
    "VN": ["Red River", "Ha Long", "Truong Son", "Phuong Nam", "Lotus Bay"],
    "TH": ["Chao Phraya", "Andaman", "Lanna", "Siam Orchid", "Doi Suthep"],
    "KZ": ["Steppe", "Altai", "Caspian", "Zhetysu", "Baiterek"],
    "TM": ["Karakum", "Kopetdag", "Amu Darya", "Merv", "Ahal"],
    "RU": ["Volga", "Taiga", "Ladoga", "Neva", "Sayan"],
    "CN": ["Yangtze", "Kunlun", "Pearl Delta", "Huangshan", "Silk Road"],
    "SA": ["Najd", "Red Sea", "Asir", "Hijaz", "Empty Quarter"],
    "BR": ["Amazonas", "Pantanal", "Cerrado", "Guanabara", "Iguacu"],
    "FR": ["Loire", "Provence", "Bretagne", "Mont Blanc", "Camargue"],
    "KE": ["Rift Valley", "Kilimanjaro", "Lake Victoria", "Savannah", "Tana River"],
}
SECTORS = ["Networks", "Digital", "Systems", "Connect", "Labs"]

#: Corporate pavilions of fictional companies, each with three booths of its business units.
CORPORATE: list[dict[str, Any]] = [
    {"slug": "orbital-example-group", "brand": "Orbital Example Group", "hall": "connectivity", "tier": "large"},
    {"slug": "cipher-example-systems", "brand": "Cipher Example Systems", "hall": "trust", "tier": "medium"},
    {"slug": "nimbus-example-cloud", "brand": "Nimbus Example Cloud", "hall": "trust", "tier": "medium"},
    {"slug": "civic-example-works", "brand": "Civic Example Works", "hall": "society", "tier": "small"},
]
UNITS = ["Research", "Services", "Academy"]

#: What exhibitors show; each booth shows one to three of these.
PRODUCTS: list[dict[str, Any]] = [
    {
        "slug": "private-5g",
        "kind": "solution",
        "category": "networks",
        "themes": ["5g"],
        "name": {
            "en": "Private 5G network for factories",
            "vi": "Mạng 5G riêng cho nhà máy thông minh",
            "fr": "Réseau 5G privé pour les usines",
            "ar": "شبكة الجيل الخامس الخاصة للمصانع",
        },
        "description": {
            "en": "A standalone 5G core and radio units that run a factory's machines and sensors on its own network.",
            "vi": "Lõi 5G độc lập và thiết bị vô tuyến giúp nhà máy vận hành máy móc và cảm biến trên mạng riêng.",
            "fr": "Un cœur 5G autonome et des unités radio pour relier machines et capteurs sur un réseau propre.",
            "ar": "نواة مستقلة للجيل الخامس ووحدات راديو تشغّل آلات المصنع وأجهزة الاستشعار على شبكته الخاصة.",
        },
    },
    {
        "slug": "rural-broadband",
        "kind": "solution",
        "category": "connectivity",
        "themes": ["broadband"],
        "name": {
            "en": "Rural broadband in a box",
            "vi": "Băng rộng cho vùng nông thôn và miền núi",
            "fr": "Haut débit rural clé en main",
            "ar": "النطاق العريض للمناطق الريفية",
        },
        "description": {
            "en": "Solar-powered fixed wireless access that brings broadband to villages far from the fibre.",
            "vi": "Truy cập vô tuyến cố định chạy bằng năng lượng mặt trời, đưa băng rộng đến các làng xa cáp quang.",
            "fr": "Un accès radio fixe alimenté par le soleil qui apporte le haut débit aux villages loin de la fibre.",
            "ar": "نفاذ لاسلكي ثابت يعمل بالطاقة الشمسية يوصل النطاق العريض إلى القرى البعيدة عن الألياف.",
        },
    },
    {
        "slug": "fibre-planning",
        "kind": "service",
        "category": "networks",
        "themes": ["broadband"],
        "name": {
            "en": "Fibre network planning",
            "vi": "Quy hoạch mạng cáp quang quốc gia",
            "fr": "Planification de réseaux en fibre optique",
            "ar": "تخطيط شبكات الألياف البصرية",
        },
        "description": {
            "en": "Maps, demand models and cost estimates for national and cross-border fibre routes.",
            "vi": "Bản đồ, mô hình nhu cầu và dự toán chi phí cho tuyến cáp quang quốc gia và xuyên biên giới.",
            "fr": "Cartes, modèles de demande et estimations de coûts pour les routes de fibre nationales et transfrontalières.",
            "ar": "خرائط ونماذج للطلب وتقديرات للتكاليف لمسارات الألياف الوطنية والعابرة للحدود.",
        },
    },
    {
        "slug": "soc-service",
        "kind": "service",
        "category": "security",
        "themes": ["cybersecurity"],
        "name": {
            "en": "Security operations centre as a service",
            "vi": "Trung tâm giám sát an ninh mạng",
            "fr": "Centre des opérations de sécurité en service",
            "ar": "مركز عمليات الأمن السيبراني",
        },
        "description": {
            "en": "Round-the-clock monitoring of networks and incident response for ministries and operators.",
            "vi": "Giám sát an ninh mạng suốt ngày đêm và ứng cứu sự cố cho các bộ ngành và nhà mạng.",
            "fr": "Surveillance des réseaux jour et nuit et réponse aux incidents pour les ministères et les opérateurs.",
            "ar": "مراقبة الشبكات على مدار الساعة والاستجابة للحوادث لصالح الوزارات والمشغلين.",
        },
    },
    {
        "slug": "national-cert-toolkit",
        "kind": "product",
        "category": "security",
        "themes": ["cybersecurity", "e_government"],
        "name": {
            "en": "National CERT toolkit",
            "vi": "Bộ công cụ cho đội ứng cứu sự cố máy tính quốc gia",
            "fr": "Boîte à outils pour CERT national",
            "ar": "مجموعة أدوات فريق الاستجابة لطوارئ الحاسوب",
        },
        "description": {
            "en": "Ticketing, threat intelligence sharing and playbooks for a national computer emergency response team.",
            "vi": "Quản lý sự cố, chia sẻ thông tin về mối đe dọa và quy trình ứng phó cho đội ứng cứu quốc gia.",
            "fr": "Suivi des incidents, partage de renseignements sur les menaces et procédures pour un CERT national.",
            "ar": "إدارة البلاغات وتبادل معلومات التهديدات وأدلة الإجراءات لفريق وطني للاستجابة.",
        },
    },
    {
        "slug": "sovereign-cloud",
        "kind": "product",
        "category": "software",
        "themes": ["cloud"],
        "name": {
            "en": "Sovereign government cloud",
            "vi": "Điện toán đám mây chính phủ",
            "fr": "Nuage gouvernemental souverain",
            "ar": "السحابة الحكومية السيادية",
        },
        "description": {
            "en": "A cloud platform hosted in the country, for public services that must keep their data at home.",
            "vi": "Nền tảng đám mây đặt trong nước cho các dịch vụ công cần lưu trữ dữ liệu trong nước.",
            "fr": "Une plateforme en nuage hébergée dans le pays, pour les services publics qui gardent leurs données chez eux.",
            "ar": "منصة سحابية مستضافة داخل البلد للخدمات العامة التي يجب أن تبقي بياناتها محلياً.",
        },
    },
    {
        "slug": "ai-translation",
        "kind": "product",
        "category": "software",
        "themes": ["ai"],
        "name": {
            "en": "AI meeting translation",
            "vi": "Dịch thuật trí tuệ nhân tạo cho hội nghị",
            "fr": "Traduction des réunions par l'IA",
            "ar": "الترجمة الآلية للاجتماعات بالذكاء الاصطناعي",
        },
        "description": {
            "en": "Live captions and translation of meetings in the six UN languages and Vietnamese.",
            "vi": "Phụ đề trực tiếp và dịch thuật hội nghị sang sáu ngôn ngữ của Liên Hợp Quốc và tiếng Việt.",
            "fr": "Sous-titres en direct et traduction des réunions dans les six langues de l'ONU et en vietnamien.",
            "ar": "ترجمة مباشرة ونصوص مصاحبة للاجتماعات باللغات الست للأمم المتحدة والفيتنامية.",
        },
    },
    {
        "slug": "ai-spectrum",
        "kind": "solution",
        "category": "data",
        "themes": ["ai", "5g"],
        "name": {
            "en": "AI spectrum monitoring",
            "vi": "Giám sát phổ tần bằng trí tuệ nhân tạo",
            "fr": "Surveillance du spectre par l'IA",
            "ar": "مراقبة الطيف الترددي بالذكاء الاصطناعي",
        },
        "description": {
            "en": "Sensors and models that find interference and unlicensed transmitters for the regulator.",
            "vi": "Cảm biến và mô hình phát hiện nhiễu và máy phát không phép cho cơ quan quản lý.",
            "fr": "Capteurs et modèles qui repèrent les brouillages et les émetteurs sans licence pour le régulateur.",
            "ar": "أجهزة استشعار ونماذج تكشف التداخل وأجهزة الإرسال غير المرخصة لصالح الجهة التنظيمية.",
        },
    },
    {
        "slug": "satellite-backhaul",
        "kind": "service",
        "category": "connectivity",
        "themes": ["satellite", "broadband"],
        "name": {
            "en": "Satellite backhaul for islands",
            "vi": "Truyền dẫn vệ tinh cho hải đảo",
            "fr": "Liaison satellite pour les îles",
            "ar": "الربط عبر الأقمار الصناعية للجزر",
        },
        "description": {
            "en": "Satellite capacity that connects island base stations and schools to the national network.",
            "vi": "Dung lượng vệ tinh kết nối trạm gốc và trường học trên đảo với mạng quốc gia.",
            "fr": "De la capacité satellite pour relier stations de base et écoles insulaires au réseau national.",
            "ar": "سعة فضائية تربط محطات القاعدة والمدارس في الجزر بالشبكة الوطنية.",
        },
    },
    {
        "slug": "emergency-telecom",
        "kind": "product",
        "category": "devices",
        "themes": ["satellite"],
        "name": {
            "en": "Emergency telecommunications kit",
            "vi": "Bộ thiết bị viễn thông khẩn cấp",
            "fr": "Kit de télécommunications d'urgence",
            "ar": "حقيبة اتصالات الطوارئ",
        },
        "description": {
            "en": "A portable satellite terminal and Wi-Fi for rescue teams after floods and earthquakes.",
            "vi": "Thiết bị đầu cuối vệ tinh xách tay và Wi-Fi cho đội cứu hộ sau lũ lụt và động đất.",
            "fr": "Un terminal satellite portable et du Wi-Fi pour les secours après les inondations et les séismes.",
            "ar": "محطة فضائية محمولة وشبكة واي فاي لفرق الإنقاذ بعد الفيضانات والزلازل.",
        },
    },
    {
        "slug": "e-id",
        "kind": "solution",
        "category": "public_services",
        "themes": ["e_government", "cybersecurity"],
        "name": {
            "en": "Digital identity for citizens",
            "vi": "Định danh điện tử cho công dân",
            "fr": "Identité numérique des citoyens",
            "ar": "الهوية الرقمية للمواطنين",
        },
        "description": {
            "en": "Sign in to public services with a phone, with consent screens and privacy by design.",
            "vi": "Đăng nhập dịch vụ công bằng điện thoại, có màn hình đồng ý và bảo vệ quyền riêng tư.",
            "fr": "Se connecter aux services publics avec son téléphone, avec consentement et respect de la vie privée.",
            "ar": "الدخول إلى الخدمات العامة بالهاتف مع شاشات الموافقة وحماية الخصوصية.",
        },
    },
    {
        "slug": "one-stop-portal",
        "kind": "product",
        "category": "public_services",
        "themes": ["e_government"],
        "name": {
            "en": "One-stop public service portal",
            "vi": "Cổng dịch vụ công một cửa",
            "fr": "Guichet unique des services publics",
            "ar": "بوابة الخدمات الحكومية الموحدة",
        },
        "description": {
            "en": "Apply for permits and certificates online and follow each application to its decision.",
            "vi": "Nộp hồ sơ xin giấy phép và chứng nhận trực tuyến, theo dõi từng hồ sơ đến khi có kết quả.",
            "fr": "Demander permis et certificats en ligne et suivre chaque demande jusqu'à la décision.",
            "ar": "تقديم طلبات التصاريح والشهادات عبر الإنترنت ومتابعة كل طلب حتى صدور القرار.",
        },
    },
    {
        "slug": "digital-skills-academy",
        "kind": "service",
        "category": "training",
        "themes": ["digital_skills"],
        "name": {
            "en": "Digital skills academy",
            "vi": "Học viện kỹ năng số",
            "fr": "Académie des compétences numériques",
            "ar": "أكاديمية المهارات الرقمية",
        },
        "description": {
            "en": "Courses for teachers, civil servants and small businesses, online and in community centres.",
            "vi": "Khóa học cho giáo viên, công chức và doanh nghiệp nhỏ, trực tuyến và tại các trung tâm cộng đồng.",
            "fr": "Des cours pour enseignants, fonctionnaires et petites entreprises, en ligne et dans des centres.",
            "ar": "دورات للمعلمين وموظفي الخدمة المدنية والشركات الصغيرة عبر الإنترنت وفي المراكز المجتمعية.",
        },
    },
    {
        "slug": "coding-for-girls",
        "kind": "service",
        "category": "training",
        "themes": ["digital_skills", "ai"],
        "name": {
            "en": "Coding clubs for girls",
            "vi": "Câu lạc bộ lập trình cho trẻ em gái",
            "fr": "Clubs de programmation pour les filles",
            "ar": "نوادي البرمجة للفتيات",
        },
        "description": {
            "en": "After-school clubs where girls build apps and learn how artificial intelligence works.",
            "vi": "Câu lạc bộ sau giờ học nơi các em gái xây dựng ứng dụng và tìm hiểu trí tuệ nhân tạo.",
            "fr": "Des clubs après l'école où les filles créent des applications et découvrent l'intelligence artificielle.",
            "ar": "نوادٍ بعد المدرسة تبني فيها الفتيات التطبيقات ويتعلمن كيف يعمل الذكاء الاصطناعي.",
        },
    },
    {
        "slug": "smart-meter",
        "kind": "product",
        "category": "devices",
        "themes": ["5g", "cloud"],
        "name": {
            "en": "Connected smart meter",
            "vi": "Công tơ điện thông minh kết nối",
            "fr": "Compteur intelligent connecté",
            "ar": "العداد الذكي المتصل",
        },
        "description": {
            "en": "An electricity and water meter that reports over NB-IoT and 5G to a cloud dashboard.",
            "vi": "Công tơ điện và nước gửi số liệu qua NB-IoT và 5G lên bảng điều khiển đám mây.",
            "fr": "Un compteur d'électricité et d'eau qui transmet par NB-IoT et 5G vers un tableau de bord en nuage.",
            "ar": "عداد للكهرباء والمياه يرسل القراءات عبر إنترنت الأشياء والجيل الخامس إلى لوحة سحابية.",
        },
    },
    {
        "slug": "open-data-platform",
        "kind": "product",
        "category": "data",
        "themes": ["cloud", "e_government"],
        "name": {
            "en": "Open data platform",
            "vi": "Nền tảng dữ liệu mở",
            "fr": "Plateforme de données ouvertes",
            "ar": "منصة البيانات المفتوحة",
        },
        "description": {
            "en": "Publish public datasets with their licences, an API and charts anyone can embed.",
            "vi": "Công bố bộ dữ liệu công cùng giấy phép, giao diện lập trình và biểu đồ ai cũng có thể nhúng.",
            "fr": "Publier des jeux de données publics avec leur licence, une API et des graphiques à intégrer.",
            "ar": "نشر مجموعات البيانات العامة مع تراخيصها وواجهة برمجية ورسوم بيانية يمكن لأي شخص تضمينها.",
        },
    },
]

BOOTH_DESCRIPTION = {
    "en": "{brand} shows its work on digital cooperation: come and meet the team, watch a demo and take our brochures.",
    "vi": "{brand} giới thiệu các giải pháp hợp tác số: hãy gặp gỡ đội ngũ, xem trình diễn và nhận tài liệu của chúng tôi.",
    "fr": "{brand} présente ses travaux de coopération numérique : rencontrez l'équipe, regardez une démonstration.",
}

#: The booths the demo exhibitor staffs: one published, one still a draft (to try the review).
EXHIBITOR_BOOTHS: list[dict[str, Any]] = [
    {
        "slug": "mekong-example-telecom",
        "owner": "mekong-example-telecom",
        "pavilion": "national-vn",
        "status": BoothStatus.PUBLISHED,
        "name": {"en": "Mekong Example Telecom", "vi": "Mekong Example Telecom — Viễn thông Mê Kông"},
        "products": ["private-5g", "rural-broadband", "ai-translation"],
    },
    {
        "slug": "mekong-example-telecom-labs",
        "owner": "mekong-example-telecom",
        "pavilion": None,
        "status": BoothStatus.DRAFT,
        "name": {"en": "Mekong Example Telecom Labs", "vi": "Phòng thí nghiệm Mekong Example Telecom"},
        "products": ["ai-spectrum"],
    },
]

#: Booths that demonstrate something in a public forum session of the event.
DEMOS = [
    ("mekong-example-telecom", "forum-5g"),
    ("cipher-example-systems-research", "forum-cybersecurity-privacy"),
    ("vn-red-river-networks", "forum-broadband-gap"),
]


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def _products_for(index: int) -> list[str]:
    """One to three products, varied by the booth's place in the list."""
    count = index % 3 + 1
    return [PRODUCTS[(index * 5 + step * 7) % len(PRODUCTS)]["slug"] for step in range(count)]


def booth_plan() -> list[dict[str, Any]]:
    """Every demo booth: slug, owner (slug, name, country, kind), pavilion slug, name, products."""
    plan: list[dict[str, Any]] = []
    for code, _hall, _tier in NATIONAL:
        for position, place in enumerate(NATIONAL_BRANDS[code]):
            brand = f"{place} Example {SECTORS[position]}"
            slug = f"{code.lower()}-{_slug(place)}-{SECTORS[position].lower()}"
            plan.append(
                {
                    "slug": slug,
                    "owner": {"slug": slug, "name": brand, "country": code},
                    "pavilion": f"national-{code.lower()}",
                    "name": {"en": brand},
                    "status": BoothStatus.PUBLISHED,
                }
            )
    for company in CORPORATE:
        for unit in UNITS:
            plan.append(
                {
                    "slug": f"{company['slug']}-{unit.lower()}",
                    "owner": {"slug": company["slug"], "name": company["brand"], "country": ""},
                    "pavilion": company["slug"],
                    "name": {"en": f"{company['brand']} {unit}"},
                    "status": BoothStatus.PUBLISHED,
                }
            )
    for index, booth in enumerate(plan):
        booth["products"] = _products_for(index)
    return plan


# --- Logos -----------------------------------------------------------------------------------------


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha() and word != "Example"]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def draw_logo(name: str, slug: str) -> bytes:
    """A 256-pixel PNG: a shape in a colour taken from the slug, with the name's initials."""
    digest = hashlib.sha256(slug.encode()).digest()
    background = (40 + digest[0] % 120, 40 + digest[1] % 120, 60 + digest[2] % 120)
    image = Image.new("RGB", (256, 256), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    shape = digest[3] % 3
    if shape == 0:
        draw.ellipse((16, 16, 240, 240), fill=background)
    elif shape == 1:
        draw.rounded_rectangle((16, 16, 240, 240), radius=40, fill=background)
    else:
        draw.polygon([(128, 8), (248, 128), (128, 248), (8, 128)], fill=background)
    font = ImageFont.load_default(size=96)
    draw.text((128, 132), _initials(name), fill=(255, 255, 255), font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


#: The pictures of a booth's gallery: what each shows (its text alternative) and its theme word.
PICTURES = [
    ({"en": "The booth's stand at the exhibition", "vi": "Gian hàng tại triển lãm"}, "Exhibition"),
    ({"en": "A demonstration of the booth's network", "vi": "Trình diễn mạng của gian hàng"}, "Network"),
]


def draw_picture(name: str, slug: str, theme: str) -> bytes:
    """A 640-by-400 JPEG poster: sky, hills and a mast in colours taken from the slug, with the name."""
    digest = hashlib.sha256(f"{slug}/{theme}".encode()).digest()
    sky = (90 + digest[0] % 100, 140 + digest[1] % 80, 190 + digest[2] % 60)
    land = (30 + digest[3] % 60, 90 + digest[4] % 80, 60 + digest[5] % 60)
    image = Image.new("RGB", (640, 400), sky)
    draw = ImageDraw.Draw(image)
    for band in range(4):
        top = 250 + band * 30 - digest[6 + band] % 40
        draw.ellipse(
            (-200 + band * 220, top, 420 + band * 220, top + 400), fill=tuple(max(0, c - band * 12) for c in land)
        )
    mast = 120 + digest[10] % 400
    draw.polygon([(mast, 90), (mast - 28, 300), (mast + 28, 300)], outline=(40, 40, 48), width=5)
    for radius in (30, 55, 80):
        draw.arc((mast - radius, 90 - radius, mast + radius, 90 + radius), 200, 340, fill=(255, 255, 255), width=4)
    draw.rectangle((0, 330, 640, 400), fill=(27, 31, 36))
    draw.text((24, 365), f"{name} · {theme}", fill=(255, 255, 255), font=ImageFont.load_default(size=28), anchor="lm")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=82, optimize=True)
    return output.getvalue()


def _ensure_pictures(booth: Booth, name: str) -> None:
    for position, (alt, theme) in enumerate(PICTURES):
        stored = f"exhibition/images/demo-{booth.slug}-{position}.jpg"
        picture = BoothImage.objects.filter(booth=booth, position=position).first()
        if picture is not None and picture.image.name == stored and picture.image.storage.exists(stored):
            continue
        if picture is None:
            picture = BoothImage(booth=booth, position=position, alt=alt)
        picture.alt = alt
        storage = picture.image.storage
        if storage.exists(stored):
            storage.delete(stored)
        picture.image.save(stored.rsplit("/", 1)[1], ContentFile(draw_picture(name, booth.slug, theme)), save=True)


def draw_product_picture(name: str, slug: str) -> bytes:
    """A 320-by-240 JPEG of a product: a device's box with its lights, in colours taken from the slug."""
    digest = hashlib.sha256(f"product/{slug}".encode()).digest()
    background = (220 + digest[0] % 30, 225 + digest[1] % 25, 230 + digest[2] % 20)
    body = (40 + digest[3] % 100, 60 + digest[4] % 100, 90 + digest[5] % 100)
    image = Image.new("RGB", (320, 240), background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 60, 280, 170), radius=14, fill=body)
    for light in range(1 + digest[6] % 5):
        draw.ellipse((60 + light * 26, 140, 74 + light * 26, 154), fill=(120, 230, 140))
    for antenna in range(digest[7] % 3):
        x = 220 + antenna * 30
        draw.line((x, 60, x, 18), fill=(40, 40, 48), width=5)
    draw.text((160, 205), name, fill=(27, 31, 36), font=ImageFont.load_default(size=20), anchor="mm")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80, optimize=True)
    return output.getvalue()


def _ensure_product_picture(booth: Booth, product: Product, name: str) -> None:
    stored = f"exhibition/products/demo-{booth.slug}-{product.slug}.jpg"
    picture = product.images.filter(position=0).first()
    if picture is not None and picture.image.name == stored and picture.image.storage.exists(stored):
        return
    if picture is None:
        picture = ProductImage(product=product, position=0)
    picture.alt = {"en": name}
    storage = picture.image.storage
    if storage.exists(stored):
        storage.delete(stored)
    picture.image.save(stored.rsplit("/", 1)[1], ContentFile(draw_product_picture(name, product.slug)), save=True)


def _ensure_captions(video: BoothVideo) -> None:
    """The stage's captions (English, French) uploaded to the video as its staff would upload them:
    stored under media, on the 3D screen and in its player. Kept on a second load."""
    storage = default_storage
    stored = [stored_captions_name(address, folder=CAPTIONS_FOLDER) for address in video.caption_tracks.values()]
    if sorted(video.caption_tracks) == sorted(STAGE_CAPTIONS) and all(
        name is not None and storage.exists(name) for name in stored
    ):
        return
    tracks = {}
    for language, address in STAGE_CAPTIONS.items():
        source = finders.find(address.removeprefix(settings.STATIC_URL))
        with open(str(source), "rb") as handle:
            upload = ContentFile(handle.read(), name=f"stage.{language}.vtt")
        tracks[language] = store_captions(upload, folder=CAPTIONS_FOLDER, owner=video.pk, field="captions_file")
    for name in stored:
        if name is not None and storage.exists(name):
            storage.delete(name)
    BoothVideo.objects.filter(pk=video.pk).update(caption_tracks=tracks)


def _ensure_banner(booth: Booth) -> None:
    stored = f"exhibition/banners/demo-{booth.slug}.png"
    storage = booth.banner.storage
    if booth.banner.name == stored and storage.exists(stored):
        return
    if storage.exists(stored):
        storage.delete(stored)
    booth.banner.save(stored.rsplit("/", 1)[1], ContentFile(banner_png(booth.slug, colour_of(booth.slug))), save=False)
    Booth.objects.filter(pk=booth.pk).update(banner=booth.banner.name)


def _ensure_logo(booth: Booth, name_for_initials: str) -> None:
    name = f"exhibition/logos/demo-{booth.slug}.png"
    storage = booth.logo.storage
    if booth.logo.name == name and storage.exists(name):
        return
    if storage.exists(name):
        storage.delete(name)
    booth.logo.save(name.rsplit("/", 1)[1], ContentFile(draw_logo(name_for_initials, booth.slug)), save=False)
    Booth.objects.filter(pk=booth.pk).update(logo=booth.logo.name)


# --- Loading ---------------------------------------------------------------------------------------


def _organisation(item: dict[str, Any]) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        slug=item["slug"],
        defaults={
            "name": {"en": f"{item['name']} (fictional company)"},
            "kind": "company",
            "country": item["country"],
        },
    )
    return organisation


def _booth_description(brand: str) -> dict[str, str]:
    return {language: text.format(brand=brand) for language, text in BOOTH_DESCRIPTION.items()}


@deferred_indexing()  # its search documents are written once, at the end
def load_exhibition(events: dict[str, Event]) -> None:
    """The exhibition of ITU Virtual Digital World 2020 (idempotent, like the rest of the demo)."""
    event = events[EVENT]
    halls = {}
    for position, item in enumerate(HALLS):
        halls[item["slug"]], _created = Hall.objects.update_or_create(
            event=event, slug=item["slug"], defaults={"name": item["name"], "position": position}
        )
    pavilions = {}
    for position, (code, hall, tier) in enumerate(NATIONAL):
        slug = f"national-{code.lower()}"
        pavilions[slug], _created = Pavilion.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={
                "kind": "national",
                "country": code,
                "organisation": None,
                "hall": halls[hall],
                "tier": tier,
                "name": {},
                "position": position,
            },
        )
    for position, company in enumerate(CORPORATE, start=len(NATIONAL)):
        organisation = _organisation({"slug": company["slug"], "name": company["brand"], "country": ""})
        pavilions[company["slug"]], _created = Pavilion.objects.update_or_create(
            event=event,
            slug=company["slug"],
            defaults={
                "kind": "corporate",
                "country": "",
                "organisation": organisation,
                "hall": halls[company["hall"]],
                "tier": company["tier"],
                "name": {},
                "position": position,
            },
        )
    products = {item["slug"]: item for item in PRODUCTS}
    exhibitor = User.objects.get(email=EXHIBITOR)
    plan = [{**item, "owner": {"slug": item["owner"], "existing": True}} for item in EXHIBITOR_BOOTHS] + booth_plan()
    for position, item in enumerate(plan):
        if item["owner"].get("existing"):
            owner = Organisation.objects.get(slug=item["owner"]["slug"])
        else:
            owner = _organisation(item["owner"])
        published = item["status"] == BoothStatus.PUBLISHED
        booth, _created = Booth.objects.update_or_create(
            event=event,
            slug=item["slug"],
            defaults={
                "owner": owner,
                "pavilion": pavilions.get(item["pavilion"] or ""),
                "name": item["name"],
                "description": _booth_description(str(item["name"]["en"])),
                "contact_email": f"booth@{item['slug']}.example.org",
                "website": f"https://{item['slug']}.example.org/",
                "status": item["status"],
                "review_note": "",
                "submitted_at": SUBMITTED_AT if published else None,
                "reviewed_at": REVIEWED_AT if published else None,
                "position": position,
            },
        )
        if item["owner"].get("existing"):
            booth.staff.add(exhibitor)
        _ensure_logo(booth, item["name"]["en"])
        if position % 3 == 0:
            _ensure_pictures(booth, item["name"]["en"])
            _ensure_banner(booth)
        for product_position, product_slug in enumerate(item["products"]):
            product = products[product_slug]
            saved, _created = Product.objects.update_or_create(
                booth=booth,
                slug=product_slug,
                defaults={
                    "kind": product["kind"],
                    "category": product["category"],
                    "themes": product["themes"],
                    "name": product["name"],
                    "description": product["description"],
                    "position": product_position,
                },
            )
            if position % 3 == 0:  # the booths with pictures show their products' too
                _ensure_product_picture(booth, saved, str(product["name"]["en"]))
        if position % 4 == 0:
            video, _created = BoothVideo.objects.update_or_create(
                booth=booth,
                position=0,
                defaults={
                    # The first booth plays a real (small) video in the 3D hall; the others are links.
                    "url": STAGE_VIDEO if position == 0 else f"https://video.example.org/watch/{booth.slug}",
                    "title": {"en": "Our booth in two minutes", "vi": "Gian hàng của chúng tôi trong hai phút"},
                },
            )
            if position == 0:
                _ensure_captions(video)
            elif video.caption_tracks:
                BoothVideo.objects.filter(pk=video.pk).update(caption_tracks={})
    sessions = {session.slug: session for session in event.sessions.all()}
    for booth_slug, session_slug in DEMOS:
        BoothDemo.objects.update_or_create(
            booth=Booth.objects.get(event=event, slug=booth_slug),
            session=sessions[session_slug],
            defaults={"description": {"en": "A live demonstration at the booth", "vi": "Trình diễn trực tiếp"}},
        )
