"""The resource library: the faceted list and its CSV export, resources and their files
(downloaded through a permission check, never from a public path), and collections."""

import csv
from dataclasses import replace
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ncc_portal import fulltext
from ncc_portal.siteaddress import site_url
from ncc_portal.spreadsheets import safe_row
from ncc_portal.storage import file_download

from ..models import Collection, CollectionItem, PublicationStatus, Resource, ResourceFile
from . import search as library_search
from . import services, structured_data
from .cards import audience_vocabulary, cards
from .filters import ResourceFilter, facet_options, search_library
from .forms import CollectionForm, ResourceFileForm, ResourceForm

PAGE_SIZE = 20
# A search gives the ids of its first pages at once (100 pages); deeper ones ask again.
FIRST_IDS = 2000


def _filtered(request):
    base = Resource.objects.published()
    return ResourceFilter(request.GET, queryset=base), base


def resource_list(request):
    filterset, base = _filtered(request)
    # As the registry's list: how many match comes from the facet index, a search's first ids
    # from the same statement.
    matches, counts = search_library(filterset, base, limit=FIRST_IDS)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    search = fulltext.search_summary(
        request.GET,
        page.paginator.count,
        library_search.index,
        count=lambda text: ResourceFilter({"q": text}, queryset=base).qs.count(),
        page_ids=page_ids,
    )
    audiences = audience_vocabulary()
    page.object_list = [
        replace(card, snippet=search.snippets.get(card.pk)) for card in cards(page_ids, audiences)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    template = "ecosystem/library/resource_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#library"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "facets": facet_options(filterset, counts, audiences),
            "page": page,
            "search": search,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("ecosystem.add_resource"),
            "can_curate": request.user.has_perm("ecosystem.curate_collections"),
        },
    )


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = [
    "title",
    "abstract",
    "url",
    "type",
    "themes",
    "audiences",
    "country",
    "year",
    "publisher",
    "licence",
    "access_level",
    "file_languages",
    "external_url",
    "downloads",
]


def _csv_row(resource):
    return safe_row(
        [
            resource.title,
            resource.abstract,
            site_url() + resource.get_absolute_url(),
            resource.type,
            ";".join(t.slug for t in resource.themes.all()),
            ";".join(a.slug for a in resource.audiences.all()),
            resource.country or "transnational",
            resource.year,
            resource.publisher.name if resource.publisher else "",
            resource.licence,
            resource.access_level,
            ";".join(sorted({f.language for f in resource.files.all()})),
            resource.external_url,
            resource.download_count,
        ]
    )


def export_csv(request):
    filterset, _base = _filtered(request)
    resources = filterset.qs.with_list_facts()
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for resource in resources.iterator(chunk_size=500):
            yield writer.writerow(_csv_row(resource))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="library.csv"'
    return response


def _viewable(request, slug, queryset=None):
    resource = get_object_or_404(
        Resource.objects.all() if queryset is None else queryset, slug=slug
    )
    if not request.user.has_perm("ecosystem.view_resource", resource):
        raise Http404  # do not reveal that an unpublished resource exists
    return resource


def _file_type_label(resource_file):
    kind = services.KINDS_BY_CONTENT_TYPE.get(resource_file.content_type)
    return kind.label if kind else ""


def resource_detail(request, slug):
    queryset = Resource.objects.select_related("publisher").prefetch_related(
        "themes",
        "audiences",
        "files",
        Prefetch("collections", queryset=Collection.objects.order_by("position", "title")),
    )
    resource = _viewable(request, slug, queryset)
    files_by_language = [
        (language, [(f, _file_type_label(f)) for f in files])
        for language, files in groupby(resource.files.all(), key=lambda f: f.get_language_display())
    ]
    return render(
        request,
        "ecosystem/library/resource_detail.html",
        {
            "resource": resource,
            "files_by_language": files_by_language,
            "can_open": request.user.has_perm("ecosystem.open_resource", resource),
            "can_edit": request.user.has_perm("ecosystem.change_resource", resource),
            "structured_data": structured_data.resource_page(resource)
            if resource.status == PublicationStatus.PUBLISHED
            else None,
        },
    )


def resource_file(request, slug, pk):
    """The only way to a stored file: 404 for what the user may not know exists, sign-in for
    anonymous users and 403 for signed-in users the access level keeps out."""
    resource_file = get_object_or_404(
        ResourceFile.objects.select_related("resource"), pk=pk, resource__slug=slug
    )
    resource = resource_file.resource
    if not request.user.has_perm("ecosystem.view_resource", resource):
        raise Http404
    if not request.user.has_perm("ecosystem.open_resource", resource):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    try:
        response = file_download(
            resource_file.file,
            filename=resource_file.original_name,
            content_type=resource_file.content_type,
        )
    except FileNotFoundError as error:
        raise Http404 from error
    if resource.status == PublicationStatus.PUBLISHED:
        services.record_download(resource)
    response["X-Content-Type-Options"] = "nosniff"
    if resource.access_level != "public":
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    if not request.user.has_perm("ecosystem.add_resource"):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            with transaction.atomic():
                resource = services.create_resource(author=request.user, data=form.to_data())
                if upload:
                    services.add_file(
                        resource=resource,
                        language=form.cleaned_data["file_language"],
                        upload=upload,
                        user=request.user,
                    )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The resource has been saved as a draft. Publish it when it is ready.")
            )
            return redirect(resource)
    return render(request, "ecosystem/library/resource_form.html", {"form": form})


def _editable(request, slug):
    resource = get_object_or_404(Resource, slug=slug)
    if not request.user.has_perm("ecosystem.change_resource", resource):
        raise PermissionDenied
    return resource


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, slug):
    resource = _editable(request, slug)
    form = ResourceForm(request.POST or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        services.update_resource(resource=resource, editor=request.user, data=form.to_data())
        messages.success(request, _("Your changes have been saved."))
        return redirect(resource)
    return render(
        request, "ecosystem/library/resource_form.html", {"form": form, "resource": resource}
    )


@login_required
@require_POST
def resource_publish(request, slug):
    resource = _editable(request, slug)
    services.publish_resource(resource=resource, actor=request.user)
    messages.success(request, _("The resource is published."))
    return redirect(resource)


@login_required
@require_POST
def resource_archive(request, slug):
    resource = _editable(request, slug)
    services.archive_resource(resource=resource, actor=request.user)
    messages.success(
        request, _("The resource is archived: it is no longer listed. Publish it to restore it.")
    )
    return redirect(resource)


@login_required
@require_POST
def resource_file_delete(request, slug, pk):
    resource = _editable(request, slug)
    resource_file = get_object_or_404(resource.files, pk=pk)
    services.remove_file(resource_file=resource_file, actor=request.user)
    messages.success(
        request,
        _("The file “%(name)s” has been removed.") % {"name": resource_file.original_name},
    )
    return redirect(resource)


@login_required
@require_http_methods(["GET", "POST"])
def resource_file_upload(request, slug):
    resource = _editable(request, slug)
    form = ResourceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_file(
                resource=resource,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(resource)
    return render(
        request,
        "ecosystem/library/resource_file_form.html",
        {"form": form, "resource": resource},
    )


# ---------------------------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------------------------


def collection_list(request):
    return render(
        request,
        "ecosystem/library/collection_list.html",
        {
            "collections": Collection.objects.order_by("position", "title"),
            "can_curate": request.user.has_perm("ecosystem.curate_collections"),
        },
    )


def collection_detail(request, slug):
    collection = get_object_or_404(Collection, slug=slug)
    resource_ids = CollectionItem.objects.filter(
        collection=collection, resource__status=PublicationStatus.PUBLISHED
    ).order_by("position", "pk")
    return render(
        request,
        "ecosystem/library/collection_detail.html",
        {
            "collection": collection,
            "resources": cards(list(resource_ids.values_list("resource_id", flat=True))),
            "can_curate": request.user.has_perm("ecosystem.curate_collections"),
        },
    )


def _curate(request, collection=None):
    if not request.user.has_perm("ecosystem.curate_collections"):
        raise PermissionDenied
    form = CollectionForm(request.POST or None, collection=collection)
    if request.method == "POST" and form.is_valid():
        collection = services.save_collection(
            curator=request.user,
            data=form.to_data(),
            resources=form.cleaned_data["resources"],
            collection=collection,
        )
        messages.success(request, _("The collection has been saved."))
        return redirect(collection)
    return render(
        request,
        "ecosystem/library/collection_form.html",
        {
            "form": form,
            "collection": collection,
            "published": Resource.objects.published().order_by("slug").only("slug", *_titles()),
        },
    )


def _titles():
    return [f"title_{code}" for code, _name in settings.LANGUAGES] + ["title"]


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request):
    return _curate(request)


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request, slug):
    return _curate(request, get_object_or_404(Collection, slug=slug))
