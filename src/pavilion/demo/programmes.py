"""Demo programmes (DESIGN.md §1): Turkmenistan-ITU cooperation with its 2022 work plan followed up at
two later meetings; APEC TEL45 numbered documents and the draft TELMIN9 declaration with amendments
by economies; the SCO summit's keynote and the Fiber One proposal become a commitment; the
Secretary-General's World Telecommunication Day message in every language, with an archive by year.

Idempotent: records are found by their natural keys (slug, number, title) and left as they are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration, Status
from pavilion.directory.memberships import Membership as MembershipList
from pavilion.events.models import Event, Session
from pavilion.programmes import commitments as commitment_services
from pavilion.programmes import services
from pavilion.programmes.commitment_models import Commitment, Statement
from pavilion.programmes.models import Document, Membership, Programme, ProgrammeMeeting
from pavilion.programmes.outcome_models import Amendment, OutcomeState, OutcomeText, Paragraph


def _all(en: str, fr: str, es: str, ru: str, zh: str, ar: str, vi: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "es": es, "ru": ru, "zh-hans": zh, "ar": ar, "vi": vi}


def demo_pdf(title: str) -> bytes:
    """A one-page PDF showing ``title`` (ASCII), with a correct cross-reference table."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


def _programme(slug: str, *, by: User, **fields: Any) -> Programme:
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        programme = services.create_programme(by=by, slug=slug, is_published=True, **fields)
    programme.secretariat.add(by)
    return programme


def _meeting(programme: Programme, event: Event, code: str) -> None:
    ProgrammeMeeting.objects.get_or_create(programme=programme, event=event, defaults={"code": code})


def _members(programme: Programme, countries: list[str]) -> None:
    for country in countries:
        Membership.objects.get_or_create(programme=programme, country=country, organisation=None)


def _event(slug: str, *, name: dict[str, str], start: date, organiser: User) -> Event:
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": "working_group",
            "name": name,
            "start_date": start,
            "end_date": start,
            "time_zone": "Asia/Ashgabat",
            "is_online": True,
            "content_locales": ["en", "ru"],
            "is_published": True,
            # Its delegations are the programme's members (Turkmenistan), not every ITU Member State.
            "membership": MembershipList.PROGRAMME,
        },
    )
    event.organising_team.add(organiser)
    return event


# --- Turkmenistan-ITU -------------------------------------------------------------------------------

WORK_PLAN: list[tuple[dict[str, str], str, date, int, list[tuple[int, int, str]]]] = [
    # (title, theme, due date, weight, [(meeting index, progress, status)])
    (
        _all(
            "Draft National Cybersecurity Strategy and its Action Plan",
            "Projet de stratégie nationale de cybersécurité et son plan d'action",
            "Proyecto de estrategia nacional de ciberseguridad y su plan de acción",
            "Проект национальной стратегии кибербезопасности и план действий",
            "国家网络安全战略草案及其行动计划",
            "مشروع الاستراتيجية الوطنية للأمن السيبراني وخطة عملها",
            "Dự thảo Chiến lược an ninh mạng quốc gia và Kế hoạch hành động",
        ),
        "cybersecurity",
        date(2022, 12, 31),
        3,
        [(0, 25, "started"), (1, 75, "advanced")],
    ),
    (
        _all(
            "Regular consultations between ITU and state institutions",
            "Consultations régulières entre l'UIT et les institutions de l'État",
            "Consultas periódicas entre la UIT y las instituciones del Estado",
            "Регулярные консультации МСЭ с государственными учреждениями",
            "国际电联与国家机构定期磋商",
            "مشاورات منتظمة بين الاتحاد والمؤسسات الحكومية",
            "Tham vấn định kỳ giữa ITU và các cơ quan nhà nước",
        ),
        "cooperation",
        date(2022, 6, 30),
        1,
        [(0, 75, "advanced"), (1, 100, "completed")],
    ),
    (
        _all(
            "National cybersecurity training courses and regional trainings",
            "Cours nationaux de formation à la cybersécurité et formations régionales",
            "Cursos nacionales de formación en ciberseguridad y formaciones regionales",
            "Национальные курсы по кибербезопасности и региональные тренинги",
            "国家网络安全培训课程和区域培训",
            "دورات تدريبية وطنية في الأمن السيبراني ودورات إقليمية",
            "Các khóa đào tạo an ninh mạng quốc gia và khu vực",
        ),
        "capacity building",
        date(2022, 12, 31),
        2,
        [(1, 50, "started")],
    ),
    (
        _all(
            "Public cybersecurity awareness campaign (Global Cybersecurity Index)",
            "Campagne publique de sensibilisation à la cybersécurité (Indice mondial de cybersécurité)",
            "Campaña pública de concienciación sobre ciberseguridad (Índice mundial de ciberseguridad)",
            "Публичная кампания по кибербезопасности (Глобальный индекс кибербезопасности)",
            "网络安全公众意识宣传活动（全球网络安全指数）",
            "حملة توعية عامة بالأمن السيبراني (المؤشر العالمي للأمن السيبراني)",
            "Chiến dịch nâng cao nhận thức an ninh mạng (Chỉ số an ninh mạng toàn cầu)",
        ),
        "cybersecurity",
        date(2022, 12, 31),
        1,
        [(1, 25, "started")],
    ),
    (
        _all(
            "Interagency e-government meetings with ITU specialists",
            "Réunions interinstitutions sur l'administration en ligne avec des spécialistes de l'UIT",
            "Reuniones interinstitucionales sobre gobierno electrónico con especialistas de la UIT",
            "Межведомственные встречи по электронному правительству со специалистами МСЭ",
            "与国际电联专家举行的电子政务跨部门会议",
            "اجتماعات مشتركة بين الوكالات بشأن الحكومة الإلكترونية مع أخصائيي الاتحاد",
            "Các cuộc họp liên ngành về chính phủ điện tử với chuyên gia ITU",
        ),
        "e-government",
        date(2022, 3, 31),
        1,
        [(0, 100, "completed")],
    ),
    (
        _all(
            "ITU Academy curriculum under the Digital Transformation Centres project",
            "Programme de l'Académie de l'UIT dans le cadre du projet des centres de transformation numérique",
            "Plan de estudios de la Academia de la UIT en el proyecto de Centros de Transformación Digital",
            "Учебная программа Академии МСЭ в рамках проекта центров цифровой трансформации",
            "数字化转型中心项目下的国际电联学院课程",
            "منهج أكاديمية الاتحاد في إطار مشروع مراكز التحول الرقمي",
            "Chương trình Học viện ITU trong dự án Trung tâm chuyển đổi số",
        ),
        "capacity building",
        date(2022, 12, 31),
        1,
        [],
    ),
]


def _turkmenistan(organiser: User) -> None:
    programme = _programme(
        "turkmenistan-itu",
        by=organiser,
        kind="bilateral",
        acronym="TKM-ITU",
        number_pattern="{series} {seq}",
        tracker_access="public",
        name=_all(
            "Turkmenistan-ITU cooperation",
            "Coopération Turkménistan-UIT",
            "Cooperación Turkmenistán-UIT",
            "Сотрудничество Туркменистана и МСЭ",
            "土库曼斯坦与国际电联合作",
            "التعاون بين تركمانستان والاتحاد الدولي للاتصالات",
            "Hợp tác Turkmenistan-ITU",
        ),
    )
    _members(programme, ["TM"])
    meetings = [
        _event(
            "tkm-itu-review-2022-q2",
            name=_all(
                "Turkmenistan-ITU work plan review (June 2022)",
                "Examen du plan de travail Turkménistan-UIT (juin 2022)",
                "Examen del plan de trabajo Turkmenistán-UIT (junio de 2022)",
                "Обзор плана работы Туркменистана и МСЭ (июнь 2022 г.)",
                "土库曼斯坦-国际电联工作计划审查（2022年6月）",
                "استعراض خطة العمل بين تركمانستان والاتحاد (يونيو 2022)",
                "Rà soát kế hoạch công tác Turkmenistan-ITU (tháng 6/2022)",
            ),
            start=date(2022, 6, 15),
            organiser=organiser,
        ),
        _event(
            "tkm-itu-review-2022-q4",
            name=_all(
                "Turkmenistan-ITU work plan review (November 2022)",
                "Examen du plan de travail Turkménistan-UIT (novembre 2022)",
                "Examen del plan de trabajo Turkmenistán-UIT (noviembre de 2022)",
                "Обзор плана работы Туркменистана и МСЭ (ноябрь 2022 г.)",
                "土库曼斯坦-国际电联工作计划审查（2022年11月）",
                "استعراض خطة العمل بين تركمانستان والاتحاد (نوفمبر 2022)",
                "Rà soát kế hoạch công tác Turkmenistan-ITU (tháng 11/2022)",
            ),
            start=date(2022, 11, 20),
            organiser=organiser,
        ),
    ]
    for index, event in enumerate(meetings, start=1):
        _meeting(programme, event, f"R{index}")
    plan = Commitment.objects.filter(programme=programme, parent=None, title__contains="Work Plan 2022").first()
    if plan is not None:
        return
    plan = commitment_services.create_commitment(
        programme=programme,
        by=organiser,
        country="TM",
        organisation=None,
        partners=[],
        theme="work plan",
        due_date=date(2022, 12, 31),
        title=_all(
            "Work Plan 2022",
            "Plan de travail 2022",
            "Plan de trabajo 2022",
            "План работы на 2022 год",
            "2022年工作计划",
            "خطة العمل لعام 2022",
            "Kế hoạch công tác 2022",
        ),
    )
    for title, theme, due, weight, reports in WORK_PLAN:
        item = commitment_services.create_commitment(
            programme=programme,
            by=organiser,
            title=title,
            country="TM",
            theme=theme,
            due_date=due,
            weight=weight,
            parent=plan,
        )
        for meeting_index, progress, status in reports:
            commitment_services.report_progress(
                commitment=item,
                by=organiser,
                status=status,
                progress=progress,
                meeting=meetings[meeting_index],
                reported_on=meetings[meeting_index].start_date,
            )


# --- APEC TEL45 ---------------------------------------------------------------------------------------

APEC_DOCUMENTS: list[tuple[str, str, str, str, dict[str, str]]] = [
    # (group, type, access, source country ("" = secretariat), title)
    (
        "PLEN",
        "report",
        "public",
        "",
        _all(
            "Chair's report of TEL45",
            "Rapport de la présidence de TEL45",
            "Informe de la presidencia de TEL45",
            "Доклад председателя TEL45",
            "TEL45主席报告",
            "تقرير رئيس TEL45",
            "Báo cáo của Chủ tịch TEL45",
        ),
    ),
    (
        "LSG",
        "contribution",
        "public",
        "AU",
        _all(
            "Broadband regulatory developments",
            "Évolution de la réglementation du haut débit",
            "Novedades regulatorias de la banda ancha",
            "Изменения в регулировании широкополосного доступа",
            "宽带监管进展",
            "التطورات التنظيمية للنطاق العريض",
            "Diễn biến quản lý băng rộng",
        ),
    ),
    (
        "LSG",
        "information",
        "members",
        "JP",
        _all(
            "Spectrum policy update",
            "Point sur la politique du spectre",
            "Actualización de la política del espectro",
            "Обновление политики в области спектра",
            "频谱政策更新",
            "مستجدات سياسة الطيف",
            "Cập nhật chính sách phổ tần",
        ),
    ),
    (
        "SPSG",
        "contribution",
        "members",
        "KR",
        _all(
            "Cybersecurity incident response cooperation",
            "Coopération en matière de réponse aux incidents",
            "Cooperación en respuesta a incidentes",
            "Сотрудничество в реагировании на киберинциденты",
            "网络安全事件响应合作",
            "التعاون في الاستجابة للحوادث السيبرانية",
            "Hợp tác ứng phó sự cố an ninh mạng",
        ),
    ),
    (
        "DSG",
        "contribution",
        "public",
        "VN",
        _all(
            "ICT for people with disabilities",
            "Les TIC au service des personnes handicapées",
            "TIC para las personas con discapacidad",
            "ИКТ для людей с инвалидностью",
            "面向残疾人的信息通信技术",
            "تكنولوجيا المعلومات والاتصالات للأشخاص ذوي الإعاقة",
            "CNTT-TT cho người khuyết tật",
        ),
    ),
    (
        "MRA",
        "temporary",
        "participants",
        "",
        _all(
            "MRA task force work programme",
            "Programme de travail de l'équipe ARM",
            "Programa de trabajo del grupo ARM",
            "Программа работы группы по СВП",
            "互认安排工作组工作计划",
            "برنامج عمل فرقة اتفاق الاعتراف المتبادل",
            "Chương trình công tác của nhóm MRA",
        ),
    ),
    (
        "PLEN",
        "outcome",
        "members",
        "",
        _all(
            "Draft TELMIN9 ministerial declaration",
            "Projet de déclaration ministérielle TELMIN9",
            "Proyecto de declaración ministerial TELMIN9",
            "Проект министерской декларации TELMIN9",
            "TELMIN9部长宣言草案",
            "مشروع الإعلان الوزاري TELMIN9",
            "Dự thảo tuyên bố cấp bộ trưởng TELMIN9",
        ),
    ),
]

DECLARATION = [
    "We, the Ministers responsible for telecommunications and information industry in the APEC economies, "
    "met in St Petersburg, Russia, on 6-8 August 2012.",
    "We recognise that broadband networks are essential to economic growth.",
    "We instruct the TEL to report on progress at our next meeting.",
]


def _apec(organiser: User, delegate: User) -> None:
    event = Event.objects.get(slug="apec-tel-45")
    programme = _programme(
        "apec-tel",
        by=organiser,
        kind="body",
        acronym="APEC TEL",
        number_pattern="{year}/{meeting}/{group}/{seq:03}",
        tracker_access="members",
        name=_all(
            "APEC Telecommunications and Information Working Group",
            "Groupe de travail sur les télécommunications et l'information de l'APEC",
            "Grupo de Trabajo sobre Telecomunicaciones e Información del APEC",
            "Рабочая группа АТЭС по телекоммуникациям и информации",
            "亚太经合组织电信和信息工作组",
            "الفريق العامل المعني بالاتصالات والمعلومات في أبيك",
            "Nhóm công tác Viễn thông và Thông tin APEC",
        ),
    )
    _meeting(programme, event, "TEL45")
    _members(programme, ["AU", "CA", "CN", "JP", "KR", "RU", "US", "VN"])
    category = event.participant_categories.get(slug="member-delegate")
    Registration.objects.get_or_create(
        event=event,
        user=delegate,
        defaults={"category": category, "country": "VN", "status": Status.APPROVED, "is_head_of_delegation": True},
    )
    if not Document.objects.filter(programme=programme).exists():
        for group, kind, access, country, title in APEC_DOCUMENTS:
            session = Session.objects.filter(event=event, subgroup__code=group).first()
            services.upload_document(
                programme=programme,
                by=organiser,
                title=title,
                kind=kind,
                purpose="action" if kind in {"contribution", "outcome"} else "information",
                meeting=event,
                session=session,
                group=group,
                country=country,
                access=access,
                listed_publicly=access == "members",
                files={"en": ContentFile(demo_pdf(title["en"]), name="document.pdf")},
            )
    if OutcomeText.objects.filter(programme=programme, slug="telmin9-declaration").exists():
        return
    drafting = Session.objects.filter(event=event, slug="declaration-drafting").first()
    declaration = OutcomeText.objects.create(
        programme=programme,
        slug="telmin9-declaration",
        kind="declaration",
        title=_all(
            "St Petersburg Declaration (draft)",
            "Déclaration de Saint-Pétersbourg (projet)",
            "Declaración de San Petersburgo (proyecto)",
            "Санкт-Петербургская декларация (проект)",
            "圣彼得堡宣言（草案）",
            "إعلان سانت بطرسبرغ (مشروع)",
            "Tuyên bố Saint Petersburg (dự thảo)",
        ),
        meeting=event,
        drafting_session=drafting,
        state=OutcomeState.NEGOTIATION,
    )
    paragraphs = [
        Paragraph.objects.create(outcome=declaration, position=position, text={"en": text})
        for position, text in enumerate(DECLARATION, start=1)
    ]
    amendments = [
        (
            paragraphs[1],
            "VN",
            "replace",
            "We recognise that affordable broadband networks are essential to inclusive economic growth.",
            "Affordability and inclusion",
            delegate,
        ),
        (
            paragraphs[1],
            "US",
            "replace",
            "We recognise that broadband networks, built by private investment, are essential to economic growth.",
            "Role of private investment",
            None,
        ),
        (
            paragraphs[0],
            "RU",
            "insert_after",
            "We thank the Russian Federation for hosting the meeting.",
            "Host economy",
            None,
        ),
    ]
    for paragraph, country, action, text, reason, user in amendments:
        Amendment.objects.create(
            paragraph=paragraph, country=country, action=action, text=text, reason=reason, proposed_by=user
        )


# --- SCO and WTISD ------------------------------------------------------------------------------------


def _sco(organiser: User) -> None:
    programme = _programme(
        "sco-digital",
        by=organiser,
        kind="summit_series",
        acronym="SCO",
        number_pattern="SCO/{year}/{seq:03}",
        tracker_access="public",
        name=_all(
            "SCO Digital Technology Cooperation and Development Summit",
            "Sommet de l'OCS sur la coopération et le développement des technologies numériques",
            "Cumbre de la OCS sobre Cooperación y Desarrollo de Tecnologías Digitales",
            "Саммит ШОС по сотрудничеству и развитию цифровых технологий",
            "上海合作组织数字技术合作发展论坛",
            "قمة منظمة شنغهاي للتعاون بشأن التعاون في التكنولوجيا الرقمية وتنميتها",
            "Hội nghị thượng đỉnh SCO về hợp tác và phát triển công nghệ số",
        ),
    )
    _members(programme, ["CN", "IN", "KZ", "KG", "PK", "RU", "TJ", "UZ"])
    Statement.objects.get_or_create(
        programme=programme,
        slug="pakistan-keynote",
        defaults={
            "title": _all(
                "Keynote statement of Pakistan",
                "Déclaration liminaire du Pakistan",
                "Declaración principal del Pakistán",
                "Основное заявление Пакистана",
                "巴基斯坦主旨发言",
                "البيان الرئيسي لباكستان",
                "Phát biểu chính của Pakistan",
            ),
            "text": _all(
                "Pakistan proposes Fiber One, a cross-border optical-fibre corridor connecting SCO members.",
                "Le Pakistan propose Fiber One, un corridor transfrontalier de fibre optique reliant les membres de l'OCS.",
                "El Pakistán propone Fiber One, un corredor transfronterizo de fibra óptica que conecte a los miembros de la OCS.",
                "Пакистан предлагает Fiber One — трансграничный волоконно-оптический коридор, соединяющий членов ШОС.",
                "巴基斯坦提议建设“Fiber One”跨境光纤走廊，连接上合组织成员国。",
                "تقترح باكستان مشروع Fiber One، وهو ممر عابر للحدود من الألياف الضوئية يربط أعضاء المنظمة.",
                "Pakistan đề xuất Fiber One, hành lang cáp quang xuyên biên giới kết nối các thành viên SCO.",
            ),
            "author": "Minister for IT and Telecommunication, Pakistan",
            "occasion": "SCO Digital Summit",
            "delivered_on": date(2021, 8, 23),
            "is_official": True,
        },
    )
    if Commitment.objects.filter(programme=programme).exists():
        return
    fiber = commitment_services.create_commitment(
        programme=programme,
        by=organiser,
        origin="proposal",
        country="PK",
        partners=[("CN", None), ("KZ", None), ("KG", None), ("UZ", None)],
        theme="connectivity",
        due_date=date(2025, 12, 31),
        title=_all(
            "Fiber One regional connectivity",
            "Connectivité régionale Fiber One",
            "Conectividad regional Fiber One",
            "Региональная связность Fiber One",
            "Fiber One区域互联互通",
            "الربط الإقليمي Fiber One",
            "Kết nối khu vực Fiber One",
        ),
    )
    commitment_services.report_progress(
        commitment=fiber, by=organiser, status="planned", reported_on=date(2021, 8, 23), note={"en": "Proposed."}
    )
    commitment_services.report_progress(
        commitment=fiber,
        by=organiser,
        status="started",
        reported_on=date(2022, 9, 1),
        note={"en": "Endorsed as a commitment with its partners."},
    )


SG_MESSAGE = _all(
    "Digital technologies can help us build a better world for all. Let us connect the unconnected.",
    "Les technologies numériques peuvent nous aider à bâtir un monde meilleur pour tous. Connectons les non-connectés.",
    "Las tecnologías digitales pueden ayudarnos a construir un mundo mejor para todos. Conectemos a quienes no lo están.",
    "Цифровые технологии помогают строить лучший мир для всех. Подключим тех, кто ещё не подключён.",
    "数字技术可以帮助我们为所有人建设更美好的世界。让我们连通尚未连通的人。",
    "يمكن للتكنولوجيات الرقمية أن تساعدنا على بناء عالم أفضل للجميع. فلنربط غير المتصلين.",
    "Công nghệ số có thể giúp chúng ta xây dựng một thế giới tốt đẹp hơn cho tất cả. Hãy kết nối những người chưa được kết nối.",
)


def _wtisd(organiser: User) -> None:
    event = Event.objects.get(slug="wtisd")
    programme = _programme(
        "wtisd",
        by=organiser,
        kind="campaign",
        acronym="WTISD",
        number_pattern="WTISD/{year}/{seq}",
        tracker_access="public",
        name=_all(
            "World Telecommunication and Information Society Day",
            "Journée mondiale des télécommunications et de la société de l'information",
            "Día Mundial de las Telecomunicaciones y de la Sociedad de la Información",
            "Всемирный день электросвязи и информационного общества",
            "世界电信和信息社会日",
            "اليوم العالمي للاتصالات ومجتمع المعلومات",
            "Ngày Viễn thông và Xã hội Thông tin Thế giới",
        ),
    )
    _meeting(programme, event, "WTISD")
    session = Session.objects.filter(event=event, slug="secretary-general-message").first()
    for year in [2025, 2026]:
        Statement.objects.get_or_create(
            programme=programme,
            slug=f"secretary-general-message-{year}",
            defaults={
                "title": _all(
                    f"Message of the Secretary-General, {year}",
                    f"Message du Secrétaire général, {year}",
                    f"Mensaje del Secretario General, {year}",
                    f"Послание Генерального секретаря, {year} г.",
                    f"秘书长致辞（{year}年）",
                    f"رسالة الأمين العام، {year}",
                    f"Thông điệp của Tổng Thư ký, năm {year}",
                ),
                "text": SG_MESSAGE,
                "author": "ITU Secretary-General",
                "occasion": "World Telecommunication and Information Society Day",
                "delivered_on": date(year, 5, 17),
                "meeting": event if year == event.start_date.year else None,
                "session": session if year == event.start_date.year else None,
                "is_official": True,
            },
        )


def load_programmes(*, organiser: User, delegate: User) -> None:
    """The four demo programmes; the demo organiser is their secretariat."""
    organiser.user_permissions.add(
        Permission.objects.get(codename="add_programme", content_type__app_label="programmes")
    )
    organiser = User.objects.get(pk=organiser.pk)  # a fresh object: permissions are cached per object
    _turkmenistan(organiser)
    _apec(organiser, delegate)
    _sco(organiser)
    _wtisd(organiser)
