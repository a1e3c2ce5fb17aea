"""The live demo's content: a fictional forum that is always happening now (see live.py).

Times are given as (day offset from today in the event's time zone, "HH:MM"); a live session ends
two days after it starts, so it is live at any hour of the day the demo is loaded and the next.
Translated texts are dicts of UI language code to text, as in content.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

LIVE_EVENT = "digital-cooperation-live"
#: The event's host is ITU in Geneva: its dates and times are in Geneva's zone.
LIVE_TIME_ZONE = "Europe/Zurich"
#: The demo's stage video and its caption tracks (src/pavilion/static/pavilion/demo/README.md).
STAGE_VIDEO = f"{settings.STATIC_URL}pavilion/demo/stage.webm"
STAGE_CAPTIONS = {
    "en": f"{settings.STATIC_URL}pavilion/demo/stage.en.vtt",
    "fr": f"{settings.STATIC_URL}pavilion/demo/stage.fr.vtt",
}

EVENT: dict[str, Any] = {
    "slug": LIVE_EVENT,
    "kind": "forum",
    "time_zone": LIVE_TIME_ZONE,
    "first_day": -1,
    "last_day": 1,
    "is_online": True,
    "host_country": "CH",
    "membership": "itu",
    "organisers": ["itu"],
    "subgroups": [],
    "name": {
        "en": "Digital Cooperation Forum (live demo)",
        "fr": "Forum sur la coopération numérique (démonstration en direct)",
        "es": "Foro sobre Cooperación Digital (demostración en directo)",
        "ru": "Форум по цифровому сотрудничеству (демонстрация в прямом эфире)",
        "zh-hans": "数字合作论坛（现场演示）",
        "ar": "منتدى التعاون الرقمي (عرض تجريبي مباشر)",
        "vi": "Diễn đàn Hợp tác Số (trình diễn trực tiếp)",
    },
    "tagline": {
        "en": "Happening now: its forum sessions and an exhibition demonstration are live today",
        "fr": "En ce moment : ses sessions du forum et une démonstration de l'exposition sont en direct aujourd'hui",
        "es": "Ahora mismo: sus sesiones del foro y una demostración de la exposición son en directo hoy",
        "ru": "Прямо сейчас: сессии форума и демонстрация на выставке идут сегодня в прямом эфире",
        "zh-hans": "正在进行：论坛会议和展览演示今天现场直播",
        "ar": "يجري الآن: جلسات المنتدى وعرض في المعرض مباشرة اليوم",
        "vi": "Đang diễn ra: các phiên diễn đàn và một buổi trình diễn triển lãm được phát trực tiếp hôm nay",
    },
    "description": {
        "en": (
            "A fictional forum that is always happening now, so you can try a live session: watch the stage "
            "with captions in English and French, chat, ask questions, vote in the poll and request the floor. "
            "Yesterday's opening shows what an ended session keeps."
        ),
        "fr": (
            "Un forum fictif qui a toujours lieu en ce moment, pour essayer une séance en direct : suivre la "
            "scène avec des sous-titres en anglais et en français, dialoguer, poser des questions, voter au "
            "sondage et demander la parole. L'ouverture d'hier montre ce que conserve une séance terminée."
        ),
        "es": (
            "Un foro ficticio que siempre se está celebrando, para probar una sesión en directo: ver el "
            "escenario con subtítulos en inglés y francés, chatear, hacer preguntas, votar en la encuesta y "
            "pedir la palabra. La apertura de ayer muestra lo que conserva una sesión terminada."
        ),
        "ru": (
            "Вымышленный форум, который всегда проходит сейчас, чтобы можно было попробовать заседание в "
            "прямом эфире: смотреть трансляцию с субтитрами на английском и французском языках, общаться в "
            "чате, задавать вопросы, голосовать в опросе и просить слова. Вчерашнее открытие показывает, что "
            "остаётся от завершившегося заседания."
        ),
        "zh-hans": (
            "一个始终正在举行的虚构论坛，供您体验现场会议：观看带有英文和法文字幕的直播，参与聊天、提问、"
            "投票并申请发言。昨天的开幕式展示了会议结束后保留的记录。"
        ),
        "ar": (
            "منتدى خيالي يجري دائمًا في الوقت الحالي، لتجربة جلسة مباشرة: شاهد المنصة مع ترجمة مكتوبة "
            "بالإنكليزية والفرنسية، وشارك في الدردشة، واطرح الأسئلة، وصوّت في الاستطلاع، واطلب الكلمة. "
            "ويبيّن افتتاح الأمس ما تحتفظ به الجلسة بعد انتهائها."
        ),
        "vi": (
            "Một diễn đàn hư cấu luôn đang diễn ra, để bạn thử một phiên trực tiếp: xem sân khấu có phụ đề "
            "tiếng Anh và tiếng Pháp, trò chuyện, đặt câu hỏi, bỏ phiếu thăm dò và xin phát biểu. Lễ khai mạc "
            "hôm qua cho thấy những gì một phiên đã kết thúc lưu giữ."
        ),
    },
    "sessions": [
        {
            "slug": "opening",
            "kind": "opening",
            "starts": (-1, "10:00"),
            "ends": (-1, "11:00"),
            "title": {
                "en": "Opening: digital cooperation, from pledges to projects",
                "fr": "Ouverture : la coopération numérique, des engagements aux projets",
                "es": "Apertura: la cooperación digital, de los compromisos a los proyectos",
                "ru": "Открытие: цифровое сотрудничество — от обязательств к проектам",
                "zh-hans": "开幕式：数字合作，从承诺到项目",
                "ar": "الافتتاح: التعاون الرقمي، من التعهدات إلى المشاريع",
                "vi": "Khai mạc: hợp tác số, từ cam kết đến dự án",
            },
        },
        {
            "slug": "live-broadband-gap",
            "kind": "forum",
            "starts": (0, "00:00"),
            "ends": (2, "00:00"),
            "title": {
                "en": "Live forum: closing the broadband gap",
                "fr": "Forum en direct : réduire la fracture en matière de large bande",
                "es": "Foro en directo: reducir la brecha de la banda ancha",
                "ru": "Форум в прямом эфире: преодоление разрыва в области широкополосной связи",
                "zh-hans": "现场论坛：弥合宽带鸿沟",
                "ar": "منتدى مباشر: سد فجوة النطاق العريض",
                "vi": "Diễn đàn trực tiếp: thu hẹp khoảng cách băng rộng",
            },
            "abstract": {
                "en": (
                    "Regulators and operators compare what lowered the price of broadband in their countries: "
                    "shared infrastructure, spectrum for rural areas and digital skills."
                ),
                "fr": (
                    "Régulateurs et opérateurs comparent ce qui a fait baisser le prix du haut débit dans leur "
                    "pays : infrastructures partagées, fréquences pour les zones rurales et compétences numériques."
                ),
                "es": (
                    "Reguladores y operadores comparan lo que abarató la banda ancha en sus países: "
                    "infraestructura compartida, espectro para las zonas rurales y competencias digitales."
                ),
                "ru": (
                    "Регуляторы и операторы сравнивают, что снизило цены на широкополосный доступ в их странах: "
                    "совместное использование инфраструктуры, спектр для сельских районов и цифровые навыки."
                ),
                "zh-hans": "监管机构和运营商比较各自国家降低宽带价格的做法：基础设施共享、农村地区频谱和数字技能。",
                "ar": (
                    "تقارن الهيئات التنظيمية والمشغلون ما خفّض سعر النطاق العريض في بلدانهم: البنية التحتية "
                    "المشتركة، والطيف للمناطق الريفية، والمهارات الرقمية."
                ),
                "vi": (
                    "Các cơ quan quản lý và nhà mạng so sánh những gì đã giúp giảm giá băng rộng ở nước mình: "
                    "hạ tầng dùng chung, phổ tần cho vùng nông thôn và kỹ năng số."
                ),
            },
        },
        {
            "slug": "live-cybersecurity",
            "kind": "forum",
            "starts": (0, "00:00"),
            "ends": (2, "00:00"),
            "title": {
                "en": "Live forum: cybersecurity for small administrations",
                "fr": "Forum en direct : la cybersécurité pour les petites administrations",
                "es": "Foro en directo: ciberseguridad para administraciones pequeñas",
                "ru": "Форум в прямом эфире: кибербезопасность для небольших администраций",
                "zh-hans": "现场论坛：小型主管部门的网络安全",
                "ar": "منتدى مباشر: الأمن السيبراني للإدارات الصغيرة",
                "vi": "Diễn đàn trực tiếp: an ninh mạng cho các cơ quan quản lý nhỏ",
            },
        },
        {
            "slug": "live-exhibition-5g",
            "kind": "side_event",
            "starts": (0, "00:00"),
            "ends": (2, "00:00"),
            "title": {
                "en": "Exhibition live demonstration: private 5G for hospitals",
                "fr": "Démonstration en direct de l'exposition : la 5G privée pour les hôpitaux",
                "es": "Demostración en directo de la exposición: 5G privada para hospitales",
                "ru": "Демонстрация на выставке в прямом эфире: частные сети 5G для больниц",
                "zh-hans": "展览现场演示：面向医院的5G专网",
                "ar": "عرض مباشر في المعرض: شبكات الجيل الخامس الخاصة للمستشفيات",
                "vi": "Trình diễn trực tiếp tại triển lãm: mạng 5G riêng cho bệnh viện",
            },
        },
        {
            "slug": "closing",
            "kind": "keynote",
            "starts": (1, "16:00"),
            "ends": (1, "17:00"),
            "title": {
                "en": "Closing: what we take home",
                "fr": "Clôture : ce que nous retenons",
                "es": "Clausura: lo que nos llevamos",
                "ru": "Закрытие: итоги форума",
                "zh-hans": "闭幕式：我们的收获",
                "ar": "الاختتام: ما نخرج به",
                "vi": "Bế mạc: những điều chúng ta mang về",
            },
        },
    ],
}

ROOMS: list[dict[str, Any]] = [
    {
        "slug": "main-stage",
        "name": {
            "en": "Main stage",
            "fr": "Scène principale",
            "es": "Escenario principal",
            "ru": "Главная сцена",
            "zh-hans": "主舞台",
            "ar": "المنصة الرئيسية",
            "vi": "Sân khấu chính",
        },
    },
    {
        "slug": "forum-room",
        "name": {
            "en": "Forum room",
            "fr": "Salle du forum",
            "es": "Sala del foro",
            "ru": "Зал форума",
            "zh-hans": "论坛会议室",
            "ar": "قاعة المنتدى",
            "vi": "Phòng diễn đàn",
        },
    },
    {
        "slug": "exhibition-stage",
        "name": {
            "en": "Exhibition stage",
            "fr": "Scène de l'exposition",
            "es": "Escenario de la exposición",
            "ru": "Сцена выставки",
            "zh-hans": "展览舞台",
            "ar": "منصة المعرض",
            "vi": "Sân khấu triển lãm",
        },
    },
]

#: Session slug → room and the languages spoken or captioned.
SESSION_ROOMS: dict[str, tuple[str, list[str]]] = {
    "opening": ("main-stage", ["en", "fr"]),
    "live-broadband-gap": ("main-stage", ["en", "fr"]),
    "live-cybersecurity": ("forum-room", ["en", "fr"]),
    "live-exhibition-5g": ("exhibition-stage", ["en", "fr"]),
}

#: What people said in each session, minutes before the load (live) or after the start (ended).
#: Chat, questions and polls are the participants' own words, in the language they wrote in.
ACTIVITY: dict[str, dict[str, Any]] = {
    "live-broadband-gap": {
        "chat": [
            (
                "focalpoint@pavilion.example.org",
                14,
                "Good morning from Ha Noi! The stream and captions work well here.",
            ),
            ("visitor@pavilion.example.org", 11, "Bonjour à tous, je suis depuis Almaty."),
            ("organiser@pavilion.example.org", 9, "Welcome! Ask your questions and answer the poll, it is open."),
            ("delegate@pavilion.example.org", 4, "Infrastructure sharing halved our rural tower costs."),
        ],
        "questions": [
            ("visitor@pavilion.example.org", 8, "How do regulators price spectrum for rural coverage?", "approved"),
            ("focalpoint@pavilion.example.org", 6, "Which funds helped first: universal service or PPPs?", "approved"),
        ],
        "poll": {
            "question": "What should come first to close the broadband gap?",
            "status": "open",
            "options": ["Shared infrastructure", "Spectrum for rural areas", "Digital skills", "Affordable devices"],
            "votes": [("focalpoint@pavilion.example.org", 0), ("visitor@pavilion.example.org", 2)],
        },
        "captions": {
            "en": [
                "Good morning, and welcome to this live session.",
                "Today we ask how to connect the 2.6 billion people still offline.",
                "Affordable broadband starts with shared infrastructure.",
            ],
            "fr": [
                "Bonjour et bienvenue à cette séance en direct.",
                "Nous nous demandons aujourd'hui comment connecter les 2,6 milliards de personnes encore hors ligne.",
                "Un haut débit abordable commence par des infrastructures partagées.",
            ],
        },
        "floor": [("focalpoint@pavilion.example.org", 3)],
    },
    "opening": {
        "chat": [
            ("delegate@pavilion.example.org", 5, "Thank you for the clear opening."),
            ("visitor@pavilion.example.org", 40, "Will the slides be shared after the session?"),
        ],
        "questions": [
            ("delegate@pavilion.example.org", 20, "When will the cooperation projects be announced?", "answered"),
        ],
        "poll": {
            "question": "Did the opening set clear priorities?",
            "status": "closed",
            "options": ["Yes", "Partly", "No"],
            "votes": [("focalpoint@pavilion.example.org", 0), ("delegate@pavilion.example.org", 1)],
        },
        "captions": {
            "en": ["Welcome to the Digital Cooperation Forum.", "We move from pledges to projects this week."],
            "fr": [
                "Bienvenue au Forum sur la coopération numérique.",
                "Cette semaine, nous passons des engagements aux projets.",
            ],
        },
        "floor": [],
    },
}

#: Who takes part (approved registrations), so they may chat, vote and request the floor.
REGISTRATIONS: list[dict[str, Any]] = [
    {
        "event": LIVE_EVENT,
        "email": "focalpoint@pavilion.example.org",
        "category": "member-delegate",
        "country": "VN",
        "function": "vice_minister",
        "head": True,
    },
    {
        "event": LIVE_EVENT,
        "email": "delegate@pavilion.example.org",
        "category": "member-delegate",
        "country": "VN",
        "function": "delegate",
        "head": False,
    },
    {
        "event": LIVE_EVENT,
        "email": "visitor@pavilion.example.org",
        "category": "visitor",
        "country": "KZ",
        "function": "other",
        "head": False,
    },
]
