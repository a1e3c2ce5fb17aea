"""Programme pages: the programme, its secretariat's page, the document register, documents and downloads.

Thin adapters: what a person may see comes from ``programmes.access``; every write goes through
``programmes.services``. Pages work without JavaScript (forms that post, GET filters).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import require_account
from pavilion.accounts.models import User
from pavilion.events.access import get_visible_event
from pavilion.events.panels import panel_session
from pavilion.programmes import services
from pavilion.programmes.access import (
    ProgrammeViewer,
    get_listed_document,
    get_visible_programme,
    listed_documents,
    may_open_document,
    require_secretariat,
    viewer_for,
    visible_programmes,
)
from pavilion.programmes.downloads import file_response
from pavilion.programmes.forms import (
    AccessForm,
    AddFileForm,
    DocumentForm,
    MeetingForm,
    MemberForm,
    ProgrammeForm,
    RegisterFilters,
    RevisionForm,
    SecretariatForm,
    language_values,
    uploaded_files,
)
from pavilion.programmes.models import Document, Programme
from pavilion.programmes.register import RegisterQuery, filtered, meeting_documents, register_csv
from pavilion.programmes.sessions import session_documents


def apply_errors(form: object, error: ValidationError) -> None:
    """A service's ValidationError shown on the form's fields (unknown fields on the form itself)."""
    add_error = form.add_error  # type: ignore[attr-defined]
    fields = form.fields  # type: ignore[attr-defined]
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            add_error(field if field in fields else None, messages_)
    else:
        add_error(None, error.messages)


def programme_list(request: HttpRequest) -> HttpResponse:
    """The programmes this person may see."""
    programmes = visible_programmes(user=request.user)
    account = request.user if request.user.is_authenticated else None
    can_create = account is not None and (account.is_superuser or account.has_perm("programmes.add_programme"))
    return render(request, "programmes/programme_list.html", {"programmes": programmes, "can_create": can_create})


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    """A new programme (platform admins and accounts allowed to create programmes)."""
    user = require_account(request.user, _("Sign in first."))
    if not (user.is_superuser or user.has_perm("programmes.add_programme")):
        raise Http404("No such page.")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(
                by=user,
                slug=form.cleaned_data["slug"],
                name=language_values(form, "name"),
                kind=form.cleaned_data["kind"],
                acronym=form.cleaned_data["acronym"],
                number_pattern=form.cleaned_data["number_pattern"],
                tracker_access=form.cleaned_data["tracker_access"],
                is_published=form.cleaned_data["is_published"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The programme was created."))
            return redirect("programmes:manage", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form}, status=422 if form.errors else 200)


def _context(programme: Programme, viewer: ProgrammeViewer) -> dict[str, object]:
    return {"programme": programme, "viewer": viewer}


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme: what it is, its meetings and members, and links to what it produces."""
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    context = {
        **_context(programme, viewer),
        "meetings": programme.programme_meetings.select_related("event"),
        "members": programme.memberships.select_related("organisation"),
        "recent": listed_documents(programme=programme, viewer=viewer).select_related("organisation")[:5],
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
def programme_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat's page: members, meetings, secretariat accounts, publishing."""
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    require_secretariat(viewer=viewer)
    manage_forms: dict[str, forms.Form] = {
        "member": MemberForm(prefix="member"),
        "meeting": MeetingForm(prefix="meeting"),
        "secretariat": SecretariatForm(prefix="secretariat"),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                services.set_programme_published(
                    programme=programme, by=user, published=request.POST.get("published") == "1"
                )
                messages.success(request, _("Saved."))
                return redirect("programmes:manage", slug=slug)
            if action in manage_forms:
                form = {"member": MemberForm, "meeting": MeetingForm, "secretariat": SecretariatForm}[action](
                    request.POST, prefix=action
                )
                manage_forms[action] = form
                if form.is_valid():
                    data = form.cleaned_data
                    if action == "member":
                        services.add_member(
                            programme=programme,
                            by=user,
                            country=data["country"] or "",
                            organisation=data["organisation"],
                        )
                    elif action == "meeting":
                        services.add_meeting(programme=programme, by=user, event=data["event"], code=data["code"])
                    else:
                        account = User.objects.filter(email__iexact=data["email"]).first()
                        if account is None:
                            raise ValidationError({"email": _("No account has this e-mail address.")})
                        services.add_secretariat_member(programme=programme, by=user, user=account)
                    messages.success(request, _("Saved."))
                    return redirect("programmes:manage", slug=slug)
        except ValidationError as error:
            apply_errors(manage_forms[action], error)
        status = 422
    context = {
        **_context(programme, viewer),
        "forms": manage_forms,
        "meetings": programme.programme_meetings.select_related("event"),
        "members": programme.memberships.select_related("organisation"),
        "secretariat": programme.secretariat.order_by("full_name"),
    }
    return render(request, "programmes/programme_manage.html", context, status=status)


# --- Documents ------------------------------------------------------------------------------------


def _register_query(form: RegisterFilters) -> RegisterQuery:
    if not form.is_valid():
        return RegisterQuery()
    return RegisterQuery(
        **{name: form.cleaned_data.get(name) or "" for name in ("q", "meeting", "group", "kind", "language")}
    )


def document_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's documents this person may see, filtered and searchable; CSV with ?format=csv."""
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    listed = listed_documents(programme=programme, viewer=viewer)
    meetings = [(link.event.slug, link.code) for link in programme.programme_meetings.select_related("event")]
    groups = sorted({group for group in listed.values_list("group", flat=True) if group})
    form = RegisterFilters(request.GET or None, meetings=meetings, groups=groups)
    documents = filtered(listed, _register_query(form))
    if request.GET.get("format") == "csv":
        return register_csv(documents=documents, filename=f"{programme.slug}-documents.csv")
    context = {**_context(programme, viewer), "form": form, "documents": documents, "event": None}
    return render(request, "programmes/document_register.html", context)


def meeting_register(request: HttpRequest, event_slug: str) -> HttpResponse:
    """One meeting's documents, across the programmes it belongs to; CSV with ?format=csv."""
    event = get_visible_event(slug=event_slug, user=request.user)
    listed = meeting_documents(event=event, user=request.user)
    groups = sorted({group for group in listed.values_list("group", flat=True) if group})
    form = RegisterFilters(request.GET or None, meetings=[], groups=groups)
    del form.fields["meeting"]
    documents = filtered(listed, _register_query(form))
    if request.GET.get("format") == "csv":
        return register_csv(documents=documents, filename=f"{event.slug}-documents.csv")
    context = {"event": event, "programme": None, "form": form, "documents": documents}
    return render(request, "programmes/document_register.html", context)


@login_required
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat uploads a document; it is numbered when it is saved."""
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    require_secretariat(viewer=viewer)
    form = DocumentForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.upload_document(
                programme=programme,
                by=user,
                title=language_values(form, "title"),
                kind=data["kind"],
                purpose=data["purpose"],
                meeting=data["meeting"],
                session=data["session"],
                group=data["group"],
                series=data["series"],
                agenda_item=data["agenda_item"],
                country=data["country"] or "",
                organisation=data["organisation"],
                access=data["access"],
                listed_publicly=data["listed_publicly"],
                files=uploaded_files(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Document %(number)s was saved.") % {"number": document.number})
            return redirect("programmes:document", slug=slug, pk=document.pk)
    context = {**_context(programme, viewer), "form": form}
    return render(request, "programmes/document_upload.html", context, status=422 if form.errors else 200)


def _document(request: HttpRequest, slug: str, pk: int) -> tuple[Programme, ProgrammeViewer, Document]:
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    try:
        document = (
            listed_documents(programme=programme, viewer=viewer)
            .select_related("meeting", "session", "organisation", "revises")
            .get(pk=pk)
        )
    except Document.DoesNotExist:
        raise Http404("No such document.") from None
    return programme, viewer, document


def document_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A document's record, its files (when this person may open them) and its history."""
    programme, viewer, document = _document(request, slug, pk)
    listed = set(listed_documents(programme=programme, viewer=viewer).values_list("pk", flat=True))
    history = [item for item in services.document_history(document) if item.pk in listed]
    context = {
        **_context(programme, viewer),
        "document": document,
        "files": document.files.all(),
        "may_open": may_open_document(document=document, viewer=viewer),
        "history": history,
    }
    if viewer.is_secretariat:
        context |= {
            "revision_form": RevisionForm(prefix="revision"),
            "file_form": AddFileForm(prefix="file"),
            "access_form": AccessForm(
                prefix="access", initial={"access": document.access, "listed_publicly": document.listed_publicly}
            ),
        }
    return render(request, "programmes/document_detail.html", context)


@login_required
@require_POST
def document_change(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """The secretariat's changes to a document: a revision, another language, its access."""
    user = require_account(request.user, _("Sign in first."))
    programme, viewer, document = _document(request, slug, pk)
    require_secretariat(viewer=viewer)
    form: forms.Form
    try:
        if action == "revise":
            form = RevisionForm(request.POST, request.FILES, prefix="revision")
            if form.is_valid():
                revision = services.revise_document(
                    original=document,
                    by=user,
                    revision_kind=form.cleaned_data["revision_kind"],
                    title=language_values(form, "title"),
                    files=uploaded_files(form),
                )
                messages.success(request, _("Document %(number)s was saved.") % {"number": revision.number})
                return redirect("programmes:document", slug=slug, pk=revision.pk)
        elif action == "file":
            form = AddFileForm(request.POST, request.FILES, prefix="file")
            if form.is_valid():
                services.add_document_file(
                    document=document, by=user, language=form.cleaned_data["language"], upload=form.cleaned_data["file"]
                )
                messages.success(request, _("Saved."))
                return redirect("programmes:document", slug=slug, pk=pk)
        elif action == "access":
            form = AccessForm(request.POST, prefix="access")
            if form.is_valid():
                services.set_document_access(
                    document=document,
                    by=user,
                    access=form.cleaned_data["access"],
                    listed_publicly=form.cleaned_data["listed_publicly"],
                )
                messages.success(request, _("Saved."))
                return redirect("programmes:document", slug=slug, pk=pk)
        else:
            raise Http404("No such action.")
    except ValidationError as error:
        apply_errors(form, error)
    except PermissionDenied:
        raise Http404("No such page.") from None
    context = {
        **_context(programme, viewer),
        "document": document,
        "files": document.files.all(),
        "may_open": True,
        "history": services.document_history(document),
        "revision_form": form if action == "revise" else RevisionForm(prefix="revision"),
        "file_form": form if action == "file" else AddFileForm(prefix="file"),
        "access_form": form if action == "access" else AccessForm(prefix="access"),
    }
    return render(request, "programmes/document_detail.html", context, status=422)


def document_download(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponseBase:
    """A document's file in one language, after the permission check (404 for those who may not open it)."""
    _programme, viewer, document = _document(request, slug, pk)
    if not may_open_document(document=document, viewer=viewer):
        raise Http404("No such file.")
    stored = get_object_or_404(document.files.select_related("document"), language=language)
    return file_response(stored)


def document_by_number(request: HttpRequest, slug: str) -> HttpResponse:
    """``?number=2012/TEL45/LSG/003`` → the document's page (numbers carry slashes, pages use ids)."""
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    document = get_listed_document(programme=programme, number=request.GET.get("number", ""), viewer=viewer)
    return redirect("programmes:document", slug=slug, pk=document.pk)


def session_documents_fragment(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """The session panel's list alone, read again by programmes.js after a live announcement."""
    _event, session = panel_session(request, event_slug, session_slug)
    documents = session_documents(session=session, user=request.user)
    response = render(request, "programmes/_session_documents_list.html", {"documents": documents})
    response["Cache-Control"] = "private, no-store"
    return response
