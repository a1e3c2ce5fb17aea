"""The demo's content: real meeting patterns (docs/architecture.md, "The events it serves") with fictional companies and people.

Translated texts are dicts of UI language code to text; times are local to the event's time zone.
"""

from __future__ import annotations

from typing import Any

ALL_LANGUAGES = ["en", "fr", "es", "ru", "zh-hans", "ar", "vi"]

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "itu",
        "acronym": "ITU",
        "kind": "international",
        "country": "CH",
        "website": "https://www.itu.int/",
        "name": {
            "en": "International Telecommunication Union",
            "fr": "Union internationale des télécommunications",
            "es": "Unión Internacional de Telecomunicaciones",
            "ru": "Международный союз электросвязи",
            "zh-hans": "国际电信联盟",
            "ar": "الاتحاد الدولي للاتصالات",
            "vi": "Liên minh Viễn thông Quốc tế",
        },
    },
    {
        "slug": "mic-viet-nam",
        "acronym": "MIC",
        "kind": "government",
        "country": "VN",
        "website": "",
        "name": {
            "en": "Ministry of Information and Communications of Viet Nam",
            "fr": "Ministère de l'information et des communications du Viet Nam",
            "es": "Ministerio de Información y Comunicaciones de Viet Nam",
            "ru": "Министерство информации и связи Вьетнама",
            "zh-hans": "越南信息传媒部",
            "ar": "وزارة الإعلام والاتصالات في فييت نام",
            "vi": "Bộ Thông tin và Truyền thông Việt Nam",
        },
    },
    {
        "slug": "apec-tel",
        "acronym": "APEC TEL",
        "kind": "international",
        "country": "",
        "website": "",
        "name": {
            "en": "APEC Telecommunications and Information Working Group",
            "fr": "Groupe de travail sur les télécommunications et l'information de l'APEC",
            "es": "Grupo de Trabajo sobre Telecomunicaciones e Información del APEC",
            "ru": "Рабочая группа АТЭС по телекоммуникациям и информации",
            "zh-hans": "亚太经合组织电信和信息工作组",
            "ar": "الفريق العامل المعني بالاتصالات والمعلومات التابع لمنتدى التعاون الاقتصادي لآسيا والمحيط الهادئ (أبيك)",
            "vi": "Nhóm công tác Viễn thông và Thông tin APEC",
        },
    },
    {
        "slug": "sco",
        "acronym": "SCO",
        "kind": "international",
        "country": "",
        "website": "",
        "name": {
            "en": "Shanghai Cooperation Organisation",
            "fr": "Organisation de coopération de Shanghai",
            "es": "Organización de Cooperación de Shanghái",
            "ru": "Шанхайская организация сотрудничества",
            "zh-hans": "上海合作组织",
            "ar": "منظمة شنغهاي للتعاون",
            "vi": "Tổ chức Hợp tác Thượng Hải",
        },
    },
    {
        "slug": "mekong-example-telecom",
        "acronym": "",
        "kind": "company",
        "country": "VN",
        "website": "",
        "name": {
            "en": "Mekong Example Telecom (fictional company)",
            "fr": "Mekong Example Telecom (société fictive)",
            "es": "Mekong Example Telecom (empresa ficticia)",
            "ru": "Mekong Example Telecom (вымышленная компания)",
            "zh-hans": "Mekong Example Telecom（虚构公司）",
            "ar": "Mekong Example Telecom (شركة خيالية)",
            "vi": "Mekong Example Telecom (công ty hư cấu)",
        },
    },
    {
        "slug": "northstar-example-satellite",
        "acronym": "",
        "kind": "company",
        "country": "",
        "website": "",
        "name": {
            "en": "Northstar Example Satellite (fictional company)",
            "fr": "Northstar Example Satellite (société fictive)",
            "es": "Northstar Example Satellite (empresa ficticia)",
            "ru": "Northstar Example Satellite (вымышленная компания)",
            "zh-hans": "Northstar Example Satellite（虚构公司）",
            "ar": "Northstar Example Satellite (شركة خيالية)",
            "vi": "Northstar Example Satellite (công ty hư cấu)",
        },
    },
    {
        "slug": "aurora-example-security",
        "acronym": "",
        "kind": "company",
        "country": "",
        "website": "",
        "name": {
            "en": "Aurora Example Security (fictional company)",
            "fr": "Aurora Example Security (société fictive)",
            "es": "Aurora Example Security (empresa ficticia)",
            "ru": "Aurora Example Security (вымышленная компания)",
            "zh-hans": "Aurora Example Security（虚构公司）",
            "ar": "Aurora Example Security (شركة خيالية)",
            "vi": "Aurora Example Security (công ty hư cấu)",
        },
    },
]

EVENTS: list[dict[str, Any]] = [
    {
        "slug": "itu-digital-world-2020",
        "kind": "summit",
        "start_date": "2020-10-20",
        "end_date": "2020-10-22",
        "time_zone": "Asia/Ho_Chi_Minh",
        "is_online": True,
        "host_country": "VN",
        # Its accent colour (7.8:1 against white, core/colours.py), as an organiser would set it.
        "accent_colour": "#00558c",
        # Delegations of ITU Member States only: no APEC economy such as "Chinese Taipei".
        "membership": "itu",
        "organisers": ["itu", "mic-viet-nam"],
        "name": {
            "en": "ITU Virtual Digital World 2020",
            "fr": "Monde numérique virtuel 2020 de l'UIT",
            "es": "Mundo Digital Virtual 2020 de la UIT",
            "ru": "Виртуальное мероприятие МСЭ «Цифровой мир — 2020»",
            "zh-hans": "2020年国际电联虚拟数字世界活动",
            "ar": "حدث العالم الرقمي الافتراضي للاتحاد الدولي للاتصالات لعام 2020",
            "vi": "ITU Thế giới Số Trực tuyến 2020",
        },
        "tagline": {
            "en": "Ministerial roundtables, forum sessions and a virtual exhibition, fully online",
            "fr": "Tables rondes ministérielles, sessions du forum et exposition virtuelle, entièrement en ligne",
            "es": "Mesas redondas ministeriales, sesiones del foro y una exposición virtual, íntegramente en línea",
            "ru": "Круглые столы на уровне министров, сессии форума и виртуальная выставка — полностью в онлайн-формате",
            "zh-hans": "部长级圆桌会议、论坛会议和虚拟展览，全程在线举行",
            "ar": "موائد مستديرة وزارية وجلسات منتدى ومعرض افتراضي، بالكامل عبر الإنترنت",
            "vi": "Bàn tròn cấp bộ trưởng, các phiên diễn đàn và triển lãm ảo, hoàn toàn trực tuyến",
        },
        "description": {
            "en": (
                "For the first time, ITU's digital world event took place entirely online, hosted by Viet Nam. "
                "Ministers, regulators and industry leaders met in ministerial roundtables and forum sessions, "
                "while national and corporate pavilions presented products, services and solutions in a "
                "virtual exhibition."
            ),
            "fr": (
                "Pour la première fois, la manifestation de l'UIT consacrée au monde numérique, accueillie par le "
                "Viet Nam, s'est tenue entièrement en ligne. Ministres, autorités de régulation et dirigeants du "
                "secteur se sont réunis lors de tables rondes ministérielles et de sessions du forum, tandis que "
                "des pavillons nationaux et d'entreprises présentaient produits, services et solutions dans le "
                "cadre d'une exposition virtuelle."
            ),
            "es": (
                "Por primera vez, el evento de la UIT dedicado al mundo digital, acogido por Viet Nam, se celebró "
                "íntegramente en línea. Ministros, organismos reguladores y líderes del sector se reunieron en "
                "mesas redondas ministeriales y sesiones del foro, mientras que pabellones nacionales y de "
                "empresas presentaban productos, servicios y soluciones en una exposición virtual."
            ),
            "ru": (
                "Впервые мероприятие МСЭ «Цифровой мир», принимающей стороной которого выступил Вьетнам, прошло "
                "полностью в онлайн-формате. Министры, представители регуляторных органов и руководители отрасли "
                "встретились на круглых столах на уровне министров и сессиях форума, а национальные и "
                "корпоративные павильоны представили продукты, услуги и решения на виртуальной выставке."
            ),
            "zh-hans": (
                "国际电联数字世界活动首次完全在线举办，越南为东道国。部长、监管机构和业界领袖在部长级圆桌会议和"
                "论坛会议上会面，各国家馆和企业馆则在虚拟展览中展示产品、服务和解决方案。"
            ),
            "ar": (
                "للمرة الأولى، عُقد حدث العالم الرقمي للاتحاد الدولي للاتصالات بالكامل عبر الإنترنت، واستضافته "
                "فييت نام. واجتمع الوزراء والهيئات التنظيمية وقادة الصناعة في موائد مستديرة وزارية وجلسات "
                "منتدى، بينما عرضت الأجنحة الوطنية وأجنحة الشركات منتجات وخدمات وحلولاً في معرض افتراضي."
            ),
            "vi": (
                "Lần đầu tiên, sự kiện thế giới số của ITU diễn ra hoàn toàn trực tuyến, do Việt Nam đăng cai. "
                "Các bộ trưởng, cơ quan quản lý và lãnh đạo doanh nghiệp gặp nhau tại các bàn tròn cấp bộ trưởng "
                "và các phiên diễn đàn, trong khi các gian hàng quốc gia và doanh nghiệp giới thiệu sản phẩm, "
                "dịch vụ và giải pháp tại triển lãm ảo."
            ),
        },
        "subgroups": [],
        "sessions": [
            {
                "slug": "opening",
                "kind": "opening",
                "starts": "2020-10-20 13:00",
                "ends": "2020-10-20 14:00",
                "title": {
                    "en": "Opening ceremony",
                    "fr": "Cérémonie d'ouverture",
                    "es": "Ceremonia de apertura",
                    "ru": "Церемония открытия",
                    "zh-hans": "开幕式",
                    "ar": "حفل الافتتاح",
                    "vi": "Lễ khai mạc",
                },
            },
            {
                "slug": "ministerial-roundtable-1",
                "kind": "ministerial_roundtable",
                "starts": "2020-10-20 14:30",
                "ends": "2020-10-20 16:00",
                "title": {
                    "en": "Ministerial roundtable: digital transformation for recovery",
                    "fr": "Table ronde ministérielle : la transformation numérique au service de la reprise",
                    "es": "Mesa redonda ministerial: la transformación digital al servicio de la recuperación",
                    "ru": "Круглый стол на уровне министров: цифровая трансформация в интересах восстановления",
                    "zh-hans": "部长级圆桌会议：数字化转型助力复苏",
                    "ar": "مائدة مستديرة وزارية: التحول الرقمي من أجل التعافي",
                    "vi": "Bàn tròn cấp bộ trưởng: chuyển đổi số để phục hồi",
                },
            },
            {
                "slug": "ministerial-roundtable-2",
                "kind": "ministerial_roundtable",
                "starts": "2020-10-21 13:00",
                "ends": "2020-10-21 14:30",
                "title": {
                    "en": "Ministerial roundtable: connecting the unconnected",
                    "fr": "Table ronde ministérielle : connecter les personnes non connectées",
                    "es": "Mesa redonda ministerial: conectar a quienes no están conectados",
                    "ru": "Круглый стол на уровне министров: подключение неподключенных",
                    "zh-hans": "部长级圆桌会议：连通未连通人口",
                    "ar": "مائدة مستديرة وزارية: توصيل غير الموصولين",
                    "vi": "Bàn tròn cấp bộ trưởng: kết nối những người chưa được kết nối",
                },
            },
            {
                "slug": "ministerial-roundtable-3",
                "kind": "ministerial_roundtable",
                "starts": "2020-10-22 13:00",
                "ends": "2020-10-22 14:30",
                "title": {
                    "en": "Ministerial roundtable: trust and security in the digital economy",
                    "fr": "Table ronde ministérielle : confiance et sécurité dans l'économie numérique",
                    "es": "Mesa redonda ministerial: confianza y seguridad en la economía digital",
                    "ru": "Круглый стол на уровне министров: доверие и безопасность в цифровой экономике",
                    "zh-hans": "部长级圆桌会议：数字经济中的信任与安全",
                    "ar": "مائدة مستديرة وزارية: الثقة والأمن في الاقتصاد الرقمي",
                    "vi": "Bàn tròn cấp bộ trưởng: niềm tin và an ninh trong kinh tế số",
                },
            },
            {
                "slug": "forum-broadband-gap",
                "kind": "forum",
                "starts": "2020-10-20 16:30",
                "ends": "2020-10-20 18:00",
                "title": {
                    "en": "Forum: closing the broadband gap",
                    "fr": "Forum : réduire la fracture en matière de large bande",
                    "es": "Foro: reducir la brecha de la banda ancha",
                    "ru": "Форум: преодоление разрыва в области широкополосной связи",
                    "zh-hans": "论坛：弥合宽带鸿沟",
                    "ar": "منتدى: سد فجوة النطاق العريض",
                    "vi": "Diễn đàn: thu hẹp khoảng cách băng rộng",
                },
            },
            {
                "slug": "forum-5g",
                "kind": "forum",
                "starts": "2020-10-21 15:00",
                "ends": "2020-10-21 16:30",
                "title": {
                    "en": "Forum: 5G, from trials to services",
                    "fr": "Forum : la 5G, des essais aux services",
                    "es": "Foro: la 5G, de las pruebas a los servicios",
                    "ru": "Форум: 5G — от испытаний к услугам",
                    "zh-hans": "论坛：5G，从试验到服务",
                    "ar": "منتدى: الجيل الخامس (5G)، من التجارب إلى الخدمات",
                    "vi": "Diễn đàn: 5G, từ thử nghiệm đến dịch vụ",
                },
            },
            {
                "slug": "forum-cybersecurity-privacy",
                "kind": "forum",
                "starts": "2020-10-22 15:00",
                "ends": "2020-10-22 16:30",
                "title": {
                    "en": "Forum: cybersecurity and privacy",
                    "fr": "Forum : cybersécurité et protection de la vie privée",
                    "es": "Foro: ciberseguridad y privacidad",
                    "ru": "Форум: кибербезопасность и неприкосновенность частной жизни",
                    "zh-hans": "论坛：网络安全与隐私",
                    "ar": "منتدى: الأمن السيبراني والخصوصية",
                    "vi": "Diễn đàn: an ninh mạng và quyền riêng tư",
                },
            },
            {
                "slug": "forum-rural-financing",
                "kind": "forum",
                "starts": "2020-10-21 16:45",
                "ends": "2020-10-21 18:00",
                "title": {
                    "en": "Forum: financing connectivity in rural and remote areas",
                    "fr": "Forum : financer la connectivité dans les zones rurales et isolées",
                    "es": "Foro: financiar la conectividad en las zonas rurales y remotas",
                    "ru": "Форум: финансирование подключения в сельских и отдаленных районах",
                    "zh-hans": "论坛：为农村和偏远地区的连通性筹资",
                    "ar": "منتدى: تمويل التوصيلية في المناطق الريفية والنائية",
                    "vi": "Diễn đàn: tài chính cho kết nối ở vùng nông thôn và vùng sâu vùng xa",
                },
            },
            {
                "slug": "forum-ai-smart-cities",
                "kind": "forum",
                "starts": "2020-10-22 16:45",
                "ends": "2020-10-22 18:00",
                "title": {
                    "en": "Forum: artificial intelligence for smart and sustainable cities",
                    "fr": "Forum : l'intelligence artificielle au service de villes intelligentes et durables",
                    "es": "Foro: la inteligencia artificial al servicio de ciudades inteligentes y sostenibles",
                    "ru": "Форум: искусственный интеллект для умных и устойчивых городов",
                    "zh-hans": "论坛：人工智能助力智慧和可持续城市",
                    "ar": "منتدى: الذكاء الاصطناعي من أجل مدن ذكية ومستدامة",
                    "vi": "Diễn đàn: trí tuệ nhân tạo cho các thành phố thông minh và bền vững",
                },
            },
            {
                "slug": "live-demo-private-5g",
                "kind": "side_event",
                "starts": "2020-10-20 18:15",
                "ends": "2020-10-20 18:45",
                "title": {
                    "en": "Exhibition live demonstration: private 5G networks for factories",
                    "fr": "Démonstration en direct de l'exposition : les réseaux 5G privés pour les usines",
                    "es": "Demostración en directo de la exposición: redes 5G privadas para fábricas",
                    "ru": "Демонстрация на выставке в прямом эфире: частные сети 5G для заводов",
                    "zh-hans": "展览现场演示：面向工厂的5G专网",
                    "ar": "عرض مباشر في المعرض: شبكات الجيل الخامس الخاصة للمصانع",
                    "vi": "Trình diễn trực tiếp tại triển lãm: mạng 5G riêng cho nhà máy",
                },
            },
            {
                "slug": "live-demo-satellite-islands",
                "kind": "side_event",
                "starts": "2020-10-21 18:15",
                "ends": "2020-10-21 18:45",
                "title": {
                    "en": "Exhibition live demonstration: satellite broadband for remote islands",
                    "fr": "Démonstration en direct de l'exposition : le haut débit par satellite pour les îles isolées",
                    "es": "Demostración en directo de la exposición: banda ancha por satélite para islas remotas",
                    "ru": "Демонстрация на выставке в прямом эфире: спутниковый широкополосный доступ для отдаленных островов",
                    "zh-hans": "展览现场演示：面向偏远岛屿的卫星宽带",
                    "ar": "عرض مباشر في المعرض: النطاق العريض الساتلي للجزر النائية",
                    "vi": "Trình diễn trực tiếp tại triển lãm: băng rộng vệ tinh cho các đảo xa",
                },
            },
            {
                "slug": "live-demo-security-operations",
                "kind": "side_event",
                "starts": "2020-10-22 18:15",
                "ends": "2020-10-22 18:45",
                "title": {
                    "en": "Exhibition live demonstration: a security operations centre for small administrations",
                    "fr": "Démonstration en direct de l'exposition : un centre des opérations de sécurité pour les petites administrations",
                    "es": "Demostración en directo de la exposición: un centro de operaciones de seguridad para administraciones pequeñas",
                    "ru": "Демонстрация на выставке в прямом эфире: центр обеспечения безопасности для небольших администраций",
                    "zh-hans": "展览现场演示：面向小型主管部门的安全运营中心",
                    "ar": "عرض مباشر في المعرض: مركز عمليات أمنية للإدارات الصغيرة",
                    "vi": "Trình diễn trực tiếp tại triển lãm: trung tâm điều hành an ninh cho các cơ quan quản lý nhỏ",
                },
            },
            {
                "slug": "closing",
                "kind": "opening",
                "starts": "2020-10-22 18:30",
                "ends": "2020-10-22 19:00",
                "title": {
                    "en": "Closing ceremony",
                    "fr": "Cérémonie de clôture",
                    "es": "Ceremonia de clausura",
                    "ru": "Церемония закрытия",
                    "zh-hans": "闭幕式",
                    "ar": "حفل الاختتام",
                    "vi": "Lễ bế mạc",
                },
            },
        ],
    },
    {
        "slug": "apec-tel-45",
        "kind": "working_group",
        "start_date": "2012-04-02",
        "end_date": "2012-04-06",
        "time_zone": "Asia/Singapore",
        "is_online": False,
        "host_country": "",
        "membership": "apec",
        "organisers": ["apec-tel"],
        "name": {
            "en": "45th APEC Telecommunications and Information Working Group Meeting (TEL45)",
            "fr": "45e réunion du Groupe de travail sur les télécommunications et l'information de l'APEC (TEL45)",
            "es": "45.ª Reunión del Grupo de Trabajo sobre Telecomunicaciones e Información del APEC (TEL45)",
            "ru": "45-е совещание Рабочей группы АТЭС по телекоммуникациям и информации (TEL45)",
            "zh-hans": "亚太经合组织电信和信息工作组第45次会议（TEL45）",
            "ar": "الاجتماع الخامس والأربعون للفريق العامل المعني بالاتصالات والمعلومات التابع لمنتدى أبيك (TEL45)",
            "vi": "Cuộc họp lần thứ 45 của Nhóm công tác Viễn thông và Thông tin APEC (TEL45)",
        },
        "tagline": {
            "en": "Preparing the 9th APEC Ministerial Meeting on Telecommunications and Information (TELMIN9)",
            "fr": "Préparation de la 9e Réunion ministérielle de l'APEC sur les télécommunications et l'information (TELMIN9)",
            "es": "Preparación de la 9.ª Reunión Ministerial del APEC sobre Telecomunicaciones e Información (TELMIN9)",
            "ru": "Подготовка к 9-му совещанию министров АТЭС по телекоммуникациям и информации (TELMIN9)",
            "zh-hans": "筹备第九届亚太经合组织电信和信息部长级会议（TELMIN9）",
            "ar": "التحضير للاجتماع الوزاري التاسع لمنتدى أبيك بشأن الاتصالات والمعلومات (TELMIN9)",
            "vi": "Chuẩn bị Hội nghị Bộ trưởng APEC lần thứ 9 về Viễn thông và Thông tin (TELMIN9)",
        },
        "description": {
            "en": (
                "Demo data modelled on an APEC TEL working-group meeting: the plenary, the three steering "
                "groups, the MRA task force, thematic workshops and a drafting session for the ministerial "
                "declaration. Venue details are illustrative."
            ),
            "fr": (
                "Données de démonstration inspirées d'une réunion du groupe de travail APEC TEL : la séance "
                "plénière, les trois groupes directeurs, l'équipe spéciale MRA, des ateliers thématiques et une "
                "séance de rédaction de la déclaration ministérielle. Les informations relatives au lieu sont "
                "données à titre d'illustration."
            ),
            "es": (
                "Datos de demostración basados en una reunión del grupo de trabajo APEC TEL: la sesión plenaria, "
                "los tres grupos directivos, el equipo especial sobre el MRA, talleres temáticos y una sesión de "
                "redacción de la declaración ministerial. Los datos sobre el lugar de celebración son ilustrativos."
            ),
            "ru": (
                "Демонстрационные данные по образцу совещания Рабочей группы АТЭС по телекоммуникациям и "
                "информации (APEC TEL): пленарное заседание, три руководящие группы, целевая группа по MRA, "
                "тематические семинары-практикумы и заседание по подготовке проекта декларации министров. "
                "Сведения о месте проведения приведены для иллюстрации."
            ),
            "zh-hans": (
                "以亚太经合组织电信和信息工作组（APEC TEL）会议为原型的演示数据：全体会议、三个指导小组、MRA工作队、"
                "专题研讨会以及部长宣言起草会议。会址信息仅作示例。"
            ),
            "ar": (
                "بيانات تجريبية مستوحاة من اجتماع للفريق العامل المعني بالاتصالات والمعلومات التابع لمنتدى أبيك "
                "(APEC TEL): الجلسة العامة، والأفرقة التوجيهية الثلاثة، وفرقة العمل المعنية بترتيب الاعتراف "
                "المتبادل (MRA)، وحلقات عمل مواضيعية، وجلسة لصياغة الإعلان الوزاري. وتفاصيل المكان مذكورة "
                "لأغراض التوضيح فقط."
            ),
            "vi": (
                "Dữ liệu mẫu mô phỏng một cuộc họp nhóm công tác APEC TEL: phiên toàn thể, ba nhóm chỉ đạo, "
                "tổ công tác MRA, các hội thảo chuyên đề và phiên soạn thảo tuyên bố cấp bộ trưởng. "
                "Thông tin địa điểm chỉ mang tính minh họa."
            ),
        },
        "venue": {
            "en": "APEC member economy (illustrative)",
            "fr": "Économie membre de l'APEC (à titre d'illustration)",
            "es": "Economía miembro del APEC (a título ilustrativo)",
            "ru": "Экономика — член АТЭС (для иллюстрации)",
            "zh-hans": "亚太经合组织成员经济体（示例）",
            "ar": "اقتصاد عضو في منتدى أبيك (للتوضيح)",
            "vi": "Nền kinh tế thành viên APEC (minh họa)",
        },
        "subgroups": [
            {
                "code": "LSG",
                "name": {
                    "en": "Liberalisation Steering Group",
                    "fr": "Groupe directeur sur la libéralisation",
                    "es": "Grupo Directivo de Liberalización",
                    "ru": "Руководящая группа по либерализации",
                    "zh-hans": "自由化指导小组",
                    "ar": "الفريق التوجيهي المعني بالتحرير",
                    "vi": "Nhóm chỉ đạo Tự do hóa",
                },
            },
            {
                "code": "SPSG",
                "name": {
                    "en": "Security and Prosperity Steering Group",
                    "fr": "Groupe directeur sur la sécurité et la prospérité",
                    "es": "Grupo Directivo de Seguridad y Prosperidad",
                    "ru": "Руководящая группа по безопасности и процветанию",
                    "zh-hans": "安全与繁荣指导小组",
                    "ar": "الفريق التوجيهي المعني بالأمن والازدهار",
                    "vi": "Nhóm chỉ đạo An ninh và Thịnh vượng",
                },
            },
            {
                "code": "DSG",
                "name": {
                    "en": "Development Steering Group",
                    "fr": "Groupe directeur sur le développement",
                    "es": "Grupo Directivo de Desarrollo",
                    "ru": "Руководящая группа по развитию",
                    "zh-hans": "发展指导小组",
                    "ar": "الفريق التوجيهي المعني بالتنمية",
                    "vi": "Nhóm chỉ đạo Phát triển",
                },
            },
            {
                "code": "MRATF",
                "name": {
                    "en": "Mutual Recognition Arrangement Task Force",
                    "fr": "Équipe spéciale sur l'arrangement de reconnaissance mutuelle",
                    "es": "Equipo Especial sobre el Arreglo de Reconocimiento Mutuo",
                    "ru": "Целевая группа по договоренности о взаимном признании",
                    "zh-hans": "相互承认安排工作队",
                    "ar": "فرقة العمل المعنية بترتيب الاعتراف المتبادل",
                    "vi": "Tổ công tác Thỏa thuận Công nhận Lẫn nhau",
                },
            },
        ],
        "sessions": [
            {
                "slug": "mra-task-force",
                "kind": "steering_group",
                "subgroup": "MRATF",
                "starts": "2012-04-02 09:00",
                "ends": "2012-04-02 17:00",
                "title": {
                    "en": "MRA task force meeting",
                    "fr": "Réunion de l'équipe spéciale MRA",
                    "es": "Reunión del equipo especial sobre el MRA",
                    "ru": "Совещание целевой группы по MRA",
                    "zh-hans": "MRA工作队会议",
                    "ar": "اجتماع فرقة العمل المعنية بترتيب الاعتراف المتبادل (MRA)",
                    "vi": "Cuộc họp tổ công tác MRA",
                },
            },
            {
                "slug": "workshop-cybersecurity",
                "kind": "workshop",
                "subgroup": "SPSG",
                "starts": "2012-04-02 09:00",
                "ends": "2012-04-02 12:30",
                "title": {
                    "en": "Workshop on cybersecurity",
                    "fr": "Atelier sur la cybersécurité",
                    "es": "Taller sobre ciberseguridad",
                    "ru": "Семинар-практикум по кибербезопасности",
                    "zh-hans": "网络安全研讨会",
                    "ar": "حلقة عمل بشأن الأمن السيبراني",
                    "vi": "Hội thảo về an ninh mạng",
                },
            },
            {
                "slug": "workshop-emergency-telecommunications",
                "kind": "workshop",
                "subgroup": "SPSG",
                "starts": "2012-04-02 14:00",
                "ends": "2012-04-02 17:30",
                "title": {
                    "en": "Workshop on emergency telecommunications",
                    "fr": "Atelier sur les télécommunications d'urgence",
                    "es": "Taller sobre telecomunicaciones de emergencia",
                    "ru": "Семинар-практикум по электросвязи в чрезвычайных ситуациях",
                    "zh-hans": "应急通信研讨会",
                    "ar": "حلقة عمل بشأن الاتصالات في حالات الطوارئ",
                    "vi": "Hội thảo về viễn thông khẩn cấp",
                },
            },
            {
                "slug": "workshop-competition-policy",
                "kind": "workshop",
                "subgroup": "LSG",
                "starts": "2012-04-03 09:00",
                "ends": "2012-04-03 12:30",
                "title": {
                    "en": "Workshop on competition policy",
                    "fr": "Atelier sur la politique de la concurrence",
                    "es": "Taller sobre política de competencia",
                    "ru": "Семинар-практикум по политике в области конкуренции",
                    "zh-hans": "竞争政策研讨会",
                    "ar": "حلقة عمل بشأن سياسة المنافسة",
                    "vi": "Hội thảo về chính sách cạnh tranh",
                },
            },
            {
                "slug": "workshop-ict-accessibility",
                "kind": "workshop",
                "subgroup": "DSG",
                "starts": "2012-04-03 14:00",
                "ends": "2012-04-03 17:30",
                "title": {
                    "en": "Workshop on ICT for persons with disabilities",
                    "fr": "Atelier sur les TIC pour les personnes handicapées",
                    "es": "Taller sobre las TIC para las personas con discapacidad",
                    "ru": "Семинар-практикум по ИКТ для лиц с ограниченными возможностями",
                    "zh-hans": "面向残疾人的信通技术研讨会",
                    "ar": "حلقة عمل بشأن تكنولوجيا المعلومات والاتصالات للأشخاص ذوي الإعاقة",
                    "vi": "Hội thảo về ICT cho người khuyết tật",
                },
            },
            {
                "slug": "declaration-drafting",
                "kind": "drafting",
                "starts": "2012-04-04 09:00",
                "ends": "2012-04-04 17:30",
                "title": {
                    "en": "Drafting session: TELMIN9 ministerial declaration",
                    "fr": "Séance de rédaction : déclaration ministérielle de la TELMIN9",
                    "es": "Sesión de redacción: declaración ministerial de la TELMIN9",
                    "ru": "Заседание по подготовке проекта: декларация министров TELMIN9",
                    "zh-hans": "起草会议：TELMIN9部长宣言",
                    "ar": "جلسة صياغة: الإعلان الوزاري للاجتماع TELMIN9",
                    "vi": "Phiên soạn thảo: tuyên bố cấp bộ trưởng TELMIN9",
                },
            },
            {
                "slug": "lsg-meeting",
                "kind": "steering_group",
                "subgroup": "LSG",
                "starts": "2012-04-05 09:00",
                "ends": "2012-04-05 12:30",
                "title": {
                    "en": "Liberalisation Steering Group meeting",
                    "fr": "Réunion du Groupe directeur sur la libéralisation",
                    "es": "Reunión del Grupo Directivo de Liberalización",
                    "ru": "Совещание Руководящей группы по либерализации",
                    "zh-hans": "自由化指导小组会议",
                    "ar": "اجتماع الفريق التوجيهي المعني بالتحرير",
                    "vi": "Cuộc họp Nhóm chỉ đạo Tự do hóa",
                },
            },
            {
                "slug": "spsg-meeting",
                "kind": "steering_group",
                "subgroup": "SPSG",
                "starts": "2012-04-05 09:00",
                "ends": "2012-04-05 12:30",
                "title": {
                    "en": "Security and Prosperity Steering Group meeting",
                    "fr": "Réunion du Groupe directeur sur la sécurité et la prospérité",
                    "es": "Reunión del Grupo Directivo de Seguridad y Prosperidad",
                    "ru": "Совещание Руководящей группы по безопасности и процветанию",
                    "zh-hans": "安全与繁荣指导小组会议",
                    "ar": "اجتماع الفريق التوجيهي المعني بالأمن والازدهار",
                    "vi": "Cuộc họp Nhóm chỉ đạo An ninh và Thịnh vượng",
                },
            },
            {
                "slug": "dsg-meeting",
                "kind": "steering_group",
                "subgroup": "DSG",
                "starts": "2012-04-05 14:00",
                "ends": "2012-04-05 17:30",
                "title": {
                    "en": "Development Steering Group meeting",
                    "fr": "Réunion du Groupe directeur sur le développement",
                    "es": "Reunión del Grupo Directivo de Desarrollo",
                    "ru": "Совещание Руководящей группы по развитию",
                    "zh-hans": "发展指导小组会议",
                    "ar": "اجتماع الفريق التوجيهي المعني بالتنمية",
                    "vi": "Cuộc họp Nhóm chỉ đạo Phát triển",
                },
            },
            {
                "slug": "plenary",
                "kind": "opening",
                "starts": "2012-04-06 09:00",
                "ends": "2012-04-06 17:30",
                "title": {
                    "en": "TEL45 plenary",
                    "fr": "Séance plénière de la TEL45",
                    "es": "Sesión plenaria de la TEL45",
                    "ru": "Пленарное заседание TEL45",
                    "zh-hans": "TEL45全体会议",
                    "ar": "الجلسة العامة للاجتماع TEL45",
                    "vi": "Phiên toàn thể TEL45",
                },
            },
        ],
    },
    {
        "slug": "wtisd",
        # ITU's world day: the Secretary-General's message to ITU Member States.
        "membership": "itu",
        "kind": "campaign",
        "start_date": "2026-05-17",
        "end_date": "2026-05-17",
        "time_zone": "Europe/Zurich",
        "is_online": True,
        "host_country": "",
        "organisers": ["itu"],
        "name": {
            "en": "World Telecommunication and Information Society Day",
            "fr": "Journée mondiale des télécommunications et de la société de l'information",
            "es": "Día Mundial de las Telecomunicaciones y de la Sociedad de la Información",
            "ru": "Всемирный день электросвязи и информационного общества",
            "zh-hans": "世界电信和信息社会日",
            "ar": "اليوم العالمي للاتصالات ومجتمع المعلومات",
            "vi": "Ngày Viễn thông và Xã hội Thông tin Thế giới",
        },
        "tagline": {
            "en": "17 May: the Secretary-General's message, in many languages",
            "fr": "17 mai : le message du Secrétaire général, en de nombreuses langues",
            "es": "17 de mayo: el mensaje del Secretario General, en muchos idiomas",
            "ru": "17 мая: послание Генерального секретаря на многих языках",
            "zh-hans": "5月17日：秘书长致辞，以多种语言发布",
            "ar": "17 أيار/مايو: رسالة الأمين العام، بلغات عديدة",
            "vi": "17 tháng 5: thông điệp của Tổng Thư ký, bằng nhiều ngôn ngữ",
        },
        "description": {
            "en": (
                "Every year on 17 May the world marks the founding of ITU in 1865 and the signing of the first "
                "International Telegraph Convention. Statements are published in many languages."
            ),
            "fr": (
                "Chaque année, le 17 mai, le monde célèbre la fondation de l'UIT en 1865 et la signature de la "
                "première Convention télégraphique internationale. Des déclarations sont publiées en de "
                "nombreuses langues."
            ),
            "es": (
                "Cada año, el 17 de mayo, el mundo conmemora la fundación de la UIT en 1865 y la firma del primer "
                "Convenio Telegráfico Internacional. Se publican declaraciones en muchos idiomas."
            ),
            "ru": (
                "Ежегодно 17 мая мир отмечает годовщину основания МСЭ в 1865 году и подписания первой "
                "Международной телеграфной конвенции. Заявления публикуются на многих языках."
            ),
            "zh-hans": (
                "每年5月17日，全世界纪念国际电联于1865年成立以及第一份《国际电报公约》的签署。相关声明以多种语言发布。"
            ),
            "ar": (
                "في 17 أيار/مايو من كل عام، يحيي العالم ذكرى تأسيس الاتحاد الدولي للاتصالات في عام 1865 وتوقيع "
                "أول اتفاقية دولية للتلغراف. وتُنشر البيانات بلغات عديدة."
            ),
            "vi": (
                "Hằng năm vào ngày 17 tháng 5, thế giới kỷ niệm ngày thành lập ITU năm 1865 và việc ký kết Công "
                "ước Điện báo Quốc tế đầu tiên. Các tuyên bố được công bố bằng nhiều ngôn ngữ."
            ),
        },
        "subgroups": [],
        "sessions": [
            {
                "slug": "secretary-general-message",
                "kind": "keynote",
                "starts": "2026-05-17 10:00",
                "ends": "2026-05-17 10:30",
                "title": {
                    "en": "The Secretary-General's message",
                    "fr": "Message du Secrétaire général",
                    "es": "Mensaje del Secretario General",
                    "ru": "Послание Генерального секретаря",
                    "zh-hans": "秘书长致辞",
                    "ar": "رسالة الأمين العام",
                    "vi": "Thông điệp của Tổng Thư ký",
                },
            },
        ],
    },
]

#: One account per role. Names are fictional. Passwords are only set (and printed) in debug mode.
ACCOUNTS: list[dict[str, Any]] = [
    {
        "email": "admin@pavilion.example.org",
        "role": "platform admin",
        "password": "pavilion-demo-admin",
        "full_name": "Amira Haddad",
        "honorific": "ms",
        "job_title": "Platform administrator",
        "country": "CH",
        "organisation": "itu",
        "preferred_languages": ["en", "ar"],
        "time_zone": "Europe/Zurich",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "organiser@pavilion.example.org",
        "role": "organiser",
        "password": "pavilion-demo-organiser",
        "full_name": "Lucía Fernández",
        "honorific": "ms",
        "job_title": "Event coordinator",
        "country": "CH",
        "organisation": "itu",
        "preferred_languages": ["es", "en"],
        "time_zone": "Europe/Zurich",
    },
    {
        "email": "focalpoint@pavilion.example.org",
        "role": "focal point",
        "password": "pavilion-demo-focalpoint",
        "full_name": "Nguyễn Thị Mai",
        "honorific": "ms",
        "job_title": "Deputy Director, International Cooperation",
        "country": "VN",
        "organisation": "mic-viet-nam",
        "preferred_languages": ["vi", "en"],
        "time_zone": "Asia/Ho_Chi_Minh",
    },
    {
        "email": "delegate@pavilion.example.org",
        "role": "delegate",
        "password": "pavilion-demo-delegate",
        "full_name": "Trần Văn Minh",
        "honorific": "mr",
        "job_title": "Senior Expert, Telecommunications Policy",
        "country": "VN",
        "organisation": "mic-viet-nam",
        "preferred_languages": ["vi", "en"],
        "time_zone": "Asia/Ho_Chi_Minh",
    },
    {
        "email": "exhibitor@pavilion.example.org",
        "role": "exhibitor staff",
        "password": "pavilion-demo-exhibitor",
        "full_name": "Daniel Okafor",
        "honorific": "mr",
        "job_title": "Solutions manager",
        "country": "",
        "organisation": "mekong-example-telecom",
        "preferred_languages": ["en", "fr"],
        "time_zone": "Asia/Singapore",
    },
    {
        "email": "applicant@pavilion.example.org",
        "role": "applicant (awaits Viet Nam's focal point)",
        "password": "pavilion-demo-applicant",
        "full_name": "Phạm Thu Hà",
        "honorific": "ms",
        "job_title": "Policy officer, Authority of Radio Frequency Management",
        "country": "VN",
        "organisation": "mic-viet-nam",
        "preferred_languages": ["vi", "en"],
        "time_zone": "Asia/Ho_Chi_Minh",
    },
    {
        "email": "interpreter@pavilion.example.org",
        "role": "interpreter (French booth)",
        "password": "pavilion-demo-interpreter",
        "full_name": "Camille Dubois",
        "honorific": "ms",
        "job_title": "Conference interpreter",
        "country": "FR",
        "organisation": "",
        "preferred_languages": ["fr", "en"],
        "time_zone": "Europe/Paris",
    },
    {
        "email": "interpreter2@pavilion.example.org",
        "role": "interpreter (French and Spanish booths)",
        "password": "pavilion-demo-interpreter2",
        "full_name": "Ana Morales",
        "honorific": "ms",
        "job_title": "Conference interpreter",
        "country": "ES",
        "organisation": "",
        "preferred_languages": ["es", "fr", "en"],
        "time_zone": "Europe/Madrid",
    },
    {
        "email": "visitor@pavilion.example.org",
        "role": "visitor",
        "password": "pavilion-demo-visitor",
        "full_name": "Olga Petrova",
        "honorific": "dr",
        "job_title": "Researcher",
        "country": "KZ",
        "organisation": "",
        "preferred_languages": ["ru", "en"],
        "time_zone": "Asia/Almaty",
    },
]

# --- Accreditation, rooms, themes and speakers (added with the events issue) ------------------

CATEGORIES: list[dict[str, Any]] = [
    {
        "slug": "member-delegate",
        "requires_approval": True,
        "is_accredited": True,
        "name": {
            "en": "Member delegate",
            "fr": "Délégué d'un membre",
            "es": "Delegado de un miembro",
            "ru": "Делегат члена",
            "zh-hans": "成员代表",
            "ar": "مندوب عضو",
            "vi": "Đại biểu thành viên",
        },
    },
    {
        "slug": "observer",
        "requires_approval": True,
        "is_accredited": False,
        "name": {
            "en": "Observer",
            "fr": "Observateur",
            "es": "Observador",
            "ru": "Наблюдатель",
            "zh-hans": "观察员",
            "ar": "مراقب",
            "vi": "Quan sát viên",
        },
    },
    {
        "slug": "media",
        "requires_approval": True,
        "is_accredited": False,
        "name": {
            "en": "Media",
            "fr": "Médias",
            "es": "Medios de comunicación",
            "ru": "Средства массовой информации",
            "zh-hans": "媒体",
            "ar": "وسائط الإعلام",
            "vi": "Báo chí",
        },
    },
    {
        "slug": "visitor",
        "requires_approval": False,
        "is_accredited": False,
        "name": {
            "en": "Visitor",
            "fr": "Visiteur",
            "es": "Visitante",
            "ru": "Посетитель",
            "zh-hans": "访客",
            "ar": "زائر",
            "vi": "Khách tham quan",
        },
    },
]

ROOMS: dict[str, list[dict[str, Any]]] = {
    "itu-digital-world-2020": [
        {
            "slug": "main-stage",
            "stream_url": "https://stream.example.org/embed/digital-world-main",
            "name": {
                "en": "Main stage",
                "fr": "Scène principale",
                "es": "Escenario principal",
                "ru": "Главная сцена",
                "zh-hans": "主舞台",
                "ar": "المنصة الرئيسية",
                "vi": "Sân khấu chính",
            },
            "interpretation": ["ar", "es", "fr", "ru", "zh-hans", "vi"],
            "sign": ["en"],
        },
        {
            "slug": "forum-room",
            "stream_url": "https://stream.example.org/embed/digital-world-forum",
            "name": {
                "en": "Forum room",
                "fr": "Salle du forum",
                "es": "Sala del foro",
                "ru": "Зал форума",
                "zh-hans": "论坛厅",
                "ar": "قاعة المنتدى",
                "vi": "Phòng diễn đàn",
            },
            "interpretation": ["es", "fr", "ru"],
        },
        {
            "slug": "exhibition-stage",
            "stream_url": "https://stream.example.org/embed/digital-world-exhibition",
            "name": {
                "en": "Exhibition stage",
                "fr": "Scène de l'exposition",
                "es": "Escenario de la exposición",
                "ru": "Сцена выставки",
                "zh-hans": "展览舞台",
                "ar": "منصة المعرض",
                "vi": "Sân khấu triển lãm",
            },
            "interpretation": ["es", "fr", "vi"],
        },
    ],
}

TRACKS: dict[str, list[dict[str, Any]]] = {
    "itu-digital-world-2020": [
        {
            "slug": "broadband",
            "name": {
                "en": "Broadband",
                "fr": "Large bande",
                "es": "Banda ancha",
                "ru": "Широкополосная связь",
                "zh-hans": "宽带",
                "ar": "النطاق العريض",
                "vi": "Băng rộng",
            },
        },
        {
            "slug": "5g",
            "name": {"en": "5G", "fr": "5G", "es": "5G", "ru": "5G", "zh-hans": "5G", "ar": "الجيل الخامس", "vi": "5G"},
        },
        {
            "slug": "cybersecurity",
            "name": {
                "en": "Cybersecurity",
                "fr": "Cybersécurité",
                "es": "Ciberseguridad",
                "ru": "Кибербезопасность",
                "zh-hans": "网络安全",
                "ar": "الأمن السيبراني",
                "vi": "An ninh mạng",
            },
        },
        {
            "slug": "digital-transformation",
            "name": {
                "en": "Digital transformation",
                "fr": "Transformation numérique",
                "es": "Transformación digital",
                "ru": "Цифровая трансформация",
                "zh-hans": "数字化转型",
                "ar": "التحول الرقمي",
                "vi": "Chuyển đổi số",
            },
        },
    ],
}

#: Session slug → room, theme, access level, languages (ITU Virtual Digital World 2020).
SESSION_SETUP: dict[str, dict[str, Any]] = {
    "opening": {"room": "main-stage", "track": "digital-transformation", "access": "public"},
    "ministerial-roundtable-1": {"room": "main-stage", "track": "digital-transformation", "access": "accredited"},
    "ministerial-roundtable-2": {"room": "main-stage", "track": "broadband", "access": "accredited"},
    "ministerial-roundtable-3": {"room": "main-stage", "track": "cybersecurity", "access": "accredited"},
    "forum-broadband-gap": {"room": "forum-room", "track": "broadband", "access": "public"},
    "forum-5g": {"room": "forum-room", "track": "5g", "access": "registered"},
    "forum-cybersecurity-privacy": {"room": "forum-room", "track": "cybersecurity", "access": "public"},
    "forum-rural-financing": {"room": "forum-room", "track": "broadband", "access": "public"},
    "forum-ai-smart-cities": {"room": "forum-room", "track": "digital-transformation", "access": "public"},
    "live-demo-private-5g": {"room": "exhibition-stage", "track": "5g", "access": "public"},
    "live-demo-satellite-islands": {"room": "exhibition-stage", "track": "broadband", "access": "public"},
    "live-demo-security-operations": {"room": "exhibition-stage", "track": "cybersecurity", "access": "public"},
    "closing": {"room": "main-stage", "track": "digital-transformation", "access": "public"},
}

#: Fictional speakers of the ITU Virtual Digital World 2020 demo.
SPEAKERS: list[dict[str, Any]] = [
    {
        "slug": "le-van-thanh",
        "name": "Lê Văn Thành",
        "organisation": "Ministry of Information and Communications of Viet Nam",
        "country": "VN",
        "position": {
            "en": "Minister (fictional)",
            "fr": "Ministre (fictif)",
            "es": "Ministro (ficticio)",
            "ru": "Министр (вымышленный)",
            "zh-hans": "部长（虚构）",
            "ar": "وزير (شخصية خيالية)",
            "vi": "Bộ trưởng (nhân vật hư cấu)",
        },
        "sessions": [("opening", "speaker"), ("ministerial-roundtable-1", "chair")],
    },
    {
        "slug": "grace-mensah",
        "name": "Grace Mensah",
        "organisation": "International Telecommunication Union",
        "country": "GH",
        "position": {
            "en": "Director (fictional)",
            "fr": "Directrice (fictive)",
            "es": "Directora (ficticia)",
            "ru": "Директор (вымышленный)",
            "zh-hans": "主任（虚构）",
            "ar": "مديرة (شخصية خيالية)",
            "vi": "Giám đốc (nhân vật hư cấu)",
        },
        "sessions": [
            ("opening", "moderator"),
            ("ministerial-roundtable-2", "chair"),
            ("forum-broadband-gap", "speaker"),
        ],
    },
    {
        "slug": "carlos-rivera",
        "name": "Carlos Rivera",
        "organisation": "Northstar Example Satellite",
        "country": "MX",
        "position": {
            "en": "Chief technology officer (fictional)",
            "fr": "Directeur technique (fictif)",
            "es": "Director de tecnología (ficticio)",
            "ru": "Технический директор (вымышленный)",
            "zh-hans": "首席技术官（虚构）",
            "ar": "كبير المسؤولين التقنيين (شخصية خيالية)",
            "vi": "Giám đốc công nghệ (nhân vật hư cấu)",
        },
        "sessions": [("forum-5g", "speaker"), ("forum-broadband-gap", "moderator")],
    },
    {
        "slug": "aigerim-sadykova",
        "name": "Aigerim Sadykova",
        "organisation": "Aurora Example Security",
        "country": "KZ",
        "position": {
            "en": "Head of cyber resilience (fictional)",
            "fr": "Responsable de la cyberrésilience (fictive)",
            "es": "Jefa de ciberresiliencia (ficticia)",
            "ru": "Руководитель по киберустойчивости (вымышленный)",
            "zh-hans": "网络韧性负责人（虚构）",
            "ar": "رئيسة قسم المرونة السيبرانية (شخصية خيالية)",
            "vi": "Trưởng bộ phận phục hồi an ninh mạng (nhân vật hư cấu)",
        },
        "sessions": [("forum-cybersecurity-privacy", "speaker"), ("ministerial-roundtable-3", "moderator")],
    },
]

#: Focal points and registrations; "organiser" joins every event's organising team.
ORGANISER = "organiser@pavilion.example.org"
FOCAL_POINTS: list[dict[str, Any]] = [
    {"event": "itu-digital-world-2020", "email": "focalpoint@pavilion.example.org", "country": "VN"},
    {"event": "apec-tel-45", "email": "focalpoint@pavilion.example.org", "country": "VN"},
]
REGISTRATIONS: list[dict[str, Any]] = [
    {
        "event": "itu-digital-world-2020",
        "email": "focalpoint@pavilion.example.org",
        "category": "member-delegate",
        "country": "VN",
        "function": "vice_minister",
        "head": True,
    },
    {
        "event": "itu-digital-world-2020",
        "email": "delegate@pavilion.example.org",
        "category": "member-delegate",
        "country": "VN",
        "function": "delegate",
        "head": False,
    },
    {
        "event": "itu-digital-world-2020",
        "email": "visitor@pavilion.example.org",
        "category": "visitor",
        "country": "KZ",
        "function": "other",
        "head": False,
    },
    {
        # Viet Nam's focal point has a registration to decide (approve it, or reject it with a reason).
        "event": "itu-digital-world-2020",
        "email": "applicant@pavilion.example.org",
        "category": "member-delegate",
        "country": "VN",
        "function": "delegate",
        "head": False,
        "pending": True,
    },
    {
        "event": "itu-digital-world-2020",
        "email": "exhibitor@pavilion.example.org",
        "category": "observer",
        "organisation": "mekong-example-telecom",
        "function": "other",
        "head": False,
        "pending": True,
    },
]

#: The list of speakers of the first ministerial roundtable: the delegate asked first, yet the
#: vice-minister (the focal point) comes before him in protocol order. Minutes after the start.
FLOOR_REQUESTS: list[dict[str, Any]] = [
    {
        "event": "itu-digital-world-2020",
        "session": "ministerial-roundtable-1",
        "email": "delegate@pavilion.example.org",
        "minutes": 5,
    },
    {
        "event": "itu-digital-world-2020",
        "session": "ministerial-roundtable-1",
        "email": "focalpoint@pavilion.example.org",
        "minutes": 7,
    },
]
