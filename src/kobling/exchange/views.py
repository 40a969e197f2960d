"""Import and export pages: the overview, one upload page per kind, the preview that confirms, the
result, and the exports (POSTs, since each one is audited).

Upload → the file is checked as a whole and kept (`uploads`) → the preview shows every row with each
problem at its cell and what will happen, who gets an e-mail, and the counts → "Import" re-checks and
writes everything or nothing → the result. Another organisation's or programme's id is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access, tables
from kobling.core.http import flash_errors
from kobling.core.roles import Cap
from kobling.exchange import selectors, services, uploads
from kobling.exchange.forms import ConfirmForm, ExportForm, UploadForm
from kobling.exchange.preview import preview_context
from kobling.exchange.reading import FileRefused, read_table
from kobling.exchange.selectors import ANY_KIND, CONTACTS, KINDS, MENTORS, PARTICIPANTS

UPLOAD_NAMES = {
    PARTICIPANTS: "exchange_participants_import",
    MENTORS: "exchange_mentors_import",
    CONTACTS: "exchange_contacts_import",
}
EXPORT_NAMES = {
    PARTICIPANTS: "exchange_participants_export",
    MENTORS: "exchange_mentors_export",
    CONTACTS: "exchange_contacts_export",
}


def _targets(user, kind) -> tuple[list[tuple[int, str]], str]:
    """(id, name) of where this kind may go for the user, and what to call the choice."""
    if kind.name == MENTORS:
        programmes = selectors.mentor_programmes_for(user)
        return [(p.pk, p.name) for p in programmes], _("Mentor programme")
    return [(o.pk, o.name) for o in selectors.organisations_for(user, kind)], _("Organisation")


def _target(user, kind, pk):
    if kind.name == MENTORS:
        return selectors.mentor_programme_for(user, pk)
    return selectors.organisation_for(user, kind, pk)


@access.require(any_of=ANY_KIND)
def index(request):
    sections = []
    for kind in selectors.kinds_for(request.user):
        targets, label = _targets(request.user, kind)
        national_id = kind.name == PARTICIPANTS and any(
            selectors.can_read_national_ids(request.user, o)
            for o in selectors.organisations_for(request.user, kind)
        )
        form = ExportForm(targets=targets, target_label=label, national_id=national_id, prefix=kind.name)
        sections.append(
            {
                "kind": kind,
                "upload": UPLOAD_NAMES[kind.name],
                "export": EXPORT_NAMES[kind.name],
                "form": form,
                "targets": targets,
            }
        )
    return render(request, "exchange/index.html", {"sections": sections})


def _upload(request, kind_name: str):
    kind = KINDS[kind_name]
    targets, label = _targets(request.user, kind)
    form = UploadForm(request.POST or None, request.FILES or None, targets=targets, target_label=label)
    if request.method == "POST" and form.fields["target"].valid_id(request.POST.get("target")):
        _target(request.user, kind, request.POST["target"])  # another organisation's id: 404
    if request.method == "POST" and form.is_valid():
        upload = uploads.upload_keep(
            request.user,
            kind=kind.name,
            target=form.cleaned_data["target"],
            name=form.cleaned_data["file"].name,
            data=form.data_bytes,
        )
        return redirect("exchange_preview", token=upload.token)
    context = {"kind": kind, "form": form, "targets": targets, "columns": kind.columns}
    return render(request, "exchange/upload.html", context)


@access.require(Cap.EDIT_PARTICIPANTS)
def participants_import(request):
    return _upload(request, PARTICIPANTS)


@access.require(Cap.MANAGE_MENTORING)
def mentors_import(request):
    return _upload(request, MENTORS)


@access.require(Cap.MANAGE_EVENTS)
def contacts_import(request):
    return _upload(request, CONTACTS)


@access.require(any_of=ANY_KIND)
def preview(request, token: str):
    upload = uploads.upload_for(request.user, token)
    kind = KINDS[upload.kind]
    if kind.capability not in access.capabilities(request.user):
        raise access.refused(request.user, note=f"{request.method} {request.path}")
    target = _target(request.user, kind, upload.target)
    if request.method == "POST" and "cancel" in request.POST:
        uploads.upload_forget(request.user)
        messages.info(request, _("The import was cancelled. Nothing was imported."))
        return redirect(UPLOAD_NAMES[kind.name])
    try:
        table = read_table(upload.data)
    except FileRefused as refused:
        uploads.upload_forget(request.user)
        messages.error(request, refused.message)
        return redirect(UPLOAD_NAMES[kind.name])
    plan = services.import_check(kind.name, target=target, table=table)
    form = _confirm_form(request, plan, kind.name)
    status, error = 200, ""
    if request.method == "POST" and plan.ok and form.is_valid():
        try:
            done = services.import_run(
                kind.name,
                actor=request.user,
                target=target,
                table=table,
                invite=form.cleaned_data.get("invite", False),
                expected=form.cleaned_data["fingerprint"],
                name=upload.name,
            )
        except services.ImportRefused as refused:
            plan, status, error = refused.plan, 409, refused.message
            form = _confirm_form(None, plan, kind.name)
        except ValidationError as refusal:
            flash_errors(request, refusal)
            return redirect(UPLOAD_NAMES[kind.name])
        else:
            result = uploads.Result(upload.token, kind.name, str(target), done.counts(), len(done.emails))
            uploads.result_keep(request.user, result)
            return redirect("exchange_result", token=upload.token)
    elif request.method == "POST":
        status = 400
    context = preview_context(
        plan,
        kind=kind,
        target=target,
        upload=upload,
        form=form,
        error=error,
        show=request.GET.get("show", ""),
        page=request.GET.get("page", "1"),
    )
    context["upload_url"] = UPLOAD_NAMES[kind.name]
    return render(request, "exchange/preview.html", context, status=status)


def _confirm_form(request, plan, kind_name: str) -> ConfirmForm:
    invitations = len(plan.state.get("invitations", ()))
    if kind_name == MENTORS:
        label = _("Approve the new mentors now and send them the invitation to log in")
    else:
        label = _("Send the invitations to the new contacts")
    data = request.POST if request is not None and request.method == "POST" else None
    return ConfirmForm(
        data,
        initial={"fingerprint": plan.fingerprint()},
        invitations=invitations,
        invite_needed=kind_name == CONTACTS and invitations > 0,
        invite_label=label,
    )


@access.require(any_of=ANY_KIND)
def result(request, token: str):
    done = uploads.result_for(request.user, token)
    kind = KINDS[done.kind]
    return render(
        request, "exchange/result.html", {"result": done, "kind": kind, "upload": UPLOAD_NAMES[kind.name]}
    )


# --------------------------------------------------------------------------- exports


def _export_form(request, kind_name: str) -> tuple[ExportForm, object]:
    kind = KINDS[kind_name]
    targets, label = _targets(request.user, kind)
    form = ExportForm(request.POST, targets=targets, target_label=label, national_id=True, prefix=kind_name)
    if not form.is_valid() or form.cleaned_data["target"] is None:
        return form, None
    return form, _target(request.user, kind, form.cleaned_data["target"])


def _export(request, kind_name: str):
    """The export form's POST: the file, or back to the overview with what was wrong."""
    form, target = _export_form(request, kind_name)
    if target is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if not form.errors:
            messages.error(request, _("There is nothing to export here yet."))
        return redirect("exchange_index")
    with_national_id = (
        kind_name == PARTICIPANTS
        and form.cleaned_data.get("national_id", False)
        and selectors.can_read_national_ids(request.user, target)
    )
    download = services.export_run(
        kind_name,
        actor=request.user,
        target=target,
        format=form.cleaned_data["format"],
        with_national_id=with_national_id,
    )
    return tables.download(download.content, download.content_type, download.filename)


@require_POST
@access.require(Cap.EDIT_PARTICIPANTS)
def participants_export(request):
    return _export(request, PARTICIPANTS)


@require_POST
@access.require(Cap.MANAGE_MENTORING)
def mentors_export(request):
    return _export(request, MENTORS)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def contacts_export(request):
    return _export(request, CONTACTS)
