"""The curated resources: the pair's list (their county first), one resource and its file, and the
coordinator's list and form."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.http import form_page
from kobling.core.roles import Cap
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentorspace import selectors, services
from kobling.mentorspace.forms import ResourceFilterForm, ResourceForm


@access.login_only
def resource_list(request, pk):
    space = selectors.space_for_user(request.user, pk)
    filters = ResourceFilterForm(request.GET or None)
    topic = stage = ""
    if filters.is_valid():
        topic, stage = filters.cleaned_data["topic"], filters.cleaned_data["stage"]
    region = selectors.region_of(space)
    found = selectors.resources_for(space.pair.programme, region=region, topic=topic, stage=stage)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorspace/resources.html",
        {
            "space": space,
            "pair": space.pair,
            "page": page,
            "filters": filters,
            "region": region,
            "query": f"topic={topic}&stage={stage}",
        },
    )


@access.login_only
def resource_detail(request, rid):
    resource = selectors.resource_for_user(request.user, rid)
    return render(request, "mentorspace/resource.html", {"resource": resource})


@access.login_only
def resource_file(request, rid):
    resource = selectors.resource_for_user(request.user, rid)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=resource.file.name.rsplit("/", 1)[-1])


@access.require(Cap.MANAGE_MENTORING)
def resource_admin(request, slug):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    found = selectors.resources_in_reach(programme).select_related("programme").order_by("title", "pk")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "mentorspace/resource_admin.html", {"programme": programme, "page": page})


@access.require(Cap.MANAGE_MENTORING)
def resource_edit(request, slug, rid=None):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    resource = selectors.resource_in_reach(programme, rid) if rid is not None else None
    own_programmes = mentoring_selectors.managed_programmes(request.user).filter(
        organisation_id=programme.organisation_id
    )
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=resource,
        programmes=own_programmes,
        initial=None if resource else {"programme": programme},
    )
    return form_page(
        request,
        form,
        submit=lambda data: services.resource_save(
            actor=request.user,
            organisation=programme.organisation,
            data={k: v for k, v in data.items() if k != "file"},
            upload=request.FILES.get("file"),
            # A fresh copy: the form has already set the posted values on its instance.
            resource=selectors.resource_in_reach(programme, resource.pk) if resource else None,
        ),
        done=_("The resource is saved."),
        to=("mentorspace_resource_admin", slug),
        template="mentorspace/resource_form.html",
        context={"programme": programme, "resource": resource},
    )
