"""The demo's content: real meeting patterns (DESIGN.md §1) with fictional companies and people.

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
        "organisers": ["itu", "mic-viet-nam"],
        "name": {
            "en": "ITU Virtual Digital World 2020",
            "vi": "ITU Thế giới Số Trực tuyến 2020",
        },
        "tagline": {
            "en": "Ministerial roundtables, forum sessions and a virtual exhibition, fully online",
            "vi": "Bàn tròn cấp bộ trưởng, các phiên diễn đàn và triển lãm ảo, hoàn toàn trực tuyến",
        },
        "description": {
            "en": (
                "For the first time, ITU's digital world event took place entirely online, hosted by Viet Nam. "
                "Ministers, regulators and industry leaders met in ministerial roundtables and forum sessions, "
                "while national and corporate pavilions presented products, services and solutions in a "
                "virtual exhibition."
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
                "title": {"en": "Opening ceremony", "vi": "Lễ khai mạc"},
            },
            {
                "slug": "ministerial-roundtable-1",
                "kind": "ministerial_roundtable",
                "starts": "2020-10-20 14:30",
                "ends": "2020-10-20 16:00",
                "title": {
                    "en": "Ministerial roundtable: digital transformation for recovery",
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
                    "vi": "Diễn đàn: an ninh mạng và quyền riêng tư",
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
        "organisers": ["apec-tel"],
        "name": {
            "en": "45th APEC Telecommunications and Information Working Group Meeting (TEL45)",
            "vi": "Cuộc họp lần thứ 45 của Nhóm công tác Viễn thông và Thông tin APEC (TEL45)",
        },
        "tagline": {
            "en": "Preparing the 9th APEC Ministerial Meeting on Telecommunications and Information (TELMIN9)",
            "vi": "Chuẩn bị Hội nghị Bộ trưởng APEC lần thứ 9 về Viễn thông và Thông tin (TELMIN9)",
        },
        "description": {
            "en": (
                "Demo data modelled on an APEC TEL working-group meeting: the plenary, the three steering "
                "groups, the MRA task force, thematic workshops and a drafting session for the ministerial "
                "declaration. Venue details are illustrative."
            ),
            "vi": (
                "Dữ liệu mẫu mô phỏng một cuộc họp nhóm công tác APEC TEL: phiên toàn thể, ba nhóm chỉ đạo, "
                "tổ công tác MRA, các hội thảo chuyên đề và phiên soạn thảo tuyên bố cấp bộ trưởng. "
                "Thông tin địa điểm chỉ mang tính minh họa."
            ),
        },
        "venue": {"en": "APEC member economy (illustrative)", "vi": "Nền kinh tế thành viên APEC (minh họa)"},
        "subgroups": [
            {
                "code": "LSG",
                "name": {"en": "Liberalisation Steering Group", "vi": "Nhóm chỉ đạo Tự do hóa"},
            },
            {
                "code": "SPSG",
                "name": {"en": "Security and Prosperity Steering Group", "vi": "Nhóm chỉ đạo An ninh và Thịnh vượng"},
            },
            {
                "code": "DSG",
                "name": {"en": "Development Steering Group", "vi": "Nhóm chỉ đạo Phát triển"},
            },
            {
                "code": "MRATF",
                "name": {
                    "en": "Mutual Recognition Arrangement Task Force",
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
                "title": {"en": "MRA task force meeting", "vi": "Cuộc họp tổ công tác MRA"},
            },
            {
                "slug": "workshop-cybersecurity",
                "kind": "workshop",
                "subgroup": "SPSG",
                "starts": "2012-04-02 09:00",
                "ends": "2012-04-02 12:30",
                "title": {"en": "Workshop on cybersecurity", "vi": "Hội thảo về an ninh mạng"},
            },
            {
                "slug": "workshop-emergency-telecommunications",
                "kind": "workshop",
                "subgroup": "SPSG",
                "starts": "2012-04-02 14:00",
                "ends": "2012-04-02 17:30",
                "title": {"en": "Workshop on emergency telecommunications", "vi": "Hội thảo về viễn thông khẩn cấp"},
            },
            {
                "slug": "workshop-competition-policy",
                "kind": "workshop",
                "subgroup": "LSG",
                "starts": "2012-04-03 09:00",
                "ends": "2012-04-03 12:30",
                "title": {"en": "Workshop on competition policy", "vi": "Hội thảo về chính sách cạnh tranh"},
            },
            {
                "slug": "workshop-ict-accessibility",
                "kind": "workshop",
                "subgroup": "DSG",
                "starts": "2012-04-03 14:00",
                "ends": "2012-04-03 17:30",
                "title": {
                    "en": "Workshop on ICT for persons with disabilities",
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
                    "vi": "Phiên soạn thảo: tuyên bố cấp bộ trưởng TELMIN9",
                },
            },
            {
                "slug": "lsg-meeting",
                "kind": "steering_group",
                "subgroup": "LSG",
                "starts": "2012-04-05 09:00",
                "ends": "2012-04-05 12:30",
                "title": {"en": "Liberalisation Steering Group meeting", "vi": "Cuộc họp Nhóm chỉ đạo Tự do hóa"},
            },
            {
                "slug": "spsg-meeting",
                "kind": "steering_group",
                "subgroup": "SPSG",
                "starts": "2012-04-05 09:00",
                "ends": "2012-04-05 12:30",
                "title": {
                    "en": "Security and Prosperity Steering Group meeting",
                    "vi": "Cuộc họp Nhóm chỉ đạo An ninh và Thịnh vượng",
                },
            },
            {
                "slug": "dsg-meeting",
                "kind": "steering_group",
                "subgroup": "DSG",
                "starts": "2012-04-05 14:00",
                "ends": "2012-04-05 17:30",
                "title": {"en": "Development Steering Group meeting", "vi": "Cuộc họp Nhóm chỉ đạo Phát triển"},
            },
            {
                "slug": "plenary",
                "kind": "opening",
                "starts": "2012-04-06 09:00",
                "ends": "2012-04-06 17:30",
                "title": {"en": "TEL45 plenary", "vi": "Phiên toàn thể TEL45"},
            },
        ],
    },
    {
        "slug": "wtisd",
        "kind": "campaign",
        "start_date": "2026-05-17",
        "end_date": "2026-05-17",
        "time_zone": "Europe/Zurich",
        "is_online": True,
        "host_country": "",
        "organisers": ["itu"],
        "name": {
            "en": "World Telecommunication and Information Society Day",
            "vi": "Ngày Viễn thông và Xã hội Thông tin Thế giới",
        },
        "tagline": {
            "en": "17 May: the Secretary-General's message, in many languages",
            "vi": "17 tháng 5: thông điệp của Tổng Thư ký, bằng nhiều ngôn ngữ",
        },
        "description": {
            "en": (
                "Every year on 17 May the world marks the founding of ITU in 1865 and the signing of the first "
                "International Telegraph Convention. Statements are published in many languages."
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
                "title": {"en": "The Secretary-General's message", "vi": "Thông điệp của Tổng Thư ký"},
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
